"""Building blocks of the long and report DOCX templates: page, styles, paragraphs, tables.

Every Jinja tag is written into one run (Word splits tags typed by hand);
``{%p``/``{%tr`` tags get a paragraph or row of their own in the "Template
Tag" style and vanish when rendered. Fixed text is written in the template's
language by :func:`agencydocs.rendering.docx_bootstrap_long.literal_labels`,
so the builders may still say ``{{ doc.labels.key }}``.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from agencydocs.rendering.docx import normalize_docx, set_core_properties

FONT = "Arial"  # Word ships it; LibreOffice maps it to metric-compatible Liberation Sans
PADDING = 85  # cell padding left and right, twips (1.5 mm)
LINE, GREY, LIGHT = "404040", RGBColor(0x66, 0x66, 0x66), "EDEDED"
# The default brand colour: the renderer paints every style using it in the agency's own.
BRAND_HEX = "1F4E79"
BRAND = RGBColor.from_string(BRAND_HEX)
LEFT, RIGHT, CENTER = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.CENTER
BODY, CELL, SMALL, LABEL, FOOT, TAG, HEADER = (
    "Normal",
    "Table Text",
    "Small Text",
    "Section Label",
    "Page Footer",
    "Template Tag",
    "Table Header",
)
STYLES = {  # name: (size pt, bold, colour, space after pt)
    CELL: (9, False, None, 0),
    SMALL: (7.5, False, GREY, 0),
    LABEL: (7.5, True, GREY, 2),
    FOOT: (7.5, False, GREY, 0),
    TAG: (7, False, RGBColor(0x99, 0x99, 0x99), 0),
    HEADER: (8, True, None, 0),
}
Container = DocxDocument | _Cell
Align = WD_ALIGN_PARAGRAPH | None


def el(tag: str, **attrs: str) -> BaseOxmlElement:
    """A ``w:`` element with ``w:`` attributes."""
    return OxmlElement(tag, {qn(f"w:{k}"): v for k, v in attrs.items()})


def borders(tag: str, edges: dict[str, tuple[str, int]], color: str = LINE) -> BaseOxmlElement:
    box = el(tag)
    for edge, (val, size) in edges.items():
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


def tag(box: Container, text: str) -> None:
    """A control-tag-only paragraph (``{%p … %}``)."""
    para(box, text, TAG)


def space(document: DocxDocument, after: float) -> Paragraph:
    paragraph = para(document)
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
    p_pr.insert_element_before(borders("w:pBdr", edges, color), *_AFTER_BORDERS)


def rule(paragraph: Paragraph, edge: str = "bottom", size: int = 12, color: str = LINE) -> None:
    """A line along one edge of a paragraph."""
    paragraph_borders(paragraph._p.get_or_add_pPr(), {edge: ("single", size)}, color)


def keep_with_next(paragraphs: list[Paragraph]) -> None:
    """Keep a block on one page (signatures with the seal line)."""
    for paragraph in paragraphs:
        paragraph.paragraph_format.keep_with_next = True


def table(box: Container, widths: list[float], grid: bool = False) -> Table:
    """A fixed-width table; borderless ones line their text up with the body text."""
    new = box.add_table(rows=0, cols=len(widths))
    new.autofit = False
    new.alignment = WD_TABLE_ALIGNMENT.LEFT
    tbl_pr = new._tbl.tblPr
    edges = ("top", "left", "bottom", "right", "insideH", "insideV")
    border = borders("w:tblBorders", {e: ("single" if grid else "nil", 4) for e in edges})
    tbl_pr.insert_element_before(border, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
    if not grid:
        tbl_pr.insert_element_before(el("w:tblInd", w=str(-PADDING), type="dxa"), "w:tblBorders")
    margins = el("w:tblCellMar")
    for edge, twips in (("top", 20), ("left", PADDING), ("bottom", 20), ("right", PADDING)):
        margins.append(el(f"w:{edge}", w=str(twips), type="dxa"))
    tbl_pr.insert_element_before(margins, "w:tblLook")
    for column, width in zip(new.columns, widths, strict=True):
        column.width = Mm(width)
    return new


def row(
    grid: Table, *texts: str, style: str = CELL, bold: bool = False, aligns: tuple[Align, ...] = ()
) -> list[_Cell]:
    """A row that never splits across pages, one paragraph per given text."""
    added = grid.add_row()
    added._tr.get_or_add_trPr().append(el("w:cantSplit"))
    for index, text in enumerate(texts):
        para(added.cells[index], text, style, bold, aligns[index] if index < len(aligns) else None)
    return list(added.cells)


def tag_row(grid: Table, text: str) -> None:
    """A control-tag-only row (``{%tr … %}``)."""
    row(grid, text, style=TAG)


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


def repeat_header(grid: Table) -> None:
    """The table's last row so far repeats at the top of every page."""
    grid.rows[-1]._tr.get_or_add_trPr().append(el("w:tblHeader"))


def signature_cells(cells: list[_Cell], lines: list[_Cell], height_mm: float) -> None:
    """A tall row, text at the bottom, signature lines as bottom borders."""
    tr = cells[0]._tc.getparent()
    assert tr is not None
    tr.get_or_add_trPr().append(el("w:trHeight", val=str(int(height_mm * 56.7)), hRule="atLeast"))
    for cell in cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    for cell in lines:
        line = borders("w:tcBorders", {"bottom": ("single", 6)})
        cell._tc.get_or_add_tcPr().insert_element_before(line, "w:shd", "w:noWrap", "w:tcMar", "w:vAlign")


def add_style(
    document: DocxDocument, name: str, size: float, bold: bool = False, color: RGBColor | None = None
) -> ParagraphStyle:
    """A paragraph style based on Normal (an existing one, such as Title, is restyled)."""
    styles = document.styles
    exists = name in [s.name for s in styles]
    style = styles[name] if exists else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[BODY]
    style.font.size, style.font.bold = Pt(size), bold or None
    style.font.color.rgb = color
    style.quick_style = True
    assert isinstance(style, ParagraphStyle)
    return style


def font_only(style_element: BaseOxmlElement) -> None:
    """Arial, without the theme fonts that would win over a font name."""
    r_pr = style_element.get_or_add_rPr()
    for old in r_pr.findall(qn("w:rFonts")):
        r_pr.remove(old)
    r_pr.insert(0, el("w:rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT))


def _base_styles(document: DocxDocument) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None
    r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert r_pr is not None
    r_pr.remove(r_pr.find(qn("w:rFonts")))
    r_pr.insert(0, el("w:rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT))
    normal = document.styles[BODY]
    normal.font.size = Pt(9)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name, (size, bold, color, after) in STYLES.items():
        add_style(document, name, size, bold, color).paragraph_format.space_after = Pt(after)
    document.styles[LABEL].font.all_caps = True
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3"):
        style = document.styles[name]
        font_only(style.element)
        style.font.color.rgb = RGBColor(0, 0, 0)  # drops the theme colour
        p_pr = style.element.pPr
        if p_pr is not None:  # the stock Title's rule under it
            for border in p_pr.findall(qn("w:pBdr")):
                p_pr.remove(border)


def field(paragraph: Paragraph, instruction: str, shown: str = "1") -> None:
    """A field (PAGE, NUMPAGES, PAGEREF …); Word and LibreOffice fill it in when laying out."""
    paragraph.add_run()._r.append(el("w:fldChar", fldCharType="begin"))
    code = el("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    paragraph.add_run()._r.append(el("w:fldChar", fldCharType="separate"))
    paragraph.add_run(shown)
    paragraph.add_run()._r.append(el("w:fldChar", fldCharType="end"))


def page(document: DocxDocument, margins: tuple[float, float, float, float], width: float) -> None:
    """A4 with margins (top, right, bottom, left mm); footer: text, then "Page N of M"."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = (
        Mm(m) for m in margins
    )
    section.header_distance = section.footer_distance = Mm(8)
    footer = section.footer.paragraphs[0]
    footer.style = FOOT
    footer.paragraph_format.tab_stops.add_tab_stop(Mm(width), WD_TAB_ALIGNMENT.RIGHT)
    footer.add_run("{{ doc.footer }}")
    footer.add_run("\t{{ doc.labels.page }} ")
    field(footer, "PAGE")
    footer.add_run(" {{ doc.labels.page_of }} ")
    field(footer, "NUMPAGES")
    rule(footer, "top", 4)


def new_document() -> DocxDocument:
    """python-docx's blank document without its preview image, in Word 2013+ mode, our base styles."""
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
    _base_styles(document)
    return document


def logo(document: DocxDocument) -> None:
    """The agency's logo (an empty paragraph when it has none: two tag paragraphs fewer)."""
    para(document, '{{ logo_image or "" }}').paragraph_format.space_after = Pt(6)


def end(document: DocxDocument) -> DocxDocument:
    """Word wants a paragraph after a closing table; a tag-styled one stays invisible."""
    para(document, style=TAG)
    return document


def document_bytes(document: DocxDocument, kind: str) -> bytes:
    """Deterministic DOCX bytes of a template of ``kind``."""
    meta = {"title": f"agencydocs {kind} template", "author": "agencydocs"}
    set_core_properties(document.core_properties, meta)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_docx(buffer.getvalue())
