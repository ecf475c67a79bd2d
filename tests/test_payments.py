"""Payments recorded in payments/<client>.yaml: the check rules, invoice states, status and the index.

Figures are the fixture's (tests/payments_fixture.py): romashka owes
2026-014 = 524600.00 (due 10-27), 2026-019 = 445300.00 (due 11-30) and
2026-021 = 36600.00 RUB (due 12-03); globex 2026-018 = 4473.00 (due 11-17)
and 2026-022 = 1000.00 EUR (due 12-11); initech 2026-020 = 1153.75 USD (due 12-02), less
credit note CN-2026-001 (65.00 USD): 1088.75 open.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from agencydocs.commands.check import check
from agencydocs.domain.ledger import balances, latest_recorded_date
from agencydocs.rendering.index import render_index
from tests.helpers import line_of, replace_in_file, run_cli
from tests.payments_fixture import payments_workspace

ROMASHKA = "payments/romashka.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return payments_workspace(tmp_path)


def write_payments(root: Path, client: str, body: str) -> Path:
    path = root / "payments" / f"{client}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text("payments:\n" + body, encoding="utf-8")
    return path


PARTIAL_AND_MULTI = """\
  - date: 2026-11-27
    amount: 200000.00
    currency: RUB
    settles:
      - invoice: 2026-019
  - date: 2026-12-02
    amount: 281900.00
    currency: RUB
    reference: п/п 1342
    settles:
      - invoice: 2026-019
        amount: 245300.00
      - invoice: 2026-021
        amount: 36600.00
"""


def test_a_partial_and_a_multi_invoice_payment_are_valid(root: Path) -> None:
    write_payments(root, "romashka", PARTIAL_AND_MULTI)
    result = run_cli(["-C", str(root), "check", "--strict"])
    assert (result.exit_code, result.problem_lines) == (0, [])
    paid = {b.number: b.paid for b in balances(check(root).workspace)}
    # 200000.00 + 245300.00 = 445300.00: 2026-019 is paid in full, as is 2026-021.
    assert paid == {
        "2026-014": Decimal("0.00"),
        "2026-017": Decimal("3200.00"),  # the German example invoice, paid in payments/nordlicht.yaml
        "2026-018": Decimal("0.00"),
        "2026-019": Decimal("445300.00"),
        "2026-020": Decimal("0.00"),
        "2026-021": Decimal("36600.00"),
        "2026-022": Decimal("0.00"),
    }


def _payment(amount: str, currency: str = "RUB", settles: str = "      - invoice: 2026-019\n") -> str:
    return f"  - date: 2026-12-03\n    amount: {amount}\n    currency: {currency}\n    settles:\n{settles}"


@pytest.mark.parametrize(
    ("client", "body", "needle", "column", "message"),
    [
        pytest.param(
            "romashka",
            _payment("445300.01"),
            "amount: 445300.01",
            13,
            "payments[0].amount: pays 445300.01 RUB on invoice 2026-019, but only 445300.00 of 445300.00 is open",
            id="above-open",
        ),
        pytest.param(
            "romashka",
            PARTIAL_AND_MULTI + _payment("0.01", settles="      - invoice: 2026-021\n        amount: 0.01\n"),
            "        amount: 0.01",
            17,
            "payments[2].settles[0].amount: pays 0.01 RUB on invoice 2026-021, but only 0.00 of 36600.00 is open",
            id="above-open-after-earlier-payments",
        ),
        pytest.param(
            "romashka",
            _payment("100.00", currency="EUR"),
            "currency: EUR",
            15,
            "payments[0].currency: payment in EUR settles invoice 2026-019, which is in RUB",
            id="other-currency",
        ),
        pytest.param(
            "romashka",
            _payment("100.00", settles="      - invoice: 2026-099\n"),
            "invoice: 2026-099",
            18,
            'payments[0].settles[0].invoice: unknown invoice "2026-099"; did you mean "2026-019"? '
            "known: 2026-014, 2026-017, 2026-018, 2026-019, 2026-020, 2026-021, 2026-022",
            id="unknown-invoice",
        ),
        pytest.param(
            "romashka",
            _payment("100.00", settles="      - invoice: 2026-018\n"),
            "invoice: 2026-018",
            18,
            'payments[0].settles[0].invoice: invoice 2026-018 is billed to client "globex", not "romashka"; '
            "record the payment in payments/globex.yaml",
            id="other-clients-invoice",
        ),
        pytest.param(
            "romashka",
            _payment(
                "100.00",
                settles="      - invoice: 2026-019\n        amount: 60.00\n      - invoice: 2026-021\n        amount: 30.00\n",
            ),
            "- invoice: 2026-019",
            7,
            "payments[0].settles: the parts add up to 90.00, but the payment is 100.00 RUB",
            id="parts-do-not-add-up",
        ),
        pytest.param(
            "romashka",
            _payment("100.00", settles="      - invoice: 2026-019\n      - invoice: 2026-021\n"),
            "- invoice: 2026-019",
            7,
            "payments[0].settles: a payment that settles several invoices needs an amount for each",
            id="several-without-amounts",
        ),
        pytest.param(
            "acme",
            _payment("100.00"),
            "payments:",
            1,
            'unknown client "acme"; known: globex, initech, nordlicht, romashka',
            id="file-of-no-client",
        ),
    ],
)
def test_a_wrong_payment_is_an_error_on_its_line(
    root: Path, client: str, body: str, needle: str, column: int, message: str
) -> None:
    path = write_payments(root, client, body)
    result = run_cli(["-C", str(root), "check"])
    line = line_of(path, needle)
    where = f"payments/{client}.yaml:{line}:{column}: "
    if needle == "payments:":
        where = f"payments/{client}.yaml:1:1: "
    assert result.exit_code == 1
    assert result.problem_lines == [where + message]


def test_a_void_invoice_cannot_be_paid(root: Path) -> None:
    invoice = root / "projects/romashka-site/invoices/2026-021.yaml"
    replace_in_file(invoice, "issued: 2026-11-26\n", "issued: 2026-11-26\nvoid: Выставлен по ошибке\n")
    path = write_payments(root, "romashka", _payment("100.00", settles="      - invoice: 2026-021\n"))
    result = run_cli(["-C", str(root), "check"])
    assert result.problem_lines == [
        f"{ROMASHKA}:{line_of(path, 'invoice: 2026-021')}:18: payments[0].settles[0].invoice: "
        "invoice 2026-021 is void (Выставлен по ошибке); nothing can settle it"
    ]


@pytest.mark.parametrize(
    ("as_of", "states"),
    [
        # 2026-11-26: nothing paid yet; 2026-014 (due 10-27) overdue, 2026-019 (due 11-30) issued,
        # 2026-021 dated that day; 2026-022 (dated 11-27) not yet written.
        (date(2026, 11, 26), {"2026-014": "overdue", "2026-019": "issued", "2026-021": "issued"}),
        # 11-27: 200000.00 of 445300.00 paid on 2026-019, due 11-30.
        (date(2026, 11, 27), {"2026-014": "overdue", "2026-019": "partly paid", "2026-021": "issued"}),
        # 12-01: past 2026-019's due date with 245300.00 open; 2026-021 due 12-03.
        (date(2026, 12, 1), {"2026-014": "overdue", "2026-019": "overdue", "2026-021": "issued"}),
        # 12-02: the multi-invoice payment settles 2026-019 and 2026-021 in full.
        (date(2026, 12, 2), {"2026-014": "overdue", "2026-019": "paid", "2026-021": "paid"}),
    ],
)
def test_invoice_states_follow_the_payments_up_to_the_date(
    root: Path, as_of: date, states: dict[str, str]
) -> None:
    write_payments(root, "romashka", PARTIAL_AND_MULTI)
    found = {
        b.number: b.state(as_of) for b in balances(check(root).workspace, as_of) if b.client == "romashka"
    }
    assert found == states


@pytest.mark.parametrize(
    ("edit", "state"),
    [
        (("issued: 2026-11-26\n", ""), "draft"),
        (("issued: 2026-11-26\n", "issued: 2026-11-26\nvoid: duplicate of 2026-019\n"), "void"),
    ],
)
def test_a_draft_and_a_void_invoice(root: Path, edit: tuple[str, str], state: str) -> None:
    replace_in_file(root / "projects/romashka-site/invoices/2026-021.yaml", *edit)
    found = {b.number: b.state(date(2026, 12, 31)) for b in balances(check(root).workspace)}
    assert found["2026-021"] == state


def test_status_shows_money_per_project_and_currency(root: Path) -> None:
    write_payments(root, "romashka", PARTIAL_AND_MULTI)
    result = run_cli(["-C", str(root), "status", "--as-of", "2026-12-01", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2026-12-01"
    # romashka-site: invoiced 524600.00 + 445300.00 + 36600.00 = 1006500.00; paid 200000.00 by 12-01
    # (the payment of 12-02 not yet); outstanding 806500.00, of which overdue 524600.00 (2026-014,
    # due 10-27) + 245300.00 (2026-019, due 11-30) = 769900.00; 2026-021 is due 12-03.
    # globex-seo: 2026-018 (due 11-17) overdue 4473.00; 2026-022 (due 12-11) not yet: 5473.00 invoiced.
    # initech-support: 2026-020 is due 12-02. nordlicht-relaunch: 2026-017 paid in full on 11-05.
    assert data["money"] == [
        {"project": "globex-seo", "client": "globex", "currency": "EUR", "invoiced": "5473.00", "paid": "0.00",
         "outstanding": "5473.00", "overdue": "4473.00", "invoices": {"2026-018": "overdue", "2026-022": "issued"}},
        {"project": "initech-support", "client": "initech", "currency": "USD", "invoiced": "1088.75",
         "paid": "0.00", "outstanding": "1088.75", "overdue": "0.00", "invoices": {"2026-020": "issued"}},
        {"project": "nordlicht-relaunch", "client": "nordlicht", "currency": "EUR", "invoiced": "3200.00",
         "paid": "3200.00", "outstanding": "0.00", "overdue": "0.00", "invoices": {"2026-017": "paid"}},
        {"project": "romashka-site", "client": "romashka", "currency": "RUB", "invoiced": "1006500.00",
         "paid": "200000.00", "outstanding": "806500.00", "overdue": "769900.00",
         "invoices": {"2026-014": "overdue", "2026-019": "overdue", "2026-021": "issued"}},
    ]  # fmt: skip


def test_status_prints_the_money_table(root: Path) -> None:
    result = run_cli(["-C", str(root), "status", "--as-of", "2026-12-01"])
    money = result.stdout[result.stdout.index("Money as of 2026-12-01:") :].splitlines()
    assert money[2].split() == ["globex-seo", "EUR", "5473.00", "0.00", "5473.00", "4473.00", "OVERDUE"]
    assert money[3].split() == ["invoices:", "2026-018", "overdue,", "2026-022", "issued"]


def test_the_index_is_as_of_the_latest_recorded_date_with_overdue_rows_marked(root: Path) -> None:
    write_payments(root, "romashka", PARTIAL_AND_MULTI)
    workspace = check(root).workspace
    assert latest_recorded_date(workspace) == date(2026, 12, 2)  # the multi-invoice payment
    html = render_index(workspace, [])
    assert "<h1>Money as of 2026-12-02</h1>" in html
    rows = html.split('<table class="money">', 1)[1].split("</table>", 1)[0].split("<tr")[2:]
    marked = [row.split("<td>", 2)[1].split("<br>")[0] for row in rows if row.startswith(' class="overdue"')]
    # On 12-02: globex 2026-018 (due 11-17) and romashka 2026-014 (due 10-27) are overdue.
    assert marked == ["globex-seo", "romashka-site"]
    assert render_index(workspace, []) == html  # the same workspace, the same bytes
