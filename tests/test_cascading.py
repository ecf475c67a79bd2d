"""No cascading errors: a file with errors is reported once, and the files using it say so once.

A document whose client, project or referenced document (contract, invoice,
spec, proposal) failed its own checks gets one line, "uses client X, which
has errors", and none of the errors its rules would derive from the broken
input (an invalid client's currency would fall back to RUB: "the agency has
no bank account in RUB" on an invoice in euros). Its rules run again once
the input is fixed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import build_file_tree, line_of, replace_in_file, run_cli

# A German agency set up from scratch: euros only, no project currency (the
# client's applies), an invoice and its act, a contract the invoice bills.
GERMAN_AGENCY = {
    "agency.yaml": """\
        legal:
          name: Muster Web GmbH
          country: DE
          address: Hauptstraße 1, 10115 Berlin
          vat_id: DE136695976
        bank_accounts:
          - id: eur
            currency: EUR
            bank_name: Commerzbank
            iban: DE89 3704 0044 0532 0130 00
            bic: COBADEFFXXX
        signatory: {name: Max Muster, title: Geschäftsführer}
        locale: en
        currency: EUR
        tax:
          - {since: 2020-01-01, vat_rate: 19}
        team:
          - {id: max, name: Max Muster, role: Account manager}
        # Chosen, not left to defaults (check warns an agency outside Russia about those).
        law: {en: the laws of the Federal Republic of Germany}
        court: {en: the courts of Berlin}
        """,
    "clients/kunde.yaml": """\
        id: kunde
        legal:
          name: Kunde AG
          country: DE
          address: Marktplatz 2, 80331 München
          vat_id: DE293108457
        signatory: {name: Eva Kunde, title: Vorstand}
        locale: en
        currency: EUR
        """,
    "projects/shop/project.yaml": """\
        id: shop
        client: kunde
        title: Online shop
        manager: max
        start: 2026-01-05
        milestones:
          - {id: design, title: Design, price: 4000.00}
        """,
    "projects/shop/contract.yaml": """\
        kind: contract
        number: "1/2026"
        date: 2026-01-05
        """,
    "projects/shop/invoice-1.yaml": """\
        kind: invoice
        number: "2026-001"
        date: 2026-02-01
        contract: "1/2026"
        period: {start: 2026-01-05, end: 2026-01-30}  # § 14 Abs. 4 Nr. 6 UStG
        lines:
          - milestone: design
        """,
    "projects/shop/act-1.yaml": """\
        kind: act
        number: "2026-001"
        date: 2026-02-10
        invoice: "2026-001"
        """,
}
CLIENT = "clients/kunde.yaml"
PROJECT = "projects/shop/project.yaml"
CONTRACT = "projects/shop/contract.yaml"
INVOICE = "projects/shop/invoice-1.yaml"
ACT = "projects/shop/act-1.yaml"


@pytest.fixture
def german(tmp_path: Path) -> Path:
    build_file_tree(tmp_path, GERMAN_AGENCY)
    return tmp_path


def problem_lines(root: Path) -> list[str]:
    result = run_cli(["-C", str(root), "check"])
    assert "Traceback" not in result.output
    return result.problem_lines


def test_the_german_agency_is_valid(german: Path) -> None:
    assert problem_lines(german) == []


def test_a_client_with_a_bad_vat_id_is_reported_once_and_once_per_file_using_it(german: Path) -> None:
    replace_in_file(german / CLIENT, "vat_id: DE293108457", "vat_id: DE293108458")
    uses = 'uses client "kunde", which has errors'
    assert problem_lines(german) == [
        f"{CLIENT}:6:11: legal.vat_id: is not a valid EU VAT id: the check digit is wrong "
        '(got "DE293108458")',
        f"{ACT}:1:1: {uses}",
        f"{CONTRACT}:1:1: {uses}",
        f"{INVOICE}:1:1: {uses}",
        f"{PROJECT}:2:9: client: {uses}",
    ]


def test_the_rules_of_a_document_run_again_once_its_client_is_fixed(german: Path) -> None:
    replace_in_file(german / INVOICE, "milestone: design", "milestone: desgn")
    replace_in_file(german / CLIENT, "currency: EUR", "currency: EURO")
    waiting = problem_lines(german)
    assert f'{INVOICE}:1:1: uses client "kunde", which has errors' in waiting
    assert not any("desgn" in line for line in waiting)

    replace_in_file(german / CLIENT, "currency: EURO", "currency: EUR")
    assert problem_lines(german) == [
        f'{INVOICE}:7:16: lines[0].milestone: unknown milestone "desgn"; did you mean "design"? known: design'
    ]


def test_a_project_with_errors_is_named_by_each_of_its_documents(german: Path) -> None:
    replace_in_file(german / PROJECT, "start: 2026-01-05", "start: 2026-01-35")
    uses = 'uses project "shop", which has errors'
    assert problem_lines(german) == [
        f"{ACT}:1:1: {uses}",
        f"{CONTRACT}:1:1: {uses}",
        f"{INVOICE}:1:1: {uses}",
        f'{PROJECT}:5:8: start: is not a real calendar date (got "2026-01-35")',
    ]


def test_an_unknown_client_is_reported_on_the_project_and_named_by_its_documents(german: Path) -> None:
    replace_in_file(german / PROJECT, "client: kunde", "client: kunden")
    uses = 'uses project "shop", which has errors'
    assert problem_lines(german) == [
        f"{ACT}:1:1: {uses}",
        f"{CONTRACT}:1:1: {uses}",
        f"{INVOICE}:1:1: {uses}",
        f'{PROJECT}:2:9: client: unknown client "kunden"; did you mean "kunde"? known: kunde',
    ]


def test_a_contract_with_errors_is_named_at_the_invoices_contract_line(german: Path) -> None:
    replace_in_file(german / CONTRACT, "date: 2026-01-05", "date: 05.01.2026")
    assert problem_lines(german) == [
        f'{CONTRACT}:3:7: date: must be a date written YYYY-MM-DD (got "05.01.2026")',
        f'{INVOICE}:4:11: contract: uses contract "1/2026", which has errors',
    ]


def test_an_invoice_with_errors_is_named_at_the_acts_invoice_line(german: Path) -> None:
    replace_in_file(german / INVOICE, "date: 2026-02-01", "date: 2026-02-01\nvat: none")
    line = line_of(german / INVOICE, "vat: none")
    problems = problem_lines(german)
    assert problems == [
        f'{ACT}:4:10: invoice: uses invoice "2026-001", which has errors',
        f"{INVOICE}:{line}:6: vat: must be one of 'standard', 'exempt' or 'reverse_charge' (got \"none\")",
    ]


def test_a_bad_vat_id_in_the_example_yields_one_error_and_one_line_per_document(workspace: Path) -> None:
    replace_in_file(workspace / "clients/globex.yaml", "vat_id: DE293108457", "vat_id: DE293108458")
    lines = problem_lines(workspace)
    client_line = line_of(workspace / "clients/globex.yaml", "vat_id:")
    using = sorted(
        p.relative_to(workspace).as_posix() for p in (workspace / "projects/globex-seo").rglob("*.yaml")
    )
    assert lines[0] == (
        f"clients/globex.yaml:{client_line}:11: legal.vat_id: is not a valid EU VAT id: "
        'the check digit is wrong (got "DE293108458")'
    )
    assert [line.split(":", 1)[0] for line in lines[1:]] == using
    assert all(line.endswith('uses client "globex", which has errors') for line in lines[1:])
