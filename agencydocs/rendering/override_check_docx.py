"""Name the paragraph of a DOCX template where a render failed.

A DOCX template has no lines. docxtpl compiles each XML part (the body, each
header and footer) as one Jinja template after starting every ``<w:p`` on a
new line, so the line of a Jinja error is a paragraph of that source. The
source is rebuilt here exactly as docxtpl builds it, and the paragraph's
visible text (its tags included) names the place: Word users find text, not
numbers.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from docxtpl import DocxTemplate

_PARAGRAPH_START = re.compile(r"<w:p([ >])")
_XML_TAG = re.compile(r"<[^>]*>")
_JINJA_TAG = re.compile(r"\{[{%#]")
EXCERPT_LENGTH = 80


def paragraph_of_line(path: Path, line: int) -> str:
    """``paragraph "Invoice {{ doc.numbr }}"`` for the compiled ``line`` of the template at ``path``.

    The body is rendered first, then headers and footers; the error's line is
    taken in the first part where it holds a Jinja tag (a line of plain text
    cannot fail). Empty when no part has such a line.
    """
    template = DocxTemplate(str(path))
    template.init_docx()
    parts = [("", template.get_xml())]
    for uri, where in ((template.HEADER_URI, "header "), (template.FOOTER_URI, "footer ")):
        parts += [(where, template.get_part_xml(part)) for _, part in template.get_headers_footers(uri)]
    for where, xml in parts:
        lines = _PARAGRAPH_START.sub(r"\n<w:p\1", template.patch_xml(xml)).splitlines()
        if 0 < line <= len(lines) and _JINJA_TAG.search(lines[line - 1]):
            return f'{where}paragraph "{_visible(lines[line - 1])}"'
    return ""


def _visible(xml_line: str) -> str:
    """The text a Word user sees in one compiled line, shortened."""
    text = " ".join(html.unescape(_XML_TAG.sub("", xml_line)).split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"
