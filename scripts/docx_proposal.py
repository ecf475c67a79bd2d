"""The DOCX template of proposals (see ``make_docx_reports.py``, which writes it)."""

from __future__ import annotations

import sys
from pathlib import Path

from docx.document import Document as DocxDocument

sys.path.insert(0, str(Path(__file__).resolve().parent))
import docx_business as b  # noqa: E402 - a sibling script, not a package

R, L, C = b.RIGHT, b.LEFT, b.CENTER


def _items(document: DocxDocument, loop: str) -> None:
    """Lines of an option or the add-ons: details, discount and VAT rate go under the description."""
    labels = "doc.labels"
    grid = b.data_table(
        document,
        [
            (f"{{{{ {labels}.col_number }}}}", "{{ i.number }}", 8, C),
            (f"{{{{ {labels}.col_description }}}}", "{{ i.description }}", 84, L),
            (f"{{{{ {labels}.col_quantity }}}}", "{{ i.quantity }}", 14, R),
            (f"{{{{ {labels}.col_unit }}}}", "{{ i.unit }}", 16, L),
            (f"{{{{ {labels}.col_price }}}}", "{{ i.price }}", 28, R),
            (f"{{{{ {labels}.col_amount }}}}", "{{ i.amount }}", 30, R),
        ],
        loop,
    )
    description = grid.rows[2].cells[1]
    for condition, text in (
        ("i.details", "{{ i.details }}"),
        ("i.discount", "{{ doc.labels.col_discount }}: {{ i.discount }}"),
        ("doc.show_vat_rate and i.vat_rate", "{{ doc.labels.col_vat_rate }}: {{ i.vat_rate }}"),
    ):
        b.tag(description, f"{{%p if {condition} %}}")
        b.para(description, text, b.SMALL)
        b.tag(description, "{%p endif %}")


def _option(document: DocxDocument) -> None:
    b.tag(document, "{%p for o in doc.options %}")
    title = b.heading(
        document,
        "{% if doc.options | length > 1 %}{{ doc.labels.proposal_option }} {{ loop.index }}. {% endif %}",
    )
    title.add_run("{{ o.name }}")
    title.add_run("{% if o.recommended %} — {{ doc.labels.proposal_recommended }}{% endif %}")
    b.tag(document, "{%p if o.description %}")
    b.markdown(document, "o.description")
    b.tag(document, "{%p endif %}")
    _items(document, "i in o.items")
    b.space(document, 2)
    totals = b.table(document, [60, 30], right=True)
    b.base._labelled_rows(totals, "o.totals.rows", R)
    b.tag(document, "{%p if o.timeline %}")
    when = b.para(document, "{{ doc.labels.proposal_timeline }}: {{ o.duration }}", b.LABEL)
    when.paragraph_format.space_before = b.base.Pt(8)
    b.data_table(
        document,
        [
            ("{{ doc.labels.col_stage }}", "{{ p.title }}", 110, L),
            ("{{ doc.labels.col_duration }}", "{{ p.duration }}", 35, L),
            ("{{ doc.labels.col_when }}", "{{ p.span }}", 35, L),
        ],
        "p in o.timeline",
    )
    b.tag(document, "{%p endif %}")
    b.tag(document, "{%p endfor %}")


def build_proposal() -> DocxDocument:
    """Letterhead, context and goals, options at a glance, each option, add-ons, terms, next steps."""
    document = b.new_document()
    b.letterhead(document)
    b.tag(document, "{%p if doc.context %}")
    b.heading(document, "{{ doc.labels.proposal_context }}")
    b.markdown(document, "doc.context")
    b.tag(document, "{%p endif %}")
    b.tag(document, "{%p if doc.goals %}")
    b.para(document, "{{ doc.labels.proposal_goals }}", b.LABEL)
    b.bullets(document, "doc.goals")
    b.tag(document, "{%p endif %}")
    b.tag(document, "{%p if doc.overview %}")
    b.heading(document, "{{ doc.labels.proposal_options }}")
    overview = b.table(document, [120, 60])
    b.base._labelled_rows(overview, "doc.overview", None)
    b.tag(document, "{%p endif %}")
    _option(document)
    b.tag(document, "{%p if doc.addons %}")
    b.heading(document, "{{ doc.labels.proposal_addons }}")
    b.para(document, "{{ doc.labels.proposal_addons_note }}", b.TEXT)
    _items(document, "i in doc.addons")
    b.tag(document, "{%p endif %}")
    b.tag(document, "{%p if doc.vat_note %}")
    b.para(document, "{{ doc.vat_note }}", b.SMALL).paragraph_format.space_before = b.base.Pt(6)
    b.tag(document, "{%p endif %}")
    validity = b.para(document, "{{ doc.validity }}", b.TEXT, bold=True)
    validity.paragraph_format.space_before = b.base.Pt(8)
    for key, loop in (("proposal_terms", "doc.terms"), ("proposal_next_steps", "doc.next_steps")):
        b.tag(document, f"{{%p if {loop} %}}")
        b.heading(document, f"{{{{ doc.labels.{key} }}}}")
        b.bullets(document, loop)
        b.tag(document, "{%p endif %}")
    b.tag(document, "{%p if doc.contact %}")
    b.para(document, "{{ doc.labels.proposal_contact }}", b.LABEL).paragraph_format.space_before = b.base.Pt(
        10
    )
    b.tag(document, "{%p for line in doc.contact %}")
    b.para(document, "{{ line }}", b.TEXT).paragraph_format.space_after = b.base.Pt(0)
    b.tag(document, "{%p endfor %}")
    b.tag(document, "{%p endif %}")
    return b.end(document)
