"""``agencydocs payments import``: 1CClientBankExchange and CAMT.053 statements into payments/<client>.yaml.

The statements in tests/data/bank/ hold (amounts for the fixture's totals:
2026-014 = 524600.00; 2026-019 = 445300.00, paid 200000.00 then 245300.00
with 2026-021's 36600.00 in one payment of 281900.00; 2026-018 = 4473.00,
paid 1500.00 then 2973.00 with 2026-022's 1000.00 in one of 3973.00), against the fixture of
tests/payments_fixture.py, a full, a partial, a multi-invoice and an
unmatched payment each, plus entries that must be ignored (an outgoing
payment; a debit and a pending credit).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from agencydocs.banking.appending import appended_text
from agencydocs.banking.matching import Matched
from agencydocs.banking.statement import Transaction
from agencydocs.commands.check import check
from agencydocs.domain.ledger import balances
from tests.helpers import example_workspace, run_cli
from tests.payments_fixture import DATA, payments_workspace

ONE_C = DATA / "1c-statement.txt"
CAMT = DATA / "camt053-statement.xml"

ROMASHKA_IMPORTED = """\
# yaml-language-server: $schema=../schemas/payments.schema.json
payments:
  # imported by `agencydocs payments import` from "1c-statement.txt"
  - date: 2026-10-20
    amount: 524600.00
    currency: RUB
    reference: "п/п 1184"
    payer: "ООО «Ромашка»"
    bank_id: "1c:40702810255000054321:1184:20.10.2026:524600.00"
    settles:
      - invoice: "2026-014"
        amount: 524600.00
  - date: 2026-11-27
    amount: 200000.00
    currency: RUB
    reference: "п/п 1307"
    payer: "ООО «Ромашка»"
    bank_id: "1c:40702810255000054321:1307:27.11.2026:200000.00"
    settles:
      - invoice: "2026-019"
        amount: 200000.00
  - date: 2026-12-01
    amount: 281900.00
    currency: RUB
    reference: "п/п 1342"
    payer: "ООО «Ромашка»"
    bank_id: "1c:40702810255000054321:1342:01.12.2026:281900.00"
    settles:
      - invoice: "2026-019"
        amount: 245300.00
      - invoice: "2026-021"
        amount: 36600.00
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return payments_workspace(tmp_path)


def _import(root: Path, statement: Path, *options: str) -> tuple[int, str]:
    result = run_cli(["-C", str(root), "payments", "import", str(statement), *options])
    return result.exit_code, result.output


def _paid(root: Path) -> dict[str, Decimal]:
    return {b.number: b.paid for b in balances(check(root).workspace)}


def test_a_1c_statement_records_full_partial_and_multi_invoice_payments(root: Path) -> None:
    code, output = _import(root, ONE_C)
    assert code == 0, output
    assert output.splitlines() == [
        "3 payment(s) matched, recording:",
        "  2026-10-20 524600.00 RUB ООО «Ромашка» -> romashka: 2026-014 524600.00",
        "  2026-11-27 200000.00 RUB ООО «Ромашка» -> romashka: 2026-019 200000.00",
        "  2026-12-01 281900.00 RUB ООО «Ромашка» -> romashka: 2026-019 245300.00, 2026-021 36600.00",
        "1 payment(s) unmatched:",
        "  line 105: 2026-12-02 15000.00 RUB ИП Сидоров Иван Петрович: no invoice number in the purpose, "
        "and the payer (tax id 500100732259) is no client",
        "      purpose: Оплата за консультацию по договору 5/2026. НДС не облагается",
        "wrote payments/romashka.yaml (+3 payment(s))",
    ]
    assert (root / "payments/romashka.yaml").read_text(encoding="utf-8") == ROMASHKA_IMPORTED
    assert run_cli(["-C", str(root), "check", "--strict"]).exit_code == 0
    # 524600.00 in full; 200000.00 + 245300.00 = 445300.00; 36600.00: all three paid.
    paid = _paid(root)
    assert (paid["2026-014"], paid["2026-019"], paid["2026-021"]) == (
        Decimal("524600.00"),
        Decimal("445300.00"),
        Decimal("36600.00"),
    )


def test_a_camt053_statement_records_credits_only(root: Path) -> None:
    code, output = _import(root, CAMT)
    assert code == 0, output
    assert output.splitlines() == [
        "3 payment(s) matched, recording:",
        "  2026-11-20 1500.00 EUR Globex GmbH -> globex: 2026-018 1500.00",
        "  2026-12-01 1088.75 USD Initech Inc. -> initech: 2026-020 1088.75",
        "  2026-12-03 3973.00 EUR Globex GmbH -> globex: 2026-018 2973.00, 2026-022 1000.00",
        "1 payment(s) unmatched:",
        "  2026-12-04 250.00 EUR Example Foundation e.V.: no invoice number in the purpose, "
        "and the payer (no tax id) is no client",
        "      purpose: Sponsorship Meetup December",
        "wrote payments/globex.yaml (+2 payment(s))",
        "wrote payments/initech.yaml (+1 payment(s))",
    ]
    paid = _paid(root)
    # 1500.00 + 2973.00 = 4473.00: 2026-018 in full after a partial payment.
    assert (paid["2026-018"], paid["2026-022"], paid["2026-020"]) == (
        Decimal("4473.00"),
        Decimal("1000.00"),
        Decimal("1088.75"),  # 1153.75 less credit note CN-2026-001 (65.00)
    )
    globex = (root / "payments/globex.yaml").read_text(encoding="utf-8")
    assert '    bank_id: "camt:EUR2611200001:2026-11-20:1500.00"\n' in globex
    assert '    reference: "GX-PAY-8893"\n' in globex


@pytest.mark.parametrize("statement", [ONE_C, CAMT], ids=["1c", "camt"])
def test_a_second_import_adds_nothing(root: Path, statement: Path) -> None:
    assert _import(root, statement)[0] == 0
    before = {p.name: p.read_bytes() for p in (root / "payments").iterdir()}
    code, output = _import(root, statement)
    assert code == 0
    assert output.splitlines()[0] == "0 payment(s) matched, recording:"
    assert output.splitlines()[1] == "3 payment(s) already recorded, skipped:"
    assert "wrote" not in output
    assert {p.name: p.read_bytes() for p in (root / "payments").iterdir()} == before


def test_dry_run_writes_nothing(root: Path) -> None:
    code, output = _import(root, ONE_C, "--dry-run")
    assert code == 0
    assert output.splitlines()[0] == "3 payment(s) matched, would record:"
    # Only the file of the German client, whose invoice the example pays by hand: nothing written.
    assert [p.name for p in (root / "payments").iterdir()] == ["nordlicht.yaml"]


def test_payments_typed_by_hand_are_not_imported_again(tmp_path: Path) -> None:
    # The example records п/п 1184 and п/п 1307 by hand (same date, amount and reference).
    root = example_workspace(tmp_path)
    before = (root / "payments/romashka.yaml").read_text(encoding="utf-8")
    code, output = _import(root, ONE_C)
    assert code == 0, output
    assert output.splitlines()[:5] == [
        # The example's advance 2026-021 (120780.00) is open too: the statement's 281900.00 naming
        # 2026-019 and 2026-021 pays 2026-019's open 245300.00 and 36600.00 of the advance.
        "1 payment(s) matched, recording:",
        "  2026-12-01 281900.00 RUB ООО «Ромашка» -> romashka: 2026-019 245300.00, 2026-021 36600.00",
        "2 payment(s) already recorded, skipped:",
        "  2026-10-20 524600.00 RUB ООО «Ромашка» (in payments/romashka.yaml)",
        "  2026-11-27 200000.00 RUB ООО «Ромашка» (in payments/romashka.yaml)",
    ]
    after = (root / "payments/romashka.yaml").read_text(encoding="utf-8")
    assert after.startswith(before)  # the payments typed by hand stay as they were, none added twice
    assert after.count("п/п 1184") == 1 and after.count("п/п 1307") == 1


def test_what_the_user_wrote_is_kept_byte_for_byte(root: Path) -> None:
    path = root / "payments/romashka.yaml"
    mine = "# Оплаты ООО «Ромашка»\npayments:\n    -   date: 2026-10-20   # п/п 1184\n        amount: 524600.00\n        currency: RUB\n        settles: [{invoice: 2026-014}]\n"
    path.write_text(mine, encoding="utf-8")
    code, output = _import(root, ONE_C)
    assert code == 0, output
    text = path.read_text(encoding="utf-8")
    assert text.startswith(mine)
    # The hand-typed payment has no reference, so п/п 1184 is not known as recorded; but 2026-014 is
    # paid by it, so the import does not pay it twice.
    assert "2026-10-20 524600.00 RUB ООО «Ромашка»: invoice 2026-014 is already paid in full" in output
    added = text[len(mine) :]
    # Indented like the user's entries (four spaces before the dash).
    assert added.startswith(
        '    # imported by `agencydocs payments import` from "1c-statement.txt"\n    - date: 2026-11-27\n'
    )
    assert run_cli(["-C", str(root), "check", "--strict"]).exit_code == 0


def test_a_hostile_payer_name_cannot_add_fields() -> None:
    transaction = Transaction(
        date=date(2026, 12, 1),
        amount=Decimal("1.00"),
        currency="RUB",
        payer='x"\n    void: yes\n  - date: 2026-01-01',
        payer_tax_id="",
        purpose="",
        reference="",
        bank_id="1c:x",
        line=1,
    )
    text = appended_text(None, [Matched(transaction, "romashka", (("2026-019", Decimal("1.00")),))], "s.txt")
    payer_lines = [line for line in text.splitlines() if "payer" in line]
    assert payer_lines == ['    payer: "x\\"\\n    void: yes\\n  - date: 2026-01-01"']


def test_the_workspace_must_be_clean_first(root: Path) -> None:
    (root / "clients/globex.yaml").write_text("id: [\n", encoding="utf-8")
    code, output = _import(root, ONE_C)
    assert code == 1
    assert output.splitlines()[-1] == "Error: the workspace has errors; fix them first"
    # Only the file of the German client, whose invoice the example pays by hand: nothing written.
    assert [p.name for p in (root / "payments").iterdir()] == ["nordlicht.yaml"]
