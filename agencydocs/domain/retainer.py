"""Retainers: a contract billed monthly, its fees, and which months an invoice bills.

On a ``billing: monthly`` contract the project's milestones (those the
contract lists, else all) are monthly fees ("workstreams"). ``new invoice
--period``, ``status``, the report's budget and invoiced figures and the
report-vs-billing rule all ask here, so they agree on what a month costs and
which invoice bills it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import cast

from agencydocs.domain import money
from agencydocs.domain.billing import billing_totals
from agencydocs.domain.terms import billing_model
from agencydocs.models import Milestone, Project
from agencydocs.models.documents import Contract, Invoice
from agencydocs.models.documents.common import Period
from agencydocs.workspace import SourceDocument, Workspace

_MONTH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)


def parse_month(text: str) -> Period:
    """``2026-11`` -> the calendar month 2026-11-01..2026-11-30.

    Raises:
        ValueError: not a ``YYYY-MM`` month.
    """
    match = _MONTH.match(text.strip())
    if match is None or not 1 <= int(match[2]) <= 12:
        raise ValueError(f"must be a month written YYYY-MM, e.g. 2026-11 (got {text!r})")
    return month_period(int(match[1]), int(match[2]))


def month_period(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(start=date(year, month, 1), end=date(year, month, last))


def month_label(period: Period) -> str:
    return f"{period.start.year:04d}-{period.start.month:02d}"


def in_force(contract: Contract, period: Period) -> bool:
    """The contract is signed by the period's end and not expired before its start."""
    ends = contract.valid_until or date.max
    return contract.date <= period.end and ends >= period.start


def monthly_contract(workspace: Workspace, project_id: str, period: Period) -> SourceDocument | None:
    """The latest ``billing: monthly`` contract of the project in force in the period."""
    project = workspace.projects[project_id].model if project_id in workspace.projects else None
    found = [
        d
        for d in workspace.documents_of("contract", project_id)
        if isinstance(d.model, Contract)
        and billing_model(d.model, project) == "monthly"
        and in_force(d.model, period)
    ]
    return max(
        found, key=lambda d: (cast(Contract, d.model).date, cast(Contract, d.model).number), default=None
    )


def monthly_fees(project: Project, contract: Contract) -> list[Milestone]:
    """The milestones a monthly contract bills every month, in project order (cancelled ones aside)."""
    return [
        m
        for m in project.milestones
        if (contract.milestones is None or m.id in contract.milestones) and m.status != "cancelled"
    ]


def monthly_total(project: Project, contract: Contract, currency: str) -> Decimal:
    """What the contract's monthly fees come to, net of VAT."""
    return money.sum_money((m.price for m in monthly_fees(project, contract)), currency)


def invoice_for_period(workspace: Workspace, project_id: str, period: Period) -> SourceDocument | None:
    """The project's invoice whose service ``period`` is exactly ``period`` (void ones aside)."""
    wanted = (period.start, period.end)
    for source in workspace.documents_of("invoice", project_id):
        model = source.model
        period_of = model.period if isinstance(model, Invoice) and model.void is None else None
        if period_of is not None and (period_of.start, period_of.end) == wanted:
            return source
    return None


def invoices_in_period(workspace: Workspace, project_id: str, period: Period) -> list[SourceDocument]:
    """The project's invoices for a period: their service ``period`` lies within it, or, without
    one, their date does. Void invoices count nowhere."""
    found = []
    for source in workspace.documents_of("invoice", project_id):
        model = source.model
        if not isinstance(model, Invoice) or model.void is not None:
            continue
        first, last = (model.period.start, model.period.end) if model.period else (model.date, model.date)
        if period.start <= first and last <= period.end:
            found.append(source)
    return found


@dataclass(frozen=True)
class Invoiced:
    """What the invoices of a period come to in one currency, and which invoices they are."""

    currency: str
    net: Decimal
    total: Decimal
    numbers: tuple[str, ...]


def invoiced_in_period(workspace: Workspace, project_id: str, period: Period) -> list[Invoiced]:
    """The net and gross amounts of :func:`invoices_in_period`, per currency (in order of first use)."""
    found: dict[str, list[tuple[str, money.Totals]]] = {}
    for source in invoices_in_period(workspace, project_id, period):
        totals = billing_totals(workspace, source)
        found.setdefault(totals.currency, []).append((cast(Invoice, source.model).number, totals))
    return [
        Invoiced(
            currency,
            money.sum_money((t.net for _, t in items), currency),
            money.sum_money((t.total for _, t in items), currency),
            tuple(number for number, _ in items),
        )
        for currency, items in found.items()
    ]


def _months(first: date, last: date) -> Iterator[Period]:
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield month_period(year, month)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def unbilled_months(workspace: Workspace, project_id: str, as_of: date) -> list[Period]:
    """Months of a running monthly contract that ended by ``as_of`` and that no invoice's period covers.

    A month counts from the later of the contract's date and the project's
    start, to the contract's ``valid_until``; a month is billed after it ends
    (the services of a month are invoiced once supplied).
    """
    project = workspace.projects[project_id].model
    contracts = [
        d.model
        for d in workspace.documents_of("contract", project_id)
        if isinstance(d.model, Contract) and billing_model(d.model, project) == "monthly"
    ]
    covered = [
        (m.period.start, m.period.end)
        for d in workspace.documents_of("invoice", project_id)
        if isinstance(m := d.model, Invoice) and m.void is None and m.period is not None
    ]
    missing: dict[date, Period] = {}
    for contract in contracts:
        first = max(contract.date, project.start)
        last = min(contract.valid_until or as_of, as_of)
        for month in _months(first, last):
            if month.end > as_of or month.start in missing or not monthly_fees(project, contract):
                continue
            if not any(start <= month.end and month.start <= end for start, end in covered):
                missing[month.start] = month
    return [missing[key] for key in sorted(missing)]
