"""Generate the built-in DOCX templates of the technical specification and the brief.

Run ``python scripts/make_docx_spec_brief.py`` after changing this file (or
``make_docx_long.py``, whose page set-up, heading styles, Markdown and
requisites helpers it uses); a test checks that the committed templates are
byte-identical to its output.

Headings are real Word "Heading 1" / "Heading 2" paragraphs carrying the
numbers the resolver gave, each with a bookmark. The contents list every
heading with a ``PAGEREF`` field to its bookmark: LibreOffice lays those out
itself, and Word fills them when it updates fields on opening. (A ``TOC``
field would show nothing but its stored result in LibreOffice.) Markdown
fields are placed with ``{{p text | markdown }}`` in a paragraph of their
own. Styles that vary per row (site map indent, priority colour, contents
level) are chosen by name: the ``w:pStyle`` / ``w:rStyle`` value is a Jinja
expression.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_docx_long as long  # noqa: E402  (sibling scripts, not a package)
import make_docx_templates as base  # noqa: E402
from make_docx_templates import (  # noqa: E402
    CELL,
    CENTER,
    LIGHT,
    SMALL,
    TAG,
    Container,
    _borders,
    _el,
    _finish,
    _logo,
    _para,
    _row,
    _rule,
    _space,
    _table,
    _tag,
    _tag_row,
)

TEMPLATES = long.TEMPLATES
WIDTH = long.WIDTH
BRAND = RGBColor(0x1F, 0x4E, 0x79)
MUTED = RGBColor(0x55, 0x55, 0x55)
COVER, SUBJECT, META, TOC_TITLE, HEADER = (
    "Cover Title",
    "Cover Subject",
    "Cover Meta",
    "TOC Heading",
    "Table Header",
)
QUESTION, HINT, NONE, ANSWER_LINE = "Question", "Question Hint", "No Answer", "Answer Line"
PAGE_LEVELS = 4
PRIORITY_COLORS = {
    "must": ("8A1C12", "FBE3E1"),
    "should": ("7A5200", "FDF0D5"),
    "could": ("333344", "E7EDF3"),
}
# A bookmark id per heading: static headings get fixed ids, looped ones an offset plus loop.index.
_bookmark_ids = iter(range(1, 1000))


def _style(document: DocxDocument, name: str, size: float, bold: bool = False, color: RGBColor | None = None):
    styles = document.styles
    style = (
        styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    )
    style.base_style = styles["Normal"]
    style.font.size, style.font.bold = Pt(size), bold or None
    style.font.color.rgb = color
    style.quick_style = True
    return style


def _spec_styles(document: DocxDocument) -> None:
    """Left-aligned headings in the brand colour; cover, contents, table, site map, priority, question styles."""
    for level, size in ((1, 12), (2, 10.5)):
        style = document.styles[f"Heading {level}"]
        style.font.size, style.font.all_caps, style.font.italic = Pt(size), None, None
        style.font.color.rgb = BRAND
        style.paragraph_format.alignment = None
        style.paragraph_format.space_before = Pt(14 if level == 1 else 8)
    _style(document, COVER, 20, True, BRAND).paragraph_format.space_after = Pt(4)
    _style(document, SUBJECT, 12, True).paragraph_format.space_after = Pt(4)
    _style(document, META, 9, color=MUTED).paragraph_format.space_after = Pt(4)
    _style(document, TOC_TITLE, 11, True, BRAND).paragraph_format.space_after = Pt(6)
    for level in (1, 2):
        toc = _style(document, f"toc {level}", 9.5 if level == 1 else 9)
        toc.paragraph_format.left_indent = Mm(7 * (level - 1))
        toc.paragraph_format.space_after = Pt(3)
        toc.paragraph_format.tab_stops.add_tab_stop(Mm(WIDTH), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    _style(document, HEADER, 8.5, True)
    for level in range(1, PAGE_LEVELS + 1):
        page = _style(document, f"Sitemap Level {level}", 9, bold=level == 1)
        path = _style(document, f"Sitemap Path {level}", 7.5, color=MUTED)
        for style in (page, path):
            style.paragraph_format.left_indent = Mm(4 * (level - 1))
    answer = _style(document, ANSWER_LINE, 9)
    answer.paragraph_format.line_spacing = Pt(20)
    answer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    ruled = {edge: ("dotted", 4) for edge in ("bottom", "between")}
    answer.element.get_or_add_pPr().append(_borders("w:pBdr", ruled))
    for key, (color, fill) in PRIORITY_COLORS.items():
        run = document.styles.add_style(f"Priority {key}", WD_STYLE_TYPE.CHARACTER)
        run.font.bold, run.font.size, run.font.color.rgb = True, Pt(8), RGBColor.from_string(color)
        run.element.get_or_add_rPr().append(_el("w:shd", val="clear", color="auto", fill=fill))
    _style(document, QUESTION, 9, True).paragraph_format.keep_with_next = True
    _style(document, HINT, 8, color=MUTED)
    _style(document, NONE, 9, color=RGBColor(0x88, 0x88, 0x88)).font.italic = True


def _new_document() -> DocxDocument:
    document = long.new_long_document()
    _spec_styles(document)
    return document


def _set_style_id(paragraph: Paragraph, expression: str) -> None:
    """A paragraph style chosen per row: ``w:pStyle`` holds a Jinja expression."""
    paragraph._p.get_or_add_pPr().get_or_add_pStyle().set(qn("w:val"), expression)


def _bookmark(paragraph: Paragraph, name: str, bookmark_id: str) -> None:
    paragraph._p.insert(1, _el("w:bookmarkStart", id=bookmark_id, name=name))
    paragraph._p.append(_el("w:bookmarkEnd", id=bookmark_id))


def _heading(box: Container, heading: str, level: int = 1, looped: bool = False) -> Paragraph:
    """A numbered heading from a ``Heading`` expression, bookmarked for the contents."""
    paragraph = _para(box, f"{{{{ {heading}.number }}}} {{{{ {heading}.title }}}}", f"Heading {level}")
    number = next(_bookmark_ids)
    bookmark_id = f"{{{{ {number * 100} + loop.index }}}}" if looped else str(number * 100)
    _bookmark(paragraph, f"{{{{ {heading}.anchor | replace('-', '_') }}}}", bookmark_id)
    return paragraph


def _field_run(paragraph: Paragraph, kind: str) -> None:
    paragraph.add_run()._r.append(_el("w:fldChar", fldCharType=kind))


def _instruction(paragraph: Paragraph, text: str) -> None:
    code = _el("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {text} "
    paragraph.add_run()._r.append(code)


def _toc(document: DocxDocument) -> None:
    """Contents: the resolver's headings, each ending in a PAGEREF field to its heading's bookmark.

    Not a TOC field: LibreOffice shows a TOC field's stored result as it is
    (no page numbers), while it lays out PAGEREF fields itself; Word fills
    them when it updates fields on opening.
    """
    _para(document, "{{ doc.labels.toc_title }}", TOC_TITLE)
    _tag(document, "{%p for e in doc.toc %}")
    entry = _para(document, "{{ e.number }} {{ e.title }}\t")
    _set_style_id(entry, "toc{{ e.level }}")
    _field_run(entry, "begin")
    _instruction(entry, "PAGEREF {{ e.anchor | replace('-', '_') }} \\h")
    _field_run(entry, "separate")
    entry.add_run("")
    _field_run(entry, "end")
    _tag(document, "{%p endfor %}")
    _para(document).add_run()._r.append(_el("w:br", type="page"))


def _markdown(box: Container, expression: str, style: str = long.CLAUSE) -> None:
    """Markdown text as Word paragraphs, in a paragraph of its own."""
    long.markdown(box, expression, style)


def _data_table(document: DocxDocument, widths: list[float], headers: list[str]) -> Table:
    """A bordered table whose shaded header row repeats on every page."""
    table = _table(document, widths, grid=True)
    cells = _row(table, *(f"{{{{ doc.labels.{key} }}}}" for key in headers), style=HEADER)
    table.rows[0]._tr.get_or_add_trPr().append(_el("w:tblHeader"))
    for cell in cells:
        cell.paragraphs[0].alignment = CENTER
        _shade(cell, LIGHT)
    return table


def _shade(cell: _Cell, fill: str) -> None:
    shade = _el("w:shd", val="clear", color="auto", fill=fill)
    cell._tc.get_or_add_tcPr().insert_element_before(shade, "w:noWrap", "w:tcMar", "w:vAlign")


def _section(document: DocxDocument, key: str, body: Callable[[DocxDocument], None]) -> None:
    """A section shown only when the resolver gave it a heading."""
    _tag(document, f"{{%p if doc.h.{key} %}}")
    _heading(document, f"doc.h.{key}")
    body(document)
    _tag(document, "{%p endif %}")


def _cover(document: DocxDocument, title: str, subject: str, meta: str) -> None:
    _logo(document)
    _para(document, title, COVER)
    _para(document, subject, SUBJECT)
    _rule(_para(document, meta, META))
    _space(document, 6)


def _info(document: DocxDocument) -> None:
    table = _table(document, [40, WIDTH - 40])
    _tag_row(table, "{%tr for row in doc.info_rows %}")
    cells = _row(table, "{{ row.label }}", "{{ row.value }}")
    cells[1].paragraphs[0].runs[0].bold = True
    _tag_row(table, "{%tr endfor %}")
    _finish(table)
    _space(document, 4)


def _sitemap(document: DocxDocument) -> None:
    table = _data_table(
        document, [13, 50, 90, 22], ["spec_col_number", "spec_col_page", "spec_col_blocks", "spec_col_refs"]
    )
    _tag_row(table, "{%tr for page in doc.pages %}")
    cells = _row(
        table, "{{ page.number }}", "{{ page.title }}", "{{ page.blocks_line }}", "{{ page.requirements }}"
    )
    _set_style_id(cells[1].paragraphs[0], "SitemapLevel{{ page.level }}")
    _tag(cells[1], "{%p if page.path %}")
    _set_style_id(_para(cells[1], "{{ page.path }}"), "SitemapPath{{ page.level }}")
    _tag(cells[1], "{%p endif %}")
    _tag(cells[2], "{%p if page.description %}")
    _markdown(cells[2], "page.description", CELL)
    _tag(cells[2], "{%p endif %}")
    cells[3].paragraphs[0].style = SMALL
    _tag_row(table, "{%tr endfor %}")
    _finish(table)


def _requirements(document: DocxDocument) -> None:
    _para(document, "{{ doc.requirements_summary }}").paragraph_format.space_after = Pt(4)
    table = _data_table(document, [17, 130, 28], ["spec_col_id", "spec_col_requirement", "spec_col_priority"])
    _tag_row(table, "{%tr for r in doc.requirements %}")
    _tag_row(table, "{%tr if r.group %}")
    group = _row(table, "{{ r.group }}", "", "", bold=True)
    merged = group[0].merge(group[2])
    _shade(merged, "E9EEF4")
    _tag_row(table, "{%tr endif %}")
    cells = _row(table, "{{ r.id }}", "{{ r.title }}", "", bold=True)
    _tag(cells[1], "{%p if r.description %}")
    _markdown(cells[1], "r.description", CELL)
    _tag(cells[1], "{%p endif %}")
    badge = _para(cells[2], align=CENTER)
    run = badge.add_run(" {{ r.priority }} ")
    run._r.get_or_add_rPr().append(_el("w:rStyle", val="Priority{{ r.priority_key }}"))
    _tag_row(table, "{%tr endfor %}")
    _finish(table)


def _integrations(document: DocxDocument) -> None:
    table = _data_table(
        document,
        [36, 83, 34, 22],
        ["spec_col_system", "spec_col_purpose", "spec_col_method", "spec_col_refs"],
    )
    _tag_row(table, "{%tr for i in doc.integrations %}")
    cells = _row(table, "{{ i.name }}", "", "{{ i.method }}", "{{ i.requirements }}")
    cells[0].paragraphs[0].runs[0].bold = True
    cells[3].paragraphs[0].style = SMALL
    _markdown(cells[1], "i.purpose", CELL)
    _tag_row(table, "{%tr endfor %}")
    _finish(table)


def _non_functional(document: DocxDocument) -> None:
    _tag(document, "{%p for part in doc.non_functional %}")
    _heading(document, "part.heading", level=2, looped=True)
    _tag(document, "{%p for item in part.items %}")
    _para(document, "{{ item }}", "List Bullet")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p if part.text %}")
    _markdown(document, "part.text")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endfor %}")


def _content(document: DocxDocument) -> None:
    headers = ["spec_col_item", "spec_col_responsible", "spec_col_due", "spec_col_notes"]
    table = _data_table(document, [68, 27, 22, 58], headers)
    _tag_row(table, "{%tr for c in doc.content %}")
    _row(table, "{{ c.item }}", "{{ c.responsible }}", "{{ c.due }}", "{{ c.notes }}")
    _tag_row(table, "{%tr endfor %}")
    _finish(table)


def _acceptance(document: DocxDocument) -> None:
    table = _data_table(document, [13, 136, 26], ["spec_col_number", "spec_col_criterion", "spec_col_refs"])
    _tag_row(table, "{%tr for c in doc.acceptance %}")
    cells = _row(table, "{{ c.number }}", "", "{{ c.requirements }}")
    cells[2].paragraphs[0].style = SMALL
    _markdown(cells[1], "c.text", CELL)
    _tag_row(table, "{%tr endfor %}")
    _finish(table)


def _glossary(document: DocxDocument) -> None:
    table = _data_table(document, [38, 137], ["spec_col_term", "spec_col_definition"])
    _tag_row(table, "{%tr for t in doc.glossary %}")
    cells = _row(table, "{{ t.term }}", "", bold=True)
    _markdown(cells[1], "t.definition", CELL)
    _tag_row(table, "{%tr endfor %}")
    _finish(table)


def _markdown_section(expression: str) -> Callable[[DocxDocument], None]:
    return lambda document: _markdown(document, expression)


def _approval(document: DocxDocument) -> None:
    """Both parties' names, positions and signature lines (the requisites helper, without rows)."""
    _tag(document, "{%p if doc.requisites %}")
    _space(document, 10)
    long.requisites(document, "{{ doc.approval }}")
    _tag(document, "{%p endif %}")


def build_spec() -> DocxDocument:
    """The specification: cover, contents, numbered sections, approval signatures."""
    document = _new_document()
    _cover(document, "{{ doc.heading }}", "{{ doc.subject }}", "{{ doc.subtitle }}")
    _toc(document)
    _heading(document, "doc.h.general")
    _info(document)
    sections: list[tuple[str, Callable[[DocxDocument], None]]] = [
        ("goals", _markdown_section("doc.goals")),
        ("audience", _markdown_section("doc.audience")),
        ("sitemap", _sitemap),
        ("requirements", _requirements),
        ("integrations", _integrations),
        ("non_functional", _non_functional),
        ("content", _content),
        ("acceptance", _acceptance),
        ("glossary", _glossary),
    ]
    for key, body in sections:
        _section(document, key, body)
    _approval(document)
    _para(document, style=TAG)
    return document


def _question_cell(cell: _Cell) -> None:
    paragraph = _para(cell, "{{ q.number }} {{ q.text }}", QUESTION)
    paragraph.add_run("{{ ' ' + q.mark if q.mark else '' }}").font.color.rgb = RGBColor(0xB3, 0x26, 0x1E)
    _tag(cell, "{%p if q.hint %}")
    _para(cell, "{{ q.hint }}", HINT)
    _tag(cell, "{%p endif %}")


def _answer_cell(cell: _Cell) -> None:
    """Blank: check boxes and empty lines to type into; filled: the answer or "no answer"."""
    _tag(cell, "{%p if doc.blank %}")
    _tag(cell, "{%p for option in q.options %}")
    _para(cell, "\u25a1 {{ option }}", CELL)
    _tag(cell, "{%p endfor %}")
    _tag(cell, "{%p for _ in range(q.lines) %}")
    _para(cell, style=ANSWER_LINE)
    _tag(cell, "{%p endfor %}")
    _tag(cell, "{%p elif q.answer %}")
    _markdown(cell, "q.answer", CELL)
    _tag(cell, "{%p else %}")
    _para(cell, "{{ doc.labels.brief_no_answer }}", NONE)
    _tag(cell, "{%p endif %}")


def build_brief() -> DocxDocument:
    """The brief: cover and details, then a question | answer table per section."""
    document = _new_document()
    _cover(document, "{{ doc.title }}", "{{ doc.subtitle }}", "{{ doc.mode_label }}")
    _info(document)
    _tag(document, "{%p if doc.intro %}")
    _markdown(document, "doc.intro")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if doc.return_to %}")
    _para(document, "{{ doc.return_to }}", bold=True)
    _tag(document, "{%p endif %}")
    _tag(document, "{%p for s in doc.sections %}")
    _heading(document, "s.heading", looped=True)
    table = _data_table(document, [70, 105], ["brief_question", "brief_answer"])
    _tag_row(table, "{%tr for q in s.questions %}")
    cells = _row(table)
    _question_cell(cells[0])
    _answer_cell(cells[1])
    _tag_row(table, "{%tr endfor %}")
    _finish(table)
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p if doc.blank %}")
    _space(document, 6)
    _para(document, "{{ doc.labels.brief_required_note }}", SMALL)
    _tag(document, "{%p endif %}")
    _para(document, style=TAG)
    return document


BUILDERS: dict[str, Callable[[], DocxDocument]] = {"spec": build_spec, "brief": build_brief}


def template_bytes(kind: str) -> bytes:
    """The built-in template of ``kind`` as deterministic DOCX bytes."""
    global _bookmark_ids
    _bookmark_ids = iter(range(1, 1000))  # the same ids whichever template is built first
    return base.document_bytes(BUILDERS[kind](), kind)


def main() -> None:
    base.generate("Generate the spec and brief DOCX templates.", BUILDERS, template_bytes)


if __name__ == "__main__":
    main()
