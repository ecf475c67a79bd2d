"""Command line: parse options, call one core function, print the result.

Heavy modules (WeasyPrint, docxtpl) are imported inside the commands that
render, so ``check`` and ``--help`` start fast.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from agencydocs import __version__
from agencydocs.errors import AgencyDocsError, Problem, problems_to_json
from agencydocs.rendering.formats import FORMAT_NAMES

if TYPE_CHECKING:
    import datetime as dt

    from agencydocs.build import Shard
    from agencydocs.status import Status as StatusReport


# Said where a workspace has no documents, so a new user learns the next step.
NEW_DOCUMENT_HINT = "start one with `agencydocs new invoice -p PROJECT`"


def _workspace_root(ctx: click.Context) -> Path:
    from agencydocs.workspace import WorkspaceNotFound, find_workspace

    explicit = ctx.obj.get("workspace") if ctx.obj else None
    try:
        return find_workspace(explicit=explicit)
    except WorkspaceNotFound as exc:
        raise click.UsageError(str(exc)) from None


def _remember_workspace(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    # Every context of one run shares the root's obj, so the -C given last wins,
    # wherever it stands: `agencydocs -C DIR check` and `agencydocs check -C DIR`.
    if value is not None:
        ctx.ensure_object(dict)["workspace"] = value


F = TypeVar("F", bound=Callable[..., Any])


def workspace_option(command: F) -> F:
    """``-C/--workspace DIR``, accepted by the group and by every command, before or after its name."""
    return click.option(
        "-C",
        "--workspace",
        type=click.Path(file_okay=False, path_type=Path),
        expose_value=False,
        callback=_remember_workspace,
        help="Workspace folder (holding agency.yaml). Default: the current folder or the nearest one above.",
    )(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="agencydocs")
@workspace_option
@click.pass_context
def cli(ctx: click.Context) -> None:
    """agencydocs: agency paperwork as code.

    Clients, projects and documents are YAML files in git; agencydocs checks
    them and renders invoices, acts and other documents as HTML, PDF and DOCX.
    """
    ctx.ensure_object(dict)


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(problem.format(), err=True)


@cli.command()
@workspace_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="How to print problems: compiler-style lines, JSON, or GitHub Actions annotations.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.pass_context
def check(ctx: click.Context, output_format: str, strict: bool) -> None:
    """Validate every YAML file of the workspace and the references between them.

    Prints one line per problem, `file:line:col: field: message`, sorted by
    file and line. Exits 0 when clean, 1 when there are errors (or warnings
    with --strict), 2 on a usage error. In a pull request, `--format github`
    turns each problem into an inline annotation on the changed YAML line.

    Example:

        agencydocs check --strict
    """
    from agencydocs.check import check as run_check

    root = _workspace_root(ctx)
    result = run_check(root)
    failed = bool(result.errors) or (strict and bool(result.warnings))
    if output_format == "json":
        click.echo(problems_to_json(result.problems))
    elif output_format == "github":
        for problem in result.problems:
            click.echo(problem.github_annotation())
    else:
        _print_problems(result.problems)
        summary = f"{len(result.errors)} error(s), {len(result.warnings)} warning(s)"
        files = result.workspace.files_read
        click.echo(f"{'FAILED' if failed else 'OK'}: {files} file(s) checked; {summary}", err=failed)
    if failed:
        sys.exit(1)


def _parse_formats(_ctx: click.Context, _param: click.Parameter, value: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    unknown = [fmt for fmt in chosen if fmt not in FORMAT_NAMES]
    if unknown or not chosen:
        raise click.BadParameter(f"choose from {', '.join(FORMAT_NAMES)} (comma-separated), got {value!r}")
    return chosen


def _parse_shard(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Shard | None:
    from agencydocs.build import parse_shard

    if value is None:
        return None
    try:
        return parse_shard(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@cli.command()
@workspace_option
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "formats",
    default=",".join(FORMAT_NAMES),
    show_default=True,
    callback=_parse_formats,
    help="Comma-separated output formats.",
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
def build(
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
    from agencydocs.build import build as run_build
    from agencydocs.build import resolve_selection
    from agencydocs.build_lock import waiting_message
    from agencydocs.progress import BuildProgress

    root = _workspace_root(ctx)
    try:
        selection = resolve_selection(root, paths)
    except AgencyDocsError as exc:
        raise click.BadParameter(exc.message, param_hint="PATHS") from None
    with _os_errors_as_messages(), BuildProgress() as progress:
        report = run_build(
            root, selection=selection, formats=formats, jobs=jobs, force=force, shard=shard, wait=wait,
            on_wait=lambda pid: click.echo(waiting_message(pid), err=True),
            on_start=progress.start, on_document=progress.advance,
        )  # fmt: skip
    _print_problems(report.warnings)
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


@cli.command()
@workspace_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Print for people, or as JSON for scripts.",
)
@click.pass_context
def status(ctx: click.Context, output_format: str) -> None:
    """Show what `build` would render or remove, and what each project waits for.

    Compares every document with output/.agencydocs-manifest.json: new,
    changed (its inputs or the built formats differ), output edited (a file
    missing or changed by hand) or up to date. Then lists, per project, the
    milestones marked done that no invoice bills and the invoices without an
    act, with the `agencydocs new` command for each. Reads only; exits 1 when
    the workspace has errors.

    Example:

        agencydocs status --format json
    """
    from agencydocs.status import status as run_status

    root = _workspace_root(ctx)
    with _os_errors_as_messages():
        report = run_status(root)
    if output_format == "json":
        click.echo(_status_json(report))
        return
    _print_status(report)


@contextlib.contextmanager
def _os_errors_as_messages() -> Iterator[None]:
    """An OSError the core did not expect (a disk error while reading) is one line, not a traceback."""
    try:
        yield
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        raise AgencyDocsError(f"{where}{exc.strerror or exc}") from None


def _print_status(report: StatusReport) -> None:
    _print_problems(report.output_warnings)
    stale, removals = report.stale, report.removals
    up_to_date = len(report.documents) - len(stale)
    if not report.documents and not removals:
        click.echo(f"Output: no documents yet ({NEW_DOCUMENT_HINT})")
    elif not stale and not removals:
        click.echo(f"Output: all {len(report.documents)} document(s) up to date")
    else:
        click.echo(
            f"Output: {len(stale)} document(s) to render, {up_to_date} up to date, "
            f"{len(removals)} file(s) of deleted documents to remove"
        )
    for document in stale:
        click.echo(f"  {document.freshness:<14} {document.source}")
    for path in removals:
        click.echo(f"  {'remove':<14} {path}")
    click.echo(f"Paperwork: {len(report.pending) or 'nothing'} pending")
    for item in report.pending:
        click.echo(f"  {item.project}: {item.message}\n      {item.command}")
    if report.warnings:
        click.echo(f"{len(report.warnings)} warning(s); see agencydocs check", err=True)


def _status_json(report: StatusReport) -> str:
    import json
    from dataclasses import asdict

    data = {
        "documents": [asdict(d) for d in report.documents],
        "remove": report.removals,
        "pending": [asdict(item) for item in report.pending],
        "warnings": [p.as_dict() for p in [*report.warnings, *report.output_warnings]],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


@cli.command()
@workspace_option
@click.pass_context
def doctor(ctx: click.Context) -> None:
    """Check this machine: libraries, fonts and the speed-ups agencydocs uses.

    Reports the YAML parser (libyaml), WeasyPrint with Pango and HarfBuzz
    (font subsetting through libharfbuzz-subset is ~10x faster than the
    fontTools fallback), CairoSVG (an SVG logo becomes a PNG in DOCX), the
    vendored fonts, and optional tools. Exits 1 when something required is
    missing.

    Example:

        agencydocs doctor
    """
    from agencydocs.doctor import diagnose

    ok = True
    for finding in diagnose():
        click.echo(f"{finding.status:4} {finding.name}: {finding.detail}")
        ok = ok and finding.status != "FAIL"
    if not ok:
        sys.exit(1)


@cli.command()
@workspace_option
@click.argument("file", type=click.Path(path_type=Path))
@click.pass_context
def textconv(ctx: click.Context, file: Path) -> None:
    """Print a built PDF, DOCX or HTML document as normalised text (git's textconv).

    The format is told by the file's content, not its name. The text is
    stable: no markup of a DOCX, no base64 (an embedded image becomes its type,
    size and hash), no trailing spaces, so `git diff` of committed outputs
    shows the changed words and amounts. A relative FILE is read from the -C
    folder when one is given. Exits 1 for a missing file or one of another
    format; needs no workspace.

    Example (for teams that commit output/):

        git config diff.agencydocs.textconv "agencydocs textconv"
    """
    from agencydocs.textconv import document_text

    folder = ctx.obj.get("workspace") if ctx.obj else None
    path = folder / file if folder is not None and not file.is_absolute() else file
    click.echo(document_text(path, shown=str(file)), nl=False)


@cli.command()
@workspace_option
@click.argument("kind", type=click.Choice(["invoice", "act", "contract"]))
@click.option("-p", "--project", help="Project id (a folder in projects/). Required for invoice and act.")
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), help="Document date. Default: today.")
@click.option("--invoice", help="For an act: the invoice it closes. Default: the latest one without an act.")
@click.option(
    "--from-proposal",
    "proposal",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="For a contract: the proposal (kind: proposal) the client accepted.",
)
@click.option("--option", "option", help="For a contract: the id of the chosen option of the proposal.")
@click.pass_context
def new(
    ctx: click.Context,
    kind: str,
    project: str | None,
    on: object,
    invoice: str | None,
    proposal: Path | None,
    option: str | None,
) -> None:
    """Start the next KIND document of a project with the next free number.

    The file is prefilled from the project: its latest contract, the
    milestones no invoice bills yet (invoice), or the invoice to close (act).
    A contract is made from the option of a proposal that the client chose:
    its lines become the contract's milestones (added to project.yaml when
    missing).

    Examples:

        agencydocs new invoice --project acme-site

        agencydocs new contract --from-proposal projects/acme-site/proposal.yaml --option growth
    """
    import datetime as dt

    root = _workspace_root(ctx)
    day = on.date() if isinstance(on, dt.datetime) else dt.date.today()
    if kind == "contract" or proposal is not None or option is not None:
        _new_contract(root, kind, proposal, option, day)
        return
    if project is None:
        raise click.UsageError("Missing option '-p' / '--project'.")
    from agencydocs.new_document import new_document

    created = new_document(root, kind, project, on=day, invoice=invoice)
    click.echo(f"created {created.path.relative_to(root).as_posix()} ({kind} {created.number})")


def _new_contract(root: Path, kind: str, proposal: Path | None, option: str | None, day: dt.date) -> None:
    from agencydocs.proposal_contract import contract_from_proposal

    if kind != "contract" or proposal is None or option is None:
        raise click.UsageError("a contract is made from a proposal: --from-proposal FILE --option ID")
    created = contract_from_proposal(root, proposal, option, on=day)
    click.echo(f"created {created.path.relative_to(root).as_posix()} (contract {created.number})")
    if created.added_milestones:
        click.echo(f"added milestones to project.yaml: {', '.join(created.added_milestones)}")
    for number in created.widened:
        click.echo(
            f"warning: contract {number} lists no milestones, so its scope now includes the new ones; "
            "list its milestones to keep it as it was",
            err=True,
        )
    for milestone in created.kept_prices:
        click.echo(
            f"warning: milestone {milestone} keeps the price in project.yaml, not the proposal's", err=True
        )


@cli.command()
@workspace_option
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the schemas into. Default: schemas/ of the workspace.",
)
@click.pass_context
def schema(ctx: click.Context, output: Path | None) -> None:
    """Write the JSON Schemas editors use for completion, hover help and inline errors.

    One schema per file type (agency, client, project), one per document kind
    (invoice.schema.json, act.schema.json, ...) and document.schema.json for
    any kind. Writes only into the chosen folder, each file atomically. A YAML
    file names its schema on its first line (`agencydocs new` writes it):

        # yaml-language-server: $schema=../../schemas/invoice.schema.json

    Examples:

        agencydocs schema

        agencydocs schema --output /tmp/schemas
    """
    from agencydocs.schema import write_schemas, write_workspace_schemas

    if output is not None:
        with _os_errors_as_messages():
            written = write_schemas(output)
        for path in written:
            click.echo(f"wrote {path.as_posix()}")
        return
    root = _workspace_root(ctx)
    with _os_errors_as_messages():
        written = write_workspace_schemas(root)
    for path in written:
        click.echo(f"wrote {path.relative_to(root).as_posix()}")


@cli.group()
@workspace_option
def templates() -> None:
    """List built-in templates and copy them into the workspace to customise."""


@templates.command("list")
@workspace_option
@click.pass_context
def templates_list(ctx: click.Context) -> None:
    """List template groups, their files, and which ones the workspace overrides.

    Example:

        agencydocs templates list
    """
    from agencydocs.template_admin import list_templates

    root = _workspace_root(ctx)
    entries, warnings = list_templates(root)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    for entry in entries:
        click.echo(f"{entry.group:10} {entry.relative:28} {entry.marker}")


@templates.command("eject")
@workspace_option
@click.argument("name")
@click.option("--force", is_flag=True, help="Overwrite files already in the workspace.")
@click.pass_context
def templates_eject(ctx: click.Context, name: str, force: bool) -> None:
    """Copy the built-in templates of NAME into templates/ and record their origin.

    \b
    NAME is a group: a document kind (act, addendum, audit, brief, contract,
    invoice, proposal, report, spec), or shared files (base: base.html,
    styles.css, _page.html; long: long.html, long.css, long_macros.html;
    business: business.html, business.css; index: index.html).

    The copies are then used instead of the built-ins: edit the .html in a
    text editor and the .docx in Word or LibreOffice. The agencydocs version
    and each built-in's SHA-256 and text go to templates/.agencydocs-templates.json
    and templates/.agencydocs-templates/, so `templates list` and `templates diff`
    can show what a later upgrade changed. Existing copies are kept unless --force.

    Example:

        agencydocs templates eject invoice
    """
    from agencydocs.template_admin import eject

    root = _workspace_root(ctx)
    for path in eject(root, name, force=force):
        click.echo(f"wrote {path.relative_to(root).as_posix()}")


@templates.command("diff")
@workspace_option
@click.argument("name")
@click.pass_context
def templates_diff(ctx: click.Context, name: str) -> None:
    """Show what changed in the built-in templates of NAME since they were ejected.

    A unified diff of the built-in at eject time against today's: the source of
    an .html or .css file, the paragraphs and table cells of a .docx. Your own
    edits to the copies are not part of it.

    Example:

        agencydocs templates diff invoice
    """
    from agencydocs.template_admin import diff

    root = _workspace_root(ctx)
    changes, warnings = diff(root, name)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    for change in changes:
        click.echo(change, nl=False)


def main() -> None:
    # pydantic looks for plugins by scanning every installed distribution's
    # entry points the first time a model is built: 20-70 ms of a cold
    # `check` here, for plugins (observability hooks) a CLI run never uses.
    # A user who sets the variable keeps their choice.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        cli(prog_name="agencydocs")
    except AgencyDocsError as exc:  # pragma: no cover - click handles it inside standalone mode
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:  # pragma: no cover - interactive
        click.echo("Interrupted; finished files were kept, no partial file was written.", err=True)
        sys.exit(130)
