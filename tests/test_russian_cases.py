"""Signatories in Russian contract preambles: declined names and titles, gender, basis of authority."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from agencydocs.i18n.labels import Labels
from agencydocs.i18n.russian_cases import genitive_title
from agencydocs.models.legal import Signatory
from agencydocs.resolvers.parties import represented_phrase, signature
from tests.helpers import example_workspace, line_of, replace_in_file, run_cli

RU = Labels("ru")
EN = Labels("en")
DIRECTOR = "Генеральный директор"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # female, from the patronymic
        (
            {"name": "Соколова Анна Викторовна"},
            "в лице Генерального директора Соколовой Анны Викторовны, действующей на основании Устава",
        ),
        # male
        (
            {"name": "Морозов Павел Андреевич"},
            "в лице Генерального директора Морозова Павла Андреевича, действующего на основании Устава",
        ),
        # double surnames decline in both halves
        (
            {"name": "Римский-Корсаков Николай Андреевич"},
            "в лице Генерального директора Римского-Корсакова Николая Андреевича, действующего на основании Устава",
        ),
        (
            {"name": "Петрова-Водкина Мария Ильинична"},
            "в лице Генерального директора Петровой-Водкиной Марии Ильиничны, действующей на основании Устава",
        ),
        # surnames that do not decline
        (
            {"name": "Черных Ольга Сергеевна"},
            "в лице Генерального директора Черных Ольги Сергеевны, действующей на основании Устава",
        ),
        (
            {"name": "Дурново Пётр Николаевич"},
            "в лице Генерального директора Дурново Петра Николаевича, действующего на основании Устава",
        ),
        # a masculine surname in -ь declines, the same surname of a woman does not
        (
            {"name": "Бондарь Ирина Петровна"},
            "в лице Генерального директора Бондарь Ирины Петровны, действующей на основании Устава",
        ),
        # a Turkic patronymic in two words
        (
            {"name": "Алиев Ахмед Мамед оглы"},
            "в лице Генерального директора Алиева Ахмеда Мамед оглы, действующего на основании Устава",
        ),
        # initials: the surname declines, the gender comes from it
        (
            {"name": "Никитина Е. А."},
            "в лице Генерального директора Никитиной Е. А., действующей на основании Устава",
        ),
        (
            {"name": "Иванов И.И."},
            "в лице Генерального директора Иванова И.И., действующего на основании Устава",
        ),
        # pytrovich says "Заяца"; the YAML gives the form the person uses
        (
            {"name": "Заяц Игорь Петрович", "name_genitive": "Зайца Игоря Петровича"},
            "в лице Генерального директора Зайца Игоря Петровича, действующего на основании Устава",
        ),
        # a foreign name is not declined; its title is given in Russian, its gender explicitly
        (
            {
                "name": "Thomas Krüger",
                "gender": "male",
                "title": {"ru": "Управляющий директор", "en": "Managing Director"},
            },
            "в лице Управляющего директора Thomas Krüger, действующего на основании Устава",
        ),
        (
            {"name": "Jana Weber", "gender": "female", "title": {"ru": "Управляющий директор", "en": "CEO"}},
            "в лице Управляющего директора Jana Weber, действующей на основании Устава",
        ),
        # a unisex first name without a patronymic: gender given
        (
            {"name": "Ким Саша", "gender": "female"},
            "в лице Генерального директора Ким Саши, действующей на основании Устава",
        ),
        # the title's words after the head noun keep their case; an explicit genitive title wins
        (
            {"name": "Морозов Павел Андреевич", "title": "Председатель правления"},
            "в лице Председателя правления Морозова Павла Андреевича, действующего на основании Устава",
        ),
        (
            {
                "name": "Морозов Павел Андреевич",
                "title": "ИП",
                "title_genitive": "индивидуального предпринимателя",
            },
            "в лице индивидуального предпринимателя Морозова Павла Андреевича, действующего на основании Устава",
        ),
        # a power of attorney with its number and date
        (
            {
                "name": "Орлова Мария Сергеевна",
                "title": "Коммерческий директор",
                "power_of_attorney": {"number": "17/2026", "date": dt.date(2026, 2, 2)},
            },
            "в лице Коммерческого директора Орловой Марии Сергеевны, действующей на основании "
            "доверенности № 17/2026 от 2 февраля 2026\u202fг.",  # Babel: a narrow no-break space
        ),
    ],
)
def test_the_russian_preamble_declines_the_signatory(fields: dict[str, Any], expected: str) -> None:
    signatory = Signatory.model_validate({"title": DIRECTOR, **fields})
    assert represented_phrase(signatory, RU) == expected


def test_an_explicit_phrase_replaces_the_declined_one() -> None:
    phrase = "в лице Президента Иванова Ивана Ивановича, действующего на основании Устава"
    signatory = Signatory.model_validate(
        {"name": "Иванов Иван Иванович", "title": "Президент", "represented": phrase}
    )
    assert represented_phrase(signatory, RU) == phrase


def test_english_names_the_signatory_in_the_nominative() -> None:
    signatory = Signatory.model_validate(
        {
            "name": {"ru": "Соколова Анна Викторовна", "en": "Anna Sokolova"},
            "title": {"ru": DIRECTOR, "en": "General Director"},
            "name_genitive": "Соколовой Анны Викторовны",
            "power_of_attorney": {"number": "5", "date": dt.date(2026, 1, 12)},
        }
    )
    assert represented_phrase(signatory, EN) == (
        "represented by Anna Sokolova, General Director, acting under power of attorney No. 5 dated 12 January 2026"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Соколова Анна Викторовна", "действующая на основании Устава"),
        ("Морозов Павел", "действующий на основании Устава"),
    ],
)
def test_the_signature_block_agrees_with_the_gender(name: str, expected: str) -> None:
    signatory = Signatory.model_validate({"name": name, "title": DIRECTOR, "basis": "Устава"})
    assert signature(signatory, "Исполнитель", RU, Path()).basis == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Главный бухгалтер", "Главного бухгалтера"),
        ("Директор по развитию", "Директора по развитию"),
        ("Заместитель генерального директора", "Заместителя генерального директора"),
        ("Управляющий партнёр", "Управляющего партнёра"),
        ("Managing Director", "Managing Director"),
    ],
)
def test_titles_decline_up_to_their_head_noun(title: str, expected: str) -> None:
    assert genitive_title(title) == expected


def test_a_power_of_attorney_without_number_and_date_is_refused(tmp_path: Path) -> None:
    root = example_workspace(tmp_path)
    replace_in_file(root / "clients/romashka.yaml", "  basis: Устава", "  basis: доверенности")
    result = run_cli(["check"], cwd=root)
    line = line_of(root / "clients/romashka.yaml", "basis: доверенности")
    assert result.exit_code == 1
    assert (
        f"clients/romashka.yaml:{line}:10: signatory.basis: a power of attorney needs its number and date: "
        "add power_of_attorney: {number: …, date: YYYY-MM-DD} (and drop basis)"
    ) in result.stderr


@pytest.mark.parametrize(
    ("old", "new", "needle", "expected"),
    [
        (
            "  title: {ru: Управляющий директор, en: Managing Director}",
            "  title: Managing Director",
            "title: Managing Director",
            'signatory.title: Russian documents would print "Managing Director": give the title per language, '
            "e.g. {ru: Генеральный директор, en: Managing Director}",
        ),
        (
            "  gender: male                  # a foreign name does not tell Russian grammar\n",
            "",
            "name: Thomas Krüger",
            'signatory.name: cannot tell from "Thomas Krüger" whether a Russian contract says '
            "действующего or действующей: add gender: male or gender: female to the signatory",
        ),
    ],
)
def test_a_signatory_of_russian_documents_needs_russian_forms(
    tmp_path: Path, old: str, new: str, needle: str, expected: str
) -> None:
    root = example_workspace(tmp_path)
    replace_in_file(root / "clients/globex.yaml", old, new)
    result = run_cli(["check", "--strict"], cwd=root)
    line = line_of(root / "clients/globex.yaml", needle)
    assert result.exit_code == 1
    assert [p for p in result.stderr.splitlines() if "signatory" in p] == [
        f"clients/globex.yaml:{line}:{len(needle.split(':')[0]) + 5}: warning: {expected}"
    ]


def test_the_built_contracts_decline_both_signatories(example_build: Path) -> None:
    [html] = (example_build / "output").rglob("contract-GX-2026-07.html")
    text = html.read_text(encoding="utf-8")
    assert "в лице Генерального директора Соколовой Анны Викторовны, действующей на основании Устава" in text
    assert "в лице Управляющего директора Thomas Krüger, действующего на основании Устава" in text
