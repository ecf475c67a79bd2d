"""Rules over ``payments/<client>.yaml``: every payment settles known, open invoices of that client.

Reported with the position of the field at fault: a file named after no
client, an unknown or void invoice, an invoice of another client, a payment
in another currency than the invoice, parts that do not add up to the
payment, and a part that pays more than is still open on the invoice
(payments are applied in date order, so the one that tips it over is named).
"""

from __future__ import annotations

from decimal import Decimal

from agencydocs.domain import money
from agencydocs.domain.ledger import client_of, credited_by_invoice, document_total
from agencydocs.models.payments import Payment
from agencydocs.reading.loading import LoadedFile
from agencydocs.rules.base import RuleContext
from agencydocs.workspace import PAYMENTS_DIR, SourceDocument


def check_payments(checker: RuleContext) -> None:
    """Check every payments file; the open amounts run across files in payment date order."""
    ws = checker.ws
    # What credit notes took off an invoice is no longer open to pay.
    paid: dict[str, Decimal] = {
        number: sum(parts, Decimal(0)) for number, parts in credited_by_invoice(ws, None).items()
    }
    entries = []
    for client, sourced in sorted(ws.payments.items()):
        if client not in ws.clients:
            # The file name is the client id: payments/<client id>.yaml. A client
            # file with errors is reported there; its payments wait until it is fixed.
            if ("client", client) not in ws.invalid:
                checker.reference(sourced.file, (), "client", client, ws.clients)
            continue
        for index, payment in enumerate(sourced.model.payments):
            entries.append((payment.date, client, index, payment, sourced.file))
    for _date, client, index, payment, file in sorted(entries, key=lambda e: (e[0], e[1], e[2])):
        _check_payment(checker, file, ("payments", index), client, payment, paid)


def _check_payment(
    checker: RuleContext,
    file: LoadedFile,
    loc: tuple[str | int, ...],
    client: str,
    payment: Payment,
    paid: dict[str, Decimal],
) -> None:
    parts = payment.allocations()
    given = sum((amount for _number, amount in parts), Decimal(0))
    if given != payment.amount:
        checker.report(
            file,
            (*loc, "settles"),
            f"the parts add up to {_plain(given)}, but the payment is {_plain(payment.amount)} {payment.currency}",
        )
    for part_index, (number, amount) in enumerate(parts):
        part_loc = (*loc, "settles", part_index)
        invoice = _invoice(checker, file, part_loc, client, number)
        if invoice is None:
            continue
        total = document_total(checker.ws, invoice)
        if total is None:  # the invoice's own errors are reported on it
            continue
        currency, invoice_total = total
        if currency != payment.currency:
            checker.report(
                file,
                (*loc, "currency"),
                f"payment in {payment.currency} settles invoice {number}, which is in {currency}",
            )
            continue
        already = paid.get(number, Decimal(0))
        open_amount = max(invoice_total - already, Decimal(0))  # a credit note above it is reported there
        if amount > open_amount:
            checker.report(
                file,
                (*part_loc, "amount") if payment.settles[part_index].amount is not None else (*loc, "amount"),
                f"pays {_plain(amount)} {currency} on invoice {number}, but only {_plain(open_amount)} "
                f"of {_plain(invoice_total)} is open",
            )
        paid[number] = money.sum_money([already, amount], currency)


def _invoice(
    checker: RuleContext, file: LoadedFile, loc: tuple[str | int, ...], client: str, number: str
) -> SourceDocument | None:
    """The invoice a part settles, if it exists, belongs to ``client`` and is not void."""
    ws = checker.ws
    if ("invoice", number) in ws.invalid:
        return None  # the invoice's own errors are reported on it; the payment is not at fault
    invoices = ws.numbered("invoice")
    if number not in invoices and ws.unreadable_documents:
        return None  # it may be the document file that failed its own checks: fix that first
    if not checker.reference(file, (*loc, "invoice"), "invoice", number, invoices):
        return None
    invoice = invoices[number]
    billed_to = client_of(ws, invoice)
    if billed_to is None or billed_to not in ws.clients:
        return None  # the invoice's project or client has errors, reported there
    if billed_to != client:
        checker.report(
            file,
            (*loc, "invoice"),
            f'invoice {number} is billed to client "{billed_to}", not "{client}"; '
            f"record the payment in {PAYMENTS_DIR}/{billed_to}.yaml",
        )
        return None
    reason = getattr(invoice.model, "void", None)
    if reason is not None:
        checker.report(file, (*loc, "invoice"), f"invoice {number} is void ({reason}); nothing can settle it")
        return None
    return invoice


def _plain(amount: Decimal) -> str:
    return f"{amount:f}"
