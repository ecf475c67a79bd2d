"""Generate the built-in DOCX templates (invoice and act) with python-docx.

Run ``python scripts/make_docx_templates.py`` after changing this file; a test
checks that the committed templates are byte-identical to its output.
Generating keeps every Jinja tag in one run (Word splits hand-typed tags)
and gives one template per kind for every language: all text comes from
``doc.labels`` or the context. ``{%p``/``{%tr`` tags sit in their own
paragraphs or rows ("Template Tag" style) and vanish when rendered.
Russian documents get the 1C layout (``doc.locale == "ru"``), others the
international one; the 1C bank block appears whenever ``ru_bank`` is set.
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable, Iterable
from pathlib import Path

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
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from agencydocs.rendering.docx import normalize_docx, set_core_properties

TEMPLATES = Path(__file__).resolve().parent.parent / "agencydocs" / "templates"
FONT = "Arial"  # Word ships it; LibreOffice maps it to metric-compatible Liberation Sans
WIDTH = 180  # mm between the 15 mm margins of an A4 page
COLUMNS = [8, 80, 14, 19, 28, 31]  # №, description, quantity, unit, price, amount (mm)
PADDING = 85  # cell padding left and right, twips (1.5 mm)
LINE, GREY, LIGHT = "404040", RGBColor(0x66, 0x66, 0x66), "EDEDED"
LEFT, RIGHT, CENTER = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.CENTER
BODY, CELL, SMALL, LABEL, TITLE, FOOT, TAG = (
    "Normal",
    "Table Text",
    "Small Text",
    "Section Label",
    "Document Title",
    "Page Footer",
    "Template Tag",
)
STYLES = {  # name: (size pt, bold, colour, space after pt)
    CELL: (9, False, None, 0),
    SMALL: (7.5, False, GREY, 0),
    LABEL: (7.5, True, GREY, 2),
    TITLE: (14, True, None, 4),
    FOOT: (7.5, False, GREY, 0),
    TAG: (7, False, RGBColor(0x99, 0x99, 0x99), 0),
}
Container = DocxDocument | _Cell
Align = WD_ALIGN_PARAGRAPH | None


def _el(tag: str, **attrs: str) -> BaseOxmlElement:
    return OxmlElement(tag, {qn(f"w:{k}"): v for k, v in attrs.items()})


def _borders(tag: str, edges: dict[str, tuple[str, int]]) -> BaseOxmlElement:
    box = _el(tag)
    for edge, (val, size) in edges.items():
        box.append(_el(f"w:{edge}", val=val, sz=str(size), space="0", color=LINE))
    return box


def _para(
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


def _tag(box: Container, tag: str) -> None:
    _para(box, tag, TAG)


def _space(document: DocxDocument, after: float) -> Paragraph:
    paragraph = _para(document)
    paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def _rule(paragraph: Paragraph, edge: str = "bottom", size: int = 12) -> None:
    paragraph._p.get_or_add_pPr().insert_element_before(
        _borders("w:pBdr", {edge: ("single", size)}), "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc"
    )


def _keep_with_next(paragraphs: list[Paragraph]) -> None:
    """Keep a block on one page: totals with the amount in words, signatures with the seal."""
    for paragraph in paragraphs:
        paragraph.paragraph_format.keep_with_next = True


def _table(box: Container, widths: list[float], grid: bool = False, right: bool = False) -> Table:
    table = box.add_table(rows=0, cols=len(widths))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.RIGHT if right else WD_TABLE_ALIGNMENT.LEFT
    tbl_pr = table._tbl.tblPr
    edges = ("top", "left", "bottom", "right", "insideH", "insideV")
    border = _borders("w:tblBorders", {e: ("single" if grid else "nil", 4) for e in edges})
    tbl_pr.insert_element_before(border, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
    if not grid and not right:
        # Borderless tables move left by the cell padding so their text lines up with body text.
        tbl_pr.insert_element_before(_el("w:tblInd", w=str(-PADDING), type="dxa"), "w:tblBorders")
    margins = _el("w:tblCellMar")
    for edge, twips in (("top", 20), ("left", PADDING), ("bottom", 20), ("right", PADDING)):
        margins.append(_el(f"w:{edge}", w=str(twips), type="dxa"))
    tbl_pr.insert_element_before(margins, "w:tblLook")
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    return table


def _row(
    table: Table, *texts: str, style: str = CELL, bold: bool = False, aligns: tuple[Align, ...] = ()
) -> list[_Cell]:
    """A row that never splits across pages, one paragraph per given text."""
    row = table.add_row()
    row._tr.get_or_add_trPr().append(_el("w:cantSplit"))
    for index, text in enumerate(texts):
        _para(row.cells[index], text, style, bold, aligns[index] if index < len(aligns) else None)
    return row.cells


def _tag_row(table: Table, tag: str) -> None:
    _row(table, tag, style=TAG)


def _finish(table: Table) -> list[Paragraph]:
    """Give every cell its grid width (a fixed layout reads them); return all paragraphs."""
    grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    for tr in table._tbl.tr_lst:
        column = 0
        for tc in tr.tc_lst:
            width = tc.get_or_add_tcPr().get_or_add_tcW()
            width.set(qn("w:w"), str(sum(grid[column : column + tc.grid_span])))
            width.set(qn("w:type"), "dxa")
            column += tc.grid_span
    return [paragraph for row in table.rows for cell in row.cells for paragraph in cell.paragraphs]


def _labelled_rows(table: Table, loop: str, align: Align = None) -> list[Paragraph]:
    """A row per ``Row`` (label, value), the ``strong`` ones in bold."""
    _tag_row(table, f"{{%tr for row in {loop} %}}")
    _tag_row(table, "{%tr if row.strong %}")
    _row(table, "{{ row.label }}", "{{ row.value }}", bold=True, aligns=(align, align))
    _tag_row(table, "{%tr else %}")
    _row(table, "{{ row.label }}", "{{ row.value }}", aligns=(align, align))
    _tag_row(table, "{%tr endif %}")
    _tag_row(table, "{%tr endfor %}")
    return _finish(table)


def _styles(document: DocxDocument) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    defaults.remove(defaults.find(qn("w:rFonts")))
    defaults.insert(0, _el("w:rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT))
    normal = document.styles[BODY]
    normal.font.size = Pt(9)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name, (size, bold, color, after) in STYLES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style, style.quick_style = normal, True
        style.font.size, style.font.bold, style.font.color.rgb = Pt(size), bold or None, color
        style.paragraph_format.space_after = Pt(after)
    document.styles[LABEL].font.all_caps = True
    document.styles[TITLE].paragraph_format.space_before = Pt(6)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A PAGE / NUMPAGES field; Word and LibreOffice fill it in when laying out."""
    paragraph.add_run()._r.append(_el("w:fldChar", fldCharType="begin"))
    code = _el("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    paragraph.add_run()._r.append(_el("w:fldChar", fldCharType="separate"))
    paragraph.add_run("1")
    paragraph.add_run()._r.append(_el("w:fldChar", fldCharType="end"))


def _page(document: DocxDocument) -> None:
    """A4, 15 mm margins; footer: document number and date, then "Page N of M"."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin, section.bottom_margin = Mm(12), Mm(16)
    section.header_distance = section.footer_distance = Mm(8)
    footer = section.footer.paragraphs[0]
    footer.style = FOOT
    footer.paragraph_format.tab_stops.add_tab_stop(Mm(WIDTH), WD_TAB_ALIGNMENT.RIGHT)
    footer.add_run("{{ doc.footer }}")
    footer.add_run("\t{{ doc.labels.page }} ")
    _field(footer, "PAGE")
    footer.add_run(" {{ doc.labels.page_of }} ")
    _field(footer, "NUMPAGES")
    _rule(footer, "top", 4)


def _new_document() -> DocxDocument:
    document = Document()
    package_rels = document.part.package.rels
    for r_id, rel in list(package_rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:  # python-docx's stock preview of a blank page
            package_rels.pop(r_id)
    for setting in document.settings.element.find(qn("w:compat")).findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")  # Word 2013+ layout, no "Compatibility Mode" banner
    _styles(document)
    _page(document)
    return document


def _logo(document: DocxDocument) -> None:
    _tag(document, "{%p if logo_image %}")
    _para(document, "{{ logo_image }}").paragraph_format.space_after = Pt(6)
    _tag(document, "{%p endif %}")


def _bank_block(document: DocxDocument) -> None:
    """The bordered 1C block: payee's bank, BIC, accounts, INN/KPP, payee."""
    _tag(document, "{%p if doc.payment and doc.payment.ru_bank %}")
    table = _table(document, [50, 50, 18, 62], grid=True)
    bank, labels = "doc.payment.ru_bank", "doc.labels.bank_block"
    _row(table, f"{{{{ {bank}.bank_name }}}}", "", f"{{{{ {labels}_bic }}}}", f"{{{{ {bank}.bic }}}}")
    _row(table, "", "", f"{{{{ {labels}_corr }}}}", f"{{{{ {bank}.corr_account }}}}")
    inn = f"{{{{ {labels}_inn }}}} {{{{ {bank}.inn }}}}"
    # An individual entrepreneur (ИП) has no KPP: the cell stays empty rather than say "КПП" alone.
    kpp = f"{{% if {bank}.kpp %}}{{{{ {labels}_kpp }}}} {{{{ {bank}.kpp }}}}{{% endif %}}"
    _row(table, inn, kpp, f"{{{{ {labels}_account }}}}", f"{{{{ {bank}.account }}}}")
    _row(table, f"{{{{ {bank}.payee }}}}", "", "", "")
    _para(table.cell(0, 0).merge(table.cell(1, 1)), f"{{{{ {labels}_bank }}}}", SMALL)
    _para(table.cell(3, 0).merge(table.cell(3, 1)), f"{{{{ {labels}_payee }}}}", SMALL)
    table.cell(2, 2).merge(table.cell(3, 2))
    table.cell(2, 3).merge(table.cell(3, 3))
    _finish(table)
    _space(document, 4)
    _tag(document, "{%p endif %}")


def _title(document: DocxDocument) -> None:
    _rule(_para(document, "{{ doc.title }}", TITLE))
    _space(document, 2)


def _ru_parties(document: DocxDocument, due: bool) -> None:
    """1C layout: each party's role and one-line details, the basis, the due date."""
    table = _table(document, [36, 144])
    for party in ("supplier", "customer"):
        _row(table, f"{{{{ doc.{party}.role }}}}:", f"{{{{ doc.{party}.details_line }}}}", bold=True)
        table.rows[-1].cells[0].paragraphs[0].runs[0].bold = None
    _tag_row(table, "{%tr if doc.basis %}")
    _row(table, "{{ doc.labels.basis }}:", "{{ doc.basis }}")
    _tag_row(table, "{%tr endif %}")
    if due:
        _tag_row(table, "{%tr if doc.payment %}")
        _row(table, "{{ doc.labels.due_date }}:", "{{ doc.payment.due }}")
        _tag_row(table, "{%tr endif %}")
    _finish(table)
    for row in table.rows:
        row.cells[0].paragraphs[0].paragraph_format.space_after = Pt(3)


def _party_card(cell: _Cell, party: str) -> None:
    _para(cell, f"{{{{ doc.{party}.role }}}}", LABEL)
    _para(cell, f"{{{{ doc.{party}.name }}}}", CELL, bold=True)
    _para(cell, f"{{{{ doc.{party}.address }}}}", CELL)
    _tag(cell, f"{{%p for detail in doc.{party}.details %}}")
    _para(cell, "{{ detail.label }} {{ detail.value }}", CELL)
    _tag(cell, "{%p endfor %}")
    _tag(cell, f"{{%p if doc.{party}.email %}}")
    _para(cell, f"{{{{ doc.{party}.email }}}}", CELL)
    _tag(cell, "{%p endif %}")


def _parties(document: DocxDocument, due: bool) -> None:
    """1C layout for Russian; otherwise header rows, then the parties side by side."""
    _tag(document, '{%p if doc.locale == "ru" %}')
    _ru_parties(document, due)
    _tag(document, "{%p else %}")
    _labelled_rows(_table(document, [36, 144]), "doc.header_rows")
    _space(document, 6)
    table = _table(document, [90, 90])
    cells = _row(table)
    _party_card(cells[0], "supplier")
    _party_card(cells[1], "customer")
    _finish(table)
    _tag(document, "{%p endif %}")
    _space(document, 6)


def _lines(document: DocxDocument) -> None:
    """The lines table; its header row repeats on every page."""
    table = _table(document, COLUMNS, grid=True)
    keys = ("number", "description", "quantity", "unit", "price", "amount")
    header = _row(table, *(f"{{{{ doc.labels.col_{k} }}}}" for k in keys), bold=True, aligns=(CENTER,) * 6)
    table.rows[0]._tr.get_or_add_trPr().append(_el("w:tblHeader"))
    for cell in header:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        shade = _el("w:shd", val="clear", color="auto", fill=LIGHT)
        cell._tc.get_or_add_tcPr().insert_element_before(shade, "w:noWrap", "w:tcMar", "w:vAlign")
    _tag_row(table, "{%tr for line in doc.lines %}")
    values = [f"{{{{ line.{key} }}}}" for key in keys]
    description = _row(table, *values, aligns=(CENTER, LEFT, RIGHT, CENTER, RIGHT, RIGHT))[1]
    # Six fixed columns for every document: discounts and mixed VAT rates go under the description.
    _tag(description, "{%p if line.discount %}")
    _para(description, "{{ doc.labels.col_discount }}: {{ line.discount }}", SMALL)
    _tag(description, "{%p endif %}")
    _tag(description, "{%p if doc.show_vat_rate and line.vat_rate %}")
    _para(description, "{{ doc.labels.col_vat_rate }}: {{ line.vat_rate }}", SMALL)
    _tag(description, "{%p endif %}")
    _tag_row(table, "{%tr endfor %}")
    _finish(table)


def _totals(document: DocxDocument) -> None:
    """Totals right-aligned under the amount column, VAT note, summary, amount in words."""
    _space(document, 2)
    block = _labelled_rows(_table(document, [75, COLUMNS[-1]], right=True), "doc.totals.rows", RIGHT)
    block.append(_space(document, 4))
    _tag(document, "{%p if doc.totals.vat_note %}")
    block.append(_para(document, "{{ doc.totals.vat_note }}"))
    block[-1].paragraph_format.space_after = Pt(4)
    _tag(document, "{%p endif %}")
    block.append(_para(document, "{{ doc.totals.summary }}"))
    words = _para(document, "{{ doc.totals.in_words }}", bold=True)
    words.paragraph_format.space_after = Pt(2)
    _rule(words)
    _keep_with_next(block)
    _space(document, 4)


def _payment(document: DocxDocument) -> None:
    """Bank rows unless the 1C block shows them already; reference and terms."""
    _tag(document, "{%p if doc.payment %}")
    _tag(document, "{%p if not doc.payment.ru_bank %}")
    _para(document, "{{ doc.labels.payment_details }}", LABEL)
    _labelled_rows(_table(document, [36, 144]), "doc.payment.rows")
    _space(document, 4)
    _tag(document, "{%p endif %}")
    reference = _para(document, "{{ doc.labels.payment_reference }}: ", bold=True)
    reference.add_run("{{ doc.payment.reference }}")
    _tag(document, "{%p if doc.payment.terms %}")
    terms = _para(document, "{{ doc.payment.terms }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endif %}")
    _keep_with_next([reference, terms])


def _statement_and_notes(document: DocxDocument) -> None:
    _tag(document, "{%p if doc.statement %}")
    statement = _para(document, "{{ doc.statement }}")
    statement.paragraph_format.space_after = Pt(4)
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if doc.notes %}")
    notes = _para(document, "{{ doc.labels.notes }}: ", bold=True)
    notes.add_run("{{ doc.notes }}")
    notes.paragraph_format.space_before = Pt(4)
    _tag(document, "{%p endif %}")
    _keep_with_next([statement, notes, _space(document, 10)])


def _signature_cells(cells: list[_Cell], lines: list[_Cell], height_mm: float) -> None:
    """A tall row, text at the bottom, signature lines as bottom borders."""
    cells[0]._tc.getparent().get_or_add_trPr().append(
        _el("w:trHeight", val=str(int(height_mm * 56.7)), hRule="atLeast")
    )
    for cell in cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    for cell in lines:
        line = _borders("w:tcBorders", {"bottom": ("single", 6)})
        cell._tc.get_or_add_tcPr().insert_element_before(line, "w:shd", "w:noWrap", "w:tcMar", "w:vAlign")


def _seal_row(table: Table, column: int) -> None:
    _tag_row(table, "{%tr if doc.seal %}")
    texts = [""] * len(table.columns)
    texts[column] = "{{ doc.labels.seal }}"
    _row(table, *texts)[column].paragraphs[0].paragraph_format.space_before = Pt(6)
    _tag_row(table, "{%tr endif %}")


def _invoice_signatures(document: DocxDocument) -> None:
    """One row per signature (head, chief accountant): role, position, line, name."""
    table = _table(document, [34, 50, 46, 50])
    _tag_row(table, "{%tr for s in doc.signatures %}")
    position = '{{ s.title if s.title != s.party else "" }}'
    cells = _row(table, "{{ s.party }}", position, "", "{{ s.short_name }}")
    cells[0].paragraphs[0].runs[0].bold = True
    _signature_cells(cells, [cells[2]], 11)
    _tag_row(table, "{%tr endfor %}")
    _seal_row(table, 1)
    _keep_with_next(_finish(table))


def _act_signatures(document: DocxDocument) -> None:
    """Исполнитель | Заказчик side by side: party, position, line and name."""
    table = _table(document, [46, 39, 10, 46, 39])
    first, second = "doc.signatures[0]", "doc.signatures[1]"
    _row(table, f"{{{{ {first}.party }}}}", "", "", f"{{{{ {second}.party }}}}", "", bold=True)
    _row(table, f"{{{{ {first}.title }}}}", "", "", f"{{{{ {second}.title }}}}", "")
    cells = _row(table, "", f"{{{{ {first}.short_name }}}}", "", "", f"{{{{ {second}.short_name }}}}")
    _signature_cells(cells, [cells[0], cells[3]], 14)
    _seal_row(table, 0)
    for row in (0, 1):
        table.cell(row, 0).merge(table.cell(row, 1))
        table.cell(row, 3).merge(table.cell(row, 4))
    _keep_with_next(_finish(table))


def build_invoice() -> DocxDocument:
    """The invoice: 1C bank block, parties, lines, totals, payment, signatures."""
    document = _new_document()
    for part in (_logo, _bank_block, _title):
        part(document)
    _parties(document, due=True)
    for part in (_lines, _totals, _payment, _statement_and_notes, _invoice_signatures):
        part(document)
    _para(document, style=TAG)  # Word wants a paragraph after a closing table
    return document


def build_act() -> DocxDocument:
    """The act: parties, lines, totals, the no-claims statement, two signature blocks."""
    document = _new_document()
    for part in (_logo, _title):
        part(document)
    _parties(document, due=False)
    for part in (_lines, _totals, _statement_and_notes, _act_signatures):
        part(document)
    _para(document, style=TAG)
    return document


BUILDERS: dict[str, Callable[[], DocxDocument]] = {"invoice": build_invoice, "act": build_act}


def document_bytes(document: DocxDocument, kind: str) -> bytes:
    """Deterministic DOCX bytes of a generated template of ``kind`` (every generator ends here)."""
    meta = {"title": f"agencydocs {kind} template", "author": "agencydocs"}
    set_core_properties(document.core_properties, meta)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_docx(buffer.getvalue())


def generate(description: str, kinds: Iterable[str], template_bytes: Callable[[str], bytes]) -> None:
    """The generators' command line: write each kind's template into ``--out``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--out", type=Path, default=TEMPLATES, help="templates folder (default: the built-ins)"
    )
    out = parser.parse_args().out
    for kind in kinds:
        target = out / kind / f"{kind}.docx"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(template_bytes(kind))
        print(f"wrote {target}")


def template_bytes(kind: str) -> bytes:
    """The built-in template of ``kind`` as deterministic DOCX bytes."""
    return document_bytes(BUILDERS[kind](), kind)


def main() -> None:
    generate("Generate the built-in DOCX templates.", BUILDERS, template_bytes)


if __name__ == "__main__":
    main()
