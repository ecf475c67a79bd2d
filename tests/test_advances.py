"""Advance and final invoices (#13 item 4), read back from what is built and what check says.

The example bills the backend stage of contract 12/2026 (330 000,00 руб.,
30% advance by the contract's schedule) in advance: invoice 2026-021. A final
invoice for the stage, added here, bills the full price and deducts it:

    advance   330 000,00 × 30%            =  99 000,00, НДС 22% 21 780,00, total 120 780,00
    final     330 000,00 + НДС 72 600,00  = 402 600,00
              less the advance              −120 780,00 (в т.ч. НДС 21 780,00)
              due                            281 820,00 = net 231 000,00 + НДС 50 820,00
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from agencydocs.commands.check import check
from agencydocs.domain.billing import billing_totals
from tests.helpers import example_workspace, line_of, output_file, replace_in_file, run_cli
from tests.test_build import READERS

R = "projects/romashka-site/"
ADVANCE = R + "invoices/2026-021.yaml"
FINAL = R + "invoices/2026-022.yaml"
FINAL_TEXT = "kind: invoice\nnumber: 2026-022\ndate: 2026-12-21\ncontract: 12/2026\nlines:\n  - milestone: backend\n    unit: усл.\n"
ADVANCE_ERROR = 'must be a percentage above 0 and at most 100, or "contract" for the contract\'s schedule'


@pytest.fixture(scope="module")
def final_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with the backend stage's final invoice, its advance and final built in every format."""
    root = example_workspace(tmp_path_factory.mktemp("final"))
    (root / FINAL).write_text(FINAL_TEXT, encoding="utf-8")
    result = run_cli(["-C", str(root), "build", "-j1", str(root / ADVANCE), str(root / FINAL)])
    assert result.exit_code == 0, result.output
    return root


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_the_advance_bills_the_contracts_percent_of_the_stage(final_build: Path, fmt: str) -> None:
    text = READERS[fmt](output_file(final_build, f"invoice-2026-021.{fmt}"))
    assert "Аванс 30% за этап «Бэкенд, CMS и интеграция с 1С» 1 усл. 99 000,00 99 000,00" in text
    assert "Итого 99 000,00 НДС (22%) 21 780,00 Всего к оплате 120 780,00 руб." in text
    assert "Сто двадцать тысяч семьсот восемьдесят рублей 00 копеек" in text
    # price.advance of the clause set: an advance is paid from its invoice's date, 26.11 + 5 business days.
    assert "Оплата в течение 5 рабочих дней с даты выставления счёта по договору № 12/2026." in text
    assert "3 декабря 2026 г." in text


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_the_final_invoice_deducts_the_advance_with_its_vat(final_build: Path, fmt: str) -> None:
    text = READERS[fmt](output_file(final_build, f"invoice-2026-022.{fmt}"))
    assert "Бэкенд, CMS и интеграция с 1С 1 усл. 330 000,00 330 000,00" in text
    assert (
        "Итого 330 000,00 НДС (22%) 72 600,00 Всего 402 600,00 "
        "Зачёт аванса по счёту № 2026-021 от 26.11.2026, в т.ч. НДС 21 780,00 −120 780,00 "
        "Всего к оплате 281 820,00 руб."
    ) in text
    assert "Двести восемьдесят одна тысяча восемьсот двадцать рублей 00 копеек" in text
    assert "в т.ч. НДС 50 820,00 руб." in text  # the payment purpose: the VAT of what is still due


def test_the_ledger_counts_the_advance_and_the_rest_and_the_act_the_full_price(tmp_path: Path) -> None:
    root = example_workspace(tmp_path)
    (root / FINAL).write_text(FINAL_TEXT, encoding="utf-8")
    act = "kind: act\nnumber: 2026-012\ndate: 2026-12-22\ncontract: 12/2026\ninvoice: 2026-022\n"
    (root / R / "acts/2026-012.yaml").write_text(act, encoding="utf-8")
    result = check(root)
    assert result.problems == []
    workspace = result.workspace

    def figures(kind: str, number: str) -> tuple[Decimal, Decimal, Decimal]:
        source = workspace.document(kind, number)
        assert source is not None
        totals = billing_totals(workspace, source)
        return totals.net, totals.vat, totals.total

    assert figures("invoice", "2026-021") == (Decimal("99000.00"), Decimal("21780.00"), Decimal("120780.00"))
    assert figures("invoice", "2026-022") == (Decimal("231000.00"), Decimal("50820.00"), Decimal("281820.00"))
    # The act states the work done: the whole stage, nothing deducted.
    assert figures("act", "2026-012") == (Decimal("330000.00"), Decimal("72600.00"), Decimal("402600.00"))
    receivables = " ".join(run_cli(["-C", str(root), "receivables", "--as-of", "2026-12-31"]).stdout.split())
    assert (
        "2026-021 romashka-site due 2026-12-03 open 120780.00 of 120780.00 28 day(s) overdue" in receivables
    )
    assert "2026-022" not in receivables  # a draft (no issued:) is owed by nobody yet


def test_a_second_final_invoice_exceeds_the_price_naming_every_file(tmp_path: Path) -> None:
    root = example_workspace(tmp_path)
    (root / FINAL).write_text(FINAL_TEXT, encoding="utf-8")
    second = FINAL_TEXT.replace("2026-022", "2026-023").replace("2026-12-21", "2026-12-22")
    (root / R / "invoices/2026-023.yaml").write_text(second, encoding="utf-8")
    result = run_cli(["-C", str(root), "check"])
    assert result.exit_code == 1
    # 99 000 (advance) + 330 000 − 99 000 (the first final) + 330 000 − 99 000 (the second) = 561 000.
    assert result.problem_lines == [
        f"{R}invoices/2026-023.yaml:6:16: lines[0].milestone: milestone backend is also billed by advance 30% "
        f"of invoice 2026-021 ({ADVANCE}:{line_of(root / ADVANCE, 'milestone: backend')}), invoice 2026-022 "
        f"({FINAL}:6): together 561000.00, more than 330000.00 fixed by {R}project.yaml:33:12 (milestone backend)"
    ]


def test_a_full_advance_leaves_nothing_due_on_the_final_invoice(tmp_path: Path) -> None:
    root = example_workspace(tmp_path)
    replace_in_file(root / ADVANCE, "advance: contract", "advance: 100")
    (root / FINAL).write_text(FINAL_TEXT, encoding="utf-8")
    result = check(root)
    assert result.problems == []
    final = result.workspace.document("invoice", "2026-022")
    assert final is not None
    totals = billing_totals(result.workspace, final)
    assert (totals.charged, totals.total, totals.vat) == (
        Decimal("402600.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    )


@pytest.mark.parametrize("percent", ["0", "100.5", "-5", "half", "true"])
def test_an_advance_percent_outside_0_to_100_is_an_error(tmp_path: Path, percent: str) -> None:
    root = example_workspace(tmp_path)
    replace_in_file(root / ADVANCE, "advance: contract", f"advance: {percent}")
    result = run_cli(["-C", str(root), "check"])
    assert result.exit_code == 1
    line = line_of(root / ADVANCE, "    advance:")
    letter = "projects/romashka-site/letters/1-2026.yaml"  # it encloses the advance invoice
    enclosed = line_of(root / letter, "document: 2026-021")
    assert result.problem_lines == [
        f'{ADVANCE}:{line}:14: lines[0].advance: {ADVANCE_ERROR} (got "{percent}")',
        f'{letter}:{enclosed}:15: attachments[0].document: uses invoice "2026-021", which has errors',
    ]


EUR_PROJECT = {
    "project.yaml": "id: globex-app\nclient: globex\ntitle: Globex booking app\nmanager: igor\n"
    "start: 2026-09-01\ncurrency: EUR\nmilestones:\n"
    "  - {id: app, title: Booking app, price: 10000.00, due: 2026-12-15}\n",
    "contract.yaml": "kind: contract\nnumber: GA-2026-01\ndate: 2026-09-01\nadvance: 40\nvat: exempt\n",
    "invoice-2026-032.yaml": "kind: invoice\nnumber: 2026-032\ndate: 2026-11-30\ncontract: GA-2026-01\n"
    "lines:\n  - {milestone: app, advance: contract}\n",
    "invoice-2026-033.yaml": "kind: invoice\nnumber: 2026-033\ndate: 2026-12-16\ncontract: GA-2026-01\n"
    "lines:\n  - milestone: app\n",
}


def test_a_vat_free_eur_stage_deducts_the_advance_amount(tmp_path: Path) -> None:
    root = example_workspace(tmp_path)
    for name, text in EUR_PROJECT.items():
        path = root / "projects/globex-app" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = run_cli(["-C", str(root), "build", "-j1", "--format", "html", str(root / "projects/globex-app")])
    assert result.exit_code == 0, result.output
    advance = READERS["html"](output_file(root, "invoice-2026-032.html"))
    assert "Advance 40% for stage “Booking app” 1 service 4,000.00 4,000.00" in advance
    final = READERS["html"](output_file(root, "invoice-2026-033.html"))
    assert (
        "Subtotal 10,000.00 Total 10,000.00 Less advance, invoice No. 2026-032 dated 30 Nov 2026 "
        "−4,000.00 Total due €6,000.00 Not subject to Russian VAT"
    ) in final
    assert "Six thousand euros and 00 cents" in final
