"""What ``new invoice`` prefills: the done milestones not billed yet, or a retainer's month.

Without a period, the invoice bills every milestone marked done that no
invoice bills yet (the first open one when none is done, e.g. for an
advance). With ``--period YYYY-MM`` it bills every monthly fee of the
contract in force that month in one invoice, and with ``--with-time`` the
hours tracked that month at each person's rate. Which contract, which fees
and which rate: :mod:`agencydocs.domain.retainer` and
:mod:`agencydocs.domain.timesheet`; the new file passes ``check`` because
it bills exactly what those decide.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from agencydocs.domain import retainer
from agencydocs.domain.project_state import unbilled_milestones
from agencydocs.domain.timesheet import hourly_rate
from agencydocs.errors import UsageProblem
from agencydocs.i18n.labels import labels_for
from agencydocs.models.base import LocalizedText, localize
from agencydocs.models.documents import Contract, Report
from agencydocs.models.documents.common import Period
from agencydocs.workspace import Workspace
from agencydocs.workspace.timesheet import find_person, report_entries

LANGUAGES = ("en", "ru")  # the languages with labels; a line's text in each, the invoice picks its own


@dataclass(frozen=True)
class InvoiceBody:
    lines: list[str]  # YAML lines after the header
    contract: str | None = None  # the contract to cite, when the body decides it


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a YAML double-quoted scalar


def _localized(key: str, **values: LocalizedText) -> str:
    """A label in every language as a one-line YAML mapping; values are localized per language."""
    texts = {
        lang: labels_for(lang)[key].format(**{k: localize(v, lang) for k, v in values.items()})
        for lang in LANGUAGES
    }
    return "{" + ", ".join(f"{lang}: {_q(text)}" for lang, text in texts.items()) + "}"


def _text(value: LocalizedText) -> str:
    """A text or a per-language mapping as a one-line YAML value."""
    if isinstance(value, str):
        return _q(value)
    return "{" + ", ".join(f"{lang}: {_q(text)}" for lang, text in value.items()) + "}"


def milestone_body(workspace: Workspace, project_id: str) -> InvoiceBody:
    """Every done milestone no invoice bills yet; else the first open one; else a line to fill in."""
    open_milestones = unbilled_milestones(workspace, project_id)
    done = [m for m in open_milestones if m.status == "done"] or open_milestones[:1]
    if done:
        return InvoiceBody(["lines:", *(f"  - milestone: {m.id}" for m in done)])
    return InvoiceBody(
        ["lines:", '  - description: "Describe the work"', "    qty: 1", "    price: 1.00   # set the price"]
    )


def period_body(workspace: Workspace, project_id: str, month: Period, *, with_time: bool) -> InvoiceBody:
    """A retainer's month: every monthly fee of the contract in force, and the month's hours if asked.

    Raises:
        UsageProblem: no monthly contract in force that month, the month is invoiced already,
            or ``with_time`` and no report's time covers the month.
    """
    label = retainer.month_label(month)
    source = retainer.monthly_contract(workspace, project_id, month)
    if source is None:
        raise UsageProblem(
            f"--period {label}: project {project_id} has no contract billed monthly in force then"
        )
    contract = source.model
    assert isinstance(contract, Contract)
    billed = retainer.invoice_for_period(workspace, project_id, month)
    if billed is not None:
        number = getattr(billed.model, "number", "")
        raise UsageProblem(f"--period {label}: invoice {number} ({billed.file.display}) bills it already")
    project = workspace.projects[project_id].model
    month_unit = _localized("contract_month")
    lines = [
        "period:",
        f"  start: {month.start.isoformat()}",
        f"  end: {month.end.isoformat()}",
        "lines:",
    ]
    for fee in retainer.monthly_fees(project, contract):
        lines += [f"  - milestone: {fee.id}", f"    unit: {month_unit}"]
    if with_time:
        lines += _hour_lines(workspace, project_id, month)
    lines += _unit_fee_hints(contract)
    return InvoiceBody(lines, contract.number)


def _hour_lines(workspace: Workspace, project_id: str, month: Period) -> list[str]:
    """One line per person: the month's hours at their rate (project ``rates`` > team ``hourly_rate``)."""
    assert workspace.agency is not None
    agency, project = workspace.agency.model, workspace.projects[project_id].model
    hours: dict[str, Decimal] = defaultdict(Decimal)
    seen: set[tuple[str, int, object]] = set()  # a CSV that two reports read counts once
    for source in workspace.documents_of("report", project_id):
        report = source.model
        if not isinstance(report, Report) or report.time is None:
            continue
        if report.period.end < month.start or report.period.start > month.end:
            continue
        for entry in report_entries(report, source.file.path, source.file.display, workspace.root):
            key = (entry.file, entry.line, entry.loc)
            person = find_person(agency, entry.person)
            if month.start <= entry.date <= month.end and person is not None and key not in seen:
                seen.add(key)
                hours[person.id] += entry.hours
    if not hours:
        label = retainer.month_label(month)
        raise UsageProblem(f"--with-time: no report of {project_id} has time entries in {label}")
    lines = []
    for person_id in sorted(hours):
        rate = hourly_rate(project, agency, person_id)
        if rate is None:
            raise UsageProblem(
                f"--with-time: {person_id} has no hourly rate (project rates or team hourly_rate)"
            )
        person = agency.person(person_id)
        assert person is not None  # find_person found them in the team
        lines += [
            f"  - description: {_localized('invoice_hours_line', name=person.name)}",
            f"    qty: {hours[person_id].normalize():f}",
            f"    unit: {_localized('contract_hour')}",
            f"    price: {rate:.2f}",
        ]
    return lines


def _unit_fee_hints(contract: Contract) -> list[str]:
    """The contract's per-unit fees as comments: only the account manager knows how many were used."""
    if not contract.fees:
        return []
    hints = [f"# Fees of contract {contract.number} per unit: uncomment and set qty for those used."]
    for fee in contract.fees:
        hints += [
            f"#  - description: {_text(fee.description)}",
            "#    qty: 1",
            f"#    price: {fee.price:.2f}",
        ]
    return hints
