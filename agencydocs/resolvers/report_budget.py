"""The budget a status report measures its period's hours and money against.

A report covers a period, usually a month. Measuring a month's hours against
the whole project's budget shows every month as a small share of it, so the
period's budget is, for hours and money each, the first of:

1. the report's own ``budget``: this period's, as written;
2. the project's ``budget`` with ``per: month``, prorated to the period;
3. for money only: the monthly fees of the contract in force
   (``billing: monthly``: its milestones' prices), prorated likewise;
4. the project's whole budget, only when the period spans the whole project
   (from its start to its deadline).

Otherwise there is nothing fair to compare with, and the report shows the
hours alone. Prorating counts days: each day is 1/28 to 1/31 of its month,
so a calendar month is exactly one monthly budget.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from agencydocs.domain import money, retainer
from agencydocs.models.documents import Contract, Report
from agencydocs.models.documents.common import Period
from agencydocs.models.project import Project
from agencydocs.workspace import SourceDocument, Workspace

HOURS_QUANTUM = Decimal("0.01")


@dataclass(frozen=True)
class PeriodBudget:
    """The period's hours and money budget, and where each comes from (a label key, "" for none)."""

    hours: Decimal | None = None
    amount: Decimal | None = None
    hours_basis: str = ""
    amount_basis: str = ""
    contract: str = ""  # the contract whose monthly fees make the money budget


def period_budget(workspace: Workspace, source: SourceDocument, currency: str) -> PeriodBudget:
    """The budget of a checked report's period (see the module docstring for the order)."""
    report = source.model
    assert isinstance(report, Report)
    project = workspace.projects[source.project_id].model
    months = month_share(report.period)
    hours, hours_basis = _hours(report, project, months)
    amount, amount_basis = _amount(report, project, months, currency)
    contract = ""
    if amount is None:
        fees = _monthly_fees(workspace, source, project, report.period, currency)
        if fees is not None:
            contract, monthly = fees
            amount, amount_basis = _prorate_money(monthly, months, currency), "budget_basis_contract"
    return PeriodBudget(hours, amount, hours_basis, amount_basis, contract)


def month_share(period: Period) -> Fraction:
    """How many months the period spans, counted by days: October = 1, 1-7 October = 7/31."""
    share = Fraction(0)
    first = period.start
    while True:
        length = calendar.monthrange(first.year, first.month)[1]
        month_end = first.replace(day=length)
        share += Fraction((min(month_end, period.end) - first).days + 1, length)
        if month_end >= period.end:  # also keeps clear of date.max
            return share
        first = month_end + timedelta(days=1)


def _hours(report: Report, project: Project, months: Fraction) -> tuple[Decimal | None, str]:
    if report.budget is not None and report.budget.hours:
        return report.budget.hours, "budget_basis_report"
    budget = project.budget
    if budget is None or not budget.hours:
        return None, ""
    if budget.per == "month":
        return _scale(budget.hours, months).quantize(HOURS_QUANTUM, ROUND_HALF_UP), "budget_basis_month"
    if _spans_project(report.period, project):
        return budget.hours, "budget_basis_project"
    return None, ""


def _amount(report: Report, project: Project, months: Fraction, currency: str) -> tuple[Decimal | None, str]:
    if report.budget is not None and report.budget.amount:
        return report.budget.amount, "budget_basis_report"
    budget = project.budget
    if budget is None or not budget.amount:
        return None, ""
    if budget.per == "month":
        return _prorate_money(budget.amount, months, currency), "budget_basis_month"
    if _spans_project(report.period, project):
        return budget.amount, "budget_basis_project"
    return None, ""


def _spans_project(period: Period, project: Project) -> bool:
    return project.deadline is not None and period.start <= project.start and period.end >= project.deadline


def _scale(value: Decimal, share: Fraction) -> Decimal:
    return value * share.numerator / share.denominator


def _prorate_money(monthly: Decimal, months: Fraction, currency: str) -> Decimal:
    return money.round_money(_scale(monthly, months), currency)


def _monthly_fees(
    workspace: Workspace, source: SourceDocument, project: Project, period: Period, currency: str
) -> tuple[str, Decimal] | None:
    """The number and monthly total of the latest ``billing: monthly`` contract in force in the period."""
    found = retainer.monthly_contract(workspace, source.project_id, period)
    if found is None:
        return None
    contract = found.model
    assert isinstance(contract, Contract)
    total = retainer.monthly_total(project, contract, currency)
    return (contract.number, total) if total else None
