"""``diff``: what changed in each rendered document between two git revisions."""

from __future__ import annotations

import time

import click

from agencydocs.commands.options import os_errors_as_messages, workspace_option, workspace_root
from agencydocs.errors import AgencyDocsError

# The last diff's two loaded sides, left for the process's end (``cli.exit_now``) rather than
# freed one object at a time before the report is printed.
_LEFT_FOR_EXIT: list[object] = []


@click.command("diff")
@workspace_option
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="Plain text, a Markdown pull-request comment (under 60,000 characters), or JSON.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress lines on stderr.")
@click.pass_context
def command(ctx: click.Context, base: str | None, head: str | None, output_format: str, quiet: bool) -> None:
    """Show how the documents changed between git revisions BASE and HEAD.

    BASE defaults to the merge base with the default branch (what a pull
    request is compared with), HEAD to the working tree. Neither checkout is
    touched: a revision is checked out into a temporary folder.
    For each added, removed or changed document: every money figure that
    changed (old -> new), a diff of its text, and the input files that
    caused it. A document issued at BASE (`issued: DATE`) must not change:
    each changed field is listed as an error (corrections go into a credit
    note). Exits 0 (whether or not documents differ), 1 when a revision has
    errors (its files, its workspace-wide rules, or the rules of a document
    shown: errors elsewhere are `check`'s to report) or an issued document
    changed, 2 outside git or for an unknown
    revision. Faster after `agencydocs build` of HEAD: what each document
    reads is taken from the build's records in output/ wherever they are
    still current, instead of resolving every document.

    Example (in CI, after `agencydocs build`, both revisions fetched):

        agencydocs diff origin/main HEAD --format markdown > diff.md
    """
    from agencydocs.review import diff
    from agencydocs.review.report import as_json, as_markdown, as_text

    root = workspace_root(ctx)
    started = time.perf_counter()

    def progress(message: str) -> None:
        if not quiet:
            click.echo(f"diff: {message} ({time.perf_counter() - started:.1f} s)", err=True)

    with os_errors_as_messages():
        _LEFT_FOR_EXIT.clear()
        comparison = diff(root, base, head, progress=progress, spare=_LEFT_FOR_EXIT)
    printer = {"text": as_text, "markdown": as_markdown, "json": as_json}[output_format]
    click.echo(printer(comparison), nl=False)
    if comparison.locked:
        raise AgencyDocsError(f"{len(comparison.locked)} change(s) to documents issued at {comparison.base}")
