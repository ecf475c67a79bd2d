"""``new``: start a client, a project or any document kind, prefilled from the workspace.

Which kinds and how is data: each kind's ``KindSpec.new`` names its starter
(a function from one :class:`~agencydocs.commands.new_request.NewRequest` to
one ``NewResult``), the options it reads and an example; ``client`` and
``project`` have theirs in :data:`STARTERS`. Options a kind does not read are
a usage error naming the kinds that do. Every file gets the next free number
of its series (numbered kinds), the date, a schema modeline, and
``"FILL IN: …"`` placeholders that ``check`` reports until they are written.

This module also writes the next invoice or act of a project
(:func:`new_document`): the project's latest contract, and (for an invoice)
the done milestones that no invoice bills yet or, with ``--period``, a
retainer's month (``commands/new_invoice.py``); an act closes the latest
invoice that has no act.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

import click

from agencydocs.commands.check import check
from agencydocs.commands.new_invoice import InvoiceBody, milestone_body, period_body
from agencydocs.commands.new_request import NewRequest, NewResult, write_new
from agencydocs.commands.options import workspace_option, workspace_root
from agencydocs.commands.schema import kind_schema_comment
from agencydocs.domain.advances import advances_only
from agencydocs.domain.numbering import PatternError, next_number
from agencydocs.domain.project_state import invoices_without_act, project_documents
from agencydocs.domain.retainer import parse_month
from agencydocs.errors import AgencyDocsError, InvalidInput, UsageProblem
from agencydocs.kinds import KINDS
from agencydocs.kinds.base import Starter, load
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
        body = InvoiceBody(_act_body(workspace, project_id, invoice, on))
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
    write_new(root, path, [*header, *body.lines])
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


def _act_body(workspace: Workspace, project_id: str, invoice: str | None, on: date) -> list[str]:
    if invoice is None:
        # An act dated before its invoice is an error in check: only invoices issued by then qualify.
        candidates = [i for i in invoices_without_act(workspace, project_id) if i.date <= on]
        if not candidates:
            raise AgencyDocsError(
                f"every invoice of {project_id} dated by {on.isoformat()} already has an act; pass --invoice"
            )
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


# The kinds that are no documents: their files are what the workspace loader reads.
STARTERS: dict[str, Starter] = {
    "client": Starter("agencydocs.commands.new_parties:start_client", ("id",), "acme"),
    "project": Starter(
        "agencydocs.commands.new_parties:start_project", ("id", "client"), "acme-site --client acme"
    ),
    **{kind.name: kind.new for kind in KINDS if kind.new is not None},
}

# Option name (as Starter.options says it) -> how the command line spells it.
OPTION_FLAGS = {
    "id": "ID",
    "project": "--project",
    "client": "--client",
    "invoice": "--invoice",
    "period": "--period",
    "with_time": "--with-time",
    "from_proposal": "--from-proposal",
    "option": "--option",
    "question_set": "--question-set",
    "attach": "--attach",
    "act": "--act",
    "status": "--status",
}


def _help() -> str:
    """The command's help: the prose, then one example per kind, from :data:`STARTERS`."""
    examples = "\n".join(
        f"  agencydocs new {kind} {starter.example}".rstrip() for kind, starter in STARTERS.items()
    )
    return (
        inspect.cleandoc(
            """Start a new KIND file, prefilled from the workspace; print its path.

        A document gets the next free number of its series, the date (--date,
        default today), a schema line for the editor, and what the project
        already says: its latest contract, milestones, monthly fees, client's
        language. What only you know is left as "FILL IN: …", which `check`
        reports, naming the field, until it is written. No file is ever
        overwritten.

        An invoice bills the done milestones no invoice bills yet, or with
        --period a monthly contract's fees (--with-time: and the month's hours).
        A contract takes the project's milestones (or monthly fees), or with
        --from-proposal and --option the option of a proposal the client chose.
        A report covers --period (default: the month before the date).

        Examples, one per kind:
        """
        )
        + f"\n\n\b\n{examples}\n"
    )


@click.command("new", help=_help())
@workspace_option
@click.argument("kind", metavar="KIND", type=click.Choice(tuple(STARTERS)))
@click.argument("new_id", metavar="[ID]", required=False)
@click.option("-p", "--project", help="Project id (a folder in projects/) of the document.")
@click.option("--client", help="Client id: of a reminder, a claim or a new project.")
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
    "for this month, in one invoice with its period set. For a report: the month it covers.",
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
@click.option(
    "--question-set", help="For a brief: website, seo or a set of briefs/ (default from the services)."
)
@click.option(
    "--attach",
    "attach",
    multiple=True,
    metavar="NUMBER",
    help="For a letter (repeatable): enclose the document with this number (invoice, act, contract…).",
)
@click.option("--act", "act", help="For an upd or vat_invoice (required): the act whose services it states.")
@click.option(
    "--status",
    type=click.Choice(["1", "2"]),
    help="For an upd: 1, счёт-фактура and передаточный документ (the default for a sale with Russian VAT), "
    "or 2, передаточный документ only (the default for a sale without).",
)
@click.pass_context
def command(
    ctx: click.Context,
    kind: str,
    new_id: str | None,
    project: str | None,
    client: str | None,
    on: object,
    invoice: str | None,
    month: str | None,
    with_time: bool,
    proposal: Path | None,
    option: str | None,
    question_set: str | None,
    attach: tuple[str, ...],
    act: str | None,
    status: str | None,
) -> None:

    root = workspace_root(ctx)
    given = {
        "id": new_id,
        "project": project,
        "client": client,
        "invoice": invoice,
        "period": month,
        "with_time": with_time or None,
        "from_proposal": proposal,
        "option": option,
        "question_set": question_set,
        "attach": attach or None,
        "act": act,
        "status": status,
    }
    starter = STARTERS[kind]
    _refuse_other_options(kind, starter, [name for name, value in given.items() if value is not None])
    request = NewRequest(
        root=root,
        kind=kind,
        on=on.date() if isinstance(on, dt.datetime) else dt.date.today(),
        id=new_id,
        project=project,
        client=client,
        invoice=invoice,
        period=_month_option(month),
        with_time=with_time,
        from_proposal=proposal,
        option=option,
        question_set=question_set,
        attachments=attach,
        act=act,
        status=int(status) if status is not None else None,
    )
    result: NewResult = load(starter.start)(request)
    described = f"{kind} {result.number}" if result.number is not None else kind
    click.echo(f"created {result.path.relative_to(root).as_posix()} ({described})")
    for note in result.notes:
        click.echo(note)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)


def _refuse_other_options(kind: str, starter: Starter, given: list[str]) -> None:
    """A usage error for the first option given that ``kind``'s starter does not read."""
    for name in given:
        if name not in starter.options:
            kinds = [k for k, s in STARTERS.items() if name in s.options]
            flag = OPTION_FLAGS[name]
            raise click.UsageError(f"{flag} applies to {', '.join(kinds)}, not to {kind}")


def _month_option(month: str | None) -> Period | None:
    if month is None:
        return None
    try:
        return parse_month(month)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--period'") from None
