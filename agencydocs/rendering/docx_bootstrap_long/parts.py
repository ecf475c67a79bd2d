"""Building blocks of the long and report DOCX templates: page, styles, paragraphs, tables.

Every Jinja tag is written into one run (Word splits tags typed by hand);
``{%p``/``{%tr`` tags get a paragraph or row of their own in the "Template
Tag" style and vanish when rendered. Fixed text is written in the template's
language by :func:`agencydocs.rendering.docx_bootstrap_long.literal_labels`,
so the builders may still say ``{{ doc.labels.key }}``.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table

from agencydocs.rendering import docx_draft as draft

GREY, LIGHT = RGBColor(0x66, 0x66, 0x66), "EDEDED"
# The default brand colour: the renderer paints every style using it in the agency's own.
BRAND_HEX = "1F4E79"
BRAND = RGBColor.from_string(BRAND_HEX)
LEFT, RIGHT, CENTER = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.CENTER
BODY, CELL, TAG = draft.BODY, draft.CELL, draft.TAG
SMALL, LABEL, FOOT, HEADER = "Small Text", "Section Label", "Page Footer", "Table Header"
STYLES = {  # name: (size pt, bold, colour, space after pt)
    CELL: (9, False, None, 0),
    SMALL: (7.5, False, GREY, 0),
    LABEL: (7.5, True, GREY, 2),
    FOOT: (7.5, False, GREY, 0),
    TAG: (7, False, RGBColor(0x99, 0x99, 0x99), 0),
    HEADER: (8, True, None, 0),
}


def table(box: draft.Container, widths: list[float], grid: bool = False) -> Table:
    """A table with columns ``widths`` mm wide whose layout follows its text (not fixed)."""
    return draft.table(box, widths, grid=grid, fixed=False)


def repeat_header(grid: Table) -> None:
    """The table's last row so far repeats at the top of every page."""
    grid.rows[-1]._tr.get_or_add_trPr().append(draft.el("w:tblHeader"))


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
    draft.fonts(style_element.get_or_add_rPr())


def _base_styles(document: DocxDocument) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None
    r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert r_pr is not None
    draft.fonts(r_pr)
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
    draft.field(footer, "PAGE")
    footer.add_run(" {{ doc.labels.page_of }} ")
    draft.field(footer, "NUMPAGES")
    draft.rule(footer, "top", 4)


def new_document() -> DocxDocument:
    """python-docx's blank document without its preview image, in Word 2013+ mode, our base styles."""
    document = draft.blank_document()
    _base_styles(document)
    return document


def logo(document: DocxDocument) -> None:
    """The agency's logo (an empty paragraph when it has none: two tag paragraphs fewer)."""
    draft.para(document, '{{ logo_image or "" }}').paragraph_format.space_after = Pt(6)


def end(document: DocxDocument) -> DocxDocument:
    """Word wants a paragraph after a closing table; a tag-styled one stays invisible."""
    draft.para(document, style=TAG)
    return document


def document_bytes(document: DocxDocument, kind: str) -> bytes:
    """Deterministic DOCX bytes of a template of ``kind``."""
    return draft.docx_bytes(document, f"agencydocs {kind} template")
