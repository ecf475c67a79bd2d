"""``status``: what the next build would do, and what each project waits for.

Output: every renderable document compared with the manifest of the last
build (new, changed, an output missing or edited by hand, up to date), and
the files of deleted documents that the next full build removes. "Up to
date" is decided by the test ``build`` uses (the inputs each document read
when it was last built, ``build/dependencies.py``), so it means the build skips it. Nothing is rendered, written or imported for rendering.

Paperwork: per project, the milestones marked done that no invoice bills yet,
the months of a ``billing: monthly`` contract ended by the as-of date that no
invoice's period covers, and the invoices that no act closes yet, each with the ``new`` command that
starts the missing document.

Action items: the open action items of every project's meeting minutes,
the overdue ones (open past their due date on the as-of date, decided in
:mod:`agencydocs.domain.minutes`) first, until the minutes mark them done.

Money: per project and currency, invoiced, paid, outstanding and overdue as
of a date (``--as-of``, default today), and the state of every invoice (draft,
issued, partly paid, paid, overdue, void), from
:mod:`agencydocs.domain.receivables`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import click

from agencydocs.building.builder import FORMATS, OUTPUT_DIR, deleted_outputs, plan_targets
from agencydocs.building.confined import OutputDir
from agencydocs.building.dependencies import InputState
from agencydocs.building.manifest import Freshness, Manifest
from agencydocs.commands.check import check
from agencydocs.commands.options import (
    NEW_DOCUMENT_HINT,
    as_of_option,
    os_errors_as_messages,
    print_problems,
    workspace_option,
    workspace_root,
)
from agencydocs.domain.minutes import OpenActionItem, open_action_items
from agencydocs.domain.project_state import invoices_without_act, unbilled_milestones
from agencydocs.domain.receivables import ProjectMoney, project_money
from agencydocs.domain.retainer import month_label, unbilled_months
from agencydocs.errors import InvalidInput, Problem
from agencydocs.models.base import localize
from agencydocs.workspace import Workspace


@dataclass(frozen=True)
class DocumentStatus:
    source: str  # the YAML file, relative to the workspace
    kind: str
    freshness: Freshness


@dataclass(frozen=True)
class PendingWork:
    """A document the project is missing, and the command that starts it."""

    project: str
    message: str
    command: str


@dataclass
class Status:
    output_dir: Path
    documents: list[DocumentStatus] = field(default_factory=list)
    removals: list[str] = field(default_factory=list)  # output files, relative to the workspace
    pending: list[PendingWork] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    output_warnings: list[Problem] = field(default_factory=list)  # about output/, e.g. a bad manifest
    as_of: date | None = None
    money: list[ProjectMoney] = field(default_factory=list)
    actions: list[OpenActionItem] = field(default_factory=list)  # open action items of minutes

    @property
    def stale(self) -> list[DocumentStatus]:
        return [d for d in self.documents if d.freshness != "up to date"]


def status(root: Path, as_of: date | None = None) -> Status:
    """The status of the workspace at ``root``, its money as of ``as_of`` (default: today).

    Raises:
        InvalidInput: the workspace has errors (status is only known for valid input).
        OutputError: output/ is a link leading out of the workspace.
    """
    result = check(root)
    if result.errors:
        raise InvalidInput("the workspace has errors; fix them first", result.problems)
    workspace = result.workspace
    output = OutputDir(root, OUTPUT_DIR)
    output.refuse_outside()
    targets = plan_targets(workspace, output.path, FORMATS)
    # Read without the build lock: a running build replaces every file atomically.
    manifest = Manifest.load(output)
    state = InputState(workspace)
    report = Status(output.path, warnings=list(result.warnings))
    if manifest.warning is not None:
        report.output_warnings.append(manifest.warning)
    for target in targets:
        freshness = manifest.freshness(target.label, target.outputs, state)
        report.documents.append(DocumentStatus(target.label, target.source.kind, freshness))
    report.removals = sorted(
        path.relative_to(root).as_posix()
        for paths in deleted_outputs(manifest, targets).values()
        for path in paths
    )
    report.as_of = as_of or date.today()
    report.pending = pending_work(workspace, report.as_of)
    report.money = project_money(workspace, report.as_of)
    report.actions = action_items(workspace, report.as_of)
    return report


def action_items(workspace: Workspace, as_of: date) -> list[OpenActionItem]:
    """Every project's open action items on ``as_of``, project by project, overdue first."""
    locale = workspace.agency.model.locale if workspace.agency is not None else "en"
    return [
        item
        for project_id in sorted(workspace.projects)
        for item in open_action_items(workspace, project_id, as_of, locale)
    ]


def pending_work(workspace: Workspace, as_of: date | None = None) -> list[PendingWork]:
    """Done milestones not invoiced, months of a monthly contract ended by ``as_of`` (default
    today) with no invoice, and invoices dated by then without an act, project by project."""
    as_of = as_of or date.today()
    locale = workspace.agency.model.locale if workspace.agency is not None else "en"
    pending = []
    for project_id in sorted(workspace.projects):
        command = f"agencydocs new {{}} --project {project_id}"
        for milestone in unbilled_milestones(workspace, project_id):
            if milestone.status == "done":
                title = localize(milestone.title, locale)
                message = f'milestone "{milestone.id}" ({title}) is done but no invoice bills it'
                pending.append(PendingWork(project_id, message, command.format("invoice")))
        for month in unbilled_months(workspace, project_id, as_of):
            label = month_label(month)
            message = f"month {label} of the monthly contract has no invoice"
            pending.append(PendingWork(project_id, message, command.format("invoice") + f" --period {label}"))
        for invoice in invoices_without_act(workspace, project_id):
            if invoice.date > as_of:  # drafted ahead (a stage due later): no act is missing yet
                continue
            message = f"invoice {invoice.number} of {invoice.date.isoformat()} has no act"
            pending.append(
                PendingWork(project_id, message, command.format("act") + f" --invoice {invoice.number}")
            )
    return pending


@click.command("status")
@workspace_option
@as_of_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Print for people, or as JSON for scripts.",
)
@click.pass_context
def command(ctx: click.Context, as_of: date | None, output_format: str) -> None:
    """Show what `build` would render or remove, and what each project waits for.

    Compares every document with output/.agencydocs-manifest.json: new,
    changed (its inputs or the built formats differ), output edited (a file
    missing or changed by hand) or up to date. Then lists, per project, the
    milestones marked done that no invoice bills, the months of a monthly
    contract ended by --as-of that no invoice covers, and the invoices
    without an act, with the `agencydocs new` command for each; the open action
    items of meeting minutes, overdue ones first. Last, per project and
    currency: invoiced, paid, outstanding and overdue as of --as-of (default
    today), and each invoice's state (draft, issued, partly paid, paid,
    overdue, void). Reads only; exits 1 when the workspace has errors.

    Example:

        agencydocs status --format json
    """
    root = workspace_root(ctx)
    with os_errors_as_messages():
        report = status(root, as_of)
    if output_format == "json":
        click.echo(_status_json(report))
        return
    _print_status(report)


def _print_status(report: Status) -> None:
    print_problems(report.output_warnings)
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
    _print_actions(report)
    _print_money(report)
    if report.warnings:
        click.echo(f"{len(report.warnings)} warning(s); see agencydocs check", err=True)


def _print_actions(report: Status) -> None:
    overdue = sum(item.overdue for item in report.actions)
    if not report.actions:
        click.echo("Action items: nothing open")
        return
    click.echo(f"Action items: {len(report.actions)} open, {overdue} overdue")
    for item in report.actions:
        late = f", {item.days_overdue} day(s) OVERDUE" if item.overdue else ""
        click.echo(
            f'  {item.project}: "{item.what}" ({item.owner}, due {item.due.isoformat()}{late})'
            f"\n      minutes {item.minutes}: {item.source} action_items[{item.index}]; set status: done when done"
        )


def _print_money(report: Status) -> None:
    as_of = report.as_of.isoformat() if report.as_of else ""
    if not report.money:
        click.echo(f"Money as of {as_of}: no invoices")
        return
    click.echo(f"Money as of {as_of}:")
    columns = ("invoiced", "paid", "outstanding", "overdue")
    click.echo(f"  {'project':<22}{'currency':<10}" + "".join(f"{name:>14}" for name in columns))
    for row in report.money:
        amounts = "".join(f"{getattr(row, name):>14f}" for name in columns)
        flag = "  OVERDUE" if row.has_overdue else ""
        click.echo(f"  {row.project:<22}{row.currency:<10}{amounts}{flag}")
        states = ", ".join(f"{number} {state}" for number, state in row.states.items())
        click.echo(f"      invoices: {states}")


def _status_json(report: Status) -> str:
    import json
    from dataclasses import asdict

    data = {
        "documents": [asdict(d) for d in report.documents],
        "remove": report.removals,
        "pending": [asdict(item) for item in report.pending],
        "as_of": report.as_of.isoformat() if report.as_of else None,
        "money": [
            {
                "project": row.project,
                "client": row.client,
                "currency": row.currency,
                **{
                    name: f"{getattr(row, name):f}" for name in ("invoiced", "paid", "outstanding", "overdue")
                },
                "invoices": row.states,
            }
            for row in report.money
        ],
        "action_items": [
            {
                "project": item.project,
                "minutes": item.minutes,
                "source": item.source,
                "index": item.index,
                "what": item.what,
                "owner": item.owner,
                "due": item.due.isoformat(),
                "days_overdue": item.days_overdue,
                "overdue": item.overdue,
            }
            for item in report.actions
        ],
        "warnings": [p.as_dict() for p in [*report.warnings, *report.output_warnings]],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
