"""Generate the DOCX templates of long documents (contract, addendum) with python-docx.

Run ``python scripts/make_docx_long.py`` after changing this file; a test
checks that the committed templates equal its output. The helpers here are
shared by every long-document kind (import this module by path, as the tests
do): ``new_long_document`` sets up A4 pages, the footer ("{{ doc.footer }}"
and "Page N of M"), real "Heading 1-3" styles, a "Clause" style, and asks
Word to refresh fields on open (``w:updateFields``) so the table of contents
gets its page numbers. Heading numbers are text from the resolver ("1.1."),
not Word list numbering, so the DOCX numbers exactly like the HTML and PDF.

Context fields the helpers read: ``doc.title``, ``doc.subtitle``,
``doc.place``, ``doc.date``, ``doc.toc`` (Heading tuples), ``doc.requisites``
(two PartyBlock), ``doc.labels`` (toc_title, page, page_of, seal).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_docx_templates as base  # noqa: E402 - a sibling script, not a package

TEMPLATES = base.TEMPLATES
WIDTH = 175  # mm between the 20 / 15 mm margins of an A4 page
TEXT_WIDTH = WIDTH - 3  # a Markdown table in the body: a little inside the margins
CLAUSE, CLAUSE_3, CLAUSE_LEFT = "Clause", "Clause 3", "Clause Left"  # justified, indented, narrow columns
LONG_TITLE, CENTERED = "Long Title", "Centered"
HEADINGS = {1: (10.5, True), 2: (10, True), 3: (10, False)}  # level: (size pt, all caps)
Container = base.Container

# Re-exported for kind builders: paragraphs, tags, tables, rows.
para, tag, table, row, tag_row, finish, space = (
    base._para,
    base._tag,
    base._table,
    base._row,
    base._tag_row,
    base._finish,
    base._space,
)


def _font(style_element: object) -> None:
    """Arial, without the theme fonts that would win over a font name."""
    r_pr = style_element.get_or_add_rPr()  # type: ignore[attr-defined]
    for old in r_pr.findall(qn("w:rFonts")):
        r_pr.remove(old)
    r_pr.insert(0, base._el("w:rFonts", ascii=base.FONT, hAnsi=base.FONT, cs=base.FONT, eastAsia=base.FONT))


def _long_styles(document: DocxDocument) -> None:
    styles = document.styles
    styles[base.BODY].font.size = Pt(10)
    for level, (size, caps) in HEADINGS.items():
        style = styles[f"Heading {level}"]
        _font(style.element)
        style.font.size, style.font.bold, style.font.italic = Pt(size), True, level == 3 or None
        style.font.color.rgb, style.font.all_caps = RGBColor(0, 0, 0), caps or None
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(10 if level == 1 else 6), Pt(4)
        fmt.keep_with_next, fmt.line_spacing = True, 1.0
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if level == 1 else None
    for name, indent, align in (
        (CLAUSE, 0, WD_ALIGN_PARAGRAPH.JUSTIFY),
        (CLAUSE_3, 8, WD_ALIGN_PARAGRAPH.JUSTIFY),
        (CLAUSE_LEFT, 0, WD_ALIGN_PARAGRAPH.LEFT),
        (LONG_TITLE, 0, WD_ALIGN_PARAGRAPH.CENTER),
        (CENTERED, 0, WD_ALIGN_PARAGRAPH.CENTER),
    ):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style, style.quick_style = styles[base.BODY], True
        fmt = style.paragraph_format
        fmt.alignment, fmt.space_after, fmt.line_spacing = align, Pt(3), 1.1
        fmt.left_indent = Mm(indent) if indent else None
    title = styles[LONG_TITLE]
    title.font.size, title.font.bold, title.font.all_caps = Pt(13), True, True
    title.paragraph_format.space_after = Pt(2)
    styles[CENTERED].font.bold = True
    for name in ("List Bullet", "List Number", "List Bullet 2", "List Number 2"):
        styles[name].paragraph_format.space_after = Pt(2)


def _update_fields_on_open(document: DocxDocument) -> None:
    """Word refreshes fields (the TOC's page numbers) when the file is opened."""
    settings = document.settings.element
    settings.insert_element_before(
        base._el("w:updateFields", val="true"),
        *("w:defaultTabStop", "w:autoHyphenation", "w:characterSpacingControl", "w:compat", "w:rsids"),
    )


def new_long_document() -> DocxDocument:
    """A4 with 20/15 mm margins, long-document styles, footer with page N of M."""
    document = base._new_document()
    section = document.sections[0]
    section.left_margin, section.right_margin = Mm(20), Mm(15)
    section.top_margin, section.bottom_margin = Mm(16), Mm(18)
    footer = section.footer.paragraphs[0]
    footer.paragraph_format.tab_stops.clear_all()
    footer.paragraph_format.tab_stops.add_tab_stop(Mm(WIDTH), base.WD_TAB_ALIGNMENT.RIGHT)
    _long_styles(document)
    _update_fields_on_open(document)
    return document


def title_block(document: DocxDocument) -> None:
    """Logo, title, subtitle, then place (left) and date (right) on one line."""
    base._logo(document)
    para(document, "{{ doc.title }}", LONG_TITLE)
    tag(document, '{%p if doc.subtitle | default("") %}')
    para(document, "{{ doc.subtitle }}", CENTERED)
    tag(document, "{%p endif %}")
    place_date(document, "doc.place", "doc.date")


def place_date(document: DocxDocument, place: str, date: str) -> None:
    """``place`` at the left margin and ``date`` at the right one."""
    line = para(document, f'{{{{ {place} | default("") }}}}')
    line.paragraph_format.tab_stops.add_tab_stop(Mm(WIDTH), base.WD_TAB_ALIGNMENT.RIGHT)
    line.add_run(f'\t{{{{ {date} | default("") }}}}')
    line.paragraph_format.space_before, line.paragraph_format.space_after = Pt(8), Pt(10)


def toc(document: DocxDocument) -> None:
    """Optional table of contents: a TOC field over Heading 1-3, then a page break."""
    tag(document, "{%p if doc.toc | default(()) %}")
    para(document, "{{ doc.labels.toc_title }}", "TOC Heading")
    field = para(document)
    simple = base._el("w:fldSimple", instr=' TOC \\o "1-3" \\h \\z \\u ')
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "{{ doc.labels.toc_title }}"
    run.append(text)
    simple.append(run)
    field._p.append(simple)
    para(document).add_run().add_break(WD_BREAK.PAGE)
    tag(document, "{%p endif %}")


def heading(box: Container, var: str) -> None:
    """A numbered heading of any level: ``{var}.number`` and ``{var}.title`` in Heading 1-3."""
    for level in HEADINGS:
        tag(box, f"{{%p {'if' if level == 1 else 'elif'} {var}.level == {level} %}}")
        para(box, f"{{{{ {var}.number }}}} {{{{ {var}.title }}}}", f"Heading {level}")
    tag(box, "{%p endif %}")


def markdown(
    box: Container, expr: str, style: str = CLAUSE, prefix: str | None = None, width_mm: float | None = None
) -> Paragraph:
    """A paragraph replaced by the Word paragraphs of a Markdown field (tables ``width_mm`` wide)."""
    arguments = f'style="{style}"' + (f", prefix={prefix}" if prefix else "")
    arguments += f", width_mm={width_mm:g}" if width_mm else ""
    return para(box, f"{{{{p {expr} | markdown({arguments}) }}}}")


def requisites(document: DocxDocument, title: str | None = None) -> Table:
    """Requisites of both parties side by side, then their signature lines."""
    if title:
        heading_para = para(document, title, "Heading 1")
        heading_para.paragraph_format.page_break_before = False
    grid = table(document, [WIDTH / 2 - 4, 8, WIDTH / 2 - 4])
    cells = row(grid, "", "", "")
    for cell, index in ((cells[0], 0), (cells[2], 1)):
        party = f"doc.requisites[{index}]"
        para(cell, f"{{{{ {party}.role }}}}", base.LABEL)
        para(cell, f"{{{{ {party}.name }}}}", base.CELL, bold=True)
        tag(cell, f"{{%p for r in {party}.rows %}}")
        para(cell, "{% if r.label %}{{ r.label }}: {% endif %}{{ r.value }}", base.CELL)
        tag(cell, "{%p endfor %}")
    titles = row(
        grid, "{{ doc.requisites[0].signature.title }}", "", "{{ doc.requisites[1].signature.title }}"
    )
    for cell in titles:
        cell.paragraphs[0].paragraph_format.space_before = Pt(8)
    line = row(grid, "", "", "")
    for cell, index in ((line[0], 0), (line[2], 1)):
        para(cell, f"/ {{{{ doc.requisites[{index}].signature.short_name }}}} /", base.CELL, align=base.RIGHT)
    base._signature_cells(line, [line[0], line[2]], 14)
    tag_row(grid, "{%tr if doc.requisites[0].seal %}")
    row(grid, "{{ doc.labels.seal }}", "", "")
    tag_row(grid, "{%tr endif %}")
    base._keep_with_next(finish(grid))
    return grid


def _builders() -> dict[str, Callable[[], DocxDocument]]:
    import make_docx_contract  # noqa: PLC0415 - the kinds' builders use the helpers above

    return {"contract": make_docx_contract.build_contract, "addendum": make_docx_contract.build_addendum}


def template_bytes(kind: str) -> bytes:
    """The built-in template of ``kind`` (contract, addendum) as deterministic bytes."""
    return base.document_bytes(_builders()[kind](), kind)


def main() -> None:
    base.generate("Generate the built-in long-document DOCX templates.", _builders(), template_bytes)


if __name__ == "__main__":
    main()
