"""``new``: start the next invoice or act of a project, prefilled from the workspace.

The new file gets the next free number of its series, today's date, the
project's latest contract, and (for an invoice) the done milestones that no
invoice bills yet or, with ``--period``, a retainer's month
(``commands/new_invoice.py``); an act closes the latest invoice that has no act.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

import click

from agencydocs.commands.check import check
from agencydocs.commands.new_invoice import InvoiceBody, milestone_body, period_body
from agencydocs.commands.options import workspace_option, workspace_root
from agencydocs.commands.schema import kind_schema_comment
from agencydocs.domain.advances import advances_only
from agencydocs.domain.numbering import PatternError, next_number
from agencydocs.domain.project_state import invoices_without_act, project_documents
from agencydocs.domain.retainer import parse_month
from agencydocs.errors import AgencyDocsError, InvalidInput, UsageProblem
from agencydocs.kinds import NEW_KINDS
from agencydocs.models.documents import Act, Contract, Invoice
from agencydocs.models.documents.common import Period
from agencydocs.suggestions import unknown_id_message
from agencydocs.workspace import PROJECTS_DIR, Workspace

_Dated = TypeVar("_Dated", Contract, Invoice, Act)  # numbered, dated document models


@dataclass(frozen=True)
class NewDocument:
    path: Path
    number: str


def new_document(
    root: Path,
    kind: str,
    project_id: str,
    *,
    on: date,
    invoice: str | None = None,
    period: Period | None = None,
    with_time: bool = False,
) -> NewDocument:
    """Write a new ``kind`` document for ``project_id`` and return where it went.

    ``period`` (an invoice only): bill a monthly contract's fees for that
    month, ``with_time`` adding its tracked hours (see ``commands/new_invoice.py``).
    """
    result = check(root)
    if result.errors:
        raise InvalidInput("fix the workspace first", result.problems)
    workspace = result.workspace
    if project_id not in workspace.projects:
        raise UsageProblem(unknown_id_message("project", project_id, workspace.projects))
    if kind != "invoice" and (period is not None or with_time):
        raise UsageProblem("--period and --with-time are for an invoice")
    if with_time and period is None:
        raise UsageProblem("--with-time needs --period: the month whose hours to bill")
    number = _next_number(workspace, kind, project_id, on)
    if kind == "invoice":
        body = (
            period_body(workspace, project_id, period, with_time=with_time)
            if period is not None
            else milestone_body(workspace, project_id)
        )
    else:
        body = InvoiceBody(_act_body(workspace, project_id, invoice))
    folder = root / PROJECTS_DIR / project_id / f"{kind}s"
    path = folder / f"{number.replace('/', '-')}.yaml"
    header = [
        kind_schema_comment(root, path, kind),  # completion and sharp errors in the editor
        f"kind: {kind}",
        f"number: {json.dumps(number)}",
        f"date: {on.isoformat()}",
    ]
    latest = _latest(workspace, project_id, Contract)
    contract = body.contract or (latest.number if latest is not None else None)
    if contract is not None:
        header.append(f"contract: {json.dumps(contract)}")
    if path.exists():
        raise AgencyDocsError(f"{path.relative_to(root).as_posix()} already exists")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:  # "x": never over a file that appeared
            file.write("\n".join([*header, *body.lines]) + "\n")
    except FileExistsError:
        raise AgencyDocsError(f"{path.relative_to(root).as_posix()} already exists") from None
    return NewDocument(path, number)


def _next_number(workspace: Workspace, kind: str, project_id: str, on: date) -> str:
    assert workspace.agency is not None
    pattern = workspace.agency.model.numbering_series(kind).pattern
    existing = [getattr(d.model, "number", "") for d in workspace.documents if d.kind == kind]
    client = workspace.projects[project_id].model.client
    try:
        return next_number(pattern, existing, year=on.year, client=client, project=project_id)
    except PatternError as exc:
        raise AgencyDocsError(f"agency.yaml: numbering.{kind}: {exc}") from None


def _latest(workspace: Workspace, project_id: str, model: type[_Dated]) -> _Dated | None:
    found = [d.model for d in project_documents(workspace, project_id) if isinstance(d.model, model)]
    return max(found, key=lambda m: (m.date, m.number), default=None)


def _act_body(workspace: Workspace, project_id: str, invoice: str | None) -> list[str]:
    if invoice is None:
        candidates = invoices_without_act(workspace, project_id)
        if not candidates:
            raise AgencyDocsError(f"every invoice of {project_id} already has an act; pass --invoice")
        invoice = candidates[-1].number
    else:
        # Checked here, or the new act would be written and then fail `check` (which also refuses an
        # act of an invoice of advances only: the stage's act closes its final invoice).
        known = [
            d.model.number
            for d in project_documents(workspace, project_id)
            if isinstance(d.model, Invoice) and not advances_only(d.model)
        ]
        if invoice not in known:
            message = unknown_id_message("invoice", invoice, known)
            raise UsageProblem(f"--invoice: project {project_id}: {message}")
    return [f"invoice: {json.dumps(invoice)}"]


@click.command("new")
@workspace_option
@click.argument("kind", type=click.Choice(NEW_KINDS))
@click.option("-p", "--project", help="Project id (a folder in projects/). Required for invoice and act.")
@click.option("--client", help="For a reminder or claim: the client id; prefilled with its overdue invoices.")
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), help="Document date. Default: today.")
@click.option(
    "--invoice",
    help="For an act: the invoice it closes (default: the latest one without an act). "
    "For a credit note (required): the issued invoice it corrects.",
)
@click.option(
    "--period",
    "month",
    metavar="YYYY-MM",
    help="For an invoice: bill every monthly fee of the contract billed monthly (billing: monthly) "
    "for this month, in one invoice with its period set.",
)
@click.option(
    "--with-time",
    is_flag=True,
    help="With --period: add the month's tracked hours (the time entries of its status report) "
    "at each person's rate, one line per person.",
)
@click.option(
    "--from-proposal",
    "proposal",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="For a contract: the proposal (kind: proposal) the client accepted.",
)
@click.option("--option", "option", help="For a contract: the id of the chosen option of the proposal.")
@click.option("--act", "act", help="For an upd or vat_invoice (required): the act whose services it states.")
@click.pass_context
def command(
    ctx: click.Context,
    kind: str,
    project: str | None,
    on: object,
    invoice: str | None,
    month: str | None,
    with_time: bool,
    proposal: Path | None,
    option: str | None,
    client: str | None = None,
    act: str | None = None,
) -> None:
    """Start the next KIND document of a project with the next free number.

    The file is prefilled from the project: its latest contract, the
    milestones marked done that no invoice bills yet (invoice; the first
    open milestone when none is done), or the invoice to close (act). With
    --period, an invoice bills the month's fees of a monthly contract (all
    its workstreams at once), and --with-time adds the month's hours.
    A contract is made from the option of a proposal that the client chose:
    its lines become the contract's milestones (added to project.yaml when
    missing).

    Examples:

        agencydocs new invoice --project acme-site

        agencydocs new invoice --project globex-seo --period 2026-11 --with-time

        agencydocs new contract --from-proposal projects/acme-site/proposal.yaml --option growth

        agencydocs new credit_note --invoice 2026-020

        agencydocs new reminder --client globex

        agencydocs new upd --act 2026-011
    """
    import datetime as dt

    root = workspace_root(ctx)
    day = on.date() if isinstance(on, dt.datetime) else dt.date.today()
    if kind == "contract" or proposal is not None or option is not None:
        _new_contract(root, kind, proposal, option, day)
        return
    if kind == "credit_note":  # its project is its invoice's
        from agencydocs.commands.new_credit_note import new_credit_note

        path, number = new_credit_note(root, invoice, on=day)
        click.echo(f"created {path.relative_to(root).as_posix()} (credit_note {number})")
        return
    if kind in ("upd", "vat_invoice"):  # its project is its act's
        from agencydocs.commands.new_upd import new_transfer_document

        path, number = new_transfer_document(root, kind, act, on=day)
        click.echo(f"created {path.relative_to(root).as_posix()} ({kind} {number})")
        return
    if kind in ("reminder", "claim"):
        _new_collection(root, kind, client, day)
        return
    if project is None:
        raise click.UsageError("Missing option '-p' / '--project'.")
    period = _month_option(month)
    created = new_document(root, kind, project, on=day, invoice=invoice, period=period, with_time=with_time)
    click.echo(f"created {created.path.relative_to(root).as_posix()} ({kind} {created.number})")


def _month_option(month: str | None) -> Period | None:
    if month is None:
        return None
    try:
        return parse_month(month)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--period'") from None


def _new_collection(root: Path, kind: str, client: str | None, day: dt.date) -> None:
    from agencydocs.commands.new_dunning import new_collection_document

    if client is None:
        raise click.UsageError(f"a {kind} is written to a client: --client ID")
    created = new_collection_document(root, kind, client, on=day)
    click.echo(f"created {created.path.relative_to(root).as_posix()} ({kind} {created.number})")


def _new_contract(root: Path, kind: str, proposal: Path | None, option: str | None, day: dt.date) -> None:
    from agencydocs.commands.new_contract import contract_from_proposal

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
