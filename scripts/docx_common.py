"""Shared python-docx helpers of the DOCX template bootstrap (``scripts/docx_bootstrap.py``).

The committed ``agencydocs/templates/<kind>/<kind>.<lang>.docx`` files are
the source of truth; these helpers only draft a first version of a
template, which is then edited in Word or LibreOffice like any document.
Each Jinja tag is written in one run (Word splits hand-typed ones); fixed
text is written out in the template's language, taken from
``agencydocs/locales/<lang>.yaml`` so that output wording stays the same.
Named styles (Title, Heading 1, "Table Header", "Amount", …) carry all
formatting, so restyling in Word restyles the output.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import yaml
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from agencydocs.rendering import docx_draft as draft
from agencydocs.rendering.docx import TEMPLATE_BRAND_COLOR

# The building blocks both bootstraps share; the builders reach them as c.<name>.
from agencydocs.rendering.docx_draft import (  # noqa: F401
    Container,
    cell_borders,
    finish,
    gap,
    keep_with_next,
    line_break,
    lines,
    para,
    row,
    run,
    shown_if,
    signature_cells,
    table,
    tag,
    tag_row,
)

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "agencydocs" / "templates"
LOCALES = ROOT / "agencydocs" / "locales"
WIDTH = 180  # mm between the 15 mm margins of an A4 page
GREY_LINE = "C8C8C8"
BRAND = RGBColor.from_string(TEMPLATE_BRAND_COLOR)  # the renderer swaps it for the agency's colour
GREY, SHADE = RGBColor(0x44, 0x44, 0x44), "F1F3F5"
LEFT, RIGHT, CENTER = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.CENTER

BODY, TITLE, HEADING, HEADING2 = "Normal", "Title", "Heading 1", "Heading 2"
TEXT, SUBTITLE, BULLET, NUMBERED = "Body Text", "Subtitle", "List Bullet", "List Number"
CELL, TAG = draft.CELL, draft.TAG
HEADER, AMOUNT, SMALL, LABEL, FOOTER = "Table Header", "Amount", "Small Text", "Label", "Footer"
# name: (size pt, bold, colour, space after pt, alignment)
_STYLES: dict[str, tuple[float, bool, RGBColor | None, float, WD_ALIGN_PARAGRAPH | None]] = {
    CELL: (9, False, None, 0, None),
    HEADER: (8.5, True, None, 0, CENTER),
    AMOUNT: (9, False, None, 0, RIGHT),
    SMALL: (7.5, False, GREY, 0, None),
    LABEL: (7.5, True, BRAND, 2, None),
    TAG: (6, False, RGBColor(0x99, 0x99, 0x99), 0, None),
    TEXT: (9.5, False, None, 4, None),
}


def labels(language: str) -> dict[str, str]:
    """The built-in labels of ``language``: the fixed text a template writes out."""
    data = yaml.safe_load((LOCALES / f"{language}.yaml").read_text("utf-8"))
    return {str(key): str(value) for key, value in data.items()}


def rule(
    paragraph: Paragraph, edge: str = "bottom", size: int = 12, color: str = TEMPLATE_BRAND_COLOR
) -> None:
    """A line above or under a paragraph, in the brand colour unless told otherwise."""
    draft.rule(paragraph, edge, size, color)


def header_row(grid: Table, *texts: str, styles: Sequence[str] = ()) -> list[_Cell]:
    """A shaded "Table Header" row that repeats on every page."""
    cells = row(grid, *texts, style=HEADER, styles=styles)
    grid.rows[-1]._tr.get_or_add_trPr().append(draft.el("w:tblHeader"))
    for cell in cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        draft.shade(cell, SHADE)
    return cells


def _style(document: DocxDocument, name: str) -> ParagraphStyle:
    """The paragraph style ``name``: python-docx's stock one (e.g. "Body Text") or a new one."""
    styles = document.styles
    existing = next((style for style in styles if style.name == name), None)
    if isinstance(existing, ParagraphStyle):
        return existing
    added = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(added, ParagraphStyle)
    return added


def _restyle(document: DocxDocument) -> None:
    """Arial 9 pt body; Title, headings and the table styles named in ``_STYLES``."""
    draft.fonts(document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")))
    normal = document.styles[BODY]
    normal.font.size = Pt(9)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name, (size, bold, color, after, align) in _STYLES.items():
        style = _style(document, name)
        style.base_style, style.quick_style = normal, True
        style.font.size, style.font.bold, style.font.color.rgb = Pt(size), bold or None, color
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.alignment = align
    document.styles[LABEL].font.all_caps = True
    document.styles[TEXT].paragraph_format.line_spacing = 1.15
    for name in (BULLET, NUMBERED):
        listed = document.styles[name]
        listed.font.size, listed.paragraph_format.space_after = Pt(9.5), Pt(1.5)
    subtitle = document.styles[SUBTITLE]
    subtitle.element.get_or_add_rPr().remove_all("w:rFonts", "w:spacing")
    subtitle.font.name, subtitle.font.size, subtitle.font.italic = draft.FONT, Pt(11), False
    subtitle.font.color.rgb = GREY
    subtitle.paragraph_format.space_after = Pt(8)
    for name, size, before, after, color in (
        (TITLE, 14, 6, 4, None),
        (HEADING, 10, 10, 3, BRAND),
        (HEADING2, 9, 6, 2, None),
    ):
        style = document.styles[name]
        rpr = style.element.get_or_add_rPr()
        for old in rpr.findall(qn("w:rFonts")) + rpr.findall(qn("w:spacing")):
            rpr.remove(old)  # the stock styles use theme fonts and letter spacing
        style.font.name, style.font.size, style.font.bold = draft.FONT, Pt(size), True
        style.font.color.rgb = color if color is not None else RGBColor(0, 0, 0)
        style.font.italic = False
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after, fmt.keep_with_next = Pt(before), Pt(after), True
        ppr = style.element.get_or_add_pPr()
        for old in ppr.findall(qn("w:pBdr")):
            ppr.remove(old)
    document.styles[HEADING].font.all_caps = True
    footer = document.styles[FOOTER]
    footer.font.size, footer.font.color.rgb = Pt(7.5), GREY
    footer.paragraph_format.tab_stops.clear_all()  # the stock centre and right tabs of Letter paper


def _page(document: DocxDocument, words: dict[str, str]) -> None:
    """A4, 15 mm margins; footer: the document's footer text, then "Page N of M"."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin, section.bottom_margin = Mm(12), Mm(16)
    section.header_distance = section.footer_distance = Mm(8)
    footer = section.footer.paragraphs[0]
    footer.style = FOOTER
    footer.paragraph_format.tab_stops.add_tab_stop(Mm(WIDTH), WD_TAB_ALIGNMENT.RIGHT)
    footer.add_run("{{ doc.footer }}")
    footer.add_run(f"\t{words['page']} ")
    draft.field(footer, "PAGE")
    footer.add_run(f" {words['page_of']} ")
    draft.field(footer, "NUMPAGES")
    rule(footer, "top", 4, GREY_LINE)


def page_letterhead(document: DocxDocument) -> None:
    """The agency's name and contacts in the page header, in the brand colour over a rule.

    Not part of the built-ins: the example workspace's own letterhead (its
    ``templates/base.html`` prints the same line at the top of every PDF page of an
    invoice, act or credit note), drafted by ``docx_bootstrap.py --letterhead``.
    """
    header = document.sections[0].header.paragraphs[0]
    header.style = "Header"
    rule(header, "bottom", 4)
    contacts = (
        "{% if doc.supplier.email %} · {{ doc.supplier.email }}{% endif %}"
        "{% if doc.supplier.phone %} · {{ doc.supplier.phone }}{% endif %}"
    )
    for text, bold in (("{{ doc.supplier.short_name }}", True), (contacts, False)):
        added = header.add_run(text)
        added.bold, added.font.size, added.font.color.rgb = bold, Pt(7.5), BRAND


def new_document(words: dict[str, str]) -> DocxDocument:
    """An A4 document with the shared styles and the page-X-of-Y footer in ``words``' language."""
    document = draft.blank_document()
    _restyle(document)
    _page(document, words)
    return document


def end(document: DocxDocument) -> DocxDocument:
    """Word wants a paragraph after a closing table."""
    paragraph = para(document)
    paragraph.paragraph_format.space_after = Pt(0)
    return document


def document_bytes(document: DocxDocument, name: str) -> bytes:
    """Deterministic DOCX bytes of a drafted template (every builder ends here)."""
    return draft.docx_bytes(document, f"agencydocs {name}")


# Business documents (proposal, report, audit): letterhead, headings, data tables.


def logo(box: Container) -> Paragraph:
    """The agency logo, or an empty line when there is none (no ``{%p`` paragraphs needed)."""
    paragraph = para(box, "{% if logo_image %}{{ logo_image }}{% endif %}")
    paragraph.paragraph_format.space_after = Pt(4)
    return paragraph


def heading(box: Container, text: str, style: str = HEADING) -> Paragraph:
    """A section heading (brand colour and the rule under it come from the style's look)."""
    paragraph = para(box, text, style)
    rule(paragraph, size=6)
    return paragraph


@contextmanager
def section(document: DocxDocument, condition: str, title: str, style: str = HEADING) -> Iterator[Paragraph]:
    """A section under its heading that shows only when ``condition`` holds; yields the heading."""
    with shown_if(document, condition):
        yield heading(document, title, style)


def bullets(box: Container, loop: str, style: str = BULLET) -> None:
    """One bulleted (or, with "List Number", numbered) paragraph per item of ``loop``."""
    tag(box, f"{{%p for item in {loop} %}}")
    para(box, "{{ item }}", style)
    tag(box, "{%p endfor %}")


def markdown(box: Container, expr: str) -> None:
    """The Word paragraphs of a Markdown field (the renderer's ``markdown`` filter builds them)."""
    para(box, f'{{{{p {expr} | markdown(style="{TEXT}") }}}}')


def letterhead(document: DocxDocument, words: dict[str, str], *, title: bool = True) -> None:
    """Logo and the agency (left), the document's facts (right); title and subtitle (unless not ``title``:
    a letter has its subject instead)."""
    grid = table(document, [88, 92])
    left, right = row(grid, "", "")
    logo(left)
    para(left, "{{ doc.heading.agency }}", CELL, bold=True)
    lines(left, "line in doc.heading.agency_lines", "{{ line }}", SMALL)
    facts = table(right, [28, 61])
    right._tc.remove(right.paragraphs[0]._p)  # the cell starts with the table
    tag_row(facts, "{%tr for r in doc.heading.rows %}")
    row(facts, "{{ r.label }}", "{{ r.value }}", style=SMALL)
    tag_row(facts, "{%tr endfor %}")
    finish(facts)
    para(right, style=SMALL)  # Word wants a paragraph after a nested table
    finish(grid)
    if title:
        para(document, "{{ doc.heading.title }}", TITLE)
        para(document, "{% if doc.heading.subtitle %}{{ doc.heading.subtitle }}{% endif %}", SUBTITLE)


def outline(grid: Table) -> None:
    """Horizontal rules only: brand-coloured top and bottom, grey between rows."""
    found = grid._tbl.tblPr.find(qn("w:tblBorders"))
    for edge, size, color in (
        ("top", 8, TEMPLATE_BRAND_COLOR),
        ("bottom", 6, TEMPLATE_BRAND_COLOR),
        ("insideH", 4, GREY_LINE),
    ):
        element = found.find(qn(f"w:{edge}"))
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), str(size))
        element.set(qn("w:color"), color)


def data_table(box: Container, columns: Sequence[tuple[str, str, float, str]], loop: str) -> Table:
    """A table: a shaded header row repeated on every page, then a row per item of ``loop``.

    ``columns`` are (header text, cell text, width mm, cell style).
    """
    headers, cells, widths, styles = zip(*columns, strict=True)
    grid = table(box, list(widths))
    outline(grid)
    header_row(grid, *headers)
    tag_row(grid, f"{{%tr for {loop} %}}")
    row(grid, *cells, styles=styles)
    tag_row(grid, "{%tr endfor %}")
    finish(grid)
    gap(box)
    return grid


# Signatures: the lines the PDF prints for signing (HTML ``.sign-line``, the forms' signature rows).


def signature_line(document: DocxDocument, text: str, space_before: float = 0) -> list[Paragraph]:
    """A letter's signer as its PDF prints them: ``text`` (the title, perhaps with the agency),
    a line to sign on and the signatory's name, on one row; returns its paragraphs to keep
    with what comes before."""
    if space_before:
        gap(document, space_before)
    grid = table(document, [80, 46, 54])
    cells = row(grid, text, "", "{{ doc.signature.short_name }}", style=TEXT)
    signature_cells(cells, [cells[1]], 10)
    block = finish(grid)
    for paragraph in block:  # the text stands on the line, as in the PDF
        paragraph.paragraph_format.space_after = Pt(0)
    return block


def two_signatures(document: DocxDocument, words: dict[str, str], kind: str, seal: bool = True) -> None:
    """Supplier | customer side by side: role (``words["supplier_<kind>"]``), organisation,
    position, a line and the name; "М.П." under them when ``seal`` and the document is sealed."""
    grid = table(document, [48, 38, 8, 48, 38])
    first, second = "doc.signatures[0]", "doc.signatures[1]"
    row(grid, words[f"supplier_{kind}"], "", "", words[f"customer_{kind}"], "", bold=True)
    row(grid, "{{ doc.supplier.short_name }}", "", "", "{{ doc.customer.short_name }}", "")
    row(grid, f"{{{{ {first}.title }}}}", "", "", f"{{{{ {second}.title }}}}", "")
    cells = row(grid, "", f"{{{{ {first}.short_name }}}}", "", "", f"{{{{ {second}.short_name }}}}")
    signature_cells(cells, [cells[0], cells[3]], 14)
    for line in (0, 1, 2):
        grid.cell(line, 0).merge(grid.cell(line, 1))
        grid.cell(line, 3).merge(grid.cell(line, 4))
    block = finish(grid)
    if seal:
        block.append(para(document, f"{{% if doc.seal %}}{words['seal']}{{% endif %}}"))
    keep_with_next(block)
