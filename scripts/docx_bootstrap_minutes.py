"""The meeting minutes template of ``scripts/docx_bootstrap.py`` (its entry point drafts it).

Letterhead (number, date, place or call), then the participants of each
side, the agenda, the discussion (Markdown), the decisions, the action items
and the "approved by" lines, with headings written out in the template's
language. The content is the HTML template's; the approvals stand one side
under the other rather than side by side.
"""

from __future__ import annotations

import docx_common as c
from docx.document import Document as DocxDocument
from docx.shared import Pt

Words = dict[str, str]


def _participants(document: DocxDocument, words: Words) -> None:
    """The agency's side and the client's, side by side as in the PDF."""
    c.heading(document, words["minutes_participants"])
    grid = c.table(document, [90, 90])
    cells = c.row(grid, "", "")
    for cell, side in zip(cells, ("doc.participants[0]", "doc.participants[1]"), strict=True):
        c.para(cell, f"{{{{ {side}.side }}}}", c.TEXT, bold=True).paragraph_format.space_after = Pt(0)
        c.lines(cell, f"p in {side}.people", "{{ p }}", c.TEXT)
    c.finish(grid)
    c.gap(document)


def _actions(document: DocxDocument, words: Words) -> None:
    with c.section(document, "doc.actions", words["minutes_actions"]):
        c.data_table(
            document,
            [
                (words["minutes_col_number"], "{{ a.number }}", 9, c.CELL),
                (words["minutes_col_what"], "{{ a.what }}", 86, c.CELL),
                (words["minutes_col_owner"], "{{ a.owner }}", 35, c.CELL),
                (words["minutes_col_due"], "{{ a.due }}", 22, c.CELL),
                (words["minutes_col_status"], "{{ a.status }}", 28, c.CELL),
            ],
            "a in doc.actions",
        )


def _approvals(document: DocxDocument, words: Words) -> None:
    """Each side: role and company, the signatory's position, a line and the name under it."""
    with c.section(document, "doc.approvals", words["minutes_approved"]):
        c.tag(document, "{%p for a in doc.approvals %}")
        grid = c.table(document, [60, 50, 70])
        c.row(grid, "{{ a.side }}", "", "", bold=True)
        c.row(grid, "{{ a.company }}", "", "")
        c.row(grid, "{{ a.signature.title }}", "", "")
        cells = c.row(grid, "", "/ {{ a.signature.short_name }} /", "")
        c.signature_cells(cells, [cells[0]], 12)
        c.keep_with_next(c.finish(grid))
        c.gap(document, 6)
        c.tag(document, "{%p endfor %}")


def minutes(words: Words) -> DocxDocument:
    """Letterhead, participants, agenda, discussion, decisions, action items, approvals."""
    document = c.new_document(words)
    c.letterhead(document, words)
    _participants(document, words)
    with c.section(document, "doc.agenda", words["minutes_agenda"]):
        c.bullets(document, "doc.agenda")
    with c.section(document, "doc.discussion", words["minutes_discussion"]):
        c.markdown(document, "doc.discussion")
    with c.section(document, "doc.decisions", words["minutes_decisions"]):
        c.bullets(document, "doc.decisions")
    _actions(document, words)
    _approvals(document, words)
    return c.end(document)
