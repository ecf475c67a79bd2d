"""A status report measures its own period: the month's hours against the month's budget, headings from the report.

The example report covers October 2026 of the globex SEO retainer: 33 hours
and EUR 2,960.00 logged (tests/test_reports.py reads them from the CSV), a
project budget of 40 h and EUR 3,600.00 per month, and contract GX-2026-07
whose monthly fees (its workstreams) add up to EUR 3,600.00.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from agencydocs.building.builder import build
from agencydocs.building.dependencies import InputState, resolve_recorded
from agencydocs.commands.check import check
from agencydocs.models.documents.common import Period
from agencydocs.resolvers.report_budget import month_share
from tests.helpers import example_workspace, replace_in_file
from tests.test_build import READERS
from tests.test_reports import OUT, REPORT, report_context

PROJECT = "projects/globex-seo/project.yaml"
CONTRACT = "projects/globex-seo/contract-gx-2026-07.yaml"
MONTHLY = "budget:                 # per month: status reports measure each month against it\n"


def _whole_project_budget(root: Path, hours: str = "400", amount: str = "36000.00") -> None:
    """Make the project's budget one for the whole project, ten times the monthly one."""
    replace_in_file(root / PROJECT, "  per: month\n", "")
    replace_in_file(
        root / PROJECT, "  amount: 3600.00\n  hours: 40\n", f"  amount: {amount}\n  hours: {hours}\n"
    )


def _stage_contract(root: Path) -> None:
    replace_in_file(root / CONTRACT, "billing: monthly", "billing: stages")


def _period(root: Path, start: str, end: str) -> None:
    replace_in_file(
        root / REPORT, "  start: 2026-10-01\n  end: 2026-10-31", f"  start: {start}\n  end: {end}"
    )


def _budget(root: Path) -> tuple[Decimal | None, Decimal | None, float | None, str]:
    time = report_context(root).time
    assert time is not None
    return (
        time.budget_hours,
        time.budget_money,
        time.chart.spec.limit if time.chart else None,
        time.budget_note,
    )


def test_a_month_is_measured_against_the_monthly_budget(workspace: Path) -> None:
    assert _budget(workspace) == (
        Decimal(40),
        Decimal("3600.00"),
        40.0,
        "Budget for this period: the project's monthly budget.",
    )


@pytest.mark.parametrize(
    ("start", "end", "hours", "amount"),
    [
        # 15 of October's 31 days: 40 x 15/31 h and 3,600 x 15/31 EUR.
        ("2026-10-01", "2026-10-15", "19.35", "1741.94"),
        ("2026-08-01", "2026-10-31", "120.00", "10800.00"),  # a quarter: three monthly budgets
    ],
    ids=["half-month", "quarter"],
)
def test_the_monthly_budget_is_prorated_to_the_period(
    workspace: Path, start: str, end: str, hours: str, amount: str
) -> None:
    _period(workspace, start, end)
    budget_hours, budget_money, limit, _ = _budget(workspace)
    assert (budget_hours, budget_money) == (Decimal(hours), Decimal(amount))
    assert limit == float(hours)


def test_a_month_is_not_measured_against_the_whole_project_budget(workspace: Path) -> None:
    _whole_project_budget(workspace)
    _stage_contract(workspace)
    time = report_context(workspace).time
    assert time is not None
    assert (time.budget_hours, time.budget_money, time.budget, time.budget_note) == (None, None, (), "")
    assert time.chart is not None and time.chart.spec.limit is None
    assert [s.name for s in time.chart.spec.series] == ["Hours used"]  # no even pace to a budget
    figures = report_context(workspace).figures
    assert figures[0].label == "Hours" and figures[0].value == "33" and figures[0].note == ""


def test_without_a_monthly_budget_the_contracts_monthly_fees_are_the_money_budget(workspace: Path) -> None:
    _whole_project_budget(workspace)
    assert _budget(workspace) == (
        None,
        Decimal("3600.00"),
        None,
        "Budget for this period: the monthly fees of contract GX-2026-07.",
    )


def test_the_whole_project_budget_counts_for_a_report_over_the_whole_project(workspace: Path) -> None:
    _whole_project_budget(workspace, hours="35", amount="3000.00")
    _stage_contract(workspace)
    replace_in_file(workspace / PROJECT, "start: 2026-07-01\n", "start: 2026-10-01\ndeadline: 2026-10-31\n")
    assert _budget(workspace) == (
        Decimal(35),
        Decimal("3000.00"),
        35.0,
        "Budget for this period: the whole project's budget.",
    )


def test_the_reports_own_budget_comes_first_field_by_field(workspace: Path) -> None:
    replace_in_file(workspace / REPORT, "time:\n  csv:", "budget: {hours: 30}\ntime:\n  csv:")
    assert _budget(workspace) == (
        Decimal(30),
        Decimal("3600.00"),
        30.0,
        "Budget for this period: hours — set in this report; money — the project's monthly budget.",
    )


def test_metric_headings_come_from_the_report_and_its_groups(workspace: Path) -> None:
    sections = report_context(workspace).metric_sections
    assert [(s.title, len(s.metrics)) for s in sections] == [("SEO results", 3)]
    replace_in_file(workspace / REPORT, "metrics_title: {en: SEO results, ru: Результаты SEO}\n", "")
    assert [s.title for s in report_context(workspace).metric_sections] == ["Results"]
    replace_in_file(
        workspace / REPORT,
        "  - name: {en: Keywords in the top 10, ru: Запросов в топ-10}\n",
        "  - name: {en: Keywords in the top 10, ru: Запросов в топ-10}\n"
        "    group: {en: Lighthouse scores, ru: Оценки Lighthouse}\n",
    )
    sections = report_context(workspace).metric_sections
    assert [(s.title, [m.name for m in s.metrics]) for s in sections][1] == (
        "Lighthouse scores",
        ["Keywords in the top 10"],
    )
    assert sections[0].title == "Results" and len(sections[0].metrics) == 2


@pytest.fixture(scope="module")
def web_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example report as a web project's: Lighthouse scores, a whole-project budget, stage billing."""
    root = example_workspace(tmp_path_factory.mktemp("web-report"))
    _whole_project_budget(root)
    _stage_contract(root)
    replace_in_file(
        root / REPORT,
        "metrics_title: {en: SEO results, ru: Результаты SEO}\n",
        "metrics_title: Lighthouse scores\n",
    )
    build(root, selection=[(root / REPORT).resolve()], formats=("html", "docx"))
    return root


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_a_web_reports_output_has_its_own_heading_and_no_project_budget(web_report: Path, fmt: str) -> None:
    text = READERS[fmt](web_report / f"{OUT['report']}.{fmt}")
    assert "Lighthouse scores" in text and "SEO results" not in text
    assert "Time and budget" in text and "Hours by person" in text
    # Neither the whole project's budget nor a burn table: a month of 400 hours would read as 8%.
    assert "36,000" not in text and "Remaining" not in text and "Budget for this period" not in text


@pytest.mark.parametrize("monthly_budget", [False, True])
def test_a_report_is_rebuilt_when_its_projects_contract_changes_if_it_reads_it(
    workspace: Path, monthly_budget: bool
) -> None:
    # Without a monthly budget the contract's fees are the report's money budget. The
    # report also prints what the period's invoice (2026-018, which cites the contract)
    # comes to, by the contract's terms: the build records the contract either way, and
    # a change to it changes the report only where the fees made the budget.
    if not monthly_budget:
        _whole_project_budget(workspace)
    ws = check(workspace).workspace
    source = next(d for d in ws.documents if d.file.display == REPORT)
    before, inputs = resolve_recorded(ws, source)
    assert CONTRACT in inputs.files
    assert InputState(check(workspace).workspace).unchanged(inputs)
    _stage_contract(workspace)
    assert not InputState(check(workspace).workspace).unchanged(inputs)
    assert (report_context(workspace) == before) is monthly_budget


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ("2026-10-01", "2026-10-31", Fraction(1)),
        ("2026-02-01", "2026-02-28", Fraction(1)),
        ("2026-10-01", "2026-10-15", Fraction(15, 31)),
        ("2026-10-15", "2026-11-14", Fraction(17, 31) + Fraction(14, 30)),
        ("2026-01-01", "2026-12-31", Fraction(12)),
        ("9999-12-01", "9999-12-31", Fraction(1)),
    ],
)
def test_a_period_counts_months_by_days(start: str, end: str, months: Fraction) -> None:
    period = Period(start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end))
    assert month_share(period) == months
