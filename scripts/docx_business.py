"""Building blocks of the DOCX templates of reports, audits and proposals.

Used by ``scripts/make_docx_reports.py``; built on the helpers of
``make_docx_templates.py`` (paragraphs, tags, borderless tables, rows).
Every Jinja tag sits in one run; ``{%p``/``{%tr`` tags have paragraphs or
rows of their own. The context of each kind is a frozen dataclass from
``agencydocs/resolvers``; charts are placed with ``{{ picture(chart) }}``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_docx_templates as base  # noqa: E402 - a sibling script, not a package

TEMPLATES = base.TEMPLATES
WIDTH = base.WIDTH
LEFT, RIGHT, CENTER = base.LEFT, base.RIGHT, base.CENTER
BODY, CELL, SMALL, LABEL, TAG = base.BODY, base.CELL, base.SMALL, base.LABEL, base.TAG
HEADING, BIG_TITLE, SUBTITLE, BULLET = "Heading 1", "Big Title", "Subtitle Text", "List Bullet"
FIGURE_VALUE, TEXT = "Figure Value", "Body Text"
INK = RGBColor(0x22, 0x22, 0x22)
SHADE = "EEF1F4"
para, tag, table, row, tag_row, finish, space = (
    base._para,
    base._tag,
    base._table,
    base._row,
    base._tag_row,
    base._finish,
    base._space,
)


def _styles(document: DocxDocument) -> None:
    styles = document.styles
    heading = styles[HEADING]
    for old in heading.element.get_or_add_rPr().findall(base.qn("w:rFonts")):
        heading.element.get_or_add_rPr().remove(old)
    heading.font.name = base.FONT
    heading.font.size, heading.font.bold, heading.font.color.rgb = Pt(12), True, INK
    fmt = heading.paragraph_format
    fmt.space_before, fmt.space_after, fmt.keep_with_next = Pt(14), Pt(5), True
    for name, size, bold, after in (
        (BIG_TITLE, 20, True, 1),
        (SUBTITLE, 11, False, 8),
        (FIGURE_VALUE, 14, True, 0),
        (TEXT, 9.5, False, 4),
    ):
        exists = name in [s.name for s in styles]
        style = styles[name] if exists else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style, style.quick_style = styles[BODY], True
        style.font.size, style.font.bold = Pt(size), bold or None
        style.paragraph_format.space_after = Pt(after)
    styles[BIG_TITLE].paragraph_format.space_before = Pt(14)
    styles[TEXT].paragraph_format.line_spacing = 1.15
    styles[BULLET].paragraph_format.space_after = Pt(1.5)
    styles[BULLET].font.size = Pt(9.5)


def new_document() -> DocxDocument:
    """A4, the invoice templates' page and footer, plus the headings of these documents."""
    document = base._new_document()
    _styles(document)
    return document


def heading(document: DocxDocument, text: str) -> Paragraph:
    """A section heading with a rule under it."""
    paragraph = para(document, text, HEADING)
    base._rule(paragraph, size=6)
    return paragraph


def letterhead(document: DocxDocument) -> None:
    """Logo; the agency (left) and the document's facts (right); title and subtitle."""
    base._logo(document)
    grid = table(document, [88, 92])
    cells = row(grid, "", "")
    para(cells[0], "{{ doc.heading.agency }}", CELL, bold=True)
    tag(cells[0], "{%p for line in doc.heading.agency_lines %}")
    para(cells[0], "{{ line }}", SMALL)
    tag(cells[0], "{%p endfor %}")
    facts = table(cells[1], [26, 63])
    cells[1]._tc.remove(cells[1].paragraphs[0]._p)  # the cell starts with the table
    tag_row(facts, "{%tr for r in doc.heading.rows %}")
    row(facts, "{{ r.label }}", "{{ r.value }}", style=SMALL)
    tag_row(facts, "{%tr endfor %}")
    finish(facts)
    para(cells[1], style=TAG)
    finish(grid)
    para(document, "{{ doc.heading.title }}", BIG_TITLE)
    tag(document, "{%p if doc.heading.subtitle %}")
    para(document, "{{ doc.heading.subtitle }}", SUBTITLE)
    tag(document, "{%p endif %}")


def markdown(document: DocxDocument | _Cell, expr: str) -> None:
    """The Word paragraphs of a Markdown field (the ``markdown`` filter builds them)."""
    para(document, f'{{{{p {expr} | markdown(style="{TEXT}") }}}}')


def bullets(box: DocxDocument | _Cell, loop: str) -> None:
    """One bulleted paragraph per item of ``loop`` (``item in …``)."""
    tag(box, f"{{%p for item in {loop} %}}")
    para(box, "{{ item }}", BULLET)
    tag(box, "{%p endfor %}")


def _shade(cell: _Cell) -> None:
    shade = base._el("w:shd", val="clear", color="auto", fill=SHADE)
    cell._tc.get_or_add_tcPr().insert_element_before(shade, "w:noWrap", "w:tcMar", "w:vAlign")


def _header(grid: Table, headers: Sequence[str], aligns: Sequence[base.Align]) -> None:
    cells = row(grid, *headers, style=SMALL, bold=True, aligns=tuple(aligns))
    grid.rows[-1]._tr.get_or_add_trPr().append(base._el("w:tblHeader"))
    for cell in cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        _shade(cell)


def data_table(
    document: DocxDocument | _Cell,
    columns: Sequence[tuple[str, str, float, base.Align]],
    loop: str,
    *,
    strong: str | None = None,
) -> Table:
    """A table: a shaded header row repeated on every page, then a row per item.

    ``columns`` are (header, cell, width mm, alignment); ``loop`` is the
    ``for`` clause; rows where ``strong`` (an expression) holds are bold.
    """
    headers, cells, widths, aligns = zip(*columns, strict=True)
    grid = table(document, list(widths))
    _outline(grid)
    _header(grid, headers, aligns)
    tag_row(grid, f"{{%tr for {loop} %}}")
    if strong:
        tag_row(grid, f"{{%tr if {strong} %}}")
        row(grid, *cells, bold=True, aligns=tuple(aligns))
        tag_row(grid, "{%tr else %}")
    row(grid, *cells, aligns=tuple(aligns))
    if strong:
        tag_row(grid, "{%tr endif %}")
    tag_row(grid, "{%tr endfor %}")
    finish(grid)
    return grid


def _outline(grid: Table) -> None:
    """Horizontal rules only: top, under each row, bottom."""
    borders = grid._tbl.tblPr.find(base.qn("w:tblBorders"))
    for edge in ("top", "bottom", "insideH"):
        element = borders.find(base.qn(f"w:{edge}"))
        element.set(base.qn("w:val"), "single")
        element.set(base.qn("w:sz"), "4")
        element.set(base.qn("w:color"), "B8BEC6")


def chart(document: DocxDocument, expr: str) -> Paragraph:
    """A paragraph holding one chart's PNG."""
    paragraph = para(document, f"{{{{ picture({expr}) }}}}")
    paragraph.paragraph_format.space_after = Pt(6)
    return paragraph


def charts(document: DocxDocument, loop: str, expr: str) -> Paragraph:
    """Several charts in one paragraph: Word wraps them two to a line."""
    paragraph = para(document, f"{{% for {loop} %}}{{{{ picture({expr}) }}}} {{% endfor %}}")
    paragraph.paragraph_format.space_after = Pt(6)
    return paragraph


def labelled(box: DocxDocument | _Cell, label: str, value: str, style: str = TEXT) -> Paragraph:
    """``Label: value`` with the label in bold."""
    paragraph = para(box, f"{label}: ", style, bold=True)
    paragraph.add_run(value)
    return paragraph


def end(document: DocxDocument) -> DocxDocument:
    para(document, style=TAG)  # Word wants a paragraph after a closing table
    return document


__all__ = ["CENTER", "LEFT", "Mm", "RIGHT", "WD_ALIGN_PARAGRAPH"]
