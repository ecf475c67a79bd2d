"""``agencydocs build``: render documents into ``output/`` (the work itself is in ``building/``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from agencydocs.commands.options import (
    NEW_DOCUMENT_HINT,
    os_errors_as_messages,
    print_problems,
    workspace_option,
    workspace_root,
)
from agencydocs.errors import AgencyDocsError
from agencydocs.rendering.formats import FORMAT_NAMES, with_companions

if TYPE_CHECKING:
    from agencydocs.building.builder import Shard


def _parse_formats(_ctx: click.Context, _param: click.Parameter, value: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    unknown = [fmt for fmt in chosen if fmt not in FORMAT_NAMES]
    if unknown or not chosen:
        raise click.BadParameter(f"choose from {', '.join(FORMAT_NAMES)} (comma-separated), got {value!r}")
    return with_companions(chosen)


def _parse_shard(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Shard | None:
    from agencydocs.building.builder import parse_shard

    if value is None:
        return None
    try:
        return parse_shard(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("build")
@workspace_option
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "formats",
    default=",".join(FORMAT_NAMES),
    show_default=True,
    callback=_parse_formats,
    help="Comma-separated output formats. slides (a 16:9 .slides.pdf, with its editable"
    " .pptx) apply to proposals, reports and audits only.",
)
@click.option("-j", "--jobs", type=click.IntRange(1, 256), help="Worker processes. Default: number of CPUs.")
@click.option("--force", is_flag=True, help="Rebuild every document, even when its inputs did not change.")
@click.option(
    "--shard",
    callback=_parse_shard,
    metavar="K/N",
    help="Build only the K-th of N stable parts of the documents (for CI matrices).",
)
@click.option(
    "--wait",
    type=click.FloatRange(0),
    metavar="SECONDS",
    help="Give up after SECONDS when another build of this workspace runs. Default: wait until it ends.",
)
@click.pass_context
def command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    formats: tuple[str, ...],
    jobs: int | None,
    force: bool,
    shard: Shard | None,
    wait: float | None,
) -> None:
    """Render documents to output/<client>/<project>/<kind>-<number>.<format>.

    Without PATHS builds every document of the workspace; with PATHS only the
    documents in those project folders or files. Nothing is written when any
    file has errors. A document whose inputs did not change since the last
    build is skipped (see output/.agencydocs-manifest.json); outputs of
    deleted documents are removed. Writes output/index.html listing every
    document. Only output/ is written, by one build at a time: a second build
    waits for the first (see --wait).

    Example:

        agencydocs build projects/acme-site --format pdf -j 2
    """
    from agencydocs.building.builder import build as run_build
    from agencydocs.building.builder import resolve_selection
    from agencydocs.building.lock import waiting_message
    from agencydocs.building.progress import BuildProgress

    root = workspace_root(ctx)
    try:
        selection = resolve_selection(root, paths)
    except AgencyDocsError as exc:
        raise click.BadParameter(exc.message, param_hint="PATHS") from None
    with os_errors_as_messages(), BuildProgress() as progress:
        report = run_build(
            root, selection=selection, formats=formats, jobs=jobs, force=force, shard=shard, wait=wait,
            on_wait=lambda pid: click.echo(waiting_message(pid), err=True),
            on_start=progress.start, on_document=progress.advance,
        )  # fmt: skip
    print_problems(report.warnings)
    cwd = Path.cwd()
    output = (
        report.output_dir.relative_to(cwd) if report.output_dir.is_relative_to(cwd) else report.output_dir
    )
    files = f"{report.written} file(s) written, {report.unchanged} unchanged, {report.removed} removed"
    if not report.documents and not report.skipped and not paths and shard is None:
        click.echo(f"No documents yet ({NEW_DOCUMENT_HINT}): {files} -> {output}/")
        return
    click.echo(
        f"Built {report.documents} document(s), {report.skipped} up to date: "
        f"{files}, in {report.seconds:.1f} s -> {output}/"
    )
