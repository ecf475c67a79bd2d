"""The letter template of ``scripts/docx_bootstrap.py``.

The business letterhead without a title (the agency with its contacts and
tax ids, the outgoing number and the date), the address block on the right,
the subject in bold, the salutation, the Markdown body, the numbered
enclosures, the closing and the signatory's line (title and agency, a line
to sign on, the name), as the PDF prints them.
"""

from __future__ import annotations

import docx_common as c
from docx.document import Document as DocxDocument
from docx.shared import Pt

Words = dict[str, str]


def letter(words: Words) -> DocxDocument:
    """Letterhead, addressee, subject, salutation, body, enclosures, closing, signature."""
    document = c.new_document(words)
    c.letterhead(document, words, title=False)
    c.gap(document, 4)
    grid = c.table(document, [100, 80])
    _left, right = c.row(grid, "", "")
    c.lines(right, "line in doc.addressee", "{{ line }}", c.TEXT)
    c.finish(grid)
    c.gap(document, 8)
    c.para(document, "{{ doc.subject }}", c.TEXT, bold=True)
    c.para(document, "{{ doc.salutation }}", c.TEXT)
    c.markdown(document, "doc.body")
    c.tag(document, "{%p if doc.attachments %}")
    c.para(document, words["letter_attachments"], c.TEXT).paragraph_format.space_before = Pt(6)
    c.lines(document, "item in doc.attachments", "{{ item }}", c.TEXT)
    c.tag(document, "{%p endif %}")
    closing = c.para(document, "{{ doc.closing }}", c.TEXT)
    closing.paragraph_format.space_before = Pt(12)
    c.keep_with_next([closing, *c.signature_line(document, "{{ doc.signature.title }}, {{ doc.agency }}")])
    return c.end(document)
