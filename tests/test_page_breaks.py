"""Page breaks of every example PDF read like a typeset document (issue #16 item 7).

Measured on the PDFs themselves (pdfplumber: text lines with their positions)
against the headings of the same document's HTML, so the test knows what a
heading is without guessing from fonts:

* no page but the last ends with a heading: a heading keeps with what follows;
* the signature block never starts a page: it keeps with the last clause;
* no character is drawn outside the page box.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pdfplumber
import pytest

from tests.helpers import REPO_ROOT

# Lines this close to the bottom edge are the running footer ("Page 2 of 5").
FOOTER_BAND_PT = 45
# Blocks that close a document: signatures, and the contact closing a proposal.
SIGNATURE_CLASSES = {"requisites", "signatures", "closing", "contact"}
_SPACE = re.compile(r"\s+")
_TOC_ENTRY = re.compile(r"\.{5,}\s*\d+$")  # "10. Глоссарий ........ 5": a contents line, not a heading


def _example_pdfs() -> list[str]:
    """Every document of the example workspace, by its source file (the build names the PDFs)."""
    projects = REPO_ROOT / "projects"
    return sorted(
        path.relative_to(REPO_ROOT).as_posix()
        for path in projects.rglob("*.yaml")
        if path.name != "project.yaml" and "kind:" in path.read_text(encoding="utf-8")
    )


class _Headings(HTMLParser):
    """Texts of h1-h4 elements, and the first text inside a signature block."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.signature_starts: list[str] = []
        self._heading: list[str] | None = None
        self._in_signature = 0
        self._waiting_for_signature_text = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        if tag in {"h1", "h2", "h3", "h4"}:
            self._heading = []
        if classes & SIGNATURE_CLASSES:
            self._waiting_for_signature_text = True

    def handle_endtag(self, tag: str) -> None:
        if tag in {"h1", "h2", "h3", "h4"} and self._heading is not None:
            text = _normal("".join(self._heading))
            if text:
                self.headings.append(text)
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        if self._waiting_for_signature_text and data.strip():
            self.signature_starts.append(_normal(data))
            self._waiting_for_signature_text = False


def _normal(text: str) -> str:
    """One-spaced and case-folded: CSS prints some headings in capitals (text-transform)."""
    return _SPACE.sub(" ", text).strip().casefold()


def _page_lines(page: pdfplumber.page.Page) -> list[str]:
    """The page's text lines above the footer band, top to bottom."""
    lines = page.extract_text_lines()
    return [_normal(line["text"]) for line in lines if line["bottom"] < page.height - FOOTER_BAND_PT]


def _is_heading(line: str, headings: list[str]) -> bool:
    # A heading may wrap, and a bilingual heading shares its line with its translation:
    # the line starts with the first words of a heading, and holds no more than headings.
    if _TOC_ENTRY.search(line):
        return False
    return any(line.startswith(heading[:25]) or heading.startswith(line) for heading in headings)


@pytest.fixture(scope="module")
def outputs(example_build: Path) -> dict[str, tuple[Path, Path]]:
    found: dict[str, tuple[Path, Path]] = {}
    for pdf in sorted((example_build / "output").rglob("*.pdf")):
        if pdf.name.endswith(".slides.pdf"):
            continue  # a slide is a page by design (tests/test_slides.py)
        found[pdf.relative_to(example_build / "output").as_posix()] = (pdf, pdf.with_suffix(".html"))
    assert len(found) == len(_example_pdfs()), "one PDF per example document"
    return found


def test_no_page_ends_with_a_heading(outputs: dict[str, tuple[Path, Path]]) -> None:
    orphans = []
    for name, (pdf_path, html_path) in outputs.items():
        parser = _Headings()
        parser.feed(html_path.read_text(encoding="utf-8"))
        with pdfplumber.open(pdf_path) as pdf:
            for number, page in enumerate(pdf.pages[:-1], start=1):
                lines = _page_lines(page)
                if lines and _is_heading(lines[-1], parser.headings):
                    orphans.append(f"{name} p.{number}: {lines[-1]!r}")
    assert not orphans, "headings left at the bottom of a page:\n" + "\n".join(orphans)


def test_the_signature_block_never_starts_a_page(outputs: dict[str, tuple[Path, Path]]) -> None:
    alone = []
    for name, (pdf_path, html_path) in outputs.items():
        parser = _Headings()
        parser.feed(html_path.read_text(encoding="utf-8"))
        starts = [text[:20] for text in parser.signature_starts]
        with pdfplumber.open(pdf_path) as pdf:
            for number, page in enumerate(pdf.pages[1:], start=2):
                lines = _page_lines(page)
                if lines and any(lines[0].startswith(start) for start in starts):
                    alone.append(f"{name} p.{number} starts with {lines[0]!r}")
    assert not alone, "signature blocks alone on a page:\n" + "\n".join(alone)


def test_no_text_outside_the_page(outputs: dict[str, tuple[Path, Path]]) -> None:
    outside = []
    for name, (pdf_path, _html) in outputs.items():
        with pdfplumber.open(pdf_path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                for char in page.chars:
                    if (
                        char["x0"] < 0
                        or char["x1"] > page.width
                        or char["top"] < 0
                        or char["bottom"] > page.height
                    ):
                        outside.append(
                            f"{name} p.{number}: {char['text']!r} at {char['x0']:.0f},{char['top']:.0f}"
                        )
                        break
    assert not outside, "\n".join(outside)
