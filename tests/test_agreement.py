"""Documents that agree with each other (#13): a contradiction between files
is a ``check`` error naming both files, and ``build`` refuses it the same
way instead of crashing. The one-rule fixtures with exact positions are in
``tests/test_rule_positions.py``; these tests follow a contradiction through
the command line."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from agencydocs.commands.check import check
from agencydocs.domain.calendar import add_business_days, is_business_day
from agencydocs.domain.terms import Vat, terms
from agencydocs.resolvers.billing import resolve_document
from tests.helpers import REPO_ROOT, example_workspace, replace_in_file, run_cli

R = "projects/romashka-site/"
G = "projects/globex-seo/"
IN = "projects/initech-support/"

CONTRADICTIONS = {
    # an act citing another project's invoice used to crash build (AssertionError)
    "act-of-another-projects-invoice": (
        IN + "act-2026-016.yaml",
        "invoice: 2026-020",
        "invoice: 2026-014",
        IN,
        R,
    ),
    "invoice-before-contract": (R + "invoices/2026-014.yaml", "date: 2026-10-16", "date: 2026-08-03", R, R),
    "spec-after-contract": (R + "spec-12-2026.yaml", "date: 2026-08-24", "date: 2026-09-30", R, R),
}


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("name", sorted(CONTRADICTIONS))
def test_a_contradiction_is_an_error_naming_both_files(tmp_path: Path, name: str, command: str) -> None:
    path, old, new, reported_in, other = CONTRADICTIONS[name]
    root = example_workspace(tmp_path)
    replace_in_file(root / path, old, new)
    args = [command] if command == "check" else ["build", "-j1", "--format", "html"]
    result = run_cli(args, cwd=root)
    assert result.exit_code == 1
    errors = [
        line for line in result.problem_lines if line.startswith("projects/") and ": warning:" not in line
    ]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(reported_in) and errors[0].count(other) >= 1
    assert errors[0].count(".yaml:") == 2  # this file and the other, each with its line
    assert not (root / "output").exists() or not any((root / "output").rglob("*.html"))


# --- VAT regimes per jurisdiction (domain/tax.py) ---


def _german_agency(root: Path) -> None:
    """The example agency moved to Berlin: a German VAT id instead of the Russian ids."""
    agency = root / "agency.yaml"
    text = agency.read_text(encoding="utf-8").replace(
        "  country: RU\n", "  country: DE\n  vat_id: DE136695976\n"
    )
    agency.write_text(re.sub(r'  (inn|kpp|ogrn): "\d+"\n', "", text), encoding="utf-8")
    # Romashka, a Russian client, is now outside the EU: 2026-014 carries no VAT and totals
    # discovery 150000.00 + design 280000.00 = 430000.00, not 524600.00 with 22%; the example's
    # recorded payment of it pays what is now open, as the client would.
    replace_in_file(root / "payments/romashka.yaml", "    amount: 524600.00\n", "    amount: 430000.00\n")
    # The УПД and the счёт-фактура are Russian tax forms: a German agency issues neither.
    shutil.rmtree(root / "projects/romashka-site/upds")


def _french_globex(root: Path) -> None:
    """Globex as a French business with a VAT id (and no reverse_charge flag of its own)."""
    client = root / "clients/globex.yaml"
    text = client.read_text(encoding="utf-8")
    client.write_text(text.replace("country: DE", "country: FR").replace("DE293108457", "FR40303265045"))


def _vat_of(root: Path, path: str) -> Vat:
    result = check(root)
    assert not [p for p in result.problems if p.severity == "error"], result.problems
    source = next(d for d in result.workspace.documents if d.file.display == path)
    return terms(result.workspace, source).vat


@pytest.mark.parametrize(
    ("setup", "path", "mode", "regime", "rate"),
    [
        # RU agency: a US client buys outside Russia (пп. 4 п. 1 ст. 148 НК РФ); a Russian one pays 22%.
        ((), IN + "invoice-2026-020.yaml", "exempt", "ru_export", None),
        ((), IN + "contract-in-2026-01.yaml", "exempt", "ru_export", None),
        ((), R + "invoices/2026-019.yaml", "standard", "standard", Decimal(22)),
        # German agency: a US client is outside the EU (Art. 44), a French business is reverse charged.
        ((_german_agency,), IN + "invoice-2026-020.yaml", "exempt", "eu_outside", None),
        (
            (_german_agency, _french_globex),
            G + "invoice-2026-018.yaml",
            "reverse_charge",
            "eu_reverse_charge",
            Decimal(22),
        ),
        # A Russian client of a German agency is outside the EU too.
        ((_german_agency,), R + "invoices/2026-019.yaml", "exempt", "eu_outside", None),
    ],
)
def test_the_regime_follows_the_countries(
    tmp_path: Path,
    setup: tuple[Callable[[Path], None], ...],
    path: str,
    mode: str,
    regime: str,
    rate: Decimal | None,
) -> None:
    root = example_workspace(tmp_path)
    for step in setup:
        step(root)
    vat = _vat_of(root, path)
    assert (vat.mode, vat.regime, vat.rate) == (mode, regime, rate)


def test_a_german_agency_with_a_domestic_client_charges_its_vat(tmp_path: Path) -> None:
    root = example_workspace(tmp_path)
    _german_agency(root)
    vat = _vat_of(root, G + "invoice-2026-018.yaml")
    assert (vat.mode, vat.regime, vat.decided_by) == ("standard", "standard", "agency")


@pytest.mark.parametrize(
    ("path", "wording", "rows"),
    [
        (
            IN + "invoice-2026-020.yaml",
            "Art. 148(1)(4) of the Tax Code of the Russian Federation",
            ["Subtotal", "Total due"],
        ),
        (  # bilingual (ru, en)
            IN + "act-2026-016.yaml",
            "Art. 148(1)(4) of the Tax Code of the Russian Federation",
            ["Итого / Subtotal", "Всего / Total"],
        ),
    ],
)
def test_a_us_invoice_prints_the_export_wording_and_no_vat_row(
    path: str, wording: str, rows: list[str]
) -> None:
    result = check(REPO_ROOT)
    source = next(d for d in result.workspace.documents if d.file.display == path)
    totals = resolve_document(result.workspace, source).totals
    assert wording in totals.vat_note
    assert [row.label for row in totals.rows] == rows


# --- payment terms from the contract (domain/calendar.py, domain/terms.payment_terms) ---


@pytest.mark.parametrize(
    ("start", "days", "country", "due"),
    [
        (date(2026, 11, 23), 5, "RU", date(2026, 11, 30)),  # Mon + 5 business days: next Mon
        (date(2026, 11, 2), 10, "RU", date(2026, 11, 17)),  # 4 November (Unity Day) is skipped
        (date(2026, 12, 28), 5, "RU", date(2027, 1, 13)),  # 31 Dec (transferred) and 1-8 Jan are off
        (date(2026, 12, 23), 2, "DE", date(2026, 12, 28)),  # Christmas Day and Boxing Day in Germany
        (date(2026, 12, 23), 2, "XX", date(2026, 12, 25)),  # an unknown country: weekends only
    ],
)
def test_business_days_skip_weekends_and_the_countrys_holidays(
    start: date, days: int, country: str, due: date
) -> None:
    assert add_business_days(start, days, country) == due


EXAMPLE_DUES = {
    # invoice: (due date, what the contract's clause counts from)
    G + "invoice-2026-018.yaml": (date(2026, 11, 17), "receipt"),  # monthly: 10 business days of receipt
    IN + "invoice-2026-020.yaml": (date(2026, 12, 2), "receipt"),  # hourly rates: 5 business days of receipt
    R + "invoices/2026-014.yaml": (date(2026, 10, 27), "act"),  # stages: 5 business days from act 2026-011
    R + "invoices/2026-019.yaml": (date(2026, 11, 30), "act"),  # no act yet: from the invoice date
}


@pytest.mark.parametrize("path", sorted(EXAMPLE_DUES))
def test_every_example_invoice_falls_due_as_its_contract_says(path: str) -> None:
    result = check(REPO_ROOT)
    source = next(d for d in result.workspace.documents if d.file.display == path)
    payment = terms(result.workspace, source).payment
    assert (payment.due, payment.from_event, payment.business_days) == (*EXAMPLE_DUES[path], True)
    assert payment.due is not None and is_business_day(payment.due, "RU")


def test_an_invoice_prints_the_contracts_terms() -> None:
    result = check(REPO_ROOT)
    source = next(d for d in result.workspace.documents if d.file.display == G + "invoice-2026-018.yaml")
    payment = resolve_document(result.workspace, source).payment
    assert payment is not None
    # The example words it more kindly in its locales/en.yaml (payment_terms_contract).
    assert payment.terms == (
        "Please pay within 10 business days of receiving the invoice under Agreement No. GX-2026-07. "
        "Late payments may incur interest as permitted by law."
    )
    assert payment.due == "17 November 2026"
