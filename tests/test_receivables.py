"""``agencydocs receivables`` and domain/receivables.py: open amounts by aging bucket, figures by hand.

The fixture (tests/payments_fixture.py) with two payments recorded here:
globex pays 1000.00 EUR on 2026-018 on 2026-11-20, romashka 100000.00 RUB
on 2026-019 on 2026-12-10. Totals and due dates are in the fixture's docstring.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from agencydocs.commands.check import check
from agencydocs.commands.receivables import neutralise_cell
from agencydocs.domain.receivables import BUCKETS, bucket_of, receivables, totals_by_currency
from tests.helpers import replace_in_file, run_cli
from tests.payments_fixture import payments_workspace

D = Decimal
ZERO = D("0.00")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = payments_workspace(tmp_path)
    (root / "payments/globex.yaml").write_text(
        "payments:\n  - date: 2026-11-20\n    amount: 1000.00\n    currency: EUR\n"
        "    settles:\n      - invoice: 2026-018\n",
        encoding="utf-8",
    )
    (root / "payments/romashka.yaml").write_text(
        "payments:\n  - date: 2026-12-10\n    amount: 100000.00\n    currency: RUB\n"
        "    settles:\n      - invoice: 2026-019\n",
        encoding="utf-8",
    )
    return root


def _buckets(*amounts: str) -> dict[str, Decimal]:
    return dict(zip(BUCKETS, map(D, amounts), strict=True))


@pytest.mark.parametrize(
    ("days", "bucket"),
    [(0, "not due"), (1, "1-30"), (30, "1-30"), (31, "31-60"), (60, "31-60"), (61, "61-90"), (90, "61-90"),
     (91, "over 90"), (4000, "over 90")],
)  # fmt: skip
def test_bucket_limits(days: int, bucket: str) -> None:
    assert bucket_of(days) == bucket


def test_aging_at_the_end_of_the_year(root: Path) -> None:
    groups = receivables(check(root).workspace, date(2026, 12, 31))
    summary = {(g.client, g.currency): (g.buckets, g.total) for g in groups}
    assert summary == {
        # 2026-018: 4473.00 - 1000.00 = 3473.00, due 11-17, 13 + 31 = 44 days; 2026-022: 1000.00, due 12-11,
        # 20 days.
        ("globex", "EUR"): (_buckets("0", "1000.00", "3473.00", "0", "0"), D("4473.00")),
        # 2026-020: 1153.75 less credit note CN-2026-001 (65.00) = 1088.75, due 12-02, 29 days.
        ("initech", "USD"): (_buckets("0", "1088.75", "0", "0", "0"), D("1088.75")),
        # 2026-014: 524600.00, due 10-27, 4 + 30 + 31 = 65 days; 2026-019: 445300.00 - 100000.00 = 345300.00,
        # due 11-30, 31 days; 2026-021: 36600.00, due 12-03, 28 days. Total 906500.00.
        ("romashka", "RUB"): (_buckets("0", "36600.00", "345300.00", "524600.00", "0"), D("906500.00")),
    }
    romashka = next(g for g in groups if g.client == "romashka")
    assert [(i.number, i.total, i.paid, i.open, i.days_overdue) for i in romashka.invoices] == [
        ("2026-014", D("524600.00"), ZERO, D("524600.00"), 65),
        ("2026-019", D("445300.00"), D("100000.00"), D("345300.00"), 31),
        ("2026-021", D("36600.00"), ZERO, D("36600.00"), 28),
    ]


def test_a_payment_after_the_date_does_not_count_yet(root: Path) -> None:
    groups = receivables(check(root).workspace, date(2026, 12, 1))
    summary = {g.client: g.buckets for g in groups}
    # romashka's 100000.00 arrives on 12-10: 2026-019 (445300.00) is open in full, 1 day past due (11-30);
    # 2026-014 is 4 + 30 + 1 = 35 days past due (10-27); 2026-021 (due 12-03) not yet.
    assert summary["romashka"] == _buckets("36600.00", "445300.00", "524600.00", "0", "0")
    # globex: 2026-018 3473.00, 14 days (due 11-17); 2026-022 due 12-11.
    assert summary["globex"] == _buckets("1000.00", "3473.00", "0", "0", "0")
    # initech: 2026-020 due 12-02, 1153.75 less the 65.00 credit note.
    assert summary["initech"] == _buckets("1088.75", "0", "0", "0", "0")


def test_over_ninety_days(root: Path) -> None:
    groups = receivables(check(root).workspace, date(2027, 2, 1), client="romashka")
    # 2026-014 (due 10-27): 4 + 30 + 31 + 31 + 1 = 97 days; 2026-019 (due 11-30, 345300.00 open):
    # 31 + 31 + 1 = 63 days; 2026-021 (due 12-03): 28 + 31 + 1 = 60 days.
    assert groups[0].buckets == _buckets("0", "0", "36600.00", "345300.00", "524600.00")
    assert totals_by_currency(groups) == {
        "RUB": {**_buckets("0", "0", "36600.00", "345300.00", "524600.00"), "total": D("906500.00")}
    }


def test_paid_draft_and_void_invoices_are_not_receivable(root: Path) -> None:
    replace_in_file(root / "projects/romashka-site/invoices/2026-021.yaml", "issued: 2026-11-26\n", "")
    replace_in_file(
        root / "projects/globex-seo/invoice-2026-022.yaml", "issued: 2026-11-27\n", "void: wrong client\n"
    )
    (root / "payments/initech.yaml").write_text(
        "payments:\n  - date: 2026-12-20\n    amount: 1088.75\n    currency: USD\n"
        "    settles:\n      - invoice: 2026-020\n",
        encoding="utf-8",
    )
    groups = receivables(check(root).workspace, date(2026, 12, 31))
    assert {g.client: [i.number for i in g.invoices] for g in groups} == {
        "globex": ["2026-018"],
        "romashka": ["2026-014", "2026-019"],
    }


def test_json_gives_exact_decimal_strings(root: Path) -> None:
    result = run_cli(
        ["-C", str(root), "receivables", "--as-of", "2026-12-31", "--format", "json", "--client", "globex"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2026-12-31"
    assert data["clients"][0]["buckets"] == {
        "not due": "0.00", "1-30": "1000.00", "31-60": "3473.00", "61-90": "0.00", "over 90": "0.00",
    }  # fmt: skip
    assert data["clients"][0]["invoices"][0] == {
        "number": "2026-018", "project": "globex-seo", "date": "2026-11-02", "due": "2026-11-17",
        "total": "4473.00", "paid": "1000.00", "open": "3473.00", "days_overdue": 44, "bucket": "31-60",
    }  # fmt: skip
    assert data["totals"] == {
        "EUR": {"not due": "0.00", "1-30": "1000.00", "31-60": "3473.00", "61-90": "0.00", "over 90": "0.00",
                "total": "4473.00"},
    }  # fmt: skip


def test_text_lists_each_client_and_the_totals(root: Path) -> None:
    result = run_cli(["-C", str(root), "receivables", "--as-of", "2026-12-31"])
    lines = result.stdout.splitlines()
    assert lines[0] == "Receivables as of 2026-12-31"
    at = lines.index("initech (USD)")
    assert lines[at + 2].split() == ["0.00", "1088.75", "0.00", "0.00", "0.00", "1088.75"]
    assert lines[at + 3].split() == [
        "2026-020", "initech-support", "due", "2026-12-02", "open", "1088.75", "of", "1153.75", "29", "day(s)", "overdue",
    ]  # fmt: skip
    assert lines[-1].split() == ["USD", "0.00", "1088.75", "0.00", "0.00", "0.00", "1088.75"]


def test_csv_cells_never_run_as_formulas(root: Path) -> None:
    invoice = root / "projects/romashka-site/invoices/2026-021.yaml"
    replace_in_file(invoice, "number: 2026-021", 'number: "=HYPERLINK(\\"http://x\\")"')
    # ... and the letter enclosing it follows the new number.
    letter = root / "projects/romashka-site/letters/1-2026.yaml"
    replace_in_file(letter, "document: 2026-021", 'document: "=HYPERLINK(\\"http://x\\")"')
    result = run_cli(
        ["-C", str(root), "receivables", "--as-of", "2026-12-31", "--format", "csv", "--client", "romashka"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["client", "currency", "invoice", "project", "date", "due", "total", "paid", "open",
                       "days_overdue", "bucket"]  # fmt: skip
    assert rows[1:] == [
        ["romashka", "RUB", "2026-014", "romashka-site", "2026-10-16", "2026-10-27", "524600.00", "0.00",
         "524600.00", "65", "61-90"],
        ["romashka", "RUB", "2026-019", "romashka-site", "2026-11-23", "2026-11-30", "445300.00", "100000.00",
         "345300.00", "31", "31-60"],
        ["romashka", "RUB", "'=HYPERLINK(\"http://x\")", "romashka-site", "2026-11-26", "2026-12-03", "36600.00",
         "0.00", "36600.00", "28", "1-30"],
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("cell", "written"),
    [("=1+1", "'=1+1"), ("+7 812", "'+7 812"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
     ("2026-014", "2026-014"), ("", "")],
)  # fmt: skip
def test_neutralise_cell(cell: str, written: str) -> None:
    assert neutralise_cell(cell) == written


def test_an_unknown_client_is_a_usage_error(root: Path) -> None:
    result = run_cli(["-C", str(root), "receivables", "--client", "acme"])
    assert result.exit_code == 2
    assert (
        'Invalid value for --client: no client "acme"; clients: globex, initech, nordlicht, romashka'
        in result.stderr
    )
