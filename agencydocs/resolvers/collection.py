"""What the resolvers of reminders, claims and statements share: the letter's subject, invoice rows, bank rows.

Every figure comes from the domain (``domain/dunning.py``,
``domain/statement.py``) and is only formatted here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from agencydocs.context import Party, Row, Signature
from agencydocs.domain.dunning import document_client
from agencydocs.domain.receivables import OpenInvoice
from agencydocs.i18n.formatting import format_date, format_money
from agencydocs.models.base import localize
from agencydocs.models.documents import Invoice
from agencydocs.resolvers.letterhead import Heading, heading
from agencydocs.resolvers.parties import bank_rows, party_view, signature
from agencydocs.resolvers.subject import ProjectSubject, project_subject
from agencydocs.workspace import SourceDocument, Workspace


@dataclass(frozen=True)
class InvoiceRow:
    """One invoice as a reminder or claim lists it, every value formatted."""

    number: str
    date: str
    due: str
    total: str
    paid: str
    open: str
    days_overdue: str


def collection_subject(workspace: Workspace, source: SourceDocument) -> ProjectSubject:
    """The project subject, about the document's own client when it names one."""
    subject = project_subject(workspace, source)
    client = workspace.clients.get(document_client(workspace, source))
    return replace(subject, client=client.model) if client is not None else subject


def letter_heading(subject: ProjectSubject, title: str, day: date) -> Heading:
    labels = subject.labels
    return heading(subject, title, "", [Row(labels("letterhead_date"), subject.date(day))])


def invoice_rows(
    invoices: list[OpenInvoice], currency: str, subject: ProjectSubject
) -> tuple[InvoiceRow, ...]:
    locale = subject.locale
    return tuple(
        InvoiceRow(
            number=i.number,
            date=format_date(i.invoice_date, locale),
            due=format_date(i.due, locale),
            total=format_money(i.total, currency, locale),
            paid=format_money(i.paid, currency, locale),
            open=format_money(i.open, currency, locale),
            days_overdue=str(i.days_overdue),
        )
        for i in invoices
    )


def money_text(amount: Decimal, currency: str, subject: ProjectSubject) -> str:
    return format_money(amount, currency, subject.locale)


def payee_rows(
    workspace: Workspace, subject: ProjectSubject, currency: str, invoice: str | None
) -> tuple[Row, ...]:
    """The agency's bank details in ``currency`` (the account the invoice names, when one does)."""
    found = workspace.document("invoice", invoice)
    account_id = found.model.bank_account if found is not None and isinstance(found.model, Invoice) else None
    account = subject.agency.bank_account(currency, account_id)
    if account is None:
        return ()
    labels = subject.labels
    beneficiary = Row(labels("bank_beneficiary"), localize(subject.agency.legal.name, subject.locale))
    return (beneficiary, *bank_rows(account, labels))


def parties(subject: ProjectSubject) -> tuple[Party, Party]:
    """The agency (contractor) and the client (customer) with their details."""
    labels = subject.labels
    supplier = party_view(subject.agency.legal, labels("supplier_act"), labels)
    customer = party_view(subject.client.legal, labels("customer_act"), labels)
    return supplier, customer


def agency_signature(workspace: Workspace, subject: ProjectSubject) -> Signature:
    labels = subject.labels
    return signature(subject.agency.signatory, labels("supplier_act"), labels, workspace.root)


def client_signature(workspace: Workspace, subject: ProjectSubject) -> Signature:
    labels = subject.labels
    if subject.client.signatory is None:
        return Signature(labels("customer_act"), "", "", "")
    return signature(subject.client.signatory, labels("customer_act"), labels, workspace.root)
