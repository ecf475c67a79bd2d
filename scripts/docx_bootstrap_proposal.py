"""The proposal template of ``scripts/docx_bootstrap.py`` (its entry point drafts it).

Letterhead, context and goals, the options at a glance, each option with
its lines, totals and timeline, add-ons, validity, terms, next steps and
the contact, with headings written out in the template's language.
"""

from __future__ import annotations

import docx_common as c
from docx.document import Document as DocxDocument
from docx.shared import Pt

Words = dict[str, str]


def _items(document: DocxDocument, words: Words, loop: str) -> None:
    """Lines of an option or the add-ons: details, discount and VAT rate go under the description."""
    grid = c.data_table(
        document,
        [
            (words["col_number"], "{{ i.number }}", 8, c.CELL),
            (words["col_description"], "{{ i.description }}", 84, c.CELL),
            (words["col_quantity"], "{{ i.quantity }}", 15, c.AMOUNT),
            (words["col_unit"], "{{ i.unit }}", 17, c.CELL),
            (words["col_price"], "{{ i.price }}", 27, c.AMOUNT),
            (words["col_amount"], "{{ i.amount }}", 29, c.AMOUNT),
        ],
        loop,
    )
    description = grid.rows[2].cells[1].paragraphs[0]
    for condition, text in (
        ("i.details", "{{ i.details }}"),
        ("i.discount", f"{words['col_discount']}: {{{{ i.discount }}}}"),
        ("doc.show_vat_rate and i.vat_rate", f"{words['col_vat_rate']}: {{{{ i.vat_rate }}}}"),
    ):
        c.run(description, f"{{% if {condition} %}}")
        c.line_break(description)
        c.run(description, text, style_size=7.5)
        c.run(description, "{% endif %}")


def _totals(document: DocxDocument) -> None:
    grid = c.table(document, [62, 32], right=True)
    c.tag_row(grid, "{%tr for r in o.totals.rows[:-1] %}")
    c.row(grid, "{{ r.label }}", "{{ r.value }}", style=c.AMOUNT)
    c.tag_row(grid, "{%tr endfor %}")
    total = c.row(
        grid, "{{ o.totals.rows[-1].label }}", "{{ o.totals.rows[-1].value }}", style=c.AMOUNT, bold=True
    )
    for cell in total:
        c.cell_borders(cell, {"top": ("single", 6, c.TEMPLATE_BRAND_COLOR)})
    c.finish(grid)


def _option(document: DocxDocument, words: Words) -> None:
    c.tag(document, "{%p for o in doc.options %}")
    title = c.heading(
        document,
        f"{{% if doc.options | length > 1 %}}{words['proposal_option']} {{{{ loop.index }}}}. {{% endif %}}",
    )
    c.run(title, "{{ o.name }}")
    c.run(title, f"{{% if o.recommended %}} — {words['proposal_recommended']}{{% endif %}}")
    with c.shown_if(document, "o.description"):
        c.markdown(document, "o.description")
    _items(document, words, "i in o.items")
    _totals(document)
    with c.section(
        document, "o.timeline", f"{words['proposal_timeline']} · {{{{ o.duration }}}}", c.HEADING2
    ):
        c.data_table(
            document,
            [
                (words["col_stage"], "{{ p.title }}", 110, c.CELL),
                (words["col_duration"], "{{ p.duration }}", 35, c.CELL),
                (words["col_when"], "{{ p.span }}", 35, c.CELL),
            ],
            "p in o.timeline",
        )
    c.tag(document, "{%p endfor %}")


def proposal(words: Words) -> DocxDocument:
    """Letterhead, context and goals, options at a glance, each option, add-ons, terms, next steps."""
    document = c.new_document(words)
    c.letterhead(document, words)
    with c.section(document, "doc.context", words["proposal_context"]):
        c.markdown(document, "doc.context")
    with c.section(document, "doc.goals", words["proposal_goals"]):
        c.bullets(document, "doc.goals")
    with c.section(document, "doc.overview", words["proposal_options"]):
        overview = c.table(document, [120, 60])
        c.tag_row(overview, "{%tr for r in doc.overview %}")
        c.row(overview, "{{ r.label }}", "{{ r.value }}", styles=(c.CELL, c.AMOUNT))
        c.tag_row(overview, "{%tr endfor %}")
        c.finish(overview)
    _option(document, words)
    with c.section(document, "doc.addons", words["proposal_addons"]):
        c.para(document, words["proposal_addons_note"], c.TEXT)
        _items(document, words, "i in doc.addons")
    vat = c.para(document, "{% if doc.vat_note %}{{ doc.vat_note }}{% endif %}", c.SMALL)
    vat.paragraph_format.space_before = Pt(6)
    validity = c.para(document, "{{ doc.validity }}", c.TEXT, bold=True)
    validity.paragraph_format.space_before = Pt(6)
    c.rule(validity, "left", 24)
    for key, loop, style in (
        ("proposal_terms", "doc.terms", c.BULLET),
        ("proposal_next_steps", "doc.next_steps", c.NUMBERED),  # the steps in order, as in the PDF
    ):
        with c.section(document, loop, words[key]):
            c.bullets(document, loop, style)
    with c.section(document, "doc.contact", words["proposal_contact"]):
        c.lines(document, "line in doc.contact", "{{ line }}", c.TEXT)
    return c.end(document)
