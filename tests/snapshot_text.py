"""Text snapshots of built documents: what ``tests/snapshots/`` holds and how it is made.

Each output file ``output/<client>/<project>/<name>.<format>`` has one snapshot
``tests/snapshots/<client>/<project>/<name>.<format>.txt``, text that shows a
change to the rendered document as a readable diff:

- HTML: the file itself, with every ``data:`` URI (logo, QR code, charts)
  replaced by its media type, size and a hash, and trailing spaces removed;
- DOCX: the paragraphs and table cells of ``word/document.xml`` in document
  order, one per line (a cell starts with ``| ``, one more per nesting level;
  ``|-`` starts a row), then each header and footer part the same way;
- PDF: ``pdftotext -layout``, with a ``--- page N ---`` line between pages.

``python scripts/update_snapshots.py`` rewrites them all from a fresh build;
``tests/test_snapshots.py`` compares a fresh build with them.
"""

from __future__ import annotations

import base64
import binascii
import difflib
import hashlib
import re
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
SUFFIX = ".txt"
UPDATE_COMMAND = "python scripts/update_snapshots.py"
FORMATS = ("html", "docx", "pdf")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# docx parts with text besides the body, in a stable order (header1, header2, …, footer1, …).
_EXTRA_PARTS = re.compile(r"word/(header|footer|footnotes|endnotes)\d*\.xml")
_DATA_URI = re.compile(
    r"data:(?P<type>[\w.+/-]*)(?P<params>(?:;[\w.+-]+=[\w.+-]+)*)(?P<b64>;base64)?,(?P<data>[^\"')\s]*)"
)


def output_texts(output: Path) -> dict[str, str]:
    """The snapshot text of every HTML, DOCX and PDF file under ``output``, keyed by its relative path."""
    texts = {}
    for path in sorted(output.rglob("*")):
        fmt = path.suffix.lstrip(".")
        if path.is_file() and fmt in FORMATS:
            texts[path.relative_to(output).as_posix()] = snapshot_text(path)
    return texts


def snapshot_text(path: Path) -> str:
    """The normalised text of one output file (see the module docstring)."""
    fmt = path.suffix.lstrip(".")
    if fmt == "html":
        text = html_snapshot(path.read_text(encoding="utf-8"))
    elif fmt == "docx":
        text = docx_snapshot(path)
    elif fmt == "pdf":
        text = pdf_snapshot(path)
    else:
        raise ValueError(f"no snapshot for {path.name}")
    return _stable_lines(text)


def html_snapshot(html: str) -> str:
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


def docx_snapshot(path: Path) -> str:
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
            parts.append("\t")
        elif node.tag == f"{W}noBreakHyphen":
            parts.append("\u2011")
        else:
            parts.append("\u21b5")  # ↵ marks a line break inside the paragraph
    return "".join(parts)


def pdf_snapshot(path: Path) -> str:
    """``pdftotext -layout`` of the PDF, pages separated by ``--- page N ---`` lines."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    pages = result.stdout.decode("utf-8").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # pdftotext ends every page, the last one too, with a form feed
    marked = [pages[0]] if pages else []
    for number, page in enumerate(pages[1:], start=2):
        marked += [f"--- page {number} ---", page]
    return "\n".join(marked)


def _stable_lines(text: str) -> str:
    """Unix line ends, no trailing spaces, exactly one newline at the end."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n") + "\n"


def snapshot_file(name: str) -> Path:
    """Where the snapshot of output file ``name`` (e.g. ``romashka/x/invoice-1.pdf``) lives."""
    return SNAPSHOTS / f"{name}{SUFFIX}"


def committed_snapshots() -> dict[str, Path]:
    """The committed snapshots, keyed by the output file they describe."""
    return {
        path.relative_to(SNAPSHOTS).as_posix().removesuffix(SUFFIX): path
        for path in sorted(SNAPSHOTS.rglob(f"*{SUFFIX}"))
    }


def write_snapshots(texts: dict[str, str]) -> tuple[list[str], list[str]]:
    """Make ``tests/snapshots/`` hold exactly ``texts``; return the names changed and removed."""
    changed = []
    for name, text in texts.items():
        target = snapshot_file(name)
        if not target.is_file() or target.read_bytes() != text.encode("utf-8"):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
            changed.append(name)
    removed = sorted(set(committed_snapshots()) - set(texts))
    for name in removed:
        snapshot_file(name).unlink()
    for folder in sorted((p for p in SNAPSHOTS.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return changed, removed


def unified_diff(name: str, expected: str, actual: str, limit: int = 80) -> str:
    """The unified diff from the committed snapshot to the fresh text, cut after ``limit`` lines."""
    lines = list(
        difflib.unified_diff(
            expected.splitlines(),
            actual.splitlines(),
            fromfile=f"tests/snapshots/{name}{SUFFIX} (committed)",
            tofile=f"{name} (this build)",
            lineterm="",
        )
    )
    if len(lines) > limit:
        lines = [*lines[:limit], f"... {len(lines) - limit} more diff lines"]
    return "\n".join(lines)
