"""Claims (претензия): the penalty day by day, exact to the kopeck, its bases, rules and outputs.

Hand computations in each test's comment. The example claim
(projects/romashka-site/claims/2026-001.yaml) is for invoice 2026-019:
445,300.00 total, 200,000.00 paid on 2026-11-27 (before the due date
2026-11-30), so 245,300.00 is overdue from 2026-12-01; on 2026-12-15 that
is 15 days at 0.1% a day (contract 12/2026): 245,300.00 x 0.001 x 15 =
3,679.50, far below the 10% cap (24,530.00); total 248,979.50.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from agencydocs.domain.default_interest import BaseRateUnknown, base_rate
from agencydocs.domain.penalty import contract_penalty, daily_amounts, statutory_interest_de
from agencydocs.domain.receivables import receivables
from tests.dunning_fixture import build_documents, checked, output_texts, plain, resolved
from tests.helpers import REPO_ROOT, line_of, replace_in_file, run_cli

D = Decimal
CLAIM = "projects/romashka-site/claims/2026-001.yaml"


def _days(total: str, due: date, until: date, *payments: tuple[date, str]) -> list[tuple[date, Decimal]]:
    return daily_amounts(D(total), [(day, D(amount)) for day, amount in payments], due, until)


@pytest.mark.parametrize(
    ("total", "rate", "cap", "until", "expected", "capped"),
    [
        # 245,300.00 x 0.1% x 15 days = 3,679.50 (the example)
        ("245300.00", "0.1", "10", date(2026, 12, 15), "3679.50", False),
        # 12,345.67 x 0.07% x 15 = 129.629535 -> 129.63 (rounded once, half-up)
        ("12345.67", "0.07", "10", date(2026, 12, 15), "129.63", False),
        # 1,000.00 x 0.5% x 30 = 150.00, capped at 10% of 1,000.00 = 100.00
        ("1000.00", "0.5", "10", date(2026, 12, 30), "100.00", True),
        # 333.33 x 0.1% x 15 = 4.99995 -> 5.00 (no rounding per day: 0.33 x 15 would give 4.95)
        ("333.33", "0.1", "10", date(2026, 12, 15), "5.00", False),
    ],
)
def test_contract_penalty_is_exact_to_the_kopeck(
    total: str, rate: str, cap: str, until: date, expected: str, capped: bool
) -> None:
    penalty = contract_penalty(_days(total, date(2026, 11, 30), until), D(rate), D(cap), "RUB")
    assert (penalty.amount, penalty.capped) == (D(expected), capped)


def test_the_cap_is_a_percent_of_the_amount_overdue_on_the_first_day() -> None:
    penalty = contract_penalty(
        _days("1000.00", date(2026, 11, 30), date(2026, 12, 30)), D("0.5"), D("10"), "RUB"
    )
    assert (penalty.accrued, penalty.cap, penalty.amount) == (D("150.000"), D("100.00"), D("100.00"))


def test_a_partial_payment_lowers_the_amount_from_the_next_day() -> None:
    # 1,000.00 due 2026-11-30; 400.00 paid on 2026-12-05: 1-5 Dec at 1,000.00 (5 days),
    # 6-10 Dec at 600.00 (5 days). 0.1% a day: 5 x 1.00 + 5 x 0.60 = 8.00.
    days = _days("1000.00", date(2026, 11, 30), date(2026, 12, 10), (date(2026, 12, 5), "400.00"))
    penalty = contract_penalty(days, D("0.1"), D("10"), "RUB")
    assert [(p.start, p.end, p.days, p.amount) for p in penalty.periods] == [
        (date(2026, 12, 1), date(2026, 12, 5), 5, D("1000.00")),
        (date(2026, 12, 6), date(2026, 12, 10), 5, D("600.00")),
    ]
    assert penalty.amount == D("8.00")


def test_statutory_interest_de_per_day_of_the_year_with_the_flat_fee() -> None:
    # 4,473.00 EUR due 2026-01-10, claimed on 2026-02-09: 30 days at 1.27 + 9 = 10.27% a year:
    # 4,473.00 x 0.1027 x 30 / 365 = 37.7571... -> 37.76; plus 40.00 (§ 288 Abs. 5 BGB).
    penalty = statutory_interest_de(_days("4473.00", date(2026, 1, 10), date(2026, 2, 9)), "EUR")
    assert (penalty.amount, penalty.flat_fee) == (D("37.76"), D("40.00"))
    assert [p.rate for p in penalty.periods] == [D("10.27")]


def test_statutory_interest_follows_the_base_rate_of_each_half_year() -> None:
    # 10,000.00 due 2025-06-25, to 2025-07-05: 5 days (26-30 June) at 2.27 + 9 = 11.27%,
    # 5 days (1-5 July) at 1.27 + 9 = 10.27%: 10,000 x (0.1127 x 5 + 0.1027 x 5) / 365 = 29.51
    penalty = statutory_interest_de(_days("10000.00", date(2025, 6, 25), date(2025, 7, 5)), "EUR")
    assert [(p.days, p.rate) for p in penalty.periods] == [(5, D("11.27")), (5, D("10.27"))]
    assert penalty.amount == D("29.51")


def test_an_unrecorded_base_rate_is_refused_not_guessed() -> None:
    assert base_rate(date(2026, 6, 30)) == D("1.27")
    with pytest.raises(BaseRateUnknown, match="half-year from 2026-07-01"):
        base_rate(date(2026, 7, 1))


def test_example_claim_figures_equal_the_receivables() -> None:
    workspace = checked(REPO_ROOT)
    claim = resolved(workspace, CLAIM)
    [group] = receivables(workspace, date(2026, 12, 15), "romashka")
    invoice = next(i for i in group.invoices if i.number == "2026-019")  # the claim's; 2026-021 is open too
    assert (invoice.number, invoice.open, invoice.days_overdue) == ("2026-019", D("245300.00"), 15)
    assert [(r.number, plain(r.open), r.days_overdue) for r in claim.invoices] == [
        ("2026-019", "245 300,00 ₽", "15")
    ]
    assert [(row.label, plain(row.value)) for row in claim.totals] == [
        ("Задолженность", "245 300,00 ₽"),
        ("Неустойка (пени)", "3 679,50 ₽"),
        ("Итого к оплате", "248 979,50 ₽"),
    ]
    assert [(p.start, p.end, p.days, plain(p.penalty)) for p in claim.penalty_rows] == [
        ("01.12.2026", "15.12.2026", "15", "3 679,50 ₽")
    ]


def test_example_claim_reads_back_in_every_format(tmp_path: Path) -> None:
    root = build_documents(tmp_path, CLAIM)
    for fmt, text in output_texts(root, "claim-2026-001").items():
        for expected in (
            "Претензия № 2026-001 от 15 декабря 2026 г.", "Договор № 12/2026 от 28 августа 2026 г.",
            "3 679,50 ₽", "248 979,50 ₽", "Двести сорок восемь тысяч девятьсот семьдесят девять рублей 50 копеек",
            "ст. 309 и 310 ГК РФ", "ст. 330 ГК РФ", "ч. 5 ст. 4 АПК РФ", "14 января 2027 г.",
            "Арбитражном суде города Москвы", "0,1% в день", "40702810338000012345",
        ):  # fmt: skip
            assert expected in text, (fmt, expected)


def test_an_english_contract_gets_english_wording_and_its_own_court(workspace: Path) -> None:
    (workspace / "projects/globex-seo/claims").mkdir()
    (workspace / "projects/globex-seo/claims/2026-001.yaml").write_text(
        "kind: claim\nnumber: 2026-002\ndate: 2026-12-07\n", encoding="utf-8"
    )
    claim = resolved(checked(workspace), "projects/globex-seo/claims/2026-001.yaml")
    # 4,473.00 EUR due 2026-11-17, 20 days at 0.1% (the contract's defaults): 89.46
    assert claim.title == "Pre-Action Claim 2026-002 of 7 December 2026"
    assert [plain(row.value) for row in claim.totals] == ["€4,473.00", "€89.46", "€4,562.46"]
    assert "Articles 309 and 310 of the Civil Code" in claim.legal_basis
    assert claim.consequence.endswith(
        "resolved by the International Commercial Arbitration Court at the Chamber of Commerce and Industry "
        "of the Russian Federation in accordance with its Rules."
    )


def test_a_german_client_without_contract_penalty_gets_statutory_interest(workspace: Path) -> None:
    replace_in_file(workspace / "projects/globex-seo/contract-gx-2026-07.yaml", "include: [ip.portfolio]",
                    "include: [ip.portfolio]\nomit: [liability.late-payment]")  # fmt: skip
    # Back to May, so that every day of the claim has a recorded base rate (none yet from July 2026).
    replace_in_file(
        workspace / "projects/globex-seo/contract-gx-2026-07.yaml", "date: 2026-06-24", "date: 2026-04-01"
    )
    replace_in_file(
        workspace / "projects/globex-seo/invoice-2026-018.yaml", "date: 2026-11-02", "date: 2026-05-04"
    )
    replace_in_file(
        workspace / "projects/globex-seo/invoice-2026-018.yaml", "issued: 2026-11-02", "issued: 2026-05-04"
    )
    (workspace / "projects/globex-seo/act-2026-015.yaml").unlink()
    (workspace / "projects/globex-seo/claims").mkdir()
    (workspace / "projects/globex-seo/claims/2026-001.yaml").write_text(
        "kind: claim\nnumber: 2026-002\ndate: 2026-06-18\n", encoding="utf-8"
    )
    claim = resolved(checked(workspace), "projects/globex-seo/claims/2026-001.yaml")
    # due 2026-05-19 (10 Russian business days: 9 and 11 May are holidays); 30 days (20 May - 18 June)
    # at 1.27 + 9 = 10.27%: 4,473.00 x 0.1027 x 30 / 365 = 37.7571... -> 37.76; plus the 40.00 flat fee.
    assert claim.penalty_title == "Default interest (§ 288 BGB)"
    assert [plain(row.value) for row in claim.totals] == ["€4,473.00", "€37.76", "€40.00", "€4,550.76"]
    assert [(p.days, plain(p.rate)) for p in claim.penalty_rows] == [("30", "10.27% per year")]


@pytest.mark.parametrize(
    ("edit", "field", "message"),
    [
        ("contract: 12/2026", "contract", 'unknown contract "12/2099"'),
        ("invoices: [2026-019]", "invoices[0]", 'romashka has no invoice "2026-999"'),
        (
            "date: 2026-12-15",
            "invoices",
            "no invoice of romashka is overdue on 2026-11-25: there is nothing to claim",
        ),
    ],
)
def test_claim_problems_are_located(workspace: Path, edit: str, field: str, message: str) -> None:
    replacement = {
        "contract": "contract: 12/2099",
        "invoices[0]": "invoices: [2026-999]",
        "invoices": "date: 2026-11-25",
    }
    replace_in_file(workspace / CLAIM, edit, replacement[field])
    result = run_cli(["check"], cwd=workspace)
    assert result.exit_code == 1
    [line] = [line for line in result.problem_lines if line.startswith(CLAIM)]
    assert f": {field}: {message}" in line


def test_a_claim_without_penalty_data_or_statutory_fallback_is_an_error(workspace: Path) -> None:
    replace_in_file(workspace / "projects/romashka-site/contract-12-2026.yaml", "include: [ip.portfolio]",
                    "include: [ip.portfolio]\nomit: [liability.late-payment]")  # fmt: skip
    result = run_cli(["check"], cwd=workspace)
    assert result.exit_code == 1
    line = line_of(workspace / CLAIM, "contract:")
    assert (
        f"{CLAIM}:{line}:11: contract: no penalty to claim: contract 12/2026 omits its late-payment clause"
        in (result.stderr)
    )
