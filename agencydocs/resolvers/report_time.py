"""Time of a status report: sums by person and milestone, against the budget, and the burn chart.

Hours x rate, and whose rate applies, are decided in
:mod:`agencydocs.domain.timesheet`; this module sums and prints them.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from babel.dates import format_date as babel_date

from agencydocs.domain.timesheet import Key, TimeSums, hourly_rate, time_sums
from agencydocs.i18n.formatting import format_date, format_quantity
from agencydocs.models.base import localize
from agencydocs.models.documents import Report
from agencydocs.rendering.charts import Chart, ChartSpec, Series, as_floats
from agencydocs.resolvers.letterhead import format_share, percent
from agencydocs.resolvers.report_budget import PeriodBudget
from agencydocs.resolvers.subject import ProjectSubject
from agencydocs.resolvers.totals import display_money
from agencydocs.workspace.timesheet import Entry, find_person

ZERO = Decimal(0)


@dataclass(frozen=True)
class TimeRow:
    label: str
    detail: str  # the person's role, or the milestone's status
    hours: str
    rate: str
    amount: str
    share: str  # of all hours
    strong: bool = False
    key: str = ""  # the person's or milestone's id


@dataclass(frozen=True)
class BudgetRow:
    label: str
    budget: str
    spent: str
    burn: str  # "86.3%"
    remaining: str  # negative when over budget
    over: bool
    unit: str = ""  # " h" after hour figures


@dataclass(frozen=True)
class EntryRow:
    date: str
    person: str
    task: str
    milestone: str
    hours: str


@dataclass(frozen=True)
class TimeView:
    """Everything the time section prints, plus the exact figures behind it."""

    by_person: tuple[TimeRow, ...]
    by_milestone: tuple[TimeRow, ...]
    total: TimeRow
    budget: tuple[BudgetRow, ...]
    budget_note: str  # where the period's budget comes from, "" without a budget
    entries: tuple[EntryRow, ...]
    chart: Chart | None
    show_money: bool
    currency: str
    hours_value: Decimal
    money_value: Decimal | None
    budget_hours: Decimal | None
    budget_money: Decimal | None


def time_view(
    subject: ProjectSubject, report: Report, entries: list[Entry], currency: str, budget: PeriodBudget
) -> TimeView | None:
    """The time section, or None when the report has no entries in its period.

    ``budget`` is the period's own (:func:`~agencydocs.resolvers.report_budget.period_budget`),
    never the whole project's when the report covers a month of it.
    """
    period = report.period
    counted = sorted(
        (e for e in entries if period.start <= e.date <= period.end), key=lambda e: (e.date, e.person)
    )
    if not counted:
        return None
    ids = {e.person: _person_id(subject, e.person) for e in counted}
    sums = _sums(subject, counted, ids, currency)
    rows = _RowMaker(subject, sums, currency)
    people = sorted({k[0] for k in sums.hours}, key=lambda p: (-_hours_of(sums, p), p))
    milestones = sorted({k[1] for k in sums.hours}, key=lambda m: (m is None, _milestone_order(subject, m)))
    total = rows.row(subject.labels("report_total"), "", list(sums.hours))
    return TimeView(
        by_person=tuple(
            rows.row(*_person_label(subject, p), [k for k in sums.hours if k[0] == p], _rate(subject, p), p)
            for p in people
        ),
        by_milestone=tuple(
            rows.row(*_milestone_label(subject, m), [k for k in sums.hours if k[1] == m], key=m or "")
            for m in milestones
        ),
        total=dataclasses.replace(total, strong=True),
        budget=_budget_rows(subject, budget, rows.total_hours, sums.total_money, currency),
        budget_note=_budget_note(subject, budget, money_shown=sums.total_money is not None),
        entries=tuple(_entry_row(subject, e, ids[e.person]) for e in counted),
        chart=_burn_chart(subject, report, counted, budget),
        show_money=sums.amounts is not None,
        currency=currency,
        hours_value=rows.total_hours,
        money_value=sums.total_money,
        budget_hours=budget.hours,
        budget_money=budget.amount,
    )


@dataclass(frozen=True)
class _RowMaker:
    """Prints the sums of some (person, milestone) keys as one row of a time table."""

    subject: ProjectSubject
    sums: TimeSums
    currency: str

    @property
    def total_hours(self) -> Decimal:
        return sum(self.sums.hours.values(), ZERO)

    def row(
        self, label: str, detail: str, keys: list[Key], rate: Decimal | None = None, key: str = ""
    ) -> TimeRow:
        labels, locale, currency = self.subject.labels, self.subject.locale, self.currency
        hours = sum((self.sums.hours[k] for k in keys), ZERO)
        amounts = self.sums.amounts
        amount = sum((amounts[k] for k in keys), ZERO) if amounts is not None else None
        return TimeRow(
            label=label,
            detail=detail,
            hours=format_quantity(hours, locale),
            rate=display_money(rate, currency, labels) if rate is not None else "",
            amount=display_money(amount, currency, labels) if amount is not None else "",
            share=format_share(percent(hours, self.total_hours), locale),
            key=key,
        )


def _person_id(subject: ProjectSubject, value: str) -> str:
    person = find_person(subject.agency, value)
    assert person is not None, "check guarantees time entries name team members"
    return person.id


def _rate(subject: ProjectSubject, person_id: str) -> Decimal | None:
    return hourly_rate(subject.project, subject.agency, person_id)


def _sums(subject: ProjectSubject, entries: list[Entry], ids: dict[str, str], currency: str) -> TimeSums:
    hours: dict[Key, Decimal] = defaultdict(lambda: ZERO)
    for entry in entries:
        hours[(ids[entry.person], entry.milestone)] += entry.hours
    return time_sums(hours, subject.project, subject.agency, currency)


def _hours_of(sums: TimeSums, person: str) -> Decimal:
    return sum((h for k, h in sums.hours.items() if k[0] == person), ZERO)


def _person_label(subject: ProjectSubject, person_id: str) -> tuple[str, str]:
    person = subject.agency.person(person_id)
    assert person is not None
    return localize(person.name, subject.locale), localize(person.role, subject.locale)


def _milestone_order(subject: ProjectSubject, milestone_id: str | None) -> int:
    ids = [m.id for m in subject.project.milestones]
    return ids.index(milestone_id) if milestone_id in ids else len(ids)


def _milestone_label(subject: ProjectSubject, milestone_id: str | None) -> tuple[str, str]:
    milestone = subject.project.milestone(milestone_id) if milestone_id else None
    if milestone is None:
        return subject.labels("report_no_milestone"), ""
    return localize(milestone.title, subject.locale), subject.labels(f"milestone_status_{milestone.status}")


def _entry_row(subject: ProjectSubject, entry: Entry, person_id: str) -> EntryRow:
    locale = subject.locale
    milestone = subject.project.milestone(entry.milestone) if entry.milestone else None
    return EntryRow(
        date=format_date(entry.date, locale, "short"),
        person=_person_label(subject, person_id)[0],
        task=entry.task,
        milestone=localize(milestone.title, locale) if milestone else "",
        hours=format_quantity(entry.hours, locale),
    )


def _budget_note(subject: ProjectSubject, budget: PeriodBudget, *, money_shown: bool) -> str:
    """``Budget for this period: the project's monthly budget.`` (hours and money apart when they differ)."""
    labels = subject.labels
    shown = (("hours", budget.hours_basis, bool(budget.hours)), ("money", budget.amount_basis, money_shown))
    bases = {
        name: labels(key, contract=budget.contract)
        for name, key, has_row in shown
        if key and has_row and (name == "hours" or budget.amount)
    }
    if not bases:
        return ""
    if len(set(bases.values())) == 1:
        return labels("report_budget_basis", basis=next(iter(bases.values())))
    return labels("report_budget_bases", hours=bases["hours"], money=bases["money"])


def _budget_rows(
    subject: ProjectSubject, budget: PeriodBudget, hours: Decimal, spent: Decimal | None, currency: str
) -> tuple[BudgetRow, ...]:
    labels, locale = subject.labels, subject.locale
    rows = []
    if budget.hours:
        left = budget.hours - hours
        rows.append(
            BudgetRow(
                label=labels("report_budget_hours"),
                budget=format_quantity(budget.hours, locale),
                spent=format_quantity(hours, locale),
                burn=format_share(percent(hours, budget.hours), locale),
                remaining=format_quantity(left, locale)
                if left >= 0
                else f"-{format_quantity(-left, locale)}",
                over=left < 0,
                unit=labels("chart_hours_unit"),
            )
        )
    if budget.amount and spent is not None:
        left = budget.amount - spent
        remaining = display_money(abs(left), currency, labels)
        rows.append(
            BudgetRow(
                label=labels("report_budget_money", currency=currency),
                budget=display_money(budget.amount, currency, labels),
                spent=display_money(spent, currency, labels),
                burn=format_share(percent(spent, budget.amount), locale),
                remaining=remaining if left >= 0 else f"-{remaining}",
                over=left < 0,
            )
        )
    return tuple(rows)


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def _burn_chart(subject: ProjectSubject, report: Report, entries: list[Entry], budget: PeriodBudget) -> Chart:
    """Cumulative hours by day, the even pace to the budget, and the budget line."""
    labels, locale = subject.labels, subject.locale
    days = _days(report.period.start, report.period.end)
    cumulative: list[Decimal] = []
    running, by_day = ZERO, defaultdict[date, Decimal](lambda: ZERO)
    for entry in entries:
        by_day[entry.date] += entry.hours
    for day in days:
        running += by_day[day]
        cumulative.append(running)
    series = [Series(labels("chart_actual_hours"), as_floats(cumulative))]
    limit_label = ""
    if budget.hours:
        pace = [budget.hours * (n + 1) / len(days) for n in range(len(days))]
        series.append(Series(labels("chart_even_pace"), as_floats(pace), emphasis=False, dashed=True))
        limit_label = labels("chart_budget_hours", hours=format_quantity(budget.hours, locale))
    step = 1 if len(days) <= 10 else 7 * -(-len(days) // 70)
    spec = ChartSpec(
        kind="burn",
        title=labels("chart_burn_title"),
        categories=tuple(babel_date(d, "d MMM", locale=locale) for d in days),
        series=tuple(series),
        color=subject.agency.brand_color,
        locale=locale,
        width_mm=170,
        height_mm=62,
        y_label=labels("chart_hours_axis"),
        limit=float(budget.hours) if budget.hours else None,
        limit_label=limit_label,
        unit=labels("chart_hours_unit"),
        label_step=step,
    )
    return Chart("burn", spec, alt=labels("chart_burn_title"))
