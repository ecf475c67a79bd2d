"""A rendered HTML document as plain text for a review: what a reader sees, one block per line.

The textconv normaliser (``rendering/textconv.py``) keeps the markup, which
is right for a committed output file; a pull-request comment wants the words:
no tags, no styles, no images, stable whitespace, a table row on one line.
"""

from __future__ import annotations

import lxml.html

# Elements that start a new line of text.
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
        "caption",
    ]
)
_CELLS = frozenset({"td", "th"})
_INVISIBLE = frozenset({"head", "style", "script", "template", "svg"})


def html_plain_text(html: str) -> list[str]:
    """The visible text of ``html``: one line per block or table row, cells joined by `` | ``."""
    if not html.strip():
        return []
    root = lxml.html.document_fromstring(html)
    for element in list(root.iter(*_INVISIBLE)):
        _drop_keeping_tail(element)
    for row in reversed(list(root.iter("tr"))):
        _flatten_row(row)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # a comment or processing instruction
        if element.tag in _BLOCKS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    lines = []
    for raw in root.text_content().split("\n"):
        line = " ".join(raw.replace("\u00a0", " ").replace("\u202f", " ").split()).strip(" |").strip()
        if line:
            lines.append(line)
    return lines


def _flatten_row(row: lxml.html.HtmlElement) -> None:
    """A table row becomes one line, ``cell | cell | cell``, whatever blocks its cells hold."""
    cells = [" ".join(cell.text_content().split()) for cell in row if cell.tag in _CELLS]
    tail = row.tail
    row.clear()
    row.text = " | ".join(cells)
    row.tail = tail


def _drop_keeping_tail(element: lxml.html.HtmlElement) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)
