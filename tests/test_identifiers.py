"""Country codes, US identifiers, non-EU VAT numbers and the Russian individual entrepreneur.

Country codes come from pycountry (ISO 3166-1), the identifiers from
python-stdnum; a refused country gets a suggestion. An individual
entrepreneur (ИП, 12-digit INN) has no KPP, so its documents and its
payment QR code print none.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx2python import docx2python
from pydantic import BaseModel, ValidationError

from agencydocs.building.builder import build
from agencydocs.commands.check import check
from agencydocs.models.legal import BankAccount, LegalEntity
from agencydocs.resolvers.billing import resolve_document
from tests.helpers import line_of, replace_in_file, run_cli

GLOBEX = "clients/globex.yaml"
INITECH = "clients/initech.yaml"
INVOICE_014 = "projects/romashka-site/invoices/2026-014.yaml"


def errors(model: type[BaseModel], **data: Any) -> list[tuple[str, str]]:
    """``(field path, message)`` of every error ``model`` raises for ``data``."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return [(".".join(map(str, e["loc"])), e["msg"]) for e in caught.value.errors()]


def problems_in(workspace: Path, path: str) -> list[str]:
    """``check``'s problem lines for one file (the files using it are test_cascading's)."""
    result = run_cli(["-C", str(workspace), "check"])
    assert result.exit_code == 1, result.output
    return [line for line in result.problem_lines if line.startswith(f"{path}:")]


# --- country codes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "message"),
    [
        pytest.param(
            "ZZ",
            'must be an ISO 3166 country code (got "ZZ"); '
            "did you mean ZA (South Africa), ZM (Zambia) or ZW (Zimbabwe)?",
            id="ZZ",
        ),
        pytest.param(
            "EU",
            'must be an ISO 3166 country code (got "EU"); the EU is not one: '
            "did you mean the member state, such as DE (Germany) or FR (France)?",
            id="EU",
        ),
        pytest.param(
            "Germany",
            'must be an ISO 3166 country code (got "Germany"); did you mean DE (Germany)?',
            id="name",
        ),
        pytest.param(
            "Grmany", 'must be an ISO 3166 country code (got "Grmany"); did you mean DE (Germany)?', id="typo"
        ),
        pytest.param(
            "de", 'must be an ISO 3166 country code (got "de"); did you mean DE (Germany)?', id="lowercase"
        ),
        pytest.param(
            "DEU", 'must be an ISO 3166 country code (got "DEU"); did you mean DE (Germany)?', id="alpha-3"
        ),
        pytest.param(
            "Deutschland",
            'must be an ISO 3166 country code such as RU, DE, US (got "Deutschland")',
            id="none",
        ),
    ],
)
def test_a_country_that_is_no_iso_code_fails_check_on_its_line(
    workspace: Path, country: str, message: str
) -> None:
    replace_in_file(workspace / GLOBEX, "country: DE", f"country: {country}")
    line = line_of(workspace / GLOBEX, f"country: {country}")
    assert problems_in(workspace, GLOBEX) == [f"{GLOBEX}:{line}:12: legal.country: {message}"]


@pytest.mark.parametrize(
    ("country", "suggested"),
    [("UK", "GB (United Kingdom)"), ("EL", "GR (Greece)"), ("USA", "US (United States)")],
)
def test_the_usual_mix_ups_are_suggested(country: str, suggested: str) -> None:
    assert errors(LegalEntity, name="Firm", address="Street 1", country=country) == [
        ("country", f"must be an ISO 3166 country code; did you mean {suggested}?")
    ]


@pytest.mark.parametrize("country", ["DE", "GB", "US", "CH", "NO", "AX", "GR"])
def test_assigned_codes_are_accepted(country: str) -> None:
    assert LegalEntity.model_validate({"name": "F", "address": "S", "country": country}).country == country


# --- US: ABA routing number and EIN -------------------------------------------------


@pytest.mark.parametrize(
    ("routing", "problem"),
    [("021000022", "the check digit is wrong"), ("02100002", "wrong number of digits")],
)
def test_an_invalid_aba_routing_number_fails_check_on_its_line(
    workspace: Path, routing: str, problem: str
) -> None:
    account_number = 'account_number: "40702840538000012345"'
    replace_in_file(
        workspace / "agency.yaml", account_number, f'{account_number}\n    routing_number: "{routing}"'
    )
    line = line_of(workspace / "agency.yaml", "routing_number:")
    assert problems_in(workspace, "agency.yaml") == [
        f"agency.yaml:{line}:21: bank_accounts[2].routing_number: is not a valid ABA routing number: "
        f'{problem} (got "{routing}")'
    ]


@pytest.mark.parametrize(
    ("ein", "problem"),
    [
        ("00-3456789", "its first two digits are not an IRS prefix"),
        ("12-345678", "wrong format"),
        ("12-34567A9", "wrong format"),
    ],
)
def test_an_invalid_ein_fails_check_on_its_line(workspace: Path, ein: str, problem: str) -> None:
    replace_in_file(workspace / INITECH, 'ein: "12-3456789"', f'ein: "{ein}"')
    line = line_of(workspace / INITECH, "ein:")
    assert problems_in(workspace, INITECH) == [
        f'{INITECH}:{line}:8: legal.ein: is not a valid EIN: {problem} (got "{ein}")'
    ]


@pytest.mark.parametrize(("ein", "printed"), [("12-3456789", "12-3456789"), ("123456789", "12-3456789")])
def test_an_ein_is_kept_in_its_printed_form(ein: str, printed: str) -> None:
    entity = LegalEntity.model_validate({"name": "F", "address": "S", "country": "US", "ein": ein})
    assert entity.ein == printed


def test_an_ein_belongs_to_a_us_entity() -> None:
    assert errors(LegalEntity, name="F", address="S", country="DE", ein="12-3456789") == [
        ("country", "must be US for an entity with an EIN")
    ]


def test_a_valid_routing_number_is_accepted() -> None:
    account = BankAccount.model_validate(
        {"bank_name": "B", "bic": "CHASUS33", "account_number": "1", "routing_number": "021000021"}
    )
    assert account.routing_number == "021000021"


# --- VAT numbers outside the EU -----------------------------------------------------


@pytest.mark.parametrize(
    ("country", "vat_id", "printed"),
    [
        ("GB", "GB980780684", "GB980780684"),
        ("GB", "GB 980 7806 84", "GB980780684"),
        ("CH", "CHE-113.690.319 MWST", "CHE-113.690.319 MWST"),
        ("CH", "CHE113690319TVA", "CHE-113.690.319 TVA"),
        ("NO", "NO 995 525 828 MVA", "NO 995 525 828 MVA"),
        ("NO", "NO995525828MVA", "NO 995 525 828 MVA"),
        ("DE", "DE136695976", "DE136695976"),
    ],
)
def test_valid_vat_ids_of_the_uk_switzerland_and_norway(country: str, vat_id: str, printed: str) -> None:
    entity = LegalEntity.model_validate({"name": "F", "address": "S", "country": country, "vat_id": vat_id})
    assert entity.vat_id == printed


@pytest.mark.parametrize(
    ("country", "vat_id", "message"),
    [
        ("GB", "GB980780685", "is not a valid UK VAT number: the check digit is wrong"),
        ("GB", "GB98078068", "is not a valid UK VAT number: wrong number of digits"),
        ("CH", "CHE-113.690.318 MWST", "is not a valid Swiss VAT number: the check digit is wrong"),
        ("CH", "CHE-113.690.319", "a Swiss VAT number ends in MWST, TVA or IVA, e.g. CHE-113.690.319 MWST"),
        ("NO", "NO 995 525 829 MVA", "is not a valid Norwegian VAT number: the check digit is wrong"),
        ("NO", "NO 995 525 828", "a Norwegian VAT number ends in MVA, e.g. NO 995 525 828 MVA"),
    ],
)
def test_invalid_vat_ids_of_the_uk_switzerland_and_norway(country: str, vat_id: str, message: str) -> None:
    assert errors(LegalEntity, name="F", address="S", country=country, vat_id=vat_id) == [("vat_id", message)]


def test_a_uk_vat_id_needs_country_gb() -> None:
    assert errors(LegalEntity, name="F", address="S", country="IE", vat_id="GB980780684") == [
        ("country", "does not match the VAT id's country prefix GB")
    ]


# --- the Russian individual entrepreneur (ИП) ---------------------------------------

IP_INN, IP_OGRNIP = "771234567859", "304774600123458"
IP = {"name": "ИП Соколова Анна Викторовна", "address": "г. Москва", "country": "RU", "inn": IP_INN}


def test_an_individual_entrepreneur_has_a_12_digit_inn_an_ogrnip_and_no_kpp() -> None:
    entity = LegalEntity.model_validate({**IP, "ogrn": IP_OGRNIP})
    assert (entity.is_individual, entity.kpp, entity.ogrn) == (True, None, IP_OGRNIP)
    company = LegalEntity.model_validate(
        {**IP, "inn": "7709123453", "kpp": "770901001", "ogrn": "1027700123450"}
    )
    assert company.is_individual is False


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(
            {"kpp": "770901001"},
            [("kpp", "an individual entrepreneur (12-digit INN) has no KPP; remove it")],
            id="kpp-for-12-digit-inn",
        ),
        pytest.param(
            {"ogrn": "1027700123450"},
            [("ogrn", "an individual entrepreneur (12-digit INN) has a 15-digit OGRNIP, not an OGRN")],
            id="ogrn-for-12-digit-inn",
        ),
        pytest.param(
            {"inn": "7709123453", "kpp": "770901001", "ogrn": IP_OGRNIP},
            [("ogrn", "a company (10-digit INN) has a 13-digit OGRN, not an OGRNIP")],
            id="ogrnip-for-10-digit-inn",
        ),
        pytest.param(
            {"inn": "7709123453"}, [("", "a Russian company (10-digit INN) needs a kpp")], id="company-no-kpp"
        ),
    ],
)
def test_the_russian_ids_must_agree_with_the_inn(
    data: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    assert errors(LegalEntity, **{**IP, **data}) == expected


def _as_individual_entrepreneur(path: Path, inn: str, kpp: str, ogrn: str) -> None:
    """Turn the company in ``path`` into an ИП: the 12-digit INN, no KPP, the OGRNIP."""
    replace_in_file(path, f'inn: "{inn}"', f'inn: "{IP_INN}"')
    replace_in_file(path, f'  kpp: "{kpp}"\n', "")
    replace_in_file(path, f'ogrn: "{ogrn}"', f'ogrn: "{IP_OGRNIP}"')


@pytest.fixture(scope="module")
def individual_invoice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workspace with the agency and client romashka as ИП, invoice 2026-014 built."""
    from tests.helpers import example_workspace

    root = example_workspace(tmp_path_factory.mktemp("ip"))
    _as_individual_entrepreneur(root / "agency.yaml", "7709123453", "770901001", "1027700123450")
    _as_individual_entrepreneur(root / "clients/romashka.yaml", "7812345675", "781201001", "1177847123453")
    build(root, selection=[root / INVOICE_014], formats=("html", "pdf", "docx"), jobs=1)
    return root


def test_an_individual_entrepreneurs_invoice_prints_no_kpp(individual_invoice: Path) -> None:
    stem = individual_invoice / "output/romashka/romashka-site/invoice-2026-014"
    html = stem.with_suffix(".html").read_text(encoding="utf-8")
    with docx2python(stem.with_suffix(".docx")) as document:
        docx = document.text
    pdf = subprocess.run(
        ["pdftotext", str(stem.with_suffix(".pdf")), "-"], capture_output=True, text=True, check=True
    ).stdout
    for text in (html, docx, " ".join(pdf.split())):
        assert f"ИНН {IP_INN}" in text  # the 1C bank block and the party lines
        assert f"ОГРНИП {IP_OGRNIP}" in text
        assert "КПП" not in text and "KPP" not in text


def test_an_individual_entrepreneurs_payment_qr_has_no_kpp(individual_invoice: Path) -> None:
    workspace = check(individual_invoice).workspace
    invoice = next(d for d in workspace.documents if d.file.display == INVOICE_014)
    payment = resolve_document(workspace, invoice).payment
    assert payment is not None and payment.qr_text is not None
    assert payment.qr_text.startswith("ST00012|Name=")
    assert payment.qr_text.endswith(f"|PayeeINN={IP_INN}")
    assert "KPP" not in payment.qr_text
    html = (individual_invoice / "output/romashka/romashka-site/invoice-2026-014.html").read_text("utf-8")
    assert payment.qr_svg is not None and f'src="{payment.qr_svg}"' in html


def test_a_companys_payment_qr_carries_its_kpp(workspace: Path) -> None:
    checked = check(workspace).workspace
    invoice = next(d for d in checked.documents if d.file.display == INVOICE_014)
    payment = resolve_document(checked, invoice).payment
    assert payment is not None and payment.qr_text is not None
    assert payment.qr_text.endswith("|PayeeINN=7709123453|KPP=770901001")
