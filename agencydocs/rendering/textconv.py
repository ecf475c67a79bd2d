"""Rendered documents (HTML, DOCX, PDF, PPTX) as normalised text, for ``git diff`` and the snapshot tests.

One normaliser serves ``agencydocs textconv FILE`` (git's textconv driver for
teams that commit their outputs) and ``tests/snapshot_text.py``, so a
snapshot diff and a pull-request diff read the same:

- HTML: the file itself, with every ``data:`` URI (logo, QR code, charts)
  replaced by its media type, size and a hash, and trailing spaces removed;
- DOCX: the paragraphs and table cells of ``word/document.xml`` in document
  order, one per line (a cell starts with ``| ``, one more per nesting level;
  ``|-`` starts a row), then each header and footer part the same way;
- PDF: ``pdftotext -layout`` (poppler), with a ``--- page N ---`` line between pages;
- PPTX: a ``--- slide N ---`` line, then the slide's paragraphs and table cells in
  drawing order, one per line (a cell starts with ``| ``, ``|-`` starts a row).

The format is told by the file's content (git hands textconv a temporary file
whose name need not end in ``.pdf``); the same bytes always give the same text.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from agencydocs.errors import InvalidInput, Problem

FORMATS = ("html", "docx", "pdf", "pptx")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_SLIDE_PART = re.compile(r"ppt/slides/slide(\d+)\.xml")
# docx parts with text besides the body, in a stable order (header1, header2, …, footer1, …).
_EXTRA_PARTS = re.compile(r"word/(header|footer|footnotes|endnotes)\d*\.xml")
_DATA_URI = re.compile(
    r"data:(?P<type>[\w.+/-]*)(?P<params>(?:;[\w.+-]+=[\w.+-]+)*)(?P<b64>;base64)?,(?P<data>[^\"')\s]*)"
)
# How an HTML document may start once a BOM, blank space and comments are skipped.
_HTML_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S
)
_SNIFF_BYTES = 4096


class NotADocument(InvalidInput):
    """A file textconv cannot read as HTML, DOCX or PDF: one ``FILE: message`` line, exit 1."""

    def __init__(self, shown: str, message: str) -> None:
        super().__init__("", [Problem(file=shown, message=message)])


def document_text(path: Path, shown: str | None = None) -> str:
    """The normalised text of the HTML, DOCX, PDF or PPTX file at ``path``, its format told by content.

    ``shown`` is how the file is named in an error (default: ``path``).
    Raises :class:`NotADocument` for a missing, unreadable or foreign file.
    """
    shown = shown or str(path)
    fmt = detect_format(path, shown)
    try:
        return format_text(path, fmt)
    except (OSError, UnicodeDecodeError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise NotADocument(shown, f"cannot read this {fmt.upper()} file ({_reason(exc)})") from None
    except subprocess.CalledProcessError as exc:
        detail = exc.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = detail[0] if detail else f"pdftotext exited with {exc.returncode}"
        raise NotADocument(shown, f"cannot read this PDF file ({reason})") from None


def detect_format(path: Path, shown: str) -> str:
    """``html``, ``docx``, ``pdf`` or ``pptx`` from the file's first bytes (a DOCX is a zip with
    word/document.xml, a PPTX one with ppt/presentation.xml)."""
    try:
        with path.open("rb") as file:
            head = file.read(_SNIFF_BYTES)
    except FileNotFoundError:
        raise NotADocument(shown, "no such file") from None
    except IsADirectoryError:
        raise NotADocument(shown, "is a folder, not a file") from None
    except OSError as exc:
        raise NotADocument(shown, f"cannot read ({_reason(exc)})") from None
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and _is_docx(path):
        return "docx"
    if head.startswith(b"PK\x03\x04") and _has_part(path, "ppt/presentation.xml"):
        return "pptx"
    if _HTML_START.match(head):
        return "html"
    raise NotADocument(shown, "not a PDF, DOCX, PPTX or HTML file (told by its content)")


def _has_part(path: Path, part: str) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return part in archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def _is_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def format_text(path: Path, fmt: str) -> str:
    """The normalised text of ``path`` read as ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "html":
        text = html_text(path.read_text(encoding="utf-8"))
    elif fmt == "docx":
        text = docx_text(path)
    elif fmt == "pdf":
        text = pdf_text(path)
    elif fmt == "pptx":
        text = pptx_text(path)
    else:
        raise ValueError(f"no text for format {fmt!r}")
    return stable_lines(text)


def html_text(html: str) -> str:
    """The HTML with each ``data:`` URI reduced to ``data:<type>;<bytes> bytes;sha256=<16 hex>``."""
    return _DATA_URI.sub(_summarise_data_uri, html)


def _summarise_data_uri(match: re.Match[str]) -> str:
    data = match["data"]
    try:
        payload = base64.b64decode(data, validate=True) if match["b64"] else data.encode()
    except binascii.Error:
        payload = data.encode()
    digest = hashlib.sha256(payload).hexdigest()[:16]
    return f"data:{match['type']};{len(payload)} bytes;sha256={digest}"


def docx_text(path: Path) -> str:
    """Body paragraphs and table cells in order, then headers, footers and notes."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        lines = list(_block_lines(etree.fromstring(archive.read("word/document.xml"))))
        for name in sorted((n for n in names if _EXTRA_PARTS.fullmatch(n)), key=_part_order):
            lines.append(f"=== {name} ===")
            lines += _block_lines(etree.fromstring(archive.read(name)))
    return "\n".join(lines)


def _part_order(name: str) -> tuple[str, int]:
    kind, number = re.fullmatch(r"word/([a-z]+)(\d*)\.xml", name).groups()  # type: ignore[union-attr]
    return kind, int(number or 0)


def _block_lines(element: etree._Element, prefix: str = "") -> Iterator[str]:
    """Lines for the paragraphs and tables under ``element``, in document order."""
    for child in element:
        if child.tag == f"{W}p":
            text = _paragraph_text(child)
            if text or prefix:  # an empty body paragraph is spacing; an empty cell is content
                yield prefix + text
        elif child.tag == f"{W}tbl":
            yield from _table_lines(child, prefix)
        else:  # w:body, w:sdt (a table of contents), w:sdtContent, w:hdr, w:ftr, …
            yield from _block_lines(child, prefix)


def _table_lines(table: etree._Element, prefix: str) -> Iterator[str]:
    for row in table.iter(f"{W}tr"):
        if _nearest_table(row) is not table:
            continue  # a row of a nested table: listed under its cell
        yield f"{prefix}|-"
        for cell in row.findall(f"{W}tc"):
            cell_lines = list(_block_lines(cell, prefix + "| "))
            yield from cell_lines or [f"{prefix}| "]


def _nearest_table(row: etree._Element) -> etree._Element | None:
    parent = row.getparent()
    while parent is not None and parent.tag != f"{W}tbl":
        parent = parent.getparent()
    return parent


def _paragraph_text(paragraph: etree._Element) -> str:
    parts = []
    for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            if node.getparent().tag != f"{W}tabs":  # a tab character, not a tab stop's definition
                parts.append("\t")
        elif node.tag == f"{W}noBreakHyphen":
            parts.append("\u2011")
        else:
            parts.append("\u21b5")  # ↵ marks a line break inside the paragraph
    return "".join(parts)


def pdf_text(path: Path) -> str:
    """``pdftotext -layout`` of the PDF, pages separated by ``--- page N ---`` lines.

    poppler's layout mode keeps a table's columns side by side, which a diff
    of amounts needs; pypdf's extraction reorders them. A missing pdftotext
    is an OSError that says so, for the caller to report.
    """
    try:
        result = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
        )
    except FileNotFoundError:
        raise OSError("pdftotext is not installed: install poppler-utils") from None
    pages = result.stdout.decode("utf-8").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # pdftotext ends every page, the last one too, with a form feed
    marked = [pages[0]] if pages else []
    for number, page in enumerate(pages[1:], start=2):
        marked += [f"--- page {number} ---", page]
    return "\n".join(marked)


def pptx_text(path: Path) -> str:
    """Each slide's paragraphs and table cells in drawing order, slide by slide (read with lxml)."""
    lines: list[str] = []
    with zipfile.ZipFile(path) as archive:
        slides = sorted(
            (int(found[1]), name) for name in archive.namelist() if (found := _SLIDE_PART.fullmatch(name))
        )
        for number, name in slides:
            lines.append(f"--- slide {number} ---")
            root = etree.fromstring(archive.read(name))
            for element in root.iter(f"{A}tr", f"{A}p"):
                if element.tag == f"{A}tr":
                    lines.append("|-")
                    continue
                text = "".join(run.text or "" for run in element.iter(f"{A}t"))
                in_cell = any(parent.tag == f"{A}tc" for parent in element.iterancestors())
                if text.strip() or in_cell:
                    lines.append(f"| {text}" if in_cell else text)
    return "\n".join(lines) + "\n"


def stable_lines(text: str) -> str:
    """Unix line ends, no trailing spaces, exactly one newline at the end."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n") + "\n"
