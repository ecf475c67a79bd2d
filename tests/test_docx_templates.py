"""The built-in DOCX templates: committed files are the source; every one passes ``docx_check``.

A template is edited in Word or LibreOffice, one file per kind and language
with its fixed text written out. Two typed bootstrap modules only draft fresh
ones (``scripts/docx_bootstrap.py`` for invoice, act and proposal,
``agencydocs.rendering.docx_bootstrap_long`` for the long documents and
reports), so their output is checked for being a valid template, not for
equalling the committed file.
"""

from __future__ import annotations

import importlib
import io
import re
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import docx
import pytest
from lxml import etree

from agencydocs.i18n.labels import labels_for
from agencydocs.kinds import RESOLVERS, kind_spec
from agencydocs.models.base import SUPPORTED_LOCALES
from agencydocs.rendering import docx_bootstrap_long as long_bootstrap
from agencydocs.rendering.docx_check import check_docx_template
from agencydocs.rendering.templates import BUILTIN_TEMPLATES, TemplateSource

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
TEMPLATES = [path for kind in sorted(RESOLVERS) for path in TemplateSource().variants(kind, ".docx")]
# Every kind has one file per language, none language-neutral.
PER_LANGUAGE = tuple(sorted(RESOLVERS))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def bootstrap() -> ModuleType:
    """``scripts/docx_bootstrap.py`` imported as the script runs (its folder on the path)."""
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    return importlib.import_module("docx_bootstrap")


@pytest.mark.parametrize("path", TEMPLATES, ids=[path.name for path in TEMPLATES])
def test_every_builtin_docx_template_passes_the_check(path: Path) -> None:
    assert check_docx_template(path) == []


@pytest.mark.parametrize("kind", PER_LANGUAGE)
def test_kinds_with_language_layouts_have_one_file_per_language(kind: str) -> None:
    names = sorted(path.name for path in (BUILTIN_TEMPLATES / kind).glob("*.docx"))
    # A kind whose form exists in some languages only (the Russian УПД) has those files only.
    languages = kind_spec(kind).languages or SUPPORTED_LOCALES
    assert names == [f"{kind}.{language}.docx" for language in sorted(languages)]


@pytest.mark.parametrize(
    ("name", "fixed_text"),
    [
        ("invoice.ru", ["Банк получателя", "Наименование работ, услуг", "Кол-во", "Назначение платежа:"]),
        ("invoice.en", ["Bill to", "Unit price", "Payment details", "Amount in words:", "Scan to pay"]),
        ("act.ru", ["Исполнитель:", "Заказчик", "Наименование работ, услуг"]),
        ("act.en", ["Contractor:", "Customer", "Description"]),
        ("proposal.ru", ["Ситуация и задача", "Варианты кратко", "Следующие шаги"]),
        ("proposal.en", ["Your situation", "Options at a glance", "Next steps"]),
    ],
)
def test_a_template_reads_as_the_document_in_its_language(name: str, fixed_text: list[str]) -> None:
    """Fixed text is written out, not a ``doc.labels`` field; styles are named for Word's style list."""
    kind = name.partition(".")[0]
    document = docx.Document(str(BUILTIN_TEMPLATES / kind / f"{name}.docx"))
    body = document.element.body
    text = "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p"))
    assert [phrase for phrase in fixed_text if phrase not in text] == []
    assert "doc.labels" not in text
    used = {p.style.name for p in document.paragraphs} | {
        p.style.name for table in document.tables for cell in table._cells for p in cell.paragraphs
    }
    assert {"Title", "Table Header", "Amount"} <= used or kind == "proposal"


@pytest.mark.slow  # drafts six documents with python-docx
def test_the_bootstrap_drafts_valid_templates(tmp_path: Path) -> None:
    module = bootstrap()
    module.main(["--out", str(tmp_path)])
    drafted = sorted(path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*.docx"))
    assert drafted == sorted(f"{name.partition('.')[0]}/{name}.docx" for name in module.BUILDERS)
    for path in tmp_path.rglob("*.docx"):
        assert check_docx_template(path) == [], path.name


def test_the_bootstrap_refuses_an_unknown_name(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        bootstrap().main(["invoice.fr"])
    assert exited.value.code == 2
    assert "unknown template 'invoice.fr'; known: invoice.ru, invoice.en" in capsys.readouterr().err


# A template is mostly the document: at most this share of its (non-empty) paragraphs,
# table cells included, may be nothing but a {%p %} / {%tr %} control tag.
MAX_TAG_SHARE = 0.40
_CONTROL_TAG = re.compile(r"\{%-?\s*(?:p|tr|tc)\s.*%\}")


def tag_share(path: Path) -> float:
    body = docx.Document(str(path)).element.body
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")).strip() for p in body.iter(f"{W}p")]
    written = [text for text in texts if text]
    return sum(1 for text in written if _CONTROL_TAG.fullmatch(text)) / len(written)


@pytest.mark.parametrize("path", TEMPLATES, ids=[path.name for path in TEMPLATES])
def test_few_paragraphs_are_only_control_tags(path: Path) -> None:
    assert tag_share(path) <= MAX_TAG_SHARE, f"{path.name}: {tag_share(path):.0%} of paragraphs are tags"


# Fixed text each language's template of the long documents and reports shows as written.
LONG_FIXED_TEXT = {
    ("contract", "ru"): "М.П.",
    ("addendum", "en"): "Details and Signatures of the Parties",
    ("spec", "ru"): "Функциональные требования",
    ("brief", "en"): "No answer",
    ("report", "ru"): "Журнал трудозатрат",
    ("audit", "en"): "Recommendation",
}
LONG_KINDS = tuple(long_bootstrap.BUILDERS)


def paragraphs(data: bytes) -> list[str]:
    """The text of every paragraph of a DOCX body (cells included), then of its footers."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = ["word/document.xml", *sorted(n for n in archive.namelist() if n.startswith("word/footer"))]
        parts = [etree.fromstring(archive.read(name)) for name in names]
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for part in parts for p in part.iter(f"{W}p")]


@pytest.mark.parametrize("kind", LONG_KINDS)
@pytest.mark.parametrize("language", ("ru", "en"))
def test_long_template_shows_its_fixed_text_and_page_numbers_in_its_language(
    kind: str, language: str
) -> None:
    path = BUILTIN_TEMPLATES / kind / f"{kind}.{language}.docx"
    text = "\n".join(paragraphs(path.read_bytes()))
    assert "doc.labels." not in text.replace('doc.labels["severity_"', "")
    assert f" {labels_for(language)['page_of']} " in text  # in the footer: "Page 1 of 1"
    if (kind, language) in LONG_FIXED_TEXT:
        assert LONG_FIXED_TEXT[kind, language] in text


@pytest.mark.slow  # builds every draft
def test_the_long_bootstrap_drafts_valid_templates_in_every_language(tmp_path: Path) -> None:
    written = long_bootstrap.write_templates(tmp_path, LONG_KINDS)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == sorted(
        f"{kind}/{kind}.{language}.docx" for kind in LONG_KINDS for language in SUPPORTED_LOCALES
    )
    for path in written:
        assert check_docx_template(path) == [], path
    russian = "\n".join(paragraphs((tmp_path / "report" / "report.ru.docx").read_bytes()))
    english = "\n".join(paragraphs((tmp_path / "report" / "report.en.docx").read_bytes()))
    assert "Журнал трудозатрат" in russian and "Time log" in english and "doc.labels.report" not in russian
