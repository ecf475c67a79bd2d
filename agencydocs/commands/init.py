"""``init``: start a workspace, ready for git, an editor, pre-commit and CI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from agencydocs.commands.options import os_errors_as_messages, workspace_option
from agencydocs.models.base import SUPPORTED_LOCALES


def _country(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from pydantic_core import PydanticCustomError

    from agencydocs.models.countries import check_country

    try:
        return check_country(value.upper())
    except PydanticCustomError as exc:
        raise click.BadParameter(str(exc)) from None


def _currency(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not (len(value) == 3 and value.isalpha()):
        raise click.BadParameter("must be an ISO 4217 code such as RUB, EUR, USD")
    return value


@click.command("init")
@workspace_option
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), required=False)
@click.option(
    "--country",
    callback=_country,
    help="The agency's country (ISO code: RU, DE, US…); sets which tax ids and bank details agency.yaml asks for.",
)
@click.option(
    "--locale",
    type=click.Choice(SUPPORTED_LOCALES),
    help="Language of the documents. Default: ru for RU, else en.",
)
@click.option("--currency", callback=_currency, help="Default currency (ISO 4217). Default: the country's.")
@click.pass_context
def command(
    ctx: click.Context, directory: Path | None, country: str | None, locale: str | None, currency: str | None
) -> None:
    """Start a workspace in DIRECTORY (default: -C DIR, else here): agency.yaml, an example client and project,
    schemas, editor settings, a pre-commit hook and a CI workflow.

    Values only the agency knows (legal name, tax ids, bank details) are
    written as "FILL IN: …" placeholders, which `agencydocs check` reports,
    file:line, until they are replaced. An existing file is never
    overwritten: init says which it kept.

    Example:

        agencydocs init my-agency --country DE
    """
    from agencydocs.scaffold import init_workspace, settings

    if directory is None:
        directory = (ctx.obj or {}).get("workspace") or Path(".")
    chosen = settings(country, locale, currency)
    with os_errors_as_messages():
        directory.mkdir(parents=True, exist_ok=True)
        report = init_workspace(directory, chosen, dt.date.today())
    for relative in report.written:
        if not relative.startswith("schemas/"):
            click.echo(f"wrote {relative}")
    schemas = [r for r in report.written if r.startswith("schemas/")]
    if schemas:
        click.echo(f"wrote {len(schemas)} schema(s) in schemas/")
    for relative in report.kept:
        if not relative.startswith("schemas/"):
            click.echo(f"kept {relative} (it exists; not overwritten)")
    kept_schemas = [r for r in report.kept if r.startswith("schemas/")]
    if kept_schemas:
        click.echo(
            f"kept {len(kept_schemas)} existing schema(s) in schemas/ (`agencydocs schema` updates them)"
        )
    where = "" if directory == Path(".") else f"cd {directory}\n  "
    click.echo(
        "\nNext steps:\n"
        f"  {where}git init && git add -A && git commit -m 'agencydocs workspace'\n"
        '  fill in every "FILL IN" value in agency.yaml and clients/; `agencydocs check` lists those left\n'
        "  agencydocs new invoice --project example-site\n"
        "  agencydocs build\n"
        "  pre-commit install   # check before each commit (pip install pre-commit)\n"
        "  push: .github/workflows/documents.yml checks each pull request and comments what changed"
    )
