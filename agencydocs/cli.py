"""Command line: parse options, call one core function, print the result.

Heavy modules (WeasyPrint, docxtpl) are imported inside the commands that
render, so ``check`` and ``--help`` start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from agencydocs import __version__
from agencydocs.errors import AgencyDocsError, Problem, problems_to_json


def _workspace_root(ctx: click.Context) -> Path:
    from agencydocs.workspace import WorkspaceNotFound, find_workspace

    explicit = ctx.obj.get("workspace") if ctx.obj else None
    try:
        return find_workspace(explicit=explicit)
    except WorkspaceNotFound as exc:
        raise click.UsageError(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="agencydocs")
@click.option(
    "-C", "--workspace", type=click.Path(file_okay=False, path_type=Path),
    help="Workspace folder (holding agency.yaml). Default: the current folder or the nearest one above.",
)
@click.pass_context
def cli(ctx: click.Context, workspace: Path | None) -> None:
    """agencydocs: agency paperwork as code.

    Clients, projects and documents are YAML files in git; agencydocs checks
    them and renders invoices, acts and other documents as HTML, PDF and DOCX.
    """
    ctx.ensure_object(dict)
    ctx.obj["workspace"] = workspace


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(problem.format(), err=True)


@cli.command()
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="How to print problems.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.pass_context
def check(ctx: click.Context, output_format: str, strict: bool) -> None:
    """Validate every YAML file of the workspace and the references between them.

    Prints one line per problem, `file:line:col: field: message`, sorted by
    file and line. Exits 0 when clean, 1 when there are errors (or warnings
    with --strict), 2 on a usage error.

    Example:

        agencydocs check --strict
    """
    from agencydocs.check import check as run_check

    root = _workspace_root(ctx)
    result = run_check(root)
    failed = bool(result.errors) or (strict and bool(result.warnings))
    if output_format == "json":
        click.echo(problems_to_json(result.problems))
    else:
        _print_problems(result.problems)
        summary = f"{len(result.errors)} error(s), {len(result.warnings)} warning(s)"
        documents = len(result.workspace.documents)
        click.echo(f"{'FAILED' if failed else 'OK'}: {documents} document(s) checked; {summary}", err=failed)
    if failed:
        sys.exit(1)


def main() -> None:
    try:
        cli(prog_name="agencydocs")
    except AgencyDocsError as exc:  # pragma: no cover - click handles it inside standalone mode
        exc.show()
        sys.exit(exc.exit_code)
