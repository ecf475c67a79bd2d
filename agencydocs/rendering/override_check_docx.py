"""Name the paragraph of a DOCX template where a render failed.

A DOCX template has no lines. docxtpl compiles each XML part (the body, each
header and footer) as one Jinja template after starting every ``<w:p`` on a
new line, so the line of a Jinja error is a paragraph of that part's source.
The source is taken from docxtpl's own frame in the error's traceback (the
very text it compiled), and the paragraph's visible text, tags included,
names the place: a Word user finds text, not numbers.
"""

from __future__ import annotations

import html
import re
from pathlib import PurePosixPath

_XML_TAG = re.compile(r"<[^>]*>")
EXCERPT_LENGTH = 80
# docxtpl's method that compiles and renders one XML part; its locals hold the source.
_RENDER_PART = "render_xml_part"


def failed_paragraph(exc: BaseException, line: int) -> str:
    """``paragraph "Total: {{ doc.totl }}"`` (``header1 paragraph …`` in a header) for an
    error raised at compiled ``line`` while docxtpl rendered a part; empty when unknown."""
    compiled = _compiled_part(exc)
    if compiled is None:
        return ""
    source, partname = compiled
    lines = source.splitlines()
    if not 0 < line <= len(lines):
        return ""
    stem = PurePosixPath(partname).stem
    where = "" if stem == "document" else f"{stem} "
    return f'{where}paragraph "{_visible(lines[line - 1])}"'


def _compiled_part(exc: BaseException) -> tuple[str, str] | None:
    """The source docxtpl compiled and the part's name, from the innermost ``render_xml_part`` frame."""
    found = None
    traceback = exc.__traceback__
    while traceback is not None:
        frame = traceback.tb_frame
        if frame.f_code.co_name == _RENDER_PART and isinstance(frame.f_locals.get("src_xml"), str):
            part = frame.f_locals.get("part")
            found = (frame.f_locals["src_xml"], str(getattr(part, "partname", "/word/document.xml")))
        traceback = traceback.tb_next
    return found


def _visible(xml_line: str) -> str:
    """The text a Word user sees in one compiled line, shortened."""
    text = " ".join(html.unescape(_XML_TAG.sub("", xml_line)).split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"
