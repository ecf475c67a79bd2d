"""python-docx building blocks of the DOCX template drafts, in one place.

Both bootstraps build on them: ``scripts/docx_common.py`` (invoices, acts,
credit notes, proposals, letters) and ``docx_bootstrap_long/parts.py`` (long
documents and reports); each adds its own styles, page and letterhead. Every
Jinja tag goes into one run (Word splits tags typed by hand), and tables have
fixed column widths in mm so that a template lays out the same in Word and
LibreOffice.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from agencydocs.rendering.docx import normalize_docx, set_core_properties

FONT = "Arial"  # Word ships it; LibreOffice maps it to metric-compatible Liberation Sans
PADDING = 85  # cell padding left and right, twips (1.5 mm)
LINE = "404040"  # table grids and signature lines
BODY, CELL, TAG = "Normal", "Table Text", "Template Tag"  # each bootstrap gives the styles its look
Container = DocxDocument | _Cell
Align = WD_ALIGN_PARAGRAPH | None
Edges = dict[str, tuple[str, int, str]]  # edge -> (style, size in eighths of a point, colour)
_TABLE_EDGES = ("top", "left", "bottom", "right", "insideH", "insideV")


def el(tag: str, **attrs: str) -> BaseOxmlElement:
    """A WordprocessingML element ``w:tag`` with ``w:`` attributes."""
    return OxmlElement(tag, {qn(f"w:{k}"): v for k, v in attrs.items()})


def borders(tag: str, edges: Edges) -> BaseOxmlElement:
    """A border box (``w:pBdr``, ``w:tblBorders``, ``w:tcBorders``): edge -> (style, size, colour)."""
    box = el(tag)
    for edge, (val, size, color) in edges.items():
        box.append(el(f"w:{edge}", val=val, sz=str(size), space="0", color=color))
    return box


def para(
    box: Container, text: str = "", style: str = BODY, bold: bool = False, align: Align = None
) -> Paragraph:
    """Write into the empty paragraph a fresh cell has, or add a paragraph."""
    paragraphs = box.paragraphs
    reuse = isinstance(box, _Cell) and len(paragraphs) == 1 and not paragraphs[0].runs
    paragraph = paragraphs[0] if reuse else box.add_paragraph()
    paragraph.style = style
    if text:
        paragraph.add_run(text).bold = bold or None
    if align is not None:
        paragraph.alignment = align
    return paragraph


def tag(box: Container, text: str) -> Paragraph:
    """A paragraph holding only a ``{%p … %}`` tag: docxtpl removes it, so keep them few."""
    return para(box, text, TAG)


@contextmanager
def shown_if(box: Container, condition: str) -> Iterator[None]:
    """What the ``with`` block writes shows only when ``condition`` holds: it stands between a
    ``{%p if … %}`` and a ``{%p endif %}`` paragraph."""
    tag(box, f"{{%p if {condition} %}}")
    yield
    tag(box, "{%p endif %}")


def gap(box: Container, after: float = 2) -> Paragraph:
    """A small empty paragraph: it keeps two tables apart (Word and LibreOffice join adjacent ones)."""
    paragraph = para(box)
    paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


# What may follow w:pBdr in a w:pPr (Word rejects elements out of the schema's order).
_AFTER_BORDERS = (
    *("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct"),
    *("w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid"),
    *("w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc"),
    *("w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle"),
    *("w:rPr", "w:sectPr", "w:pPrChange"),
)


def paragraph_borders(p_pr: BaseOxmlElement, edges: dict[str, tuple[str, int]], color: str = LINE) -> None:
    """Borders of a paragraph or paragraph style (its ``w:pPr``), in the schema's place."""
    coloured = {edge: (val, size, color) for edge, (val, size) in edges.items()}
    p_pr.insert_element_before(borders("w:pBdr", coloured), *_AFTER_BORDERS)


def rule(paragraph: Paragraph, edge: str = "bottom", size: int = 12, color: str = LINE) -> None:
    """A line along one edge of a paragraph (above or under it)."""
    paragraph_borders(paragraph._p.get_or_add_pPr(), {edge: ("single", size)}, color)


def run(paragraph: Paragraph, text: str, bold: bool = False, style_size: float | None = None) -> Run:
    """One more run: a field or fixed text inside a paragraph."""
    added = paragraph.add_run(text)
    added.bold = bold or None
    if style_size is not None:
        added.font.size = Pt(style_size)
    return added


def line_break(paragraph: Paragraph) -> None:
    """A line break inside a paragraph (``w:br``), e.g. between inline-conditional notes."""
    paragraph.add_run().add_break()


def lines(box: Container, loop: str, item: str, style: str = BODY) -> Paragraph:
    """One paragraph, a line per item of ``loop`` (``x in …``): the template reads as the
    document, where ``{%p for`` would add two paragraphs holding nothing but tags."""
    paragraph = para(box, f"{{% for {loop} %}}", style)
    run(paragraph, item)
    run(paragraph, "{% if not loop.last %}")
    line_break(paragraph)
    run(paragraph, "{% endif %}{% endfor %}")
    return paragraph


def keep_with_next(paragraphs: Sequence[Paragraph]) -> None:
    """Keep a block on one page: totals with the amount in words, signatures together."""
    for paragraph in paragraphs:
        paragraph.paragraph_format.keep_with_next = True


def table(
    box: Container,
    widths: Sequence[float],
    grid: bool = False,
    right: bool = False,
    color: str = LINE,
    fixed: bool = True,
) -> Table:
    """A table with columns ``widths`` mm wide, bordered when ``grid``, else borderless and flush
    with the body text; ``right`` aligns it to the right margin. A ``fixed`` layout keeps the
    widths whatever the content (the long documents' tables leave it to the text)."""
    made = box.add_table(rows=0, cols=len(widths))
    made.autofit = False
    made.alignment = WD_TABLE_ALIGNMENT.RIGHT if right else WD_TABLE_ALIGNMENT.LEFT
    tbl_pr = made._tbl.tblPr
    border = borders("w:tblBorders", {e: ("single" if grid else "nil", 4, color) for e in _TABLE_EDGES})
    tbl_pr.insert_element_before(border, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
    if not grid and not right:
        # Borderless tables move left by the cell padding so their text lines up with body text.
        tbl_pr.insert_element_before(el("w:tblInd", w=str(-PADDING), type="dxa"), "w:tblBorders")
    if fixed:
        tbl_pr.insert_element_before(el("w:tblLayout", type="fixed"), "w:tblCellMar", "w:tblLook")
    margins = el("w:tblCellMar")
    for edge, twips in (("top", 20), ("left", PADDING), ("bottom", 20), ("right", PADDING)):
        margins.append(el(f"w:{edge}", w=str(twips), type="dxa"))
    tbl_pr.insert_element_before(margins, "w:tblLook")
    for column, width in zip(made.columns, widths, strict=True):
        column.width = Mm(width)
    return made


def row(
    grid: Table,
    *texts: str,
    style: str = CELL,
    bold: bool = False,
    styles: Sequence[str] = (),
    aligns: Sequence[Align] = (),
) -> list[_Cell]:
    """A row that never splits across pages, one paragraph per given text (``styles`` and
    ``aligns`` per cell, where given)."""
    added = grid.add_row()
    added._tr.get_or_add_trPr().append(el("w:cantSplit"))
    for index, text in enumerate(texts):
        cell_style = styles[index] if index < len(styles) else style
        para(added.cells[index], text, cell_style, bold, aligns[index] if index < len(aligns) else None)
    return list(added.cells)


def tag_row(grid: Table, text: str, style: str = TAG) -> None:
    """A row holding only a ``{%tr … %}`` tag (docxtpl removes the row), one cell wide across
    the table so that the tag reads on one line in Word."""
    cells = row(grid, text, style=style)
    if len(cells) > 1:
        cells[0].merge(cells[-1])


def finish(grid: Table) -> list[Paragraph]:
    """Give every cell its grid width (a fixed layout reads them); return all paragraphs."""
    columns = [int(str(col.get(qn("w:w")))) for col in grid._tbl.tblGrid.findall(qn("w:gridCol"))]
    for tr in grid._tbl.tr_lst:
        column = 0
        for tc in tr.tc_lst:
            width = tc.get_or_add_tcPr().get_or_add_tcW()
            width.set(qn("w:w"), str(sum(columns[column : column + tc.grid_span])))
            width.set(qn("w:type"), "dxa")
            column += tc.grid_span
    return [paragraph for line in grid.rows for cell in line.cells for paragraph in cell.paragraphs]


def shade(cell: _Cell, fill: str) -> None:
    shading = el("w:shd", val="clear", color="auto", fill=fill)
    cell._tc.get_or_add_tcPr().insert_element_before(shading, "w:noWrap", "w:tcMar", "w:vAlign")


def cell_borders(cell: _Cell, edges: Edges) -> None:
    cell._tc.get_or_add_tcPr().insert_element_before(
        borders("w:tcBorders", edges), "w:shd", "w:noWrap", "w:tcMar", "w:vAlign"
    )


def signature_cells(cells: Sequence[_Cell], lines: Sequence[_Cell], height_mm: float) -> None:
    """A tall row, text at the bottom, signature lines as bottom borders."""
    tr = cells[0]._tc.getparent()
    assert tr is not None
    tr.get_or_add_trPr().append(el("w:trHeight", val=str(int(height_mm * 56.7)), hRule="atLeast"))
    for cell in cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    for cell in lines:
        cell_borders(cell, {"bottom": ("single", 6, LINE)})


def field(paragraph: Paragraph, instruction: str, shown: str = "1") -> None:
    """A field (PAGE, NUMPAGES, TOC …); Word and LibreOffice fill it in when laying out."""
    paragraph.add_run()._r.append(el("w:fldChar", fldCharType="begin"))
    code = el("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    paragraph.add_run()._r.append(el("w:fldChar", fldCharType="separate"))
    paragraph.add_run(shown)
    paragraph.add_run()._r.append(el("w:fldChar", fldCharType="end"))


def blank_document() -> DocxDocument:
    """python-docx's blank document without its preview image, in Word 2013+ mode."""
    document = Document()
    package_rels = document.part.package.rels
    for r_id, rel in list(package_rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:  # python-docx's stock preview of a blank page
            package_rels.pop(r_id)
    compat = document.settings.element.find(qn("w:compat"))
    assert compat is not None
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")  # Word 2013+ layout, no "Compatibility Mode" banner
    return document


def fonts(r_pr: BaseOxmlElement) -> None:
    """Arial in a run-properties element (``w:rPr``), replacing the theme fonts that would win."""
    for old in r_pr.findall(qn("w:rFonts")):
        r_pr.remove(old)
    r_pr.insert(0, el("w:rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT))


def docx_bytes(document: DocxDocument, title: str) -> bytes:
    """Deterministic DOCX bytes of a drafted template (every builder ends here)."""
    set_core_properties(document.core_properties, {"title": title, "author": "agencydocs"})
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_docx(buffer.getvalue())
