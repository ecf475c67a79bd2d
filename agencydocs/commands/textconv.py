"""``agencydocs textconv FILE``: a built document as normalised text (the work is in ``rendering/textconv.py``)."""

from __future__ import annotations

from pathlib import Path

import click

from agencydocs.commands.options import workspace_option


@click.command("textconv")
@workspace_option
@click.argument("file", type=click.Path(path_type=Path))
@click.pass_context
def command(ctx: click.Context, file: Path) -> None:
    """Print a built PDF, DOCX, PPTX or HTML document as normalised text (git's textconv).

    The format is told by the file's content, not its name. The text is
    stable: no markup of a DOCX, no base64 (an embedded image becomes its type,
    size and hash), no trailing spaces, so `git diff` of committed outputs
    shows the changed words and amounts. A relative FILE is read from the -C
    folder when one is given. Exits 1 for a missing file or one of another
    format; needs no workspace.

    Example (for teams that commit output/):

        git config diff.agencydocs.textconv "agencydocs textconv"
    """
    from agencydocs.rendering.textconv import document_text

    folder = ctx.obj.get("workspace") if ctx.obj else None
    path = folder / file if folder is not None and not file.is_absolute() else file
    click.echo(document_text(path, shown=str(file)), nl=False)
