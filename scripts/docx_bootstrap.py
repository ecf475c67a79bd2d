"""Draft the built-in DOCX templates of invoices, acts and proposals, one per language.

    python scripts/docx_bootstrap.py [--out DIR] [invoice.ru ...]
    python scripts/docx_bootstrap.py --letterhead   # the example workspace's overrides

The committed ``agencydocs/templates/<kind>/<kind>.<lang>.docx`` files are
the source of truth and may be edited in Word or LibreOffice; this script
only drafts a fresh version (its output need not equal them). The fixed
text is written out in each language from ``agencydocs/locales/<lang>.yaml``;
fields (``{{ … }}``) stand only where data goes. The Russian invoice is the
1C form (bank block, QR code, party lines, signatures), the English one the
international layout (letterhead, party cards, payment details, no
signatures); the act, and the credit note after it, is one form in both languages.
With ``--letterhead`` it drafts the example workspace's overrides instead: the
built-ins with the agency's name and contacts in the page header, as its
``templates/base.html`` prints them on every PDF page.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import docx_bootstrap_dunning
import docx_bootstrap_letter
import docx_bootstrap_minutes
import docx_bootstrap_proposal
import docx_bootstrap_upd
import docx_common as c
from docx.document import Document as DocxDocument
from docx.shared import Pt
from docx.table import Table

from agencydocs import __version__
from agencydocs.rendering.provenance import record_eject

Words = dict[str, str]
# №, description, quantity, unit, price, amount (mm): the widest header ("Кол-во", "Unit price",
# the German "Pos." in bold) and value ("placement", "280 000,00") of the example fit on one line.
LINE_COLUMNS = [10, 80, 16, 20, 26, 28]
MONEY_WIDTH = 32  # mm: "1 412 760,00 руб." in bold without wrapping


def _brand_rule(paragraph: c.Paragraph, size: int = 12) -> c.Paragraph:
    c.rule(paragraph, size=size)
    return paragraph


def _title(document: DocxDocument) -> None:
    _brand_rule(c.para(document, "{{ doc.title }}", c.TITLE))


def _party_rows(document: DocxDocument, words: Words, kind: str, reference: bool) -> None:
    """Each party's role and one-line details, then the header rows (basis, project, due date…)."""
    grid = c.table(document, [36, 144])
    for party in ("supplier", "customer"):
        cells = c.row(grid, f"{words[f'{party}_{kind}']}:", "")
        c.run(cells[1].paragraphs[0], f"{{{{ doc.{party}.details_line }}}}", bold=True)
    c.tag_row(grid, "{%tr for r in doc.header_rows if r.value != doc.date %}")
    c.row(grid, "{{ r.label }}:", "{{ r.value }}")
    c.tag_row(grid, "{%tr endfor %}")
    if reference:
        c.tag_row(grid, "{%tr if doc.payment and doc.payment.reference %}")
        c.row(grid, f"{words['payment_reference']}:", "{{ doc.payment.reference }}")
        c.tag_row(grid, "{%tr endif %}")
    for paragraph in c.finish(grid):
        paragraph.paragraph_format.space_after = Pt(2)
    c.para(document).paragraph_format.space_after = Pt(2)


def _line_cells(grid: Table, words: Words) -> None:
    """One row per line; a discount or mixed VAT rate goes under the description, on its own line."""
    cells = c.row(
        grid,
        "{{ line.number }}",
        "{{ line.description }}",
        "{{ line.quantity }}",
        "{{ line.unit }}",
        "{{ line.price }}",
        "{{ line.amount }}",
        styles=(c.HEADER, c.CELL, c.AMOUNT, c.CELL, c.AMOUNT, c.AMOUNT),
    )
    cells[0].paragraphs[0].runs[0].bold = False
    cells[3].paragraphs[0].alignment = c.CENTER
    description = cells[1].paragraphs[0]
    for condition, label, value in (
        ("line.discount", "col_discount", "line.discount"),
        ("doc.show_vat_rate and line.vat_rate", "col_vat_rate", "line.vat_rate"),
    ):
        c.run(description, f"{{% if {condition} %}}")
        c.line_break(description)
        c.run(description, f"{words[label]}: {{{{ {value} }}}}", style_size=7.5)
        c.run(description, "{% endif %}")


def _lines(document: DocxDocument, words: Words, form: bool) -> None:
    """The lines table: a black grid on the Russian forms, brand rules on the international invoice."""
    grid = c.table(document, LINE_COLUMNS, grid=form, color="000000")
    if not form:
        c.outline(grid)
    keys = ("number", "description", "quantity", "unit", "price", "amount")
    c.header_row(grid, *(words[f"col_{key}"] for key in keys))
    c.tag_row(grid, "{%tr for line in doc.lines %}")
    _line_cells(grid, words)
    c.tag_row(grid, "{%tr endfor %}")
    c.finish(grid)
    c.gap(document, 0)


def _totals(document: DocxDocument, form: bool) -> list[c.Paragraph]:
    """Totals right-aligned under the money columns; the last row (the total) in bold."""
    grid = c.table(document, [70, MONEY_WIDTH], right=True)
    c.tag_row(grid, "{%tr for r in doc.totals.rows[:-1] %}")
    c.row(grid, "{{ r.label }}", "{{ r.value }}", bold=form, style=c.AMOUNT)
    c.tag_row(grid, "{%tr endfor %}")
    total = c.row(
        grid, "{{ doc.totals.rows[-1].label }}", "{{ doc.totals.rows[-1].value }}", bold=True, style=c.AMOUNT
    )
    for cell in total:
        cell.paragraphs[0].runs[0].font.size = Pt(10.5)
        if not form:
            c.cell_borders(cell, {"top": ("single", 6, c.TEMPLATE_BRAND_COLOR)})
    return c.finish(grid)


def _vat_note(document: DocxDocument, only_if_not_a_row: bool) -> c.Paragraph:
    condition = "doc.totals.vat_note"
    if only_if_not_a_row:  # "Без налога (НДС)" may already be the VAT row's label
        condition += ' and doc.totals.vat_note not in doc.totals.rows | map(attribute="label") | list'
    with c.shown_if(document, condition):
        note = c.para(document, "{{ doc.totals.vat_note }}", bold=True)
        note.paragraph_format.space_before = note.paragraph_format.space_after = Pt(3)
    return note


def _form_closing(document: DocxDocument, words: Words) -> None:
    """Russian-form closing: VAT note, summary, amount in words under a brand rule, notes."""
    block = _totals(document, form=True)
    block.append(_vat_note(document, only_if_not_a_row=True))
    block.append(c.para(document, "{{ doc.totals.summary }}"))
    words_line = _brand_rule(c.para(document, "{{ doc.totals.in_words }}", bold=True))
    words_line.paragraph_format.space_after = Pt(6)
    c.keep_with_next(block)


def _notes(document: DocxDocument, words: Words) -> None:
    with c.shown_if(document, "doc.notes"):
        notes = c.para(document, f"{words['notes']}: ", bold=True)
        c.run(notes, "{{ doc.notes }}")
        notes.paragraph_format.space_after = Pt(4)


def _payment_rows(box: c.Container, words: Words, width: float, reference: bool) -> None:
    """Bank rows, and the payment reference unless the party rows show it already (a
    foreign-currency account on the Russian form)."""
    grid = c.table(box, [36, width - 36])
    c.tag_row(grid, "{%tr for r in doc.payment.rows %}")
    c.row(grid, "{{ r.label }}", "{{ r.value }}", styles=(c.SMALL, c.CELL))
    c.tag_row(grid, "{%tr endfor %}")
    if reference:
        reference_text = "{{ doc.payment.reference }}"
        c.row(grid, words["payment_reference"], reference_text, styles=(c.SMALL, c.CELL), bold=True)
    c.finish(grid)


def _bank_block(document: DocxDocument, words: Words) -> None:
    """The bordered 1C block (bank, BIC, accounts, INN/KPP, payee) with the payment QR code beside it."""
    c.tag(document, "{%p if doc.payment and doc.payment.ru_bank %}")
    grid = c.table(document, [44, 40, 14, 48, 34], grid=True, color="000000")
    bank = "doc.payment.ru_bank"
    c.row(grid, f"{{{{ {bank}.bank_name }}}}", "", words["bank_block_bic"], f"{{{{ {bank}.bic }}}}", "")
    c.row(grid, "", "", words["bank_block_corr"], f"{{{{ {bank}.corr_account }}}}", "")
    inn = f"{words['bank_block_inn']} {{{{ {bank}.inn }}}}"
    # An individual entrepreneur (ИП) has no KPP: the cell stays empty rather than say "КПП" alone.
    kpp = f"{{% if {bank}.kpp %}}{words['bank_block_kpp']} {{{{ {bank}.kpp }}}}{{% endif %}}"
    c.row(grid, inn, kpp, words["bank_block_account"], f"{{{{ {bank}.account }}}}", "")
    c.row(grid, f"{{{{ {bank}.payee }}}}", "", "", "", "")
    c.para(grid.cell(0, 0).merge(grid.cell(1, 1)), words["bank_block_bank"], c.SMALL)
    c.para(grid.cell(3, 0).merge(grid.cell(3, 1)), words["bank_block_payee"], c.SMALL)
    grid.cell(2, 2).merge(grid.cell(3, 2))
    grid.cell(2, 3).merge(grid.cell(3, 3))
    qr = grid.cell(0, 4).merge(grid.cell(3, 4))
    c.cell_borders(qr, {edge: ("nil", 0, "auto") for edge in ("top", "bottom", "right")})
    for paragraph in qr.paragraphs[1:]:
        qr._tc.remove(paragraph._p)
    c.para(qr, "{% if qr_image %}{{ qr_image }}{% endif %}", align=c.CENTER)
    c.para(qr, f"{{% if qr_image %}}{words['payment_qr']}{{% endif %}}", c.SMALL, align=c.CENTER)
    c.finish(grid)
    c.tag(document, "{%p endif %}")


def _invoice_signatures(document: DocxDocument, words: Words) -> None:
    """One row per signature (head, chief accountant): role, position, line, name; "М.П." if sealed."""
    grid = c.table(document, [36, 50, 46, 48])
    c.tag_row(grid, "{%tr for s in doc.signatures %}")
    cells = c.row(
        grid, "{{ s.party }}", "{% if s.title != s.party %}{{ s.title }}{% endif %}", "", "{{ s.short_name }}"
    )
    cells[0].paragraphs[0].runs[0].bold = True
    c.signature_cells(cells, [cells[2]], 11)
    c.tag_row(grid, "{%tr endfor %}")
    block = c.finish(grid)
    block.append(c.para(document, f"{{% if doc.seal %}}{words['seal']}{{% endif %}}"))
    c.keep_with_next(block)


def invoice_ru(words: Words) -> DocxDocument:
    """The 1C invoice: bank block and QR, title, parties, lines, totals, terms, signatures."""
    document = c.new_document(words)
    c.logo(document)
    _bank_block(document, words)
    _title(document)
    _party_rows(document, words, "invoice", reference=True)
    _lines(document, words, form=True)
    _form_closing(document, words)
    c.para(document, "{% if doc.payment %}{{ doc.payment.terms }}{% endif %}", c.SMALL)
    _notes(document, words)
    with c.section(document, "doc.payment and not doc.payment.ru_bank", words["payment_details"]):
        _payment_rows(document, words, c.WIDTH, reference=False)  # a foreign-currency account
    c.para(document).paragraph_format.space_after = Pt(8)
    _invoice_signatures(document, words)
    return c.end(document)


def _letterhead(document: DocxDocument) -> None:
    """Logo, the supplier and its contacts (left); the title and the header rows (right)."""
    grid = c.table(document, [94, 86])
    left, right = c.row(grid, "", "")
    c.logo(left)
    name = c.para(left, "{{ doc.supplier.short_name }}", bold=True)
    name.runs[0].font.size = Pt(10.5)
    c.para(left, "{{ doc.supplier.address }}", c.SMALL)
    contacts = "{{ doc.supplier.email }}{% if doc.supplier.email and doc.supplier.phone %} · {% endif %}"
    c.run(c.para(left, contacts, c.SMALL), "{{ doc.supplier.phone }}")
    c.para(right, "{{ doc.title }}", c.TITLE)
    facts = c.table(right, [30, 53])
    c.tag_row(facts, "{%tr for r in doc.header_rows %}")
    c.row(facts, "{{ r.label }}", "{{ r.value }}", styles=(c.SMALL, c.CELL))
    c.tag_row(facts, "{%tr endfor %}")
    c.finish(facts)
    c.para(right)
    c.finish(grid)
    c.para(document).paragraph_format.space_after = Pt(4)


def _party_card(box: c.Container, party: str, role: str) -> None:
    c.para(box, role, c.LABEL)
    c.para(box, f"{{{{ doc.{party}.name }}}}", c.CELL, bold=True)
    c.para(box, f"{{{{ doc.{party}.address }}}}", c.CELL)
    c.lines(box, f"d in doc.{party}.details", "{{ d.label }} {{ d.value }}", c.CELL)
    c.para(box, f"{{{{ doc.{party}.email }}}}", c.SMALL)


def invoice_en(words: Words) -> DocxDocument:
    """The international invoice: letterhead, party cards, lines, totals, payment details and QR, notes."""
    document = c.new_document(words)
    title = document.styles[c.TITLE]
    title.font.size, title.font.color.rgb = Pt(18), c.BRAND  # the letterhead's title, as in the PDF
    _letterhead(document)
    grid = c.table(document, [90, 90])
    supplier, customer = c.row(grid, "", "")
    _party_card(supplier, "supplier", words["supplier_invoice"])
    _party_card(customer, "customer", words["customer_invoice"])
    c.finish(grid)
    c.para(document).paragraph_format.space_after = Pt(4)
    _lines(document, words, form=False)
    block = _totals(document, form=False)
    block.append(_vat_note(document, only_if_not_a_row=False))
    block.append(c.para(document, f"{words['in_words_prefix']}: {{{{ doc.totals.in_words }}}}", c.SMALL))
    c.keep_with_next(block)
    with c.section(document, "doc.payment", words["payment_details"]):
        grid = c.table(document, [142, 38])
        details, qr = c.row(grid, "", "")
        details._tc.remove(details.paragraphs[0]._p)
        _payment_rows(details, words, 140, reference=True)
        c.para(details, "{{ doc.payment.terms }}", c.SMALL).paragraph_format.space_before = Pt(3)
        c.para(qr, "{% if qr_image %}{{ qr_image }}{% endif %}", align=c.CENTER)
        c.para(qr, f"{{% if qr_image %}}{words['payment_qr']}{{% endif %}}", c.SMALL, align=c.CENTER)
        c.finish(grid)
    with c.section(document, "doc.notes", words["notes"]):
        c.para(document, "{{ doc.notes }}")
    return c.end(document)


def act(words: Words, kind: str = "act") -> DocxDocument:
    """The act, one form in every language: title, parties, lines, totals, statement, signatures.

    The credit note is this form too (its header rows name the invoice and the reason,
    its lines are the reductions): only its parties' roles are its own words.
    """
    document = c.new_document(words)
    c.logo(document)
    _title(document)
    _party_rows(document, words, kind, reference=False)
    _lines(document, words, form=True)
    _form_closing(document, words)
    _notes(document, words)
    statement = c.para(document, "{{ doc.statement }}")
    statement.paragraph_format.space_after = Pt(12)
    c.keep_with_next([statement])
    c.two_signatures(document, words, kind)
    return c.end(document)


def credit_note(words: Words) -> DocxDocument:
    """The credit note: the act's form with the credit note's party roles."""
    return act(words, "credit_note")


# "<kind>.<language>" -> the builder of that template.
BUILDERS: dict[str, Callable[[Words], DocxDocument]] = {
    "invoice.ru": invoice_ru,
    "invoice.en": invoice_en,
    "act.ru": act,
    "act.en": act,
    "credit_note.ru": credit_note,
    "credit_note.en": credit_note,
    "credit_note.de": credit_note,
    "act.de": act,
    "invoice.de": invoice_en,  # the international layout, in German words
    "proposal.ru": docx_bootstrap_proposal.proposal,
    "proposal.en": docx_bootstrap_proposal.proposal,
    "proposal.de": docx_bootstrap_proposal.proposal,
    "reminder.ru": docx_bootstrap_dunning.reminder,
    "reminder.en": docx_bootstrap_dunning.reminder,
    "reminder.de": docx_bootstrap_dunning.reminder,
    "claim.ru": docx_bootstrap_dunning.claim,
    "claim.en": docx_bootstrap_dunning.claim,
    "claim.de": docx_bootstrap_dunning.claim,
    "statement.ru": docx_bootstrap_dunning.statement,
    "statement.en": docx_bootstrap_dunning.statement,
    "statement.de": docx_bootstrap_dunning.statement,
    "minutes.ru": docx_bootstrap_minutes.minutes,
    "minutes.en": docx_bootstrap_minutes.minutes,
    "minutes.de": docx_bootstrap_minutes.minutes,
    "letter.ru": docx_bootstrap_letter.letter,
    "letter.en": docx_bootstrap_letter.letter,
    "letter.de": docx_bootstrap_letter.letter,
    "upd.ru": docx_bootstrap_upd.upd,  # Russian tax forms: Russian only (kinds/upd.py)
    "vat_invoice.ru": docx_bootstrap_upd.vat_invoice,
}


# The example workspace's overrides (templates/ at the repository root): the built-in of each
# kind built on its templates/base.html, in the languages of its documents (`check --strict`
# warns about an override no document uses), with the agency's letterhead in the page header.
# The international invoice.de prints the letterhead in its body already.
LETTERHEAD_OVERRIDES = ["invoice.ru", "invoice.en", "act.ru", "act.en", "act.de", "credit_note.en"]


def template_bytes(name: str, letterhead: bool = False) -> bytes:
    """The drafted template ``name`` (``invoice.ru``) as deterministic DOCX bytes; with
    ``letterhead``, the example workspace's override of it."""
    language = name.rpartition(".")[2]
    document = BUILDERS[name](c.labels(language))
    if letterhead:
        c.page_letterhead(document)
    return c.document_bytes(document, name)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Draft the built-in DOCX templates of invoices, acts and proposals."
    )
    parser.add_argument("--out", type=Path, help="templates folder (default: the built-ins)")
    parser.add_argument(
        "--letterhead",
        action="store_true",
        help="draft the example workspace's overrides (default --out: templates/ of the repository"
        " root): the built-in with the agency's letterhead in the page header, recorded as ejected",
    )
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help=f"any of {', '.join(BUILDERS)} (default: all)"
    )
    args = parser.parse_args(argv)
    for name in args.names:
        if name not in BUILDERS:
            parser.error(f"unknown template {name!r}; known: {', '.join(BUILDERS)}")
    out = args.out or (c.ROOT / "templates" if args.letterhead else c.TEMPLATES)
    names = args.names or (LETTERHEAD_OVERRIDES if args.letterhead else list(BUILDERS))
    for name in names:
        kind = name.partition(".")[0]
        target = out / kind / f"{name}.docx"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(template_bytes(name, args.letterhead))
        print(f"wrote {target}")
    if args.letterhead:  # what `agencydocs templates eject` records: the built-in each copy is based on
        relatives = [f"{name.partition('.')[0]}/{name}.docx" for name in names]
        record_eject(out.parent, c.TEMPLATES, relatives, __version__)


if __name__ == "__main__":
    main()
