"""Unit tests for the models: identifier checksums, money parsing, dated tax periods.

Valid identifiers are published ones (Sberbank's and T-Bank's BIC and
correspondent accounts, the Federal Reserve's routing numbers, IBAN and VAT
examples from their registries) or the fictional ones of the example workspace.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from agencydocs.models import Agency, Client
from agencydocs.models.base import Money, NonNegativeMoney, Percent, PositiveMoney, Quantity
from agencydocs.models.legal import BankAccount, LegalEntity, ru_account_key_ok
from agencydocs.reading.loading import load_yaml_bytes, load_yaml_file
from agencydocs.reading.validation import validate_model
from tests.helpers import REPO_ROOT

RU_COMPANY: dict[str, Any] = {
    "name": "ООО «Тест»",
    "address": "г. Москва",
    "country": "RU",
    "inn": "7709123453",
    "kpp": "770901001",
}
SBER = {"bank_name": "ПАО Сбербанк", "bic": "044525225", "corr_account": "30101810400000000225"}
SBER_ACCOUNT = "40702810938000012345"
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def errors(model: type[BaseModel], **data: Any) -> list[tuple[str, str]]:
    """``(field path, message)`` of every error ``model`` raises for ``data``."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return [(".".join(map(str, e["loc"])), e["msg"]) for e in caught.value.errors()]


# --- INN, OGRN/OGRNIP, KPP --------------------------------------------------------


@pytest.mark.parametrize("inn", ["7709123453", "7830002293", "500100732259", " 7709123453 "])
def test_valid_inn(inn: str) -> None:
    kpp = {"kpp": "770901001"} if len(inn.strip()) == 10 else {"kpp": None}
    assert LegalEntity.model_validate({**RU_COMPANY, **kpp, "inn": inn}).inn == inn.strip()


@pytest.mark.parametrize(
    ("inn", "message"),
    [
        ("7709123454", "is not a valid INN: the check digit is wrong"),
        ("500100732258", "is not a valid INN: the check digit is wrong"),
        ("500100732269", "is not a valid INN: the check digit is wrong"),
        ("770912345", "is not a valid INN: wrong number of digits"),
        ("77091234531", "is not a valid INN: wrong number of digits"),
        ("77091234AB", "is not a valid INN: wrong format"),
    ],
)
def test_invalid_inn(inn: str, message: str) -> None:
    assert errors(LegalEntity, **{**RU_COMPANY, "inn": inn}) == [("inn", message)]


@pytest.mark.parametrize(
    ("inn", "ogrn"),
    [("7709123453", "1027700132195"), ("7709123453", "1027700123450"), ("500100732259", "304500116000157")],
)
def test_valid_ogrn_and_ogrnip(inn: str, ogrn: str) -> None:
    kpp = "770901001" if len(inn) == 10 else None
    assert LegalEntity.model_validate({**RU_COMPANY, "inn": inn, "kpp": kpp, "ogrn": ogrn}).ogrn == ogrn


@pytest.mark.parametrize(
    ("ogrn", "message"),
    [
        ("1027700132196", "is not a valid OGRN/OGRNIP: the check digit is wrong"),
        ("304500116000158", "is not a valid OGRN/OGRNIP: the check digit is wrong"),
        ("12345", "is not a valid OGRN/OGRNIP: wrong number of digits"),
        ("102770013219X", "is not a valid OGRN/OGRNIP: wrong format"),
    ],
)
def test_invalid_ogrn(ogrn: str, message: str) -> None:
    assert errors(LegalEntity, **{**RU_COMPANY, "ogrn": ogrn}) == [("ogrn", message)]


@pytest.mark.parametrize("kpp", ["770901001", "7709AB001", "773601002"])
def test_valid_kpp(kpp: str) -> None:
    assert LegalEntity.model_validate({**RU_COMPANY, "kpp": kpp}).kpp == kpp


@pytest.mark.parametrize(
    "kpp",
    [
        "7709ab001",
        "77090100",
        "7709010011",
        "A70901001",
        "770901A01",
        "",
        "770901001".translate(ARABIC_INDIC),
    ],
)
def test_invalid_kpp(kpp: str) -> None:
    assert errors(LegalEntity, **{**RU_COMPANY, "kpp": kpp}) == [
        ("kpp", "must be 9 characters: 4 digits, 2 digits or letters, 3 digits")
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"inn": None, "kpp": None}, "a Russian entity needs an inn"),
        ({"kpp": None}, "a Russian company (10-digit INN) needs a kpp"),
    ],
)
def test_russian_entity_needs_its_ids(data: dict[str, Any], message: str) -> None:
    assert errors(LegalEntity, **{**RU_COMPANY, **data}) == [("", message)]


@pytest.mark.parametrize(
    ("country", "message"),
    [
        ("NO", "must be RU for an entity with a Russian inn, kpp"),
        ("DE", "must be RU for an entity with a Russian inn, kpp"),
        ("RUS", "must be an ISO 3166 country code; did you mean RU (Russian Federation)?"),
        ("Bielefeld", "must be an ISO 3166 country code such as RU, DE, US"),
    ],
)
def test_russian_ids_need_country_ru(country: str, message: str) -> None:
    assert errors(LegalEntity, **{**RU_COMPANY, "country": country}) == [("country", message)]


# --- Russian account and BIC ------------------------------------------------------


@pytest.mark.parametrize(
    ("account", "bic", "correspondent"),
    [
        (SBER_ACCOUNT, "044525225", False),
        ("30101810400000000225", "044525225", True),  # Sberbank, Moscow
        ("30101810145250000974", "044525974", True),  # T-Bank, Moscow
        ("40702810338000012345", "044525999", False),  # example agency.yaml
        ("30101810600000000999", "044525999", True),
    ],
)
def test_account_key_matches_bic(account: str, bic: str, correspondent: bool) -> None:
    assert ru_account_key_ok(account, bic, correspondent=correspondent)


def test_a_correspondent_account_is_keyed_differently() -> None:
    assert not ru_account_key_ok("30101810400000000225", "044525225", correspondent=False)


@pytest.mark.parametrize("position", range(20))
def test_any_single_digit_typo_breaks_the_key(position: int) -> None:
    digit = SBER_ACCOUNT[position]
    typo = SBER_ACCOUNT[:position] + str((int(digit) + 1) % 10) + SBER_ACCOUNT[position + 1 :]
    assert not ru_account_key_ok(typo, "044525225")


def test_a_russian_bank_account_is_checked_against_its_bic() -> None:
    account = BankAccount.model_validate({**SBER, "account": SBER_ACCOUNT})
    assert (account.scheme, account.account) == ("ru", SBER_ACCOUNT)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"account": "40702810938000012346"},
            [("account", "control key does not match BIC 044525225; check both for typos")],
        ),
        (
            {"account": SBER_ACCOUNT, "corr_account": "30101810400000000226"},
            [("corr_account", "control key does not match BIC 044525225; check both for typos")],
        ),
        (
            {"account": SBER_ACCOUNT, "bic": "044525974"},
            # Same settlement centre (Moscow): only the settlement account's key changes.
            [("account", "control key does not match BIC 044525974; check both for typos")],
        ),
        ({"account": "4070281093800001234"}, [("account", "must be 20 digits")]),
        ({"account": SBER_ACCOUNT.translate(ARABIC_INDIC)}, [("account", "must be 20 digits")]),
        (
            {"account": SBER_ACCOUNT, "corr_account": None},
            [("", "a Russian account needs account, bic and corr_account")],
        ),
        (
            {"account": SBER_ACCOUNT, "bic": None},
            [
                ("account", "needs a Russian 9-digit bic in the same account"),
                ("corr_account", "needs a Russian 9-digit bic in the same account"),
            ],
        ),
    ],
)
def test_invalid_russian_bank_account(data: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    assert errors(BankAccount, **{**SBER, **data}) == expected


# --- IBAN, SWIFT BIC, ABA routing -----------------------------------------------------


@pytest.mark.parametrize(
    ("iban", "formatted"),
    [
        ("DE89370400440532013000", "DE89 3704 0044 0532 0130 00"),
        ("DE77 1001 0010 0123 4567 89", "DE77 1001 0010 0123 4567 89"),
        ("GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32"),
        ("fr1420041010050500013m02606", "FR14 2004 1010 0505 0001 3M02 606"),
    ],
)
def test_valid_iban_is_formatted(iban: str, formatted: str) -> None:
    assert BankAccount.model_validate({"bank_name": "Bank", "iban": iban}).iban == formatted


@pytest.mark.parametrize(
    ("iban", "message"),
    [
        ("DE88370400440532013000", "is not a valid IBAN (Invalid checksum digits)"),
        ("XX82WEST12345698765432", "is not a valid IBAN (Unknown country-code 'XX')"),
        ("DE8937040044053201300", "is not a valid IBAN (Invalid IBAN length)"),
    ],
)
def test_invalid_iban(iban: str, message: str) -> None:
    assert errors(BankAccount, bank_name="Bank", iban=iban) == [("iban", message)]


@pytest.mark.parametrize(
    ("bic", "normalised"),
    [
        ("COBADEFF", "COBADEFF"),
        ("COBADEFFXXX", "COBADEFFXXX"),
        ("sabrrumm", "SABRRUMM"),
        ("CHASUS33", "CHASUS33"),
    ],
)
def test_valid_swift_bic(bic: str, normalised: str) -> None:
    account = BankAccount.model_validate({"bank_name": "Bank", "bic": bic, "account_number": "123456"})
    assert (account.scheme, account.bic) == ("swift", normalised)


@pytest.mark.parametrize(
    ("bic", "detail"),
    [
        ("COBADEF", "Invalid length '7'"),
        ("COBAXXFF", "Invalid country code 'XX'"),
        ("04452522", "Invalid structure '04452522'"),
        ("121000358", "Invalid length '9'"),
    ],
)
def test_invalid_swift_bic(bic: str, detail: str) -> None:
    assert errors(BankAccount, bank_name="Bank", bic=bic, account_number="1") == [
        ("bic", f"must be a Russian BIC (9 digits) or a SWIFT code ({detail})")
    ]


def test_a_swift_account_needs_an_account_number() -> None:
    assert errors(BankAccount, bank_name="Bank", bic="CHASUS33") == [
        ("", "needs either iban, or account + bic + corr_account (Russia), or account_number + bic (SWIFT)")
    ]


@pytest.mark.parametrize("routing", ["021000021", "011000015", "121000358", "026009593"])
def test_valid_aba_routing_number(routing: str) -> None:
    account = BankAccount.model_validate(
        {"bank_name": "Bank", "bic": "CHASUS33", "account_number": "1", "routing_number": routing}
    )
    assert account.routing_number == routing


@pytest.mark.parametrize(
    ("routing", "problem"),
    [
        ("021000022", "the check digit is wrong"),
        ("21000021", "wrong number of digits"),
        ("0210000210", "wrong number of digits"),
        ("02100002A", "wrong format"),
        ("021000021".translate(ARABIC_INDIC), "wrong format"),
    ],
)
def test_invalid_aba_routing_number(routing: str, problem: str) -> None:
    assert errors(BankAccount, bank_name="B", bic="CHASUS33", account_number="1", routing_number=routing) == [
        ("routing_number", f"is not a valid ABA routing number: {problem}")
    ]


# --- EU VAT ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "vat_id", "compact"),
    [
        ("DE", "DE136695976", "DE136695976"),
        ("DE", "de 136 695 976", "DE136695976"),
        ("FR", "FR40303265045", "FR40303265045"),
        ("AT", "ATU13585627", "ATU13585627"),
        ("NL", "NL004495445B01", "NL004495445B01"),
        ("GR", "EL094259216", "EL094259216"),
    ],
)
def test_valid_eu_vat_id(country: str, vat_id: str, compact: str) -> None:
    assert (
        LegalEntity.model_validate(
            {"name": "Firm", "address": "Street 1", "country": country, "vat_id": vat_id}
        ).vat_id
        == compact
    )


@pytest.mark.parametrize(
    ("country", "vat_id", "expected"),
    [
        ("DE", "DE136695977", [("vat_id", "is not a valid EU VAT id: the check digit is wrong")]),
        ("DE", "DE13669597", [("vat_id", "is not a valid EU VAT id: wrong number of digits")]),
        ("DE", "XX123", [("vat_id", "is not a valid EU VAT id: wrong format")]),
        ("AT", "DE136695976", [("country", "does not match the VAT id's country prefix DE")]),
    ],
)
def test_invalid_eu_vat_id(country: str, vat_id: str, expected: list[tuple[str, str]]) -> None:
    assert errors(LegalEntity, name="Firm", address="Street 1", country=country, vat_id=vat_id) == expected


# --- money, quantities, percentages ---------------------------------------------------

_MONEY = TypeAdapter(Money)
_MONEY_MESSAGE = "must be a number with a dot for decimals, like 1500 or 1500.50 (up to 15 digits)"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1500", "1500"),
        ("1500.50", "1500.50"),
        ("0.10", "0.10"),
        ("-3", "-3"),
        (" 7 ", "7"),
        ("123456789012345.123456", "123456789012345.123456"),
        ("999999999999999", "999999999999999"),
    ],
)
def test_money_is_built_from_the_text(text: str, value: str) -> None:
    parsed = _MONEY.validate_python(text)
    # Same digits *and* same exponent: 1500.50 keeps its two decimals.
    assert (parsed, str(parsed)) == (Decimal(value), value)


def test_money_from_an_int_is_exact() -> None:
    assert _MONEY.validate_python(3) == Decimal(3)


@pytest.mark.parametrize(
    "value",
    [
        1.5,  # no float path: a float has already lost digits
        0.1,
        True,
        None,
        "1234567890123456",  # 16 digits before the dot
        "12345678901234567.89",
        "1500.1234567",  # 7 decimals
        "1,5",
        "1 500",
        "1e3",
        ".5",
        "5.",
        "+5",
        "",
        "NaN",
        "Infinity",
    ],
)
def test_money_refuses_floats_and_other_spellings(value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        _MONEY.validate_python(value)
    assert [e["msg"] for e in caught.value.errors()] == [_MONEY_MESSAGE]


def test_money_refuses_non_ascii_digits() -> None:
    with pytest.raises(ValidationError):
        _MONEY.validate_python("١٢٣")  # Arabic-Indic digits


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        (PositiveMoney, "0", "must be greater than 0"),
        (PositiveMoney, "-0.01", "must be greater than 0"),
        (NonNegativeMoney, "-0.01", "must be 0 or more"),
        (Quantity, "0", "must be greater than 0"),
        (Percent, "100", "must be a percentage from 0 to less than 100"),
        (Percent, "-1", "must be a percentage from 0 to less than 100"),
    ],
)
def test_bounds(kind: Any, text: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(kind).validate_python(text)
    assert [e["msg"] for e in caught.value.errors()] == [message]


@pytest.mark.parametrize(
    ("kind", "text"),
    [(NonNegativeMoney, "0"), (Quantity, "7.75"), (Percent, "0"), (Percent, "99.99"), (Percent, "22")],
)
def test_bounds_accept(kind: Any, text: str) -> None:
    assert TypeAdapter(kind).validate_python(text) == Decimal(text)


# --- tax periods --------------------------------------------------------------------


@pytest.fixture(scope="module")
def agency() -> Agency:
    loaded = load_yaml_file(REPO_ROOT / "agency.yaml", "agency.yaml")
    model, problems = validate_model(Agency, loaded)
    assert problems == []
    assert model is not None
    return model


@pytest.mark.parametrize(
    ("on", "rate"),
    [
        (date(2019, 1, 1), Decimal(20)),
        (date(2025, 6, 15), Decimal(20)),
        (date(2025, 12, 31), Decimal(20)),
        (date(2026, 1, 1), Decimal(22)),
        (date(2026, 11, 23), Decimal(22)),
    ],
)
def test_vat_rate_is_looked_up_by_date(agency: Agency, on: date, rate: Decimal) -> None:
    period = agency.tax_period(on)
    assert period is not None
    assert period.vat_rate == rate


def test_no_tax_period_before_the_first(agency: Agency) -> None:
    assert agency.tax_period(date(2018, 12, 31)) is None


@pytest.mark.parametrize(
    ("tax", "message"),
    [
        (
            [{"since": "2026-01-01", "vat_rate": "22"}, {"since": "2019-01-01", "vat_rate": "20"}],
            "tax periods must be in date order with distinct dates",
        ),
        (
            [{"since": "2026-01-01", "vat_rate": "22"}, {"since": "2026-01-01", "vat_rate": "20"}],
            "tax periods must be in date order with distinct dates",
        ),
    ],
)
def test_tax_periods_must_be_ordered(agency: Agency, tax: list[dict[str, str]], message: str) -> None:
    data = {**agency.model_dump(exclude={"tax"}), "tax": tax}
    assert errors(Agency, **data) == [("tax", message)]


# --- how validate_model words and places errors ----------------------------------------


def client_problems(yaml_text: str) -> list[str]:
    loaded = load_yaml_bytes(yaml_text.encode(), Path("clients/x.yaml"), "clients/x.yaml")
    model, problems = validate_model(Client, loaded)
    assert model is None
    return [p.format() for p in problems]


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        pytest.param(
            "id: x\nlegal:\n  name: A\n  address: B\n  country: RU\n  inn: '7709123453'\n",
            ["clients/x.yaml:3:3: legal: a Russian company (10-digit INN) needs a kpp"],
            id="model-level-message-kept",
        ),
        pytest.param(
            'id: "x\\u200b"\nlegal:\n  name: A\n  address: B\n  country: DE\n',
            [
                "clients/x.yaml:1:5: id: contains U+200B ZERO WIDTH SPACE, an invisible character that makes "
                "the value differ from what is shown; remove it (allowed only in free text and names)"
            ],
            id="zero-width-in-id-said-once-instead-of-the-pattern",
        ),
        pytest.param(
            "id: x\nlegal:\n  name: A\n  address: B\n  country: |\n    D\n    E\n",
            [
                "clients/x.yaml:5:12: legal.country: must be an ISO 3166 country code "
                '(got "D\\u000aE\\u000a"); did you mean DE (Germany)?'
            ],
            id="newline-in-value-escaped",
        ),
        pytest.param(
            "id: x\nlegal:\n  name: [A]\n  address: B\n  country: DE\n",
            ["clients/x.yaml:3:9: legal.name: must be a mapping of fields or a text"],
            id="union-shape-merged",
        ),
        pytest.param(
            "id: x\nlegal:\n  address: B\n",
            [
                "clients/x.yaml:3:3: legal.name: required field is missing",
                "clients/x.yaml:3:3: legal.country: required field is missing",
            ],
            id="missing-fields",
        ),
    ],
)
def test_validate_model_messages(yaml_text: str, expected: list[str]) -> None:
    assert client_problems(yaml_text) == expected
