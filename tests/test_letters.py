"""Letters: the letterhead, the addressee in each language's convention, the enclosures, ``new letter``.

The example (projects/romashka-site/letters/1-2026.yaml, 2026-11-26) is a
cover letter to Romashka's signatory, Морозов Павел Андреевич, enclosing
invoice 2026-021 (26 November) and act 2026-011 (20 October) in two copies.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from agencydocs.i18n import russian_cases
from agencydocs.resolvers.letter import LetterContext
from agencydocs.resolvers.parties import short_person_name
from tests.dunning_fixture import build_documents, checked, output_texts, plain, resolved
from tests.helpers import line_of, replace_in_file, run_cli

LETTER = "projects/romashka-site/letters/1-2026.yaml"
NEW_LETTER = (
    "kind: letter\nnumber: 9/2026\ndate: 2026-12-01\nsubject: Unterlagen\nbody: anbei die Unterlagen.\n"
)


def _letter(workspace: Path, file: str) -> LetterContext:
    context = resolved(checked(workspace), file)
    assert isinstance(context, LetterContext)
    return context


def test_example_letter_reads_back_in_every_format(tmp_path: Path) -> None:
    root = build_documents(tmp_path, LETTER)
    for fmt, text in output_texts(root, "letter-1-2026").items():
        text = text.replace(" ↵", " ").replace("↵", " ")  # the DOCX reader marks line breaks
        for expected in (
            "Исх. № 1/2026", "26 ноября 2026 г.",  # the outgoing number and date
            "ООО «Пиксель Лаб»", "ИНН 7709123453, КПП 770901001, ОГРН 1027700123450", "hello@pixellab.example",
            "Генеральному директору ООО «Ромашка» Морозову П. А.",  # the addressee, in the dative
            "О направлении документов по договору № 12/2026", "Уважаемый Павел Андреевич!", "оплатить счёт",
            "Приложение: 1. Счёт на оплату № 2026-021 от 26 ноября 2026 г. на 1 л. "
            "2. Акт № 2026-011 от 20 октября 2026 г. на 1 л. в 2 экз.",
            "С уважением,", "Генеральный директор, ООО «Пиксель Лаб»", "Соколова А. В.",
        ):  # fmt: skip
            assert expected in text, (fmt, expected)


def test_the_body_is_markdown_rendered_safely(workspace: Path) -> None:
    file = workspace / LETTER
    replace_in_file(file, "Просим **оплатить счёт**", "Просим <script>alert(1)</script> **оплатить счёт**")
    result = run_cli(["build", LETTER, "--format", "html", "-j1"], cwd=workspace)
    assert result.exit_code == 0, result.output
    [html] = (workspace / "output").rglob("letter-1-2026.html")
    text = html.read_text(encoding="utf-8")
    assert "<strong>оплатить счёт</strong>" in text
    assert "<script>" not in text and "&lt;script&gt;" in text


@pytest.mark.parametrize(
    ("name", "gender", "expected"),
    [
        ("Морозов Павел Андреевич", "male", "Морозову Павлу Андреевичу"),
        ("Соколова Анна Викторовна", "female", "Соколовой Анне Викторовне"),
        ("Морозов П. А.", "male", "Морозову П. А."),
        ("Кузнецова Е. С.", "female", "Кузнецовой Е. С."),
        ("Jens Petersen", "male", "Jens Petersen"),  # a foreign name stays as written
        # Given name first: the patronymic tells the order, which the declined name keeps.
        ("Анна Сергеевна Соколова", "female", "Анне Сергеевне Соколовой"),
        ("Павел Андреевич Морозов", "male", "Павлу Андреевичу Морозову"),
        ("Анна Морозова", "female", "Анне Морозовой"),  # no patronymic: the dictionary knows Анна
        ("Морозова Анна", "female", "Морозовой Анне"),
        ("И.И. Иванов", "male", "И.И. Иванову"),
        # Three words, none a patronymic: no guess, as written.
        ("Мария Луиза Гонсалес", "female", "Мария Луиза Гонсалес"),
    ],
)
def test_dative_names(name: str, gender: russian_cases.Gender, expected: str) -> None:
    assert russian_cases.dative_name(name, gender) == expected


@pytest.mark.parametrize(
    ("name", "parts", "short", "gender"),
    [
        ("Морозова Анна Сергеевна", ("Морозова", "Анна", "Сергеевна"), "Морозова А. С.", "female"),
        ("Анна Сергеевна Морозова", ("Морозова", "Анна", "Сергеевна"), "Морозова А. С.", "female"),
        ("Анна Морозова", ("Морозова", "Анна", None), "Морозова А.", "female"),
        ("Морозов Павел", ("Морозов", "Павел", None), "Морозов П.", "male"),
        ("Мамедов Ильхам Мамед оглы", ("Мамедов", "Ильхам", "Мамед оглы"), "Мамедов И. М.", "male"),
        ("Ильхам Мамед оглы Мамедов", ("Мамедов", "Ильхам", "Мамед оглы"), "Мамедов И. М.", "male"),
        ("Морозов П. А.", ("Морозов", None, None), "Морозов П. А.", "male"),
        # Cannot be parsed: printed as written; the gender only from a patronymic-like word.
        ("Мария Луиза Гонсалес", None, "Мария Луиза Гонсалес", None),
        ("Анна Мария Сергеевна Морозова", None, "Анна Мария Сергеевна Морозова", "female"),
        ("Thomas Krüger", None, "Thomas Krüger", None),
    ],
)
def test_russian_names_are_read_in_either_order(
    name: str, parts: tuple[str, str | None, str | None] | None, short: str, gender: str | None
) -> None:
    parsed = russian_cases.parse_name(name)
    assert (parsed and (parsed.surname, parsed.given, parsed.patronymic)) == parts
    assert short_person_name(name, "ru") == short
    assert russian_cases.name_gender(name) == gender


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Генеральный директор", "Генеральному директору"),
        ("Директор по маркетингу", "Директору по маркетингу"),
        ("Главный бухгалтер", "Главному бухгалтеру"),
        ("Geschäftsführer", "Geschäftsführer"),
    ],
)
def test_dative_titles(title: str, expected: str) -> None:
    assert russian_cases.dative_title(title) == expected


CONTACTS = {
    # client file, contact added under contacts:, the letter's to:, its address lines, salutation
    "ru-contact": (
        "romashka",
        "  - id: elena\n    name: Кузнецова Елена Сергеевна\n    role: Директор по маркетингу\n",
        "elena",
        ("Директору по маркетингу", "ООО «Ромашка»", "Кузнецовой Е. С."),
        "Уважаемая Елена Сергеевна!",
    ),
    # The same in the given-name-first order: the patronymic tells which word is which.
    "ru-contact-given-first": (
        "romashka",
        "  - id: elena\n    name: Елена Сергеевна Кузнецова\n    role: Директор по маркетингу\n",
        "elena",
        ("Директору по маркетингу", "ООО «Ромашка»", "Кузнецовой Е. С."),
        "Уважаемая Елена Сергеевна!",
    ),
    # No patronymic: greeted by the name as written, which is the polite form known.
    "ru-contact-no-patronymic": (
        "romashka",
        "  - id: elena\n    name: Елена Кузнецова\n    role: Директор по маркетингу\n",
        "elena",
        ("Директору по маркетингу", "ООО «Ромашка»", "Кузнецовой Е."),
        "Уважаемая Елена Кузнецова!",
    ),
    # A name whose parts cannot be told: as written, and the neutral greeting without a gender...
    "ru-contact-unparsed": (
        "romashka",
        "  - id: maria\n    name: Мария Луиза Гонсалес\n    role: Директор по маркетингу\n",
        "maria",
        ("Директору по маркетингу", "ООО «Ромашка»", "Мария Луиза Гонсалес"),
        "Здравствуйте, Мария Луиза Гонсалес!",
    ),
    # ... or "Уважаемая" with the gender given.
    "ru-contact-unparsed-female": (
        "romashka",
        "  - id: maria\n    name: Мария Луиза Гонсалес\n    role: Директор по маркетингу\n    gender: female\n",
        "maria",
        ("Директору по маркетингу", "ООО «Ромашка»", "Мария Луиза Гонсалес"),
        "Уважаемая Мария Луиза Гонсалес!",
    ),
    "de-signatory-no-gender": (
        "nordlicht", "", None,
        ("Nordlicht Medien GmbH", "Jens Petersen", "Geschäftsführer"),
        "Sehr geehrte Damen und Herren,",
    ),
    "de-contact-female": (
        "nordlicht",
        "  - id: katrin\n    name: Katrin Hansen\n    role: Leiterin Marketing\n    gender: female\n",
        "katrin",
        ("Nordlicht Medien GmbH", "Frau Katrin Hansen", "Leiterin Marketing"),
        "Sehr geehrte Frau Hansen,",
    ),
    "en-contact-male": (
        "globex",
        "  - id: max\n    name: Max Mustermann\n    role: CFO\n    gender: male\n",
        "max",
        ("Mr Max Mustermann", "CFO", "Globex Handels GmbH"),
        "Dear Mr Mustermann,",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", CONTACTS, ids=list(CONTACTS))
def test_address_block_and_salutation_follow_the_language(workspace: Path, case: str) -> None:
    client, contact, to, lines, salutation = CONTACTS[case]
    client_file = workspace / "clients" / f"{client}.yaml"
    if contact:
        text = client_file.read_text(encoding="utf-8")
        if "contacts:\n" not in text:
            text += "contacts:\n"
        client_file.write_text(text.replace("contacts:\n", "contacts:\n" + contact, 1), encoding="utf-8")
    file = f"{LETTER.rsplit('/', 1)[0]}/9-2026.yaml"
    body = NEW_LETTER + f"client: {client}\n" + (f"to: {to}\n" if to else "")
    (workspace / file).write_text(body, encoding="utf-8")
    letter = _letter(workspace, file)
    assert (
        tuple(plain(line) for line in letter.addressee[: len(lines)]) == lines
    )  # no-break spaces in initials
    assert len(letter.addressee) == len(lines) + 1  # and the address
    assert letter.salutation == salutation


def test_german_letter_subject_and_closing(workspace: Path) -> None:
    file = "projects/nordlicht-relaunch/letters/9-2026.yaml"
    (workspace / file).parent.mkdir()
    (workspace / file).write_text(NEW_LETTER + "attachments:\n  - document: 2026-017\n    pages: 2\n")
    letter = _letter(workspace, file)
    assert (letter.subject, letter.closing) == ("Betreff: Unterlagen", "Mit freundlichen Grüßen")
    assert [plain(a) for a in letter.attachments] == [
        "1. Rechnung Nr. 2026-017 vom 26. Oktober 2026, 2 Seiten"
    ]
    assert letter.footer == "Unser Zeichen 9/2026 vom 01.12.2026"


def test_an_attachment_may_be_free_text(workspace: Path) -> None:
    replace_in_file(workspace / LETTER, "  - document: 2026-011\n", "  - title: Акт сверки\n")
    letter = _letter(workspace, LETTER)
    assert [plain(a) for a in letter.attachments] == [
        "1. Счёт на оплату № 2026-021 от 26 ноября 2026 г. на 1 л.",
        "2. Акт сверки на 1 л. в 2 экз.",
    ]


def test_new_letter_is_numbered_in_its_series_and_names_its_placeholders(workspace: Path) -> None:
    result = run_cli(
        ["new", "letter", "--client", "romashka", "--attach", "2026-021", "--attach", "2026-011",
         "--date", "2026-12-01"],
        cwd=workspace,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output == "created projects/romashka-site/letters/2-2026.yaml (letter 2/2026)\n"
    path = workspace / "projects/romashka-site/letters/2-2026.yaml"
    text = path.read_text(encoding="utf-8")
    assert 'number: "2/2026"\ndate: 2026-12-01\nclient: romashka\n' in text
    assert '  - document: "2026-021"  # invoice of 2026-11-26\n' in text
    check = run_cli(["check"], cwd=workspace)
    assert check.exit_code == 1
    display = "projects/romashka-site/letters/2-2026.yaml"
    assert check.problem_lines == [
        f"{display}:{line_of(path, 'subject:')}:10: subject: placeholder left to fill in: "
        "the subject (ru: О …; en: what follows 'Re:'; de: what follows 'Betreff:')",
        f"{display}:{line_of(path, 'body:')}:7: body: placeholder left to fill in: "
        "the text of the letter (Markdown)",
    ]
    replace_in_file(path, 'subject: "FILL IN:', 'subject: "О сверке" #')
    replace_in_file(path, 'body: "FILL IN:', 'body: "Направляем документы." #')
    assert run_cli(["check", "--strict"], cwd=workspace).exit_code == 0
    # Written once: the next one takes the next number, never the same file.
    again = run_cli(["new", "letter", "--project", "romashka-site", "--date", "2026-12-01"], cwd=workspace)
    assert again.output == "created projects/romashka-site/letters/3-2026.yaml (letter 3/2026)\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--client", "romaska"], 'Error: --client: unknown client "romaska"; did you mean "romashka"?'),
        (["--project", "globex-seo", "--client", "romashka"],
         "Error: --project: globex-seo is a project of globex, not of romashka"),
        ([], "Error: a letter is written to a client: --client ID or --project ID"),
        (["--client", "romashka", "--attach", "2026-099"], 'Error: --attach: unknown document "2026-099"; did you mean "2026-019"?'),
    ],
)  # fmt: skip
def test_new_letter_usage_errors(workspace: Path, args: list[str], message: str) -> None:
    result = run_cli(["new", "letter", *args], cwd=workspace)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert not (workspace / "projects/romashka-site/letters/2-2026.yaml").exists()
