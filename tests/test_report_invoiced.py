"""A status report shows the amount invoiced for its period beside the budget and the time (#13 item 6)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from agencydocs.commands.check import check
from agencydocs.domain.retainer import Invoiced, invoiced_in_period, month_period
from agencydocs.kinds import resolve
from agencydocs.resolvers.report import ReportContext
from tests.helpers import example_workspace, replace_in_file, run_cli
from tests.test_build import READERS

REPORT = "projects/globex-seo/reports/2026-10.yaml"
INVOICE = "projects/globex-seo/invoice-2026-018.yaml"
OUT = "output/globex/globex-seo/report-2026-10"
OCTOBER = month_period(2026, 10)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return example_workspace(tmp_path)


def _figures(root: Path) -> list[tuple[str, str, str]]:
    result = check(root)
    source = next(d for d in result.workspace.documents if d.file.display == REPORT)
    context = resolve(result.workspace, source)
    assert isinstance(context, ReportContext)
    return [(f.label, f.value, f.note) for f in context.figures]


def _invoiced(root: Path) -> list[Invoiced]:
    result = check(root)
    assert not result.errors, [p.format() for p in result.problems]
    return invoiced_in_period(result.workspace, "globex-seo", OCTOBER)


def test_the_octobers_invoice_in_every_format(root: Path) -> None:
    result = run_cli(["-C", str(root), "build", "-j1", str(root / REPORT)])
    assert result.exit_code == 0, result.output
    for fmt, read in READERS.items():
        text = read(root / f"{OUT}.{fmt}")
        # Invoice 2026-018: the three monthly fees (3,600.00) and six texts at 145.50 (873.00), no VAT
        # (export of services); beside the budget's €2,960.00 of €3,600.00 and the 33 hours. The PDF
        # sets the figures side by side in capitals: their parts are read one by one there.
        if fmt == "pdf":
            assert "HOURS BUDGET, EUR INVOICED ORGANIC SESSIONS 33 h €2,960.00 €4,473.00 16,320" in text
            assert "of 40 h · 82.5% of €3,600.00 · 82.2% net of VAT · invoice 2026-018" in text
        else:
            assert "Invoiced €4,473.00 net of VAT · invoice 2026-018" in text, fmt
            assert "Budget, EUR €2,960.00 of €3,600.00" in text, fmt
            assert "Hours 33 h of 40 h" in text, fmt


def test_the_invoices_of_a_period_by_their_period_or_date(root: Path) -> None:
    assert _invoiced(root) == [Invoiced("EUR", Decimal("4473.00"), Decimal("4473.00"), ("2026-018",))]
    # An invoice without a period counts by its date: dated in November, it is not October's.
    replace_in_file(root / INVOICE, "period:\n  start: 2026-10-01\n  end: 2026-10-31\n", "")
    assert _invoiced(root) == []
    replace_in_file(root / INVOICE, "date: 2026-11-02", "date: 2026-10-30")
    replace_in_file(root / INVOICE, "issued: 2026-11-02", "issued: 2026-10-30")
    assert _invoiced(root) == [Invoiced("EUR", Decimal("4473.00"), Decimal("4473.00"), ("2026-018",))]


def test_a_void_invoice_counts_nowhere(root: Path) -> None:
    replace_in_file(
        root / INVOICE, "issued: 2026-11-02\n", "issued: 2026-11-02\nvoid: billed twice by mistake\n"
    )
    replace_in_file(
        root / "projects/globex-seo/act-2026-015.yaml",
        "invoice: 2026-018\n",
        "lines:\n  - milestone: links\n",
    )
    assert invoiced_in_period(check(root).workspace, "globex-seo", OCTOBER) == []


def test_a_retainer_month_without_invoice_shows_zero(root: Path) -> None:
    replace_in_file(root / INVOICE, "start: 2026-10-01", "start: 2026-09-01")
    replace_in_file(root / INVOICE, "end: 2026-10-31", "end: 2026-09-30")
    figures = _figures(root)
    assert ("Invoiced", "€0.00", "no invoice for this period yet") in figures
    assert [label for label, _, _ in figures] == ["Hours", "Budget, EUR", "Invoiced", "Organic sessions"]


def test_a_project_without_monthly_contract_and_invoice_shows_no_figure(root: Path) -> None:
    contract = root / "projects/globex-seo/contract-gx-2026-07.yaml"
    replace_in_file(contract, "billing: monthly", "billing: stages")
    replace_in_file(root / INVOICE, "start: 2026-10-01", "start: 2026-09-01")
    replace_in_file(root / INVOICE, "end: 2026-10-31", "end: 2026-09-30")
    assert "Invoiced" not in [label for label, _, _ in _figures(root)]


def test_in_russian(root: Path) -> None:
    replace_in_file(root / REPORT, "kind: report\n", "kind: report\nlocale: ru\n")
    figures = _figures(root)
    assert ("Выставлено счетов", "4 473,00 €", "без НДС · счёт № 2026-018") in [
        (label, value.replace("\u00a0", " "), note) for label, value, note in figures
    ]


def test_month_period() -> None:
    assert (OCTOBER.start, OCTOBER.end) == (date(2026, 10, 1), date(2026, 10, 31))
