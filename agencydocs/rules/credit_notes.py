"""Rules of credit notes: each corrects an issued invoice of the same client, after it, by no more than it billed.

Every message that involves the invoice names its file and line, so that
the reader can open both.
"""

from __future__ import annotations

from decimal import Decimal

from agencydocs.domain import money
from agencydocs.domain.credit import counts_on, credit_notes_of, find_invoice_line, invoice_terms
from agencydocs.domain.ledger import credit_computable, document_total
from agencydocs.models.documents import CreditNote, Invoice
from agencydocs.rules.base import RuleContext
from agencydocs.rules.relations import cited_of_same_client, where
from agencydocs.workspace import SourceDocument


def check_credit_note(checker: RuleContext, document: SourceDocument) -> None:
    """A credit note against the invoice it corrects."""
    note = document.model
    assert isinstance(note, CreditNote)
    invoice = cited_of_same_client(
        checker,
        document,
        "invoice",
        note.invoice,
        other_client='is billed to client "{theirs}", not to this project\'s client "{ours}"',
        void="there is nothing left to correct",
        refusal=_draft,
    )
    if invoice is None:
        return
    assert isinstance(invoice.model, Invoice)
    if note.date < invoice.model.date:
        checker.report(
            document.file,
            ("date",),
            f"credit note dated {note.date} is before invoice {note.invoice} ({where(invoice, ('date',))}), "
            f"dated {invoice.model.date}",
            related=[(invoice.file, ("date",))],
        )
    if not _lines_exist(checker, document, note, invoice.model, invoice):
        return
    _check_currency_and_amount(checker, document, note, invoice)


def _draft(invoice: SourceDocument) -> str:
    """Why a credit note cannot correct a draft invoice ("" for an issued one)."""
    if getattr(invoice.model, "issued", None) is not None:
        return ""
    return "is a draft (no `issued:` date): correct the draft itself, a credit note corrects a sent invoice"


def _lines_exist(
    checker: RuleContext, document: SourceDocument, note: CreditNote, invoice: Invoice, source: SourceDocument
) -> bool:
    found = True
    for index, line in enumerate(note.lines or []):
        if find_invoice_line(invoice, line) is None:
            field = "line" if line.line is not None else "milestone"
            wanted = f"{line.line}" if line.line is not None else f"billing milestone {line.milestone}"
            checker.report(
                document.file,
                ("lines", index, field),
                f"invoice {note.invoice} ({where(source, ('lines',))}) has no line {wanted} "
                f"(it has {len(invoice.lines)} line(s))",
                related=[(source.file, ("lines",))],
            )
            found = False
    if found:
        for index, line in enumerate(note.lines or []):
            billed = invoice.lines[find_invoice_line(invoice, line) or 0]
            if line.qty is not None and line.qty > billed.qty:
                checker.report(
                    document.file,
                    ("lines", index, "qty"),
                    f"takes {line.qty} off a line that bills {billed.qty} in invoice {note.invoice} "
                    f"({where(source, ('lines',))})",
                    related=[(source.file, ("lines",))],
                )
    return found


def _check_currency_and_amount(
    checker: RuleContext, document: SourceDocument, note: CreditNote, invoice: SourceDocument
) -> None:
    ws = checker.ws
    currency = invoice_terms(ws, document).currency
    if note.currency is not None and note.currency != currency:
        checker.report(
            document.file,
            ("currency",),
            f"credit note in {note.currency} corrects invoice {note.invoice} ({where(invoice)}), which is in "
            f"{currency}; a credit note is in its invoice's currency",
            related=[(invoice.file, ("number",))],
        )
        return
    billed = document_total(ws, invoice)
    if billed is None or not credit_computable(ws, document) or not counts_on(note, None):
        return
    earlier = []
    for other in credit_notes_of(ws, note.invoice):
        if other is document:
            break
        total = document_total(ws, other)
        if total is not None and isinstance(other.model, CreditNote) and counts_on(other.model, None):
            earlier.append(total[1])
    credited = money.sum_money(earlier, currency)
    mine = document_total(ws, document)
    assert mine is not None
    left = billed[1] - credited
    if mine[1] > left:
        checker.report(
            document.file,
            ("lines",) if note.lines is not None else ("amount",),
            f"credits {_plain(mine[1])} {currency}, more than invoice {note.invoice} ({where(invoice)}) "
            f"still bills: {_plain(left)} of {_plain(billed[1])}",
            related=[(invoice.file, ("number",))],
        )


def _plain(amount: Decimal) -> str:
    return f"{amount:f}"
