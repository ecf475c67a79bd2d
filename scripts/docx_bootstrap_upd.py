"""The УПД and счёт-фактура templates of ``scripts/docx_bootstrap.py``: the legal form, landscape A4.

The same content as ``agencydocs/templates/transfer_form.html``: the form's
corner note, the УПД's status block, the header lines (1)–(8), the table with
its numbered columns and "Всего к оплате (9)", the signatures of the
счёт-фактура and the УПД's lines [8]–[19]. Every word of the form comes from
the context (``resolvers/transfer_form.py``), so Word and the PDF agree; the
few captions under signature lines are written here and in the HTML alike.
Russian only: these forms have no other language.
"""

from __future__ import annotations

import docx_common as c
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table

from agencydocs.resolvers import transfer_form as form

Words = dict[str, str]
PAGE_WIDTH = form.PAGE_WIDTH  # mm between the 10 mm margins of a landscape A4 page
# Column widths (mm), the PDF's: each heading's longest word fits; the description takes the rest.
UPD_COLUMNS = list(form.widths((form.UPD_CODE_COLUMN, *form.COLUMNS)))
VAT_INVOICE_COLUMNS = list(form.widths(form.COLUMNS))
NUMERIC = {7, 8, 11, 12}  # indexes (without "А") of columns 4, 5, 8, 9: right-aligned
FORM_SIZE = 6.5  # pt: the form's small print


def _landscape(document: DocxDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(10)
    section.top_margin, section.bottom_margin = Mm(8), Mm(12)
    footer = section.footer.paragraphs[0]
    footer.paragraph_format.tab_stops.clear_all()
    footer.paragraph_format.tab_stops.add_tab_stop(Mm(PAGE_WIDTH), WD_TAB_ALIGNMENT.RIGHT)
    for name, size in ((c.CELL, FORM_SIZE), (c.HEADER, 5), (c.AMOUNT, FORM_SIZE), (c.SMALL, 5.5)):
        document.styles[name].font.size = Pt(size)
    document.styles[c.HEADER].font.bold = False


def _narrow(grid: Table) -> None:
    """Cell padding of 0.5 mm: nineteen columns leave no room for more."""
    margins = grid._tbl.tblPr.find(qn("w:tblCellMar"))
    for edge in ("left", "right"):
        margins.find(qn(f"w:{edge}")).set(qn("w:w"), "28")


def _header(document: DocxDocument, upd: bool) -> None:
    """The status block (УПД) beside the heading and the header lines (1а)–(8)."""
    c.para(document, "{{ doc.form_note }}", c.SMALL, align=c.RIGHT)
    box: c.Container = document
    width = PAGE_WIDTH
    if upd:
        outer = c.table(document, [40, PAGE_WIDTH - 40])
        status, box = c.row(outer, "", "")
        c.para(status, "Универсальный передаточный документ", c.CELL, bold=True)
        c.para(status, "Статус: {{ doc.status }}", c.CELL, bold=True)
        c.para(status, "{{ doc.status_note }}", c.SMALL)
        c.cell_borders(status, {"right": ("single", 12, "000000")})
        width = PAGE_WIDTH - 42
    heading = c.para(box, "{{ doc.heading }} (1)", c.CELL, bold=True)
    heading.runs[0].font.size = Pt(10)
    lines = c.table(box, [88, width - 98, 10])
    c.tag_row(lines, "{%tr for l in doc.header %}")
    cells = c.row(lines, "{{ l.label }}:", "{{ l.value }}", "{{ l.code }}", styles=(c.CELL, c.CELL, c.AMOUNT))
    c.cell_borders(cells[1], {"bottom": ("single", 4, "000000")})
    c.tag_row(lines, "{%tr endfor %}")
    c.finish(lines)
    if upd:
        _tiny(c.para(box, style=c.SMALL))
        c.finish(outer)
    _tiny(c.gap(document, 0))


def _tiny(paragraph: c.Paragraph) -> None:
    """An empty paragraph Word needs after a table, as low as it can be."""
    paragraph.paragraph_format.space_after = paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(2)


def _table(document: DocxDocument, widths: list[float], upd: bool) -> None:
    """The columns, their numbers, a row per line and the total row."""
    grid = c.table(document, widths, grid=True, color="000000")
    _narrow(grid)
    count = len(widths)
    c.header_row(grid, *(f"{{{{ doc.columns[{i}].heading }}}}" for i in range(count)))
    c.header_row(grid, *(f"{{{{ doc.columns[{i}].number }}}}" for i in range(count)))
    c.tag_row(grid, "{%tr for r in doc.rows %}")
    offset = 1 if upd else 0
    styles = [c.AMOUNT if i - offset in NUMERIC else c.CELL for i in range(count)]
    cells = c.row(grid, *(f"{{{{ r.cells[{i}] }}}}" for i in range(count)), styles=styles)
    for index, cell in enumerate(cells):
        if styles[index] == c.CELL and index != offset + 1:  # all but the description: centred
            cell.paragraphs[0].alignment = c.CENTER
    c.tag_row(grid, "{%tr endfor %}")
    span = 7 + offset  # "А" and columns 1 to 4 under the label
    texts = [
        "{{ doc.total_label }}",
        *[""] * (span - 1),
        "{{ doc.total_net }}",
        "X",
        "",
        "{{ doc.total_vat }}",
    ]
    texts += ["{{ doc.total_gross }}", *[""] * (count - span - 5)]
    cells = c.row(grid, *texts, styles=[c.CELL] * span + [c.AMOUNT, c.HEADER, c.HEADER, c.AMOUNT, c.AMOUNT])
    for cell in cells:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.bold = True
    cells[0].merge(cells[span - 1])
    cells[span + 1].merge(cells[span + 2])
    cells[span + 5].merge(cells[-1])
    c.finish(grid)
    _tiny(c.gap(document, 2))


def _signatures(document: DocxDocument) -> None:
    """Head and chief accountant (п. 6 ст. 169 НК РФ), then the entrepreneur's line."""
    widths = [44, 30, 22, 28, 44, 30, 22, 28]
    grid = c.table(document, widths)
    first, second = "doc.signatures[0]", "doc.signatures[1]"
    texts = []
    for s in (first, second):
        texts += [f"{{{{ {s}.role }}}}", f"{{{{ {s}.title }}}}", "", f"{{{{ {s}.name }}}}"]
    cells = c.row(grid, *texts)
    for index in (1, 2, 3, 5, 6, 7):
        c.cell_borders(cells[index], {"bottom": ("single", 4, "000000")})
    c.row(
        grid,
        "",
        "(должность)",
        "(подпись)",
        "(ф.и.о.)",
        "",
        "(должность)",
        "(подпись)",
        "(ф.и.о.)",
        style=c.SMALL,
    )
    cells = c.row(
        grid,
        "{{ doc.entrepreneur.label }}",
        "",
        "{{ doc.entrepreneur.value }}",
        "",
        "{{ doc.entrepreneur.value }}",
        "",
        "",
        "",
    )
    for index in (1, 2, 4):
        c.cell_borders(cells[index], {"bottom": ("single", 4, "000000")})
    cells[4].merge(cells[7])
    captions = c.row(
        grid,
        "", "(подпись)", "(ф.и.о.)", "",
        "(реквизиты свидетельства о государственной регистрации индивидуального предпринимателя)", "", "", "",
        style=c.SMALL,
    )  # fmt: skip
    captions[4].merge(captions[7])
    c.finish(grid)
    c.gap(document, 2)


def _form_lines(box: c.Container, loop: str, width: float) -> None:
    grid = c.table(box, [width * 0.42, width * 0.58 - 9, 9])
    c.tag_row(grid, f"{{%tr for l in {loop} %}}")
    cells = c.row(grid, "{{ l.label }}", "{{ l.value }}", "{{ l.code }}", styles=(c.CELL, c.CELL, c.AMOUNT))
    c.cell_borders(cells[1], {"bottom": ("single", 4, "000000")})
    c.tag_row(grid, "{%tr endfor %}")
    c.finish(grid)


def _lower(document: DocxDocument) -> None:
    """The УПД's transfer part: [8], [9], then the seller's [10]–[14] beside the buyer's [15]–[19]."""
    c.tag(document, "{%p if doc.lower %}")
    _form_lines(document, "doc.lower", PAGE_WIDTH)
    half = PAGE_WIDTH / 2
    sides = c.table(document, [half * 0.42, half * 0.58 - 9, 9] * 2)
    c.tag_row(sides, "{%tr for s, b in doc.sides %}")
    texts = (
        "{{ s.label }}",
        "{{ s.value }}",
        "{{ s.code }}",
        "{{ b.label }}",
        "{{ b.value }}",
        "{{ b.code }}",
    )
    cells = c.row(sides, *texts, styles=(c.CELL, c.CELL, c.AMOUNT) * 2)
    for index in (1, 4):
        c.cell_borders(cells[index], {"bottom": ("single", 4, "000000")})
    c.cell_borders(cells[3], {"left": ("single", 12, "000000")})
    c.tag_row(sides, "{%tr endfor %}")
    c.finish(sides)
    c.tag(document, "{%p endif %}")


def _form(words: Words, upd: bool) -> DocxDocument:
    document = c.new_document(words)
    _landscape(document)
    _header(document, upd)
    _table(document, UPD_COLUMNS if upd else VAT_INVOICE_COLUMNS, upd)
    _signatures(document)
    if upd:
        _lower(document)
    c.tag(document, "{%p if doc.notes %}")
    c.para(document, "{{ doc.notes }}", c.CELL)
    c.tag(document, "{%p endif %}")
    return c.end(document)


def upd(words: Words) -> DocxDocument:
    """The УПД: status block, the счёт-фактура's lines and columns with "А", signatures, lines [8]–[19]."""
    return _form(words, upd=True)


def vat_invoice(words: Words) -> DocxDocument:
    """The счёт-фактура: header lines (1)–(8), the table, "Всего к оплате (9)", signatures."""
    return _form(words, upd=False)
