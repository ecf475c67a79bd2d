"""Workspace label overrides (``locales/<lang>.yaml``): rendering, ``check`` errors, rebuilds."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from agencydocs.building.builder import build
from tests.helpers import example_documents, run_cli
from tests.test_build import copy_workspace, docx_text, html_text, pdf_text

ENGLISH_INVOICE = "projects/globex-seo/invoice-2026-018.yaml"
RUSSIAN_INVOICE = "projects/romashka-site/invoices/2026-019.yaml"


def write_locale(root: Path, language: str, text: str) -> Path:
    path = root / "locales" / f"{language}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check_lines(root: Path) -> tuple[int, list[str]]:
    result = run_cli(["-C", str(root), "check"])
    assert "Traceback" not in result.output
    return result.exit_code, result.problem_lines


# --- rendering -------------------------------------------------------------------


@pytest.fixture(scope="module")
def bill_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One English and one Russian invoice built in every format with ``invoice_title: Bill``."""
    root = copy_workspace(tmp_path_factory.mktemp("labels"))
    write_locale(root, "en", 'invoice_title: "Bill {number}"\n')
    build(root, selection=[root / ENGLISH_INVOICE, root / RUSSIAN_INVOICE], formats=["html", "pdf", "docx"])
    return root


READERS = {"html": html_text, "pdf": pdf_text, "docx": docx_text}


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_override_changes_the_english_invoice_title(bill_build: Path, fmt: str) -> None:
    [english] = (bill_build / "output").rglob(f"invoice-2026-018.{fmt}")
    text = READERS[fmt](english)
    assert "Bill 2026-018" in text
    # The other labels naming the invoice (footer, payment reference) keep their wording.
    assert "Invoice 2026-018 dated 2 Nov 2026" in text


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_english_override_leaves_russian_documents_alone(bill_build: Path, fmt: str) -> None:
    [russian] = (bill_build / "output").rglob(f"invoice-2026-019.{fmt}")
    text = READERS[fmt](russian)
    assert "Счёт на оплату № 2026-019" in text
    assert "Bill" not in text


def test_an_override_may_use_a_placeholder_another_language_uses(tmp_path: Path) -> None:
    # The Russian title shows the date, so the code passes it to the English title too.
    root = copy_workspace(tmp_path / "ws")
    write_locale(root, "en", 'invoice_title: "Bill {number} of {date}"\n')
    assert check_lines(root) == (0, [])
    build(root, selection=[root / ENGLISH_INVOICE], formats=["html"])
    [html] = (root / "output").rglob("invoice-2026-018.html")
    assert "Bill 2026-018 of 2 November 2026" in html_text(html)


# --- check errors ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            'payment_terms: "Pay in {days} days."\ninvoce_title: "Bill {number}"\n',
            'locales/en.yaml:2:1: invoce_title: unknown label "invoce_title"; did you mean "invoice_title"?',
        ),
        (
            "ru",
            "zzz_nothing_like_it: X\n",
            'locales/ru.yaml:1:1: zzz_nothing_like_it: unknown label "zzz_nothing_like_it"; '
            "see agencydocs/locales/ru.yaml for the labels",
        ),
        (
            "en",
            'invoice_title: "Bill {num}"\n',
            "locales/en.yaml:1:16: invoice_title: unknown placeholder {num}; this label takes {date}, {number}",
        ),
        (
            "en",
            'invoice_title: "Bill"\n',
            "locales/en.yaml:1:16: invoice_title: must keep the placeholder(s) {number}",
        ),
        (
            "en",
            'invoice_title: "Bill {number.__class__}"\n',
            "locales/en.yaml:1:16: invoice_title: unknown placeholder {number.__class__}; "
            "this label takes {date}, {number}",
        ),
        (
            "en",
            'invoice_title: "Bill {number:>99999}"\n',
            "locales/en.yaml:1:16: invoice_title: unknown placeholder {number:>99999}; "
            "this label takes {date}, {number}",
        ),
        (
            "en",
            'total_vat: "VAT {rate"\n',
            'locales/en.yaml:1:12: total_vat: unbalanced "{" or "}" in the label',
        ),
        (
            "en",
            'col_unit: "Unit {x}"\n',
            'locales/en.yaml:1:11: col_unit: this label takes no placeholders: no "{" or "}"',
        ),
        ("en", "col_unit:\n  - Unit\n", "locales/en.yaml:2:3: col_unit: must be non-empty text"),
        ("en", "col_unit: {a: b}\n", "locales/en.yaml:1:11: col_unit: must be non-empty text"),
        ("en", "col_unit:\n", "locales/en.yaml:1:10: col_unit: must be non-empty text"),
        ("en", 'col_unit: "  "\n', "locales/en.yaml:1:11: col_unit: must be non-empty text"),
        (
            "en",
            'col_unit: "Un\u200bit"\n',
            "locales/en.yaml:1:14: col_unit: contains U+200B ZERO WIDTH SPACE, an invisible character that "
            "makes the value differ from what is shown; remove it (allowed only in free text and names)",
        ),
        (
            "fr",
            'col_unit: "Unité"\n',
            'locales/fr.yaml:1:1: unknown language "fr"; known: de, en, ru (the file name is the language)',
        ),
    ],
)
def test_a_bad_override_is_a_located_check_error(
    workspace: Path, language: str, text: str, expected: str
) -> None:
    shutil.rmtree(workspace / "locales", ignore_errors=True)
    write_locale(workspace, language, text)
    assert check_lines(workspace) == (1, [expected])


def test_every_bad_key_is_reported_and_nothing_is_built(workspace: Path) -> None:
    write_locale(workspace, "en", 'invoce_title: "Bill {number}"\ncol_unit: [x]\n')
    code, lines = check_lines(workspace)
    assert code == 1 and [line.split(": ")[1] for line in lines] == ["invoce_title", "col_unit"]
    result = run_cli(["-C", str(workspace), "build", "-j1", "--format", "html"])
    assert result.exit_code == 1 and not (workspace / "output").exists()


def test_a_character_the_fonts_lack_is_a_warning(workspace: Path) -> None:
    write_locale(workspace, "en", 'col_unit: "Unit 😀"\n')
    result = run_cli(["-C", str(workspace), "check"])
    assert result.exit_code == 0
    assert result.problem_lines == [
        'locales/en.yaml:1:17: warning: col_unit: character U+1F600 GRINNING FACE "😀" is not in the '
        "document fonts (Noto Sans subset): the PDF would show a missing-glyph box"
    ]


def test_a_duplicate_key_is_refused_by_the_strict_loader(workspace: Path) -> None:
    write_locale(workspace, "en", 'col_unit: "A"\ncol_unit: "B"\n')
    code, lines = check_lines(workspace)
    assert code == 1
    assert lines == ['locales/en.yaml:2:1: col_unit: duplicate key "col_unit" (first defined on line 1)']


# --- incremental builds ----------------------------------------------------------


def document_languages(root: Path) -> dict[str, set[str]]:
    """Each example document's languages, worked out from the YAML with PyYAML, not by agencydocs."""
    documents = example_documents(root)
    clients = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in root.glob("clients/*.yaml")}

    def client_locale(path: str) -> str:
        project = yaml.safe_load((root / Path(path).parents[-3] / "project.yaml").read_text(encoding="utf-8"))
        return str(clients[project["client"]]["locale"])

    contracts = {data["number"]: data for data in documents.values() if data["kind"] == "contract"}
    languages = {}
    for path, data in documents.items():
        contract: dict[str, Any] = data if data["kind"] == "contract" else {}
        if data["kind"] == "addendum":
            contract = contracts[data["contract"]]
        own = data.get("locale") or contract.get("locale") or client_locale(path)
        # A contract's two languages reach its addenda; an invoice or act has its own.
        languages[path] = set(data.get("languages") or contract.get("languages") or [own])
    return languages


@pytest.fixture(scope="module")
def html_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_workspace(tmp_path_factory.mktemp("labels-incremental"))
    build(root, formats=["html"])
    return root


@pytest.mark.slow
@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "en",
            'payment_terms_contract: "Kindly pay within {days} {unit} {event} ({contract})."\n',
        ),  # edits the example's file
        ("ru", 'col_unit: "Ед. изм."\n'),  # a new file: was "missing" in the key
    ],
)
def test_editing_a_locale_file_rebuilds_the_documents_of_its_language_only(
    html_built: Path, tmp_path: Path, language: str, text: str
) -> None:
    root = Path(shutil.copytree(html_built, tmp_path / "ws", symlinks=True))
    expected = {path for path, langs in document_languages(root).items() if language in langs}
    assert expected and expected != set(example_documents(root))  # both languages are in the example
    write_locale(root, language, text)
    seen: list[str] = []
    build(root, formats=["html"], on_document=seen.append)
    assert sorted(seen) == sorted(expected)


@pytest.mark.slow
def test_an_edited_override_shows_after_an_incremental_build(html_built: Path, tmp_path: Path) -> None:
    root = Path(shutil.copytree(html_built, tmp_path / "ws", symlinks=True))
    write_locale(
        root, "en", 'payment_terms_contract: "Kindly pay within {days} {unit} {event} ({contract})."\n'
    )
    build(root, formats=["html"])
    [html] = (root / "output").rglob("invoice-2026-018.html")
    assert "Kindly pay within 10 business days of receiving the invoice (GX-2026-07)." in html_text(html)
