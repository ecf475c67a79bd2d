"""A payment reminder: a checked ``kind: reminder`` -> a frozen :class:`ReminderContext`.

Lists the client's overdue invoices on the reminder's date with the figures
of the receivables (total, paid, open, days overdue), the total open per
currency, the agency's bank details and, when the reminder is about one
invoice, the payment QR code of its open amount (the invoice's QR module:
GOST for roubles, EPC for euros). Several invoices get no QR: one code
carries one amount and one purpose.
"""

from __future__ import annotations

from dataclasses import dataclass

from agencydocs.context import Row, Signature
from agencydocs.domain import dunning, money
from agencydocs.domain.receivables import OpenInvoice
from agencydocs.domain.terms import terms
from agencydocs.kinds import RenderContext
from agencydocs.models.base import localize
from agencydocs.models.documents import Reminder
from agencydocs.resolvers.addressing import letter_fields
from agencydocs.resolvers.billing import resolve_document
from agencydocs.resolvers.collection import (
    InvoiceRow,
    agency_signature,
    collection_subject,
    invoice_rows,
    letter_heading,
    money_text,
    payee_rows,
)
from agencydocs.resolvers.letterhead import Heading
from agencydocs.resolvers.payment import payment_qr
from agencydocs.resolvers.subject import ProjectSubject
from agencydocs.workspace import SourceDocument, Workspace


@dataclass(frozen=True)
class ReminderPayment:
    """How to pay: bank rows, the payment reference and the QR code (single invoice only)."""

    rows: tuple[Row, ...]
    reference: str
    qr_svg: str | None
    qr_png: str | None  # the DOCX renderer places it as ``qr_image``
    qr_text: str | None = None  # the GOST R 56042-2014 payload, when the QR is one


@dataclass(frozen=True, kw_only=True)
class ReminderContext(RenderContext):
    heading: Heading
    greeting: str
    intro: str
    invoices: tuple[InvoiceRow, ...]
    totals: tuple[Row, ...]  # the open total per currency
    request: str
    payment: ReminderPayment | None
    closing: str
    notes: str
    signature: Signature
    agency: str

    @property
    def index_note(self) -> str:
        """The open total (per currency) for output/index.html."""
        return ", ".join(row.value for row in self.totals)


def resolve_reminder(workspace: Workspace, source: SourceDocument) -> ReminderContext:
    reminder = source.model
    assert isinstance(reminder, Reminder)
    subject = collection_subject(workspace, source)
    labels, locale = subject.labels, subject.locale
    client = dunning.document_client(workspace, source)
    overdue = dunning.reminder_invoices(workspace, reminder, client)
    currencies = sorted({i.currency for i in overdue}) or [terms(workspace, source).currency]
    rows: list[InvoiceRow] = []
    totals = []
    for currency in currencies:
        same = [i for i in overdue if i.currency == currency]
        rows.extend(invoice_rows(same, currency, subject))
        total = money.sum_money((i.open for i in same), currency)
        totals.append(Row(labels("reminder_total_open"), money_text(total, currency, subject), strong=True))
    date_long = subject.date(reminder.date)
    title = labels("reminder_title", number=reminder.number, date=date_long)
    return ReminderContext(
        **letter_fields(subject, "reminder", reminder.number, title, reminder.date, subject.client_name),
        heading=letter_heading(subject, title, reminder.date),
        greeting=labels("reminder_greeting", client=subject.client_name),
        intro=labels("reminder_intro", date=date_long),
        invoices=tuple(rows),
        totals=tuple(totals),
        request=labels("reminder_request"),
        payment=_payment(workspace, subject, overdue, currencies[0]),
        closing=labels("reminder_closing"),
        notes=localize(reminder.notes, locale),
        signature=agency_signature(workspace, subject),
        agency=subject.agency_name,
    )


def _payment(
    workspace: Workspace, subject: ProjectSubject, overdue: list[OpenInvoice], currency: str
) -> ReminderPayment | None:
    """Bank rows of the first invoice's account; the QR and reference of the open amount of a single invoice."""
    first = overdue[0].number if overdue else None
    rows = payee_rows(workspace, subject, currency, first)
    if not rows:
        return None
    if len(overdue) != 1:
        return ReminderPayment(rows, "", None, None)
    invoice = overdue[0]
    source = workspace.document("invoice", invoice.number)
    assert source is not None
    invoice_payment = resolve_document(workspace, source).payment
    reference = invoice_payment.reference if invoice_payment is not None else invoice.number
    account = subject.agency.bank_account(currency, getattr(source.model, "bank_account", None))
    assert account is not None
    gost, svg, png = payment_qr(subject.agency.legal, account, currency, invoice.open, reference)
    return ReminderPayment(rows, reference, svg, png, gost)
