"""The reminder, claim and reconciliation statement templates of ``scripts/docx_bootstrap.py``.

Letters on the business letterhead (``doc.heading``): the reminder lists the
overdue invoices, the total open, the payment details and the QR code; the
claim adds the addressee, the penalty table, the legal basis, the demand and
what follows; the statement has the two halves ("По данным Исполнителя" /
"По данным Заказчика") in one bordered table and both signatures.
"""

from __future__ import annotations

import docx_common as c
from docx.document import Document as DocxDocument
from docx.shared import Pt

Words = dict[str, str]
# Date, document, debit, credit of the supplier's half, then of the customer's (mm).
STATEMENT_COLUMNS = [19, 32, 23, 23, 19, 28, 18, 18]


def _invoices(document: DocxDocument, words: Words) -> None:
    c.data_table(
        document,
        [
            (words["dun_col_invoice"], "{{ i.number }}", 22, c.CELL),
            (words["dun_col_date"], "{{ i.date }}", 26, c.CELL),
            (words["dun_col_due"], "{{ i.due }}", 26, c.CELL),
            (words["dun_col_total"], "{{ i.total }}", 28, c.AMOUNT),
            (words["dun_col_paid"], "{{ i.paid }}", 26, c.AMOUNT),
            (words["dun_col_open"], "{{ i.open }}", 30, c.AMOUNT),
            (words["dun_col_days"], "{{ i.days_overdue }}", 22, c.AMOUNT),
        ],
        "i in doc.invoices",
    )


def _totals(document: DocxDocument) -> None:
    grid = c.table(document, [70, 36], right=True)
    c.tag_row(grid, "{%tr for r in doc.totals %}")
    c.row(grid, "{{ r.label }}", "{{ r.value }}", style=c.AMOUNT, bold=True)
    c.tag_row(grid, "{%tr endfor %}")
    c.finish(grid)
    c.gap(document)


def _payment_rows(box: c.Container, loop: str) -> None:
    grid = c.table(box, [40, 100])
    c.tag_row(grid, f"{{%tr for r in {loop} %}}")
    c.row(grid, "{{ r.label }}", "{{ r.value }}", styles=(c.SMALL, c.CELL))
    c.tag_row(grid, "{%tr endfor %}")
    c.finish(grid)


def _text(document: DocxDocument, expr: str, bold: bool = False) -> None:
    c.para(document, f"{{{{ {expr} }}}}", c.TEXT, bold=bold)


def _notes(document: DocxDocument) -> None:
    with c.shown_if(document, "doc.notes"):
        _text(document, "doc.notes")


def _letter(words: Words) -> DocxDocument:
    """A letter on the business letterhead (``doc.heading``): every collection document starts so."""
    document = c.new_document(words)
    c.letterhead(document, words)
    return document


def _reminder_payment(document: DocxDocument, words: Words) -> None:
    """Bank rows and the payment reference, the QR code beside them."""
    grid = c.table(document, [142, 38])
    details, qr = c.row(grid, "", "")
    details._tc.remove(details.paragraphs[0]._p)
    _payment_rows(details, "doc.payment.rows")
    c.para(
        details,
        f"{{% if doc.payment.reference %}}{words['payment_reference']}: {{{{ doc.payment.reference }}}}{{% endif %}}",
        c.SMALL,
    )
    c.para(qr, "{% if qr_image %}{{ qr_image }}{% endif %}", align=c.CENTER)
    c.para(qr, f"{{% if qr_image %}}{words['payment_qr']}{{% endif %}}", c.SMALL, align=c.CENTER)
    c.finish(grid)


def reminder(words: Words) -> DocxDocument:
    """Letterhead, greeting, overdue invoices, total open, request, payment details with QR, signature."""
    document = _letter(words)
    _text(document, "doc.greeting")
    _text(document, "doc.intro")
    _invoices(document, words)
    _totals(document)
    _text(document, "doc.request")
    with c.section(document, "doc.payment", words["dun_payment_details"]):
        _reminder_payment(document, words)
    _notes(document)
    _text(document, "doc.closing")
    sincerely = c.para(document, words["dun_sincerely"], c.TEXT)
    sincerely.paragraph_format.space_before = Pt(8)
    c.keep_with_next([sincerely, *c.signature_line(document, "{{ doc.signature.title }}, {{ doc.agency }}")])
    return c.end(document)


def claim(words: Words) -> DocxDocument:
    """Letterhead, addressee, facts, invoices, penalty table, totals, legal basis, demand, consequence."""
    document = _letter(words)
    c.para(document, words["dun_to"], c.LABEL)
    c.para(document, "{{ doc.addressee.name }}", c.CELL, bold=True)
    c.para(document, "{{ doc.addressee.address }}", c.CELL)
    c.lines(document, "d in doc.addressee.details", "{{ d.label }} {{ d.value }}", c.CELL)
    c.gap(document, 6)
    _text(document, "doc.subtitle", bold=True)
    _text(document, "doc.facts")
    _invoices(document, words)
    _penalties(document, words)
    _totals(document)
    c.para(document, f"{words['in_words_prefix']}: {{{{ doc.in_words }}}}", c.SMALL)
    _text(document, "doc.legal_basis")
    _text(document, "doc.demand", bold=True)
    _text(document, "doc.consequence")
    with c.section(document, "doc.payment", words["dun_payment_details"]):
        _payment_rows(document, "doc.payment")
    _notes(document)
    c.keep_with_next(c.signature_line(document, "{{ doc.signature.title }}", space_before=12))
    return c.end(document)


def _penalties(document: DocxDocument, words: Words) -> None:
    """The claim's penalty, day by day per period, and its notes (when there is a penalty)."""
    with c.section(document, "doc.penalty_rows", "{{ doc.penalty_title }}"):
        _text(document, "doc.penalty_basis")
        c.data_table(
            document,
            [
                (words["dun_col_invoice"], "{{ p.invoice }}", 22, c.CELL),
                (words["claim_col_period"], "{{ p.start }} – {{ p.end }}", 42, c.CELL),
                (words["claim_col_days"], "{{ p.days }}", 14, c.AMOUNT),
                (words["claim_col_amount"], "{{ p.amount }}", 36, c.AMOUNT),
                (words["claim_col_rate"], "{{ p.rate }}", 32, c.AMOUNT),
                (words["claim_col_penalty"], "{{ p.penalty }}", 34, c.AMOUNT),
            ],
            "p in doc.penalty_rows",
        )
        c.bullets(document, "doc.penalty_notes", c.TEXT)


def statement(words: Words) -> DocxDocument:
    """Letterhead, subtitle, intro, the two halves, the result in words, invoices without act, signatures."""
    document = c.new_document(words)
    c.letterhead(document, words)
    _text(document, "doc.subtitle", bold=True)
    _text(document, "doc.intro")
    c.para(document, "{{ doc.currency_note }}", c.SMALL)
    # The supplier's half is filled in, the customer's is blank but for the opening and closing
    # rows: its dates and amounts ("01.09.2026", "1 412 760,00 ₽" in bold 8 pt) fit on one line.
    grid = c.table(document, STATEMENT_COLUMNS, grid=True, color="000000")
    sides = c.header_row(
        grid,
        f"{words['statement_side_supplier']}, {{{{ doc.supplier.short_name }}}}", "", "", "",
        f"{words['statement_side_customer']}, {{{{ doc.customer.short_name }}}}", "", "", "",
    )  # fmt: skip
    sides[0].merge(sides[3])
    sides[4].merge(sides[7])
    columns = ("statement_col_date", "statement_col_document", "statement_col_debit", "statement_col_credit")
    c.header_row(grid, *(words[key] for key in columns * 2))
    c.tag_row(grid, "{%tr for r in doc.rows %}")
    cells = c.row(
        grid,
        "{{ r.date }}", "{{ r.document }}", "{{ r.debit }}", "{{ r.credit }}",
        "", "{% if r.strong %}{{ r.document }}{% endif %}", "", "",
        styles=(c.CELL, c.CELL, c.AMOUNT, c.AMOUNT, c.CELL, c.CELL, c.AMOUNT, c.AMOUNT),
    )  # fmt: skip
    for cell in cells:  # 8 pt as in the PDF's table
        for written in cell.paragraphs[0].runs:
            written.font.size = Pt(8)
    c.tag_row(grid, "{%tr endfor %}")
    c.finish(grid)
    c.gap(document, 4)
    _text(document, "doc.result", bold=True)
    with c.shown_if(document, "doc.invoices"):
        c.para(document, "{{ doc.invoices_title }}", c.SMALL)
        c.data_table(
            document,
            [
                (words["dun_col_invoice"], "{{ i.number }}", 30, c.CELL),
                (words["dun_col_date"], "{{ i.date }}", 40, c.CELL),
                (words["dun_col_total"], "{{ i.total }}", 36, c.AMOUNT),
                (words["dun_col_paid"], "{{ i.paid }}", 36, c.AMOUNT),
                (words["dun_col_open"], "{{ i.open }}", 38, c.AMOUNT),
            ],
            "i in doc.invoices",
        )
    _notes(document)
    c.two_signatures(document, words, "act", seal=False)
    return c.end(document)
