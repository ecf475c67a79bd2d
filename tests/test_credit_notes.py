"""Credit notes: an issued invoice reduced line by line or as a whole, VAT by the invoice's regime.

The example's CN-2026-001 takes one hour (65.00 USD, no Russian VAT: an
export of services) off initech's invoice 2026-020. The 22% cases reduce
romashka's invoice 2026-019 (365,000.00 net + 22% VAT = 445,300.00; 200,000.00 paid).
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from agencydocs.commands.check import check
from agencydocs.domain.credit import credit_totals
from agencydocs.domain.ledger import balances, credit_note_entries
from tests.helpers import build_file_tree, line_of, replace_in_file, run_cli
from tests.test_build import READERS

EXAMPLE_NOTE = "projects/initech-support/credit-note-2026-001.yaml"
INVOICE_020 = "projects/initech-support/invoice-2026-020.yaml"
INVOICE_019 = "projects/romashka-site/invoices/2026-019.yaml"
NOTE_019 = "projects/romashka-site/credit_notes/CN-2026-002.yaml"


def credit_note(body: str, number: str = "CN-2026-002", invoice: str = "2026-019") -> str:
    return f"kind: credit_note\nnumber: {number}\ndate: 2026-11-30\nissued: 2026-11-30\ninvoice: {invoice}\n{body}"


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_the_example_credit_note_prints_its_figures(example_build: Path, fmt: str) -> None:
    text = READERS[fmt](example_build / f"output/initech/initech-support/credit_note-CN-2026-001.{fmt}")
    assert "Credit Note CN-2026-001 dated 28 November 2026" in text
    assert "Corrects invoice: 2026-020 dated 25 November 2026" in text
    assert "Reason: One hour of the checkout bug fixes was logged twice" in text
    # (a PDF may wrap the description: its parts are asserted apart)
    assert "Extra hours — checkout bug fixes & PHP 8.4 upgrade (invoice" in text
    assert "1 hour 65.00 65.00" in text
    assert "Subtotal 65.00 Total credit $65.00" in text
    assert "Not subject to Russian VAT" in text  # the invoice's regime: an export of services
    assert "1 item reduced, total $65.00 Sixty-five US dollars and 00 cents" in text
    assert "The parties agree to reduce the price of the services billed by invoice 2026-020" in text


# (the credit note's reduction, its net, VAT and total): 22% of each net, half up.
VAT_CASES = [
    ("lines:\n  - line: 1\n    amount: 10000.00\n", "10000.00", "2200.00", "12200.00"),
    ("lines:\n  - milestone: frontend\n    qty: 0.5\n", "160000.00", "35200.00", "195200.00"),
    ("amount: 999.99\n", "999.99", "220.00", "1219.99"),
    ("lines:\n  - line: 1\n    amount: 0.05\n  - line: 2\n    amount: 0.05\n", "0.10", "0.02", "0.12"),
]


@pytest.mark.parametrize(
    ("body", "net", "vat", "total"), VAT_CASES, ids=["line", "milestone", "whole", "rounding"]
)
def test_vat_is_computed_by_the_invoice_regime(
    workspace: Path, body: str, net: str, vat: str, total: str
) -> None:
    build_file_tree(workspace, {NOTE_019: credit_note(body)})
    result = check(workspace)
    assert not result.errors, result.errors
    source = next(d for d in result.workspace.documents if d.file.display == NOTE_019)
    totals = credit_totals(result.workspace, source)
    assert (totals.net, totals.vat, totals.total) == (Decimal(net), Decimal(vat), Decimal(total))
    assert [group.rate for group in totals.vat_groups] == [Decimal(22)]


@pytest.mark.slow
def test_a_22_percent_credit_note_reads_back_in_every_format(workspace: Path) -> None:
    build_file_tree(workspace, {NOTE_019: credit_note(VAT_CASES[0][0])})
    result = run_cli(["build", "-j1", NOTE_019], cwd=workspace)
    assert result.exit_code == 0, result.stderr
    for fmt, read in READERS.items():
        text = read(workspace / f"output/romashka/romashka-site/credit_note-CN-2026-002.{fmt}")
        assert "Соглашение об уменьшении стоимости услуг № CN-2026-002 от 30 ноября 2026 г." in text, fmt
        assert "Корректирует счёт: № 2026-019 от 23 ноября 2026 г." in text, fmt
        assert "10 000,00 НДС (22%) 2 200,00 Итого уменьшение стоимости 12 200,00 руб." in text, fmt
        assert "Двенадцать тысяч двести рублей 00 копеек" in text, fmt
        assert (
            "корректировочный счёт-фактуру" in text
            and "(п. 3 ст. 168, п. 5.2 ст. 169, п. 10 ст. 172 НК РФ)" in text
        ), fmt


def test_credit_notes_reduce_the_open_amount_in_the_ledger(workspace: Path) -> None:
    build_file_tree(workspace, {NOTE_019: credit_note(VAT_CASES[0][0])})
    result = check(workspace)
    assert not result.errors, result.errors
    found = {b.number: b for b in balances(result.workspace, date(2026, 12, 1))}
    # 445,300.00 billed, 12,200.00 credited, 200,000.00 paid; 1,153.75 less the example's 65.00.
    assert (found["2026-019"].credited, found["2026-019"].open) == (Decimal("12200.00"), Decimal("233100.00"))
    assert (found["2026-020"].credited, found["2026-020"].open) == (Decimal("65.00"), Decimal("1088.75"))
    # The reconciliation statement reads them as credits of the client's account.
    credits = sorted(credit_note_entries(result.workspace), key=lambda e: e.date)
    assert [(e.date, e.number, e.credit, e.debit, e.refers_to) for e in credits] == [
        (date(2026, 11, 28), "CN-2026-001", Decimal("65.00"), Decimal(0), "2026-020"),
        (date(2026, 11, 30), "CN-2026-002", Decimal("12200.00"), Decimal(0), "2026-019"),
    ]


def test_receivables_show_the_reduced_open_amount(workspace: Path) -> None:
    result = run_cli(
        ["receivables", "--as-of", "2026-12-01", "--client", "initech", "--format", "json"], cwd=workspace
    )
    assert result.exit_code == 0, result.stderr
    assert '"1088.75"' in result.stdout and "1153.75" in result.stdout  # open, and the invoice's total


def test_a_void_credit_note_counts_nowhere(workspace: Path) -> None:
    replace_in_file(
        workspace / EXAMPLE_NOTE, "issued: 2026-11-28\n", "issued: 2026-11-28\nvoid: wrong hour\n"
    )
    result = check(workspace)
    assert not result.errors
    found = {b.number: b for b in balances(result.workspace)}
    assert found["2026-020"].open == Decimal("1153.75")


def problems(root: Path) -> list[str]:
    result = run_cli(["check", "--format", "json"], cwd=root)
    return [f"{p['file']}:{p['line']}: {p['field']}: {p['message']}" for p in json.loads(result.stdout)]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    qty: 1\n",
            "    amount: 1200.00\n",
            "{note}:12: lines: credits 1200.00 USD, more than invoice 2026-020 ({invoice}:3) still bills: 1153.75 of 1153.75",
        ),
        (
            "lines:\n  - line: 2\n    qty: 1\n",
            "currency: EUR\namount: 5.00\n",
            "{note}:11: currency: credit note in EUR corrects invoice 2026-020 ({invoice}:3), which is in USD; "
            "a credit note is in its invoice's currency",
        ),
        (
            "date: 2026-11-28\n",
            "date: 2026-11-20\n",
            "{note}:7: date: credit note dated 2026-11-20 is before invoice 2026-020 ({invoice}:4), dated 2026-11-25",
        ),
        (
            "    qty: 1\n",
            "    qty: 8\n",
            "{note}:13: lines[0].qty: takes 8 off a line that bills 7.75 in invoice 2026-020 ({invoice}:13)",
        ),
        (
            "  - line: 2\n",
            "  - line: 3\n",
            "{note}:12: lines[0].line: invoice 2026-020 ({invoice}:13) has no line 3 (it has 2 line(s))",
        ),
    ],
    ids=["above-the-invoice", "currency", "before-the-invoice", "qty-above-the-line", "no-such-line"],
)
def test_errors_name_both_files(workspace: Path, old: str, new: str, expected: str) -> None:
    replace_in_file(workspace / EXAMPLE_NOTE, old, new)
    assert expected.format(note=EXAMPLE_NOTE, invoice=INVOICE_020) in problems(workspace)


def test_a_second_credit_note_cannot_take_more_than_is_left(workspace: Path) -> None:
    build_file_tree(
        workspace,
        {
            "projects/initech-support/credit-note-2026-002.yaml": credit_note(
                "amount: 1100.00\n", "CN-2026-002", "2026-020"
            )
        },
    )
    assert (
        "projects/initech-support/credit-note-2026-002.yaml:6: amount: credits 1100.00 USD, more than invoice "
        f"2026-020 ({INVOICE_020}:3) still bills: 1088.75 of 1153.75"
    ) in problems(workspace)


def test_an_unissued_or_unknown_invoice_is_refused(workspace: Path) -> None:
    replace_in_file(workspace / INVOICE_020, "issued: 2026-11-25\n", "")
    assert (
        f"{EXAMPLE_NOTE}:9: invoice: invoice 2026-020 ({INVOICE_020}:3) is a draft (no `issued:` date): "
        "correct the draft itself, a credit note corrects a sent invoice"
    ) in problems(workspace)
    replace_in_file(workspace / EXAMPLE_NOTE, "invoice: 2026-020", "invoice: 2026-099")
    assert any(p.startswith(f"{EXAMPLE_NOTE}:9: invoice: unknown invoice") for p in problems(workspace))


def test_a_payment_above_the_credited_open_amount_is_refused(workspace: Path) -> None:
    build_file_tree(
        workspace,
        {
            "payments/initech.yaml": "payments:\n  - date: 2026-12-01\n    amount: 1153.75\n    currency: USD\n"
            "    settles:\n      - invoice: 2026-020\n"
        },
    )
    assert (
        "payments/initech.yaml:3: payments[0].amount: pays 1153.75 USD on invoice 2026-020, but only 1088.75 of 1153.75 is open"
    ) in problems(workspace)


def test_new_credit_note_starts_from_the_invoice(workspace: Path) -> None:
    result = run_cli(["new", "credit_note", "--invoice", "2026-019", "--date", "2026-12-01"], cwd=workspace)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"created {NOTE_019} (credit_note CN-2026-002)\n"
    text = (workspace / NOTE_019).read_text(encoding="utf-8")
    assert 'invoice: "2026-019"' in text
    assert "#   line 1: Вёрстка и фронтенд — 1 × 320000.00 RUB" in text
    assert line_of(workspace / NOTE_019, "  - line: 1") > line_of(workspace / NOTE_019, "lines:")
    check = run_cli(["check"], cwd=workspace)  # what only the user knows is left to fill in, by field
    assert check.exit_code == 1
    assert check.problem_lines == [
        f"{NOTE_019}:6:9: reason: placeholder left to fill in: why the price is reduced",
        f"{NOTE_019}:{line_of(workspace / NOTE_019, '    amount:')}:13: lines[0].amount: "
        "placeholder left to fill in: the amount taken off the line, e.g. 1000.00",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Error: a credit note corrects an invoice: pass --invoice NUMBER"),
        (["--invoice", "2026-999"], "Error: --invoice: unknown invoice"),
    ],
)
def test_new_credit_note_needs_a_known_invoice(workspace: Path, args: list[str], message: str) -> None:
    result = run_cli(["new", "credit_note", *args], cwd=workspace)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith(message)
