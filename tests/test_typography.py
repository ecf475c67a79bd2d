"""Typography and wording: nested quotes, no-break spaces, CLDR plurals, 'dated', VAT rows, proposal labels."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from docx2python import docx2python
from pypdf import PdfReader

from agencydocs.i18n.plurals import counted
from agencydocs.i18n.typography import nest_quotes, no_break_spaces, typeset
from tests.helpers import output_file

NB = "\u00a0"
SERVICE_RU = "one=услуга|few=услуги|many=услуг|other=услуги"
SERVICE_EN = "one=service|other=services"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ООО «Агентство «Пиксель»»", "ООО «Агентство „Пиксель“»"),
        ('ООО «Агентство "Пиксель"» и АО «Б»', "ООО «Агентство „Пиксель“» и АО «Б»"),
        ("«Договор «SEO» и «SMM»»", "«Договор „SEO“ и „SMM“»"),
        ("ООО «Ромашка»", "ООО «Ромашка»"),
        ('He said "hello"', 'He said "hello"'),  # straight quotes outside «…» stay
    ],
)
def test_quotes_inside_quotes_are_low_high(text: str, expected: str) -> None:
    assert nest_quotes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Договор № 12/2026", f"Договор №{NB}12/2026"),
        ("г. Москва, д. 12", f"г.{NB}Москва, д.{NB}12"),
        ("пп. 4 п. 1 ст. 148 НК РФ", f"пп.{NB}4 п.{NB}1 ст.{NB}148 НК РФ"),
        ("Соколова А. В.", f"Соколова{NB}А.{NB}В."),
        ("А. В. Соколова", f"А.{NB}В.{NB}Соколова"),
        ("от 1 мая 2026\u202fг. в г. Москве", f"от 1 мая 2026\u202fг. в г.{NB}Москве"),  # "г." of a year
        ("Agreement No. 7 dated 1 May", f"Agreement No.{NB}7 dated 1 May"),
        ("пост. 5", "пост. 5"),  # "ст." inside a word is not the abbreviation
    ],
)
def test_no_break_spaces_bind_abbreviations_and_initials(text: str, expected: str) -> None:
    assert no_break_spaces(text) == expected


def test_english_text_keeps_its_quotes() -> None:
    assert typeset("«a «b»» No. 5", "en") == f"«a «b»» No.{NB}5"


@pytest.mark.parametrize(
    ("count", "russian", "english"),
    [
        (1, "1 услуга", "1 service"),
        (2, "2 услуги", "2 services"),
        (3, "3 услуги", "3 services"),
        (5, "5 услуг", "5 services"),
        (11, "11 услуг", "11 services"),
        (21, "21 услуга", "21 services"),
        (22, "22 услуги", "22 services"),
    ],
)
def test_counted_nouns_follow_cldr_plural_rules(count: int, russian: str, english: str) -> None:
    assert counted(count, SERVICE_RU, "ru") == russian.replace(" ", NB)
    assert counted(count, SERVICE_EN, "en") == english.replace(" ", NB)


def _text(path: Path) -> str:
    """What a reader sees in a built HTML, PDF or DOCX file, spaces as they are."""
    if path.suffix == ".pdf":
        return "\n".join(page.extract_text() for page in PdfReader(path).pages)
    if path.suffix == ".docx":
        with docx2python(path) as document:
            return str(document.text)
    body = re.sub(r"<(style|script)\b.*?</\1>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def _flat(text: str) -> str:
    return " ".join(text.replace(NB, " ").replace("\u202f", " ").split())


def _built(example_build: Path, suffix: str) -> list[Path]:
    return sorted((example_build / "output").rglob(f"*.{suffix}"))


@pytest.mark.parametrize("suffix", ["html", "docx"])
def test_no_built_document_says_s_in_parentheses_or_nests_guillemets(
    example_build: Path, suffix: str
) -> None:
    for path in _built(example_build, suffix):
        text = _text(path)
        assert "(s)" not in text, path.name
        assert not re.search(r"«[^»]*«", text), path.name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("invoice-2026-014.html", f"Счёт на оплату №{NB}2026-014 от"),
        ("invoice-2026-014.html", f"Основание: Договор №{NB}12/2026"),
        ("act-2026-011.html", f"Акт №{NB}2026-011 от"),
        ("contract-12-2026.html", f"г.{NB}Москва"),
        ("addendum-1.html", "«Страница „Вакансии“ с формой отклика»"),
    ],
)
def test_russian_documents_bind_abbreviations_and_nest_quotes(
    example_build: Path, name: str, expected: str
) -> None:
    # The payment reference (назначение платежа) keeps plain spaces: banks read it by machine.
    text = " ".join(_text(output_file(example_build, name)).replace("\n", " ").split(" "))
    assert expected in re.sub(r" +", " ", text), name


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_english_references_are_dated(example_build: Path, fmt: str) -> None:
    text = _flat(_text(output_file(example_build, f"invoice-2026-018.{fmt}")))
    assert "Agreement No. GX-2026-07 dated 24 June 2026" in text
    assert " of 24 June" not in text


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_a_us_invoice_has_no_vat_row(example_build: Path, fmt: str) -> None:
    text = _flat(_text(output_file(example_build, f"invoice-2026-020.{fmt}")))
    assert "Subtotal 1,153.75 Total due $1,153.75" in text
    assert "VAT (" not in text and "VAT —" not in text


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_the_english_invoice_prints_the_supplier_once(example_build: Path, fmt: str) -> None:
    text = _flat(_text(output_file(example_build, f"invoice-2026-018.{fmt}")))
    assert text.count("12 Presnenskaya emb., office 405") == 1


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_the_proposal_says_with_vat_in_months_under_its_own_subtitle(example_build: Path, fmt: str) -> None:
    text = _flat(_text(output_file(example_build, f"proposal-2026-031.{fmt}")))
    assert "Рост органического трафика romashka.example после запуска" in text
    assert "Разработка корпоративного сайта" not in text  # the project's title, not the proposal's
    assert "Цены указаны без НДС" in text
    assert "Итого без НДС 610 000,00" in text and "Всего с НДС 744 200,00 руб." in text
    assert "1 412 760,00 руб. с НДС" in text
    assert "9 месяцев" in text and "38 недель" not in text and "26 недель" not in text


def test_a_russian_act_counts_its_services(example_build: Path) -> None:
    text = _flat(_text(output_file(example_build, "act-2026-016.html")))
    assert "Всего оказано 2 услуги, на сумму 1 153,75 $ / 2 services rendered, total $1,153.75" in text
