"""The DOCX of every example document says what its PDF says: the same set of words.

Layout is ignored (order, case, punctuation, line breaks, bullets); what is
compared is the vocabulary, so a row, label or signature block that one
format has and the other lacks fails the test, per document.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from agencydocs.kinds import RESOLVERS
from agencydocs.rendering.templates import BUILTIN_TEMPLATES
from agencydocs.rendering.textconv import document_text

KINDS = sorted(RESOLVERS)
# A line to sign on holds no words, so the word comparison cannot see it: the kinds whose HTML
# draws it as a `.sign-line` (letters, reminders, claims, statements) are counted apart.
_SIGN_LINE = '<span class="sign-line"></span>'
SIGNED_ON_A_LINE = [
    k for k in KINDS if _SIGN_LINE in (BUILTIN_TEMPLATES / k / f"{k}.html").read_text("utf-8")
]
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Separators besides white space: table cell marks, line-break marks, bullets, check boxes.
# (U+F0B7 is the Symbol-font bullet LibreOffice prints for Word's list bullets; a run of dots
# and a page number are a table of contents' leader.)
_SEPARATORS = re.compile(r"(?:[\s|\u21b5\u2022\u25a1\uf0b7]|\.{3,}\d*)+")
_PUNCTUATION = ".,:;!?()[]{}«»\"'“”„‘’–—·/"
# Hyphens: WeasyPrint's ToUnicode gives a hyphen at a line end as U+2010, whether it
# was typed or added by hyphenation, so every hyphen inside a word is dropped on both sides.
_HYPHENS = re.compile("[-\u2010\u2011\u00ad]")
# The page counter of a running footer ("Стр. 1 из 2", "Page 1 of 2", "Seite 1 von 2", bilingual
# "Стр. / Page 1 из / of 2") is layout: the DOCX holds PAGE and NUMPAGES fields whose stored
# values ("1 из 1") Word and LibreOffice replace on layout, so it is left out on both sides.
_PAGE_COUNTER = re.compile(
    r"(?:Стр\.|Page|Seite)(?:\s*/\s*(?:Стр\.|Page|Seite))?\s+\d+\s+"
    r"(?:из|of|von)(?:\s*/\s*(?:из|of|von))?\s+\d+"
)


def words(text: str, *, mark_breaks: bool = False) -> set[str]:
    """The words of ``text``, case-folded, without punctuation and hyphens.

    With ``mark_breaks``, a word that ends in a line-end hyphen keeps a
    trailing U+2010, so that :func:`rejoin` can find its other half.
    """
    found = set()
    for token in _SEPARATORS.split(_PAGE_COUNTER.sub(" ", text)):
        core = token.strip(_PUNCTUATION)
        word = _HYPHENS.sub("", core).strip(_PUNCTUATION).casefold()
        if word:
            found.add(word + ("\u2010" if mark_breaks and core.endswith("\u2010") else ""))
    return found


def docx_words(path: Path) -> set[str]:
    """Words of the body, headers and footers, without textconv's part headings."""
    return words(re.sub(r"^=== .* ===$", " ", document_text(path), flags=re.MULTILINE))


def rejoin(in_pdf: set[str], in_docx: set[str]) -> set[str]:
    """The PDF's words with a word hyphenated in a table cell made whole again: pdftotext
    reads the cell's next line after the neighbouring cell's text, so the halves are apart."""
    whole = {word for word in in_pdf if not word.endswith("\u2010")}
    for piece in sorted(in_pdf - whole):
        head = piece[:-1]
        tail = next(
            (
                w[len(head) :]
                for w in sorted(in_docx - whole)
                if w.startswith(head) and w[len(head) :] in whole
            ),
            None,
        )
        whole.add(head if tail is None else head + tail)
        if tail is not None and tail not in in_docx:
            whole.discard(tail)
    return whole


def pdf_words(path: Path) -> set[str]:
    """Words of ``pdftotext`` (reading order), a word hyphenated over two lines joined again."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return pdf_words_of(text, mark_breaks=True)


def test_words_ignore_layout() -> None:
    assert words("| Кол-во ↵ «Итого»: 1 000,00\n• Page") == {"колво", "итого", "1", "000,00", "page"}
    assert words("Счёт №\u00a02026-014\tСтр. 1 из 2") == words("Счёт № 2026-014 Стр. / Page 2 из / of 3")
    assert pdf_words_of("SEO-продви‐\nжение") == words("SEO-продвижение")
    in_docx = words("UTM-метками REST API")
    assert rejoin(pdf_words_of("UTM-мет‐ REST API\nками", mark_breaks=True), in_docx) == in_docx


def pdf_words_of(text: str, *, mark_breaks: bool = False) -> set[str]:
    """Words of PDF text: a word broken over two lines by a hyphen is one word."""
    return words(re.sub("[-\u2010]\n", "", text), mark_breaks=mark_breaks)


@pytest.mark.parametrize("kind", KINDS)
def test_docx_has_the_words_of_the_pdf(kind: str, example_build: Path) -> None:
    documents = sorted((example_build / "output").rglob(f"{kind}-*.docx"))
    assert documents, f"the example has no {kind}"
    differences = {}
    for docx in documents:
        in_docx = docx_words(docx)
        in_pdf = rejoin(pdf_words(docx.with_suffix(".pdf")), in_docx)
        if in_docx != in_pdf:
            differences[docx.name] = {
                "only DOCX": sorted(in_docx - in_pdf),
                "only PDF": sorted(in_pdf - in_docx),
            }
    assert differences == {}


@pytest.fixture(scope="module")
def laid_out(example_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every example DOCX and its PDF as LibreOffice lays it out, side by side in one folder."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("this test needs LibreOffice: apt-get install libreoffice-writer-nogui")
    folder = tmp_path_factory.mktemp("laid-out")
    for path in (example_build / "output").rglob("*.docx"):
        shutil.copy(path, folder / path.name)
    profile = f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}"
    command = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(folder)]
    subprocess.run(
        [*command, *sorted(map(str, folder.glob("*.docx")))], check=True, capture_output=True, timeout=600
    )
    return folder


@pytest.mark.parametrize("kind", KINDS)
def test_columns_fit_without_breaking_a_word(kind: str, laid_out: Path) -> None:
    """A word broken inside a table cell ("placemen|t") shows as two words that the DOCX lacks."""
    broken = {}
    for docx in sorted(laid_out.glob(f"{kind}-*.docx")):
        pieces = pdf_words(docx.with_suffix(".pdf")) - docx_words(docx)
        if pieces:
            broken[docx.name] = sorted(pieces)
    assert broken == {}


def docx_signature_lines(path: Path) -> int:
    """Table cells of the body with a single bottom border: the lines a DOCX leaves to sign on."""
    with zipfile.ZipFile(path) as package:
        body = ElementTree.fromstring(package.read("word/document.xml"))
    bottoms = (borders.find(f"{_W}bottom") for borders in body.iter(f"{_W}tcBorders"))
    return sum(bottom is not None and bottom.get(f"{_W}val") == "single" for bottom in bottoms)


def test_the_kinds_with_sign_lines_are_found() -> None:
    assert {"letter", "reminder", "claim", "statement"} <= set(SIGNED_ON_A_LINE)


@pytest.mark.parametrize("kind", SIGNED_ON_A_LINE)
def test_docx_has_the_signature_lines_of_the_pdf(kind: str, example_build: Path) -> None:
    """Each `.sign-line` of the HTML (and so of its PDF) is a line to sign on in the DOCX."""
    counts = {
        docx.name: (
            docx.with_suffix(".html").read_text("utf-8").count(_SIGN_LINE),
            docx_signature_lines(docx),
        )
        for docx in sorted((example_build / "output").rglob(f"{kind}-*.docx"))
    }
    assert counts, f"the example has no {kind}"
    assert all(in_html > 0 for in_html, _in_docx in counts.values()), counts
    assert {name: in_docx for name, (_in_html, in_docx) in counts.items()} == {
        name: in_html for name, (in_html, _in_docx) in counts.items()
    }
