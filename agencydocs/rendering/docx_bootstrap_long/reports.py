"""Status reports and audits: letterhead, figures, brand-colour headings, data tables, charts.

The context of each kind is a frozen dataclass from ``agencydocs/resolvers``
(report.py, audit.py); charts are placed with ``{{ picture(chart) }}``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from agencydocs.rendering import docx_draft as d
from agencydocs.rendering.docx_bootstrap_long import parts as p

WIDTH = 180  # mm between the 15 mm margins of an A4 page
HEADING, TITLE, SUBTITLE, BULLET, TEXT = "Heading 1", "Title", "Subtitle", "List Bullet", "Body Text"
SUBHEADING, STRONG = "Heading 2", "Table Text Strong"
SHADE, RULE = "EEF1F4", "B8BEC6"
L, R, C = p.LEFT, p.RIGHT, p.CENTER
Column = tuple[str, str, float, d.Align]  # header, cell, width mm, alignment
# Severity badges (audit findings, report risks): white capitals on the PDF's colours.
SEVERITY_FILLS = {"critical": "8E1B1B", "high": "C0392B", "medium": "D68910", "low": "5D8AA8"}


def _styles(document: DocxDocument) -> None:
    styles = document.styles
    heading = p.add_style(document, HEADING, 12, True, p.BRAND)
    heading.paragraph_format.space_before, heading.paragraph_format.space_after = Pt(14), Pt(5)
    heading.paragraph_format.keep_with_next = True
    d.paragraph_borders(heading.element.get_or_add_pPr(), {"bottom": ("single", 6)}, p.BRAND_HEX)
    sub = p.add_style(document, SUBHEADING, 9.5, True)
    sub.paragraph_format.space_before, sub.paragraph_format.space_after = Pt(8), Pt(3)
    sub.paragraph_format.keep_with_next = True
    for name, size, bold, after in ((TITLE, 20, True, 1), (SUBTITLE, 11, False, 8), (TEXT, 9.5, False, 4)):
        p.add_style(
            document, name, size, bold, p.BRAND if name == TITLE else None
        ).paragraph_format.space_after = Pt(after)
    styles[SUBTITLE].font.italic = None
    styles[TITLE].paragraph_format.space_before = Pt(14)
    styles[TEXT].paragraph_format.line_spacing = 1.15
    styles[BULLET].paragraph_format.space_after = Pt(1.5)
    styles[BULLET].font.size = Pt(9.5)
    styles[p.HEADER].font.color.rgb = p.GREY
    p.add_style(document, STRONG, 9, bold=True)
    for level, fill in SEVERITY_FILLS.items():
        badge = styles.add_style(f"Severity {level}", WD_STYLE_TYPE.CHARACTER)
        badge.font.bold, badge.font.all_caps, badge.font.size = True, True, Pt(7)
        badge.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        badge.element.get_or_add_rPr().append(d.el("w:shd", val="clear", color="auto", fill=fill))


def badge(paragraph: Paragraph, text: str, level: str, levels: Sequence[str] = tuple(SEVERITY_FILLS)) -> None:
    """``text`` as a badge coloured by ``level`` (an expression): one styled run per level, one shows.

    The run style is fixed per run, not a Jinja expression: LibreOffice drops
    styles it cannot find when it opens the template.
    """
    for name in levels:
        run = paragraph.add_run(f'{{% if {level} == "{name}" %}}{text}{{% endif %}}')
        run._r.get_or_add_rPr().append(d.el("w:rStyle", val=f"Severity{name}"))


def new_document() -> DocxDocument:
    """A4, 15 mm margins, the footer, the headings of these documents."""
    document = p.new_document()
    p.page(document, (12, 15, 16, 15), WIDTH)
    _styles(document)
    return document


def heading(document: DocxDocument, text: str) -> Paragraph:
    """A section heading (brand colour, a rule under it)."""
    return d.para(document, text, HEADING)


@contextmanager
def section(document: DocxDocument, condition: str, title: str) -> Iterator[Paragraph]:
    """A section under its heading that shows only when ``condition`` holds; yields the heading."""
    with d.shown_if(document, condition):
        yield heading(document, title)


def letterhead(document: DocxDocument) -> None:
    """Logo; the agency (left) and the document's facts (right); title and subtitle."""
    p.logo(document)
    grid = p.table(document, [88, 92])
    cells = d.row(grid, "", "")
    d.para(cells[0], "{{ doc.heading.agency }}", p.CELL, bold=True)
    d.tag(cells[0], "{%p for line in doc.heading.agency_lines %}")
    d.para(cells[0], "{{ line }}", p.SMALL)
    d.tag(cells[0], "{%p endfor %}")
    facts = p.table(cells[1], [26, 63])
    cells[1]._tc.remove(cells[1].paragraphs[0]._p)  # the cell starts with the table
    d.tag_row(facts, "{%tr for r in doc.heading.rows %}")
    d.row(facts, "{{ r.label }}", "{{ r.value }}", style=p.SMALL)
    d.tag_row(facts, "{%tr endfor %}")
    d.finish(facts)
    d.para(cells[1], style=p.TAG)
    d.finish(grid)
    d.para(document, "{{ doc.heading.title }}", TITLE)
    d.tag(document, "{%p if doc.heading.subtitle %}")
    d.para(document, "{{ doc.heading.subtitle }}", SUBTITLE)
    d.tag(document, "{%p endif %}")


def markdown(box: d.Container, expr: str) -> None:
    """The Word paragraphs of a Markdown field (the ``markdown`` filter builds them)."""
    d.para(box, f'{{{{p {expr} | markdown(style="{TEXT}") }}}}')


def bullets(box: d.Container, loop: str) -> None:
    """One bulleted paragraph per item of ``loop`` (``item in …``)."""
    d.tag(box, f"{{%p for item in {loop} %}}")
    d.para(box, "{{ item }}", BULLET)
    d.tag(box, "{%p endfor %}")


def _header(grid: Table, headers: Sequence[str], aligns: Sequence[d.Align]) -> None:
    cells = d.row(grid, *headers, style=p.HEADER, aligns=tuple(aligns))
    p.repeat_header(grid)
    for cell in cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        d.shade(cell, SHADE)


def _outline(grid: Table) -> None:
    """Horizontal rules only: top, under each row, bottom."""
    edges = grid._tbl.tblPr.find(qn("w:tblBorders"))
    assert edges is not None
    for edge in ("top", "bottom", "insideH"):
        element = edges.find(qn(f"w:{edge}"))
        assert element is not None
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:color"), RULE)


def data_table(box: d.Container, columns: Sequence[Column], loop: str, *, strong: str | None = None) -> Table:
    """A shaded header row repeated on every page, then a row per item, bold where ``strong`` holds.

    (A style chosen per row by a Jinja expression in ``w:pStyle`` would save
    the second row, but LibreOffice drops such a table when it opens the file.)
    """
    headers, cells, widths, aligns = zip(*columns, strict=True)
    grid = p.table(box, list(widths))
    _outline(grid)
    _header(grid, headers, aligns)
    d.tag_row(grid, f"{{%tr for {loop} %}}")
    if strong:
        d.tag_row(grid, f"{{%tr if {strong} %}}")
        d.row(grid, *cells, style=STRONG, aligns=tuple(aligns))
        d.tag_row(grid, "{%tr else %}")
    d.row(grid, *cells, aligns=tuple(aligns))
    if strong:
        d.tag_row(grid, "{%tr endif %}")
    d.tag_row(grid, "{%tr endfor %}")
    d.finish(grid)
    return grid


def chart(document: DocxDocument, expr: str) -> Paragraph:
    """A paragraph holding one chart's PNG."""
    paragraph = d.para(document, f"{{{{ picture({expr}) }}}}")
    paragraph.paragraph_format.space_after = Pt(6)
    return paragraph


def charts(document: DocxDocument, loop: str, expr: str) -> Paragraph:
    """Several charts in one paragraph: Word wraps them two to a line."""
    paragraph = d.para(document, f"{{% for {loop} %}}{{{{ picture({expr}) }}}} {{% endfor %}}")
    paragraph.paragraph_format.space_after = Pt(6)
    return paragraph


def subheading(document: DocxDocument, text: str) -> Paragraph:
    """A small heading inside a section ("Hours by person", "Done")."""
    return d.para(document, text, SUBHEADING)
