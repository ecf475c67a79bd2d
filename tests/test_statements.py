"""Reconciliation statements (акт сверки): balances from the ledger, by hand, and read back.

The example (projects/romashka-site/statements/2026-09-2026-11.yaml) covers
2026-09-01 to 2026-11-30 with ООО «Ромашка». By hand:

- opening balance on 2026-09-01: nothing before it, 0.00;
- debit: act 2026-011 of 2026-10-20, 524,600.00 (invoice 2026-014's total);
- credit: payment п/п 1184 of 2026-10-20, 524,600.00 (invoice 2026-014) and
  п/п 1307 of 2026-11-27, 200,000.00 (part of invoice 2026-019);
- turnover 524,600.00 / 724,600.00; closing balance 524,600.00 - 724,600.00
  = -200,000.00: 200,000.00 in the client's favour, because invoice 2026-019
  has no act yet (an advance). That invoice is listed for reference with
  445,300.00 - 200,000.00 = 245,300.00 open, the figure of ``receivables``
  and of the claim.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from agencydocs.domain import ledger
from agencydocs.domain.ledger import LedgerEntry
from agencydocs.domain.statement import statement
from tests.dunning_fixture import build_documents, checked, output_texts, plain, resolved
from tests.helpers import REPO_ROOT, line_of, replace_in_file, run_cli

D = Decimal
STATEMENT = "projects/romashka-site/statements/2026-09-2026-11.yaml"


def test_example_balances_equal_the_hand_computation() -> None:
    figures = statement(checked(REPO_ROOT), "romashka", "RUB", date(2026, 9, 1), date(2026, 11, 30))
    assert figures.opening == D("0.00")
    assert [(e.date, e.document, e.number, e.debit, e.credit) for e in figures.entries] == [
        (date(2026, 10, 20), "act", "2026-011", D("524600.00"), D(0)),
        (date(2026, 10, 20), "payment", "п/п 1184", D(0), D("524600.00")),
        (date(2026, 11, 27), "payment", "п/п 1307", D(0), D("200000.00")),
    ]
    assert (figures.debit, figures.credit, figures.closing) == (
        D("524600.00"),
        D("724600.00"),
        D("-200000.00"),
    )
    # Both invoices without an act are listed for reference: 2026-019 and the backend advance 2026-021.
    assert [(i.number, i.paid, i.open) for i in figures.invoices_without_act] == [
        ("2026-019", D("200000.00"), D("245300.00")),
        ("2026-021", D(0), D("120780.00")),
    ]


def test_example_statement_context_in_words_and_favour() -> None:
    context = resolved(checked(REPO_ROOT), STATEMENT)
    assert [(r.date, r.document, plain(r.debit), plain(r.credit)) for r in context.rows] == [
        ("01.09.2026", "Сальдо начальное", "0,00 ₽", ""),
        ("20.10.2026", "Акт № 2026-011", "524 600,00 ₽", ""),
        ("20.10.2026", "Оплата (п/п 1184), счёт № 2026-014", "", "524 600,00 ₽"),
        ("27.11.2026", "Оплата (п/п 1307), счёт № 2026-019", "", "200 000,00 ₽"),
        ("", "Обороты за период", "524 600,00 ₽", "724 600,00 ₽"),
        ("30.11.2026", "Сальдо конечное", "", "200 000,00 ₽"),
    ]
    assert plain(context.result) == (
        "По данным Исполнителя на 30 ноября 2026 г. задолженность в пользу ООО «Ромашка» составляет "
        "200 000,00 ₽ (Двести тысяч рублей 00 копеек)."
    )


def test_receivables_claim_and_statement_show_the_same_figures() -> None:
    workspace = checked(REPO_ROOT)
    result = run_cli(
        ["receivables", "--as-of", "2026-12-15", "--client", "romashka", "--format", "json"], cwd=REPO_ROOT
    )
    [client] = json.loads(result.stdout)["clients"]
    invoice = next(i for i in client["invoices"] if i["number"] == "2026-019")  # 2026-021 is open too
    assert (invoice["number"], invoice["paid"], invoice["open"]) == ("2026-019", "200000.00", "245300.00")
    claim = resolved(workspace, "projects/romashka-site/claims/2026-001.yaml")
    statement_context = resolved(workspace, STATEMENT)
    [claimed] = claim.invoices
    listed = next(i for i in statement_context.invoices if i.number == "2026-019")
    assert plain(claimed.open) == plain(listed.open) == "245 300,00 ₽"
    assert plain(claimed.paid) == plain(listed.paid) == "200 000,00 ₽"


def test_with_the_act_the_closing_balance_is_what_receivables_call_open(workspace: Path) -> None:
    # An act for invoice 2026-019 on 2026-11-25: from 2026-11-26 the opening balance is
    # 524,600.00 + 445,300.00 - 524,600.00 = 445,300.00; less 200,000.00 paid = 245,300.00.
    (workspace / "projects/romashka-site/acts/2026-017.yaml").write_text(
        "kind: act\nnumber: 2026-017\ndate: 2026-11-25\ncontract: 12/2026\ninvoice: 2026-019\n",
        encoding="utf-8",
    )
    figures = statement(checked(workspace), "romashka", "RUB", date(2026, 11, 26), date(2026, 11, 30))
    assert (figures.opening, figures.credit, figures.closing) == (
        D("445300.00"),
        D("200000.00"),
        D("245300.00"),
    )
    assert [i.number for i in figures.invoices_without_act] == ["2026-021"]  # the advance has no act


def test_entries_of_other_sources_appear_without_changes_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """A credit note (another kind) only adds a source of ledger entries; the statement lists it."""
    note = LedgerEntry(
        date(2026, 11, 28), "romashka", "RUB", "credit_note", "2026-К1", D(0), D("1850.00"), "12/2026"
    )
    monkeypatch.setattr(ledger, "ENTRY_SOURCES", [*ledger.ENTRY_SOURCES, lambda workspace, client: [note]])
    context = resolved(checked(REPO_ROOT), STATEMENT)
    assert ("28.11.2026", "Корректировочный документ № 2026-К1", "", "1 850,00 ₽") in [
        (r.date, r.document, plain(r.debit), plain(r.credit)) for r in context.rows
    ]
    assert plain(context.rows[-1].credit) == "201 850,00 ₽"


def test_an_english_statement(workspace: Path) -> None:
    (workspace / "projects/globex-seo/statements").mkdir()
    (workspace / "projects/globex-seo/statements/2026-h2.yaml").write_text(
        "kind: statement\ndate: 2026-11-30\nperiod: {start: 2026-07-01, end: 2026-11-30}\ncontract: GX-2026-07\n",
        encoding="utf-8",
    )
    context = resolved(checked(workspace), "projects/globex-seo/statements/2026-h2.yaml")
    assert (context.supplier_side, context.customer_side) == (
        "According to the Contractor",
        "According to the Customer",
    )
    assert plain(context.rows[1].document) == "Certificate of completion 2026-015"
    assert plain(context.result) == (
        "According to the Contractor, as of 30 November 2026 the balance in favour of Pixel Lab LLC is €4,473.00 "
        "(Four thousand four hundred seventy-three euros and 00 cents)."
    )


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ("period: {start: 2026-11-30, end: 2026-09-01}\n", "period.end", "end must not be before start"),
        ("period: {start: 2026-09-01, end: 2026-11-30}\nclient: nobody\n", "client", 'unknown client "nobody"'),
        ("period: {start: 2026-09-01, end: 2026-11-30}\ncontract: 99/2026\n", "contract", 'unknown contract "99/2026"'),
    ],
)  # fmt: skip
def test_statement_problems_are_located(workspace: Path, body: str, field: str, message: str) -> None:
    path = workspace / "projects/romashka-site/statements/other.yaml"
    path.write_text(f"kind: statement\ndate: 2026-11-30\n{body}", encoding="utf-8")
    result = run_cli(["check"], cwd=workspace)
    assert result.exit_code == 1
    [problem] = [
        p for p in result.problem_lines if p.startswith("projects/romashka-site/statements/other.yaml")
    ]
    line = line_of(path, field.partition(".")[0] + ":")
    assert problem.startswith(f"projects/romashka-site/statements/other.yaml:{line}:")
    assert f": {field}: {message}" in problem


def test_example_statement_reads_back_in_every_format(tmp_path: Path) -> None:
    root = build_documents(tmp_path, STATEMENT)
    for fmt, text in output_texts(root, "statement-2026-09-2026-11").items():
        for expected in (
            "Акт сверки взаимных расчётов", "за период с 01.09.2026 по 30.11.2026", "По данным Исполнителя",
            "По данным Заказчика", "Сальдо начальное", "Акт № 2026-011", "Оплата (п/п 1307), счёт № 2026-019",
            "724 600,00 ₽", "Сальдо конечное", "Двести тысяч рублей 00 копеек", "245 300,00 ₽",
            "Соколова А. В.", "Морозов П. А.",
        ):  # fmt: skip
            assert expected in text, (fmt, expected)


def test_the_example_contract_keeps_its_penalty_as_data(workspace: Path) -> None:
    """The late-payment clause prints the contract's rate and cap, the claim computes with the same."""
    replace_in_file(
        workspace / "projects/romashka-site/contract-12-2026.yaml",
        "payment_days: 5",
        "payment_days: 5\npenalty_rate: 0.2",
    )
    claim = resolved(checked(workspace), "projects/romashka-site/claims/2026-001.yaml")
    # 245,300.00 x 0.2% x 15 days = 7,359.00
    assert plain(claim.totals[1].value) == "7 359,00 ₽"
