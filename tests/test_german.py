"""German (#16): every kind in German, German formats, § 14 UStG invoices, the German clause set.

Languages are data (``agencydocs/locales/<code>.yaml`` + ``clauses/<code>-*.yaml``):
these tests read the example's German documents (clients/nordlicht.yaml) and a
copy of the example whose clients all read German.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from agencydocs.domain.tax import german_invoice_gaps
from agencydocs.i18n.formatting import amount_in_words, format_date, format_money
from agencydocs.i18n.labels import Labels
from agencydocs.kinds import KINDS, kind_spec
from agencydocs.models import Agency
from agencydocs.models.base import SUPPORTED_LOCALES
from agencydocs.models.legal import LegalEntity
from agencydocs.resolvers.parties import tax_id_rows
from agencydocs.workspace.clause_library import BUILTIN_CLAUSES
from tests.helpers import REPO_ROOT, example_workspace, line_of, replace_in_file, run_cli
from tests.test_build import docx_text, html_text

NORDLICHT = "nordlicht/nordlicht-relaunch"

# One document of each kind in the all-German copy, and text its German labels print.
GERMAN_KINDS: dict[str, tuple[str, list[str]]] = {
    "invoice": (
        f"{NORDLICHT}/invoice-2026-017",
        ["Rechnung 2026-017", "Rechnungsempfänger", "Leistungszeitraum"],
    ),
    "act": (
        f"{NORDLICHT}/act-2026-013",
        ["Abnahmeprotokoll 2026-013", "Auftraggeber", "Erbrachte Leistungen: 1"],
    ),
    "contract": (
        f"{NORDLICHT}/contract-NL-2026-01",
        ["Dienstleistungsvertrag", "Vergütung und Zahlung", "Angaben und Unterschriften der Parteien"],
    ),
    "addendum": ("romashka/romashka-site/addendum-1", ["Nachtrag Nr. 1", "zum Vertrag Nr. 12/2026"]),
    "spec": ("romashka/romashka-site/spec-12-2026", ["Funktionale Anforderungen", "Abnahmekriterien"]),
    "brief": ("romashka/romashka-site/brief-website", ["Antworten des Kunden", "Ausgefüllt von"]),
    "report": ("globex/globex-seo/report-2026-10", ["Statusbericht", "Zeit und Budget"]),
    "audit": ("romashka/romashka-site/audit-2026-09-seo", ["Ergebnisse im Überblick", "Prioritäten"]),
    "proposal": ("romashka/romashka-site/proposal-2026-031", ["Angebotsnummer", "Nächste Schritte"]),
    "credit_note": (
        "initech/initech-support/credit_note-CN-2026-001",
        ["Gutschrift (Rechnungskorrektur) Nr. CN-2026-001", "Rechnungsposition 2", "Gutschrift gesamt"],
    ),
    # Russian tax forms (KindSpec.languages == ("ru",)): printed in Russian for a German-reading
    # client too, deliberately (п. 8 ст. 169 НК РФ; see kinds/upd.py).
    "upd": (
        "romashka/romashka-site/upd-UPD-2026-001",
        ["Универсальный передаточный документ", "Всего к оплате (9)", "Российский рубль, 643"],
    ),
    "vat_invoice": (
        "romashka/romashka-site/vat_invoice-SF-2026-001",
        ["Счёт-фактура № SF-2026-001", "Всего к оплате (9)", "Продавец"],
    ),
    "reminder": ("globex/globex-seo/reminder-2026-001", ["Zahlungserinnerung 2026-001", "Tage überfällig"]),
    "claim": (
        "romashka/romashka-site/claim-2026-001",
        ["Mahnung 2026-001", "Vertragsstrafe", "Zu zahlen gesamt"],
    ),
    "statement": (
        "romashka/romashka-site/statement-2026-09-2026-11",
        ["Saldenbestätigung", "Nach Angaben des Auftragnehmers", "Endsaldo"],
    ),
    "minutes": (
        "romashka/romashka-site/minutes-M-2026-01",
        ["Besprechungsprotokoll Nr. M-2026-01", "Teilnehmende", "Beschlüsse", "Verantwortlich", "erledigt"],
    ),
    "letter": (
        "romashka/romashka-site/letter-1-2026",
        [
            "Unser Zeichen",
            "Betreff: Unterlagen zum Vertrag Nr. 12/2026",
            "Anlagen:",
            "Rechnung Nr. 2026-021 vom 26. November 2026",
            "Mit freundlichen Grüßen",
        ],
    ),
}


@pytest.fixture(scope="module")
def german_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with every client's language set to German, built to HTML and DOCX (read only)."""
    root = example_workspace(tmp_path_factory.mktemp("german"))
    for client in (root / "clients").glob("*.yaml"):
        text = client.read_text(encoding="utf-8")
        client.write_text(re.sub(r"(?m)^locale: \w+$", "locale: de", text), encoding="utf-8")
    result = run_cli(["build", "-j1", "--format", "html,docx"], cwd=root)
    assert result.exit_code == 0, result.stderr
    return root / "output"


def test_every_kind_has_a_german_document_here() -> None:
    # A new kind needs German labels and a German DOCX template, and an entry above.
    assert sorted(GERMAN_KINDS) == sorted(kind.name for kind in KINDS)


@pytest.mark.parametrize("fmt", ["html", "docx"])
@pytest.mark.parametrize("kind", sorted(GERMAN_KINDS))
def test_each_kind_renders_in_german(german_build: Path, kind: str, fmt: str) -> None:
    stem, expected = GERMAN_KINDS[kind]
    path = german_build / f"{stem}.{fmt}"
    text = html_text(path) if fmt == "html" else docx_text(path)
    assert [phrase for phrase in expected if phrase not in text] == []
    if fmt == "html":  # German hyphenation and screen readers; a kind with its own languages prints its first
        language = (kind_spec(kind).languages or ("de",))[0]
        assert f'<html lang="{language}">' in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("reader", [html_text, docx_text], ids=["html", "docx"])
def test_the_german_invoice_carries_the_items_of_section_14_ustg(example_build: Path, reader: Any) -> None:
    """§ 14 Abs. 4 Satz 1 UStG, Nr. 1 to 8 (Nr. 9 and 10 do not apply to services for a business)."""
    fmt = "html" if reader is html_text else "docx"
    text = reader(example_build / "output" / f"{NORDLICHT}/invoice-2026-017.{fmt}")
    items = {
        "Nr. 1 names and addresses": [
            "OOO „Pixel Lab“ (Gesellschaft mit beschränkter Haftung russischen Rechts)",
            "Presnenskaja-Uferstraße 12, Büro 405, 123112 Moskau, Russland",
            "Nordlicht Medien GmbH",
            "Große Elbstraße 145, 22767 Hamburg, Deutschland",
        ],
        "Nr. 2 tax numbers": ["INN 7709123453", "USt-IdNr. DE811620006"],
        "Nr. 3 issue date": ["Ausstellungsdatum 26. Oktober 2026"],
        "Nr. 4 invoice number": ["Rechnung 2026-017"],
        "Nr. 5 kind and quantity": ["Konzept und Wireframes", "Leistung"],
        "Nr. 6 time of supply": ["Leistungszeitraum 1. Oktober 2026 – 23. Oktober 2026"],
        "Nr. 7 net amount": ["Nettobetrag 3.200,00", "Gesamtbetrag 3.200,00 €"],
        "Nr. 8 / § 14a Abs. 5 the tax note": [
            "Steuerschuldnerschaft des Leistungsempfängers (§ 13b Abs. 2 Nr. 1"
        ],
    }
    missing = {item: [p for p in phrases if p not in text] for item, phrases in items.items()}
    assert {item: phrases for item, phrases in missing.items() if phrases} == {}
    assert "Betrag in Worten: Dreitausendzweihundert Euro und 00 Cent" in text


def test_the_german_act_and_contract_read_german(example_build: Path) -> None:
    output = example_build / "output" / NORDLICHT
    act = html_text(output / "act-2026-013.html")
    assert "Leistungszeitraum: 1. Oktober 2026 – 23. Oktober 2026" in act
    assert "Grundlage: Rechnung 2026-017 vom 26. Oktober 2026" in act
    assert "Dreitausendzweihundert Euro und 00 Cent" in act
    contract = html_text(output / "contract-NL-2026-01.html")
    assert "beträgt 20.000,00 € (Zwanzigtausend Euro und 00 Cent)" in contract
    # Agreed by contract, not cited to § 640 BGB, which governs work (stages) and not monthly services.
    assert "gelten die Leistungen als abgenommen." in contract and "§ 640" not in contract
    assert "Dieser Vertrag unterliegt dem Recht der Bundesrepublik Deutschland" in contract
    assert "das Landgericht Hamburg" in contract
    assert "960,00" in contract  # the 30% advance of the first stage, German digits


@pytest.mark.parametrize(
    ("amount", "currency", "money", "words"),
    [
        ("1234.56", "EUR", "1.234,56 €", "Eintausendzweihundertvierunddreißig Euro und 56 Cent"),
        ("1", "EUR", "1,00 €", "Ein Euro und 00 Cent"),
        ("101.01", "EUR", "101,01 €", "Einhunderteins Euro und 01 Cent"),
        ("2000000", "USD", "2.000.000,00 $", "Zwei Millionen US-Dollar und 00 Cent"),
        ("-5", "EUR", "-5,00 €", "Minus fünf Euro und 00 Cent"),
        ("7.5", "KZT", "7,50 KZT", "Sieben KZT und 50/100"),
        ("1500", "JPY", "1.500 ¥", "Eintausendfünfhundert Yen"),
    ],
)
def test_german_money_and_amounts_in_words(amount: str, currency: str, money: str, words: str) -> None:
    value = Decimal(amount)
    assert format_money(value, currency, "de").replace("\u00a0", " ") == money
    assert amount_in_words(value, currency, "de") == words


@pytest.mark.parametrize(("style", "expected"), [("long", "30. November 2026"), ("short", "30.11.2026")])
def test_german_dates(style: Any, expected: str) -> None:
    assert format_date(date(2026, 11, 30), "de", style) == expected


def clause_ids(path: Path) -> list[str]:
    """Section and clause ids of a clause set file, in order, nested clauses included."""

    def walk(clauses: list[dict[str, Any]]) -> list[str]:
        return [id_ for clause in clauses for id_ in [clause["id"], *walk(clause.get("clauses", []))]]

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [id_ for section in data["sections"] for id_ in [section["id"], *walk(section["clauses"])]]


@pytest.mark.parametrize("language", [code for code in SUPPORTED_LOCALES if code != "en"])
def test_every_services_clause_set_has_the_english_ids(language: str) -> None:
    # Bilingual contracts pair clauses by id: a set with other ids could not be paired.
    english = clause_ids(BUILTIN_CLAUSES / "en-services.yaml")
    assert clause_ids(BUILTIN_CLAUSES / f"{language}-services.yaml") == english


def test_the_german_clause_set_cites_its_sources() -> None:
    text = (BUILTIN_CLAUSES / "de-services.yaml").read_text(encoding="utf-8")
    sources = ["§ 640 Abs. 2 BGB", "§ 31 Abs. 1 bis 3 UrhG", "Art. 28 DSGVO", "§ 38 Abs. 1 ZPO", "§ 648 BGB"]
    assert [source for source in sources if source not in text] == []


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            "fr",
            'locale: unsupported language (no agencydocs/locales/fr.yaml); available: de, en, ru (got "fr")',
        ),
        (
            "xx-QQ",
            'locale: unknown language: not a BCP 47 code Babel knows; available: de, en, ru (got "xx-QQ")',
        ),
    ],
)
def test_an_unknown_or_unsupported_language_is_a_located_problem(
    tmp_path: Path, code: str, message: str
) -> None:
    root = example_workspace(tmp_path)
    client = root / "clients" / "nordlicht.yaml"
    replace_in_file(client, "\nlocale: de\n", f"\nlocale: {code}\n")
    result = run_cli(["check"], cwd=root)
    assert result.exit_code == 1
    assert f"clients/nordlicht.yaml:{line_of(client, f'locale: {code}')}:9: {message}" in result.problem_lines


def test_a_language_of_a_localized_text_is_checked_too(tmp_path: Path) -> None:
    root = example_workspace(tmp_path)
    replace_in_file(root / "agency.yaml", "    de: Anna Sokolova\n", "    fr: Anna Sokolova\n")
    result = run_cli(["check"], cwd=root)
    assert result.exit_code == 1
    assert any(
        line.startswith("agency.yaml:") and "unsupported language (no agencydocs/locales/fr.yaml)" in line
        for line in result.problem_lines
    ), result.stderr


def test_the_languages_are_the_locale_files() -> None:
    # Adding a language is adding locales/<code>.yaml: no list in the code to extend.
    assert (
        tuple(sorted(p.stem for p in (REPO_ROOT / "agencydocs" / "locales").glob("*.yaml")))
        == SUPPORTED_LOCALES
    )
    assert "de" in SUPPORTED_LOCALES


GERMAN_AGENCY: dict[str, Any] = {
    "legal": {
        "name": "Webwerk Nord GmbH",
        "country": "DE",
        "address": "Speicherstadt 1, 20457 Hamburg",
        "steuernummer": "22/815/08156",
    },
    "signatory": {"name": "Lena Vogt", "title": "Geschäftsführerin"},
    "bank_accounts": [
        {"bank_name": "Commerzbank AG", "iban": "DE89 3704 0044 0532 0130 00", "bic": "COBADEFFXXX"}
    ],
    "locale": "de",
    "currency": "EUR",
    "tax": [{"since": "2020-01-01", "vat_rate": "19"}],
}


def test_a_german_agency_prints_its_steuernummer() -> None:
    entity = LegalEntity.model_validate(GERMAN_AGENCY["legal"])
    rows = [(row.label, row.value) for row in tax_id_rows(entity, Labels("de"))]
    assert rows == [("Steuernummer", "22/815/08156")]


@pytest.mark.parametrize(
    ("steuernummer", "vat_id", "has_period", "expected"),
    [
        ("22/815/08156", None, True, []),
        (None, "DE811620006", True, []),
        (None, None, True, ["§ 14 Abs. 4 Nr. 2 UStG"]),
        ("22/815/08156", None, False, ["§ 14 Abs. 4 Nr. 6 UStG"]),
        (None, None, False, ["§ 14 Abs. 4 Nr. 2 UStG", "§ 14 Abs. 4 Nr. 6 UStG"]),
    ],
)
def test_the_section_14_items_a_german_agency_must_give(
    steuernummer: str | None, vat_id: str | None, has_period: bool, expected: list[str]
) -> None:
    legal = {**GERMAN_AGENCY["legal"], "steuernummer": steuernummer, "vat_id": vat_id}
    agency = Agency.model_validate({**GERMAN_AGENCY, "legal": legal})
    gaps = german_invoice_gaps(agency, has_period)
    assert [message.split(":")[0] for _, message in gaps] == expected


def test_a_non_german_agency_has_no_section_14_check() -> None:
    legal = {**GERMAN_AGENCY["legal"], "country": "AT", "steuernummer": None}
    agency = Agency.model_validate({**GERMAN_AGENCY, "legal": legal})
    assert german_invoice_gaps(agency, has_period=False) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("22/815/0815", "is not a valid Steuernummer"),
        ("abc", "is not a valid Steuernummer"),
    ],
)
def test_a_bad_steuernummer_is_refused(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        LegalEntity.model_validate({**GERMAN_AGENCY["legal"], "steuernummer": value})


def test_a_steuernummer_needs_a_german_entity() -> None:
    with pytest.raises(ValueError, match="must be DE for an entity with a Steuernummer"):
        LegalEntity.model_validate({**GERMAN_AGENCY["legal"], "country": "AT"})
