"""A reconciliation statement (акт сверки): a checked ``kind: statement`` -> a frozen :class:`StatementContext`.

Two halves side by side, as Russian accountants expect: the agency's
figures ("По данным Исполнителя": opening balance, each ledger entry with
its date and document, turnover, closing balance) and the client's, left
blank for the client to fill in and sign. Entries are the generic ledger
entries of ``domain/ledger.py``: a kind that adds its own (a credit note)
appears here under its ``statement_entry_<kind>`` label, or its kind and
number when the locale has no such label.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from agencydocs.context import Party, Signature
from agencydocs.domain import dunning
from agencydocs.domain.ledger import LedgerEntry
from agencydocs.domain.statement import Statement as Figures
from agencydocs.domain.statement import statement
from agencydocs.domain.terms import terms
from agencydocs.i18n.formatting import amount_in_words, format_date, format_money
from agencydocs.kinds import RenderContext
from agencydocs.models.base import localize
from agencydocs.models.documents import Contract, Statement
from agencydocs.resolvers.collection import (
    InvoiceRow,
    agency_signature,
    client_signature,
    collection_subject,
    invoice_rows,
    letter_heading,
    parties,
)
from agencydocs.resolvers.letterhead import Heading
from agencydocs.resolvers.subject import ProjectSubject
from agencydocs.workspace import SourceDocument, Workspace


@dataclass(frozen=True)
class StatementRow:
    date: str
    document: str
    debit: str
    credit: str
    strong: bool = False


@dataclass(frozen=True, kw_only=True)
class StatementContext(RenderContext):
    heading: Heading
    subtitle: str
    intro: str
    supplier: Party
    customer: Party
    supplier_side: str  # "По данным Исполнителя"
    customer_side: str
    currency_note: str
    rows: tuple[StatementRow, ...]
    result: str  # the closing balance in figures and words, and in whose favour
    invoices_title: str
    invoices: tuple[InvoiceRow, ...]  # open invoices without an act, for reference
    notes: str
    signatures: tuple[Signature, Signature]

    @property
    def index_note(self) -> str:
        """The closing balance for output/index.html."""
        return self.rows[-1].debit or self.rows[-1].credit


def resolve_statement(workspace: Workspace, source: SourceDocument) -> StatementContext:
    document = source.model
    assert isinstance(document, Statement)
    subject = collection_subject(workspace, source)
    labels, locale = subject.labels, subject.locale
    client = dunning.document_client(workspace, source)
    currency = terms(workspace, source).currency  # its own currency: first, else the client's
    start, end = document.period.start, document.period.end
    figures = statement(workspace, client, currency, start, end, document.contract)
    supplier, customer = parties(subject)
    period = labels(
        "period_value", start=format_date(start, locale, "short"), end=format_date(end, locale, "short")
    )
    title = labels("statement_title")
    name = source.file.path.stem
    return StatementContext(
        kind="statement",
        number=name,
        title=title,
        locale=locale,
        footer=labels("statement_footer", period=period, client=subject.client_name),
        brand_color=subject.agency.brand_color,
        logo=subject.logo,
        labels=labels.table,
        meta={
            "title": f"{title} {period}",
            "author": subject.agency_name,
            "subject": subject.client_name,
            "date": document.date.isoformat(),
        },  # fmt: skip
        heading=letter_heading(subject, title, document.date),
        subtitle=labels(
            "statement_subtitle", period=period, agency=subject.agency_name, client=subject.client_name
        )
        + _contract_part(workspace, document.contract, subject),
        intro=labels("statement_intro", agency=supplier.name, client=customer.name),
        supplier=supplier,
        customer=customer,
        supplier_side=labels("statement_side_supplier"),
        customer_side=labels("statement_side_customer"),
        currency_note=labels("statement_currency", currency=currency),
        rows=_rows(figures, subject, start, end),
        result=_result(figures, subject, end, supplier.short_name, customer.short_name),
        invoices_title=labels("statement_invoices_without_act", date=format_date(end, locale)),
        invoices=invoice_rows(list(figures.invoices_without_act), currency, subject),
        notes=localize(document.notes, locale),
        signatures=(agency_signature(workspace, subject), client_signature(workspace, subject)),
    )


def _contract_part(workspace: Workspace, number: str | None, subject: ProjectSubject) -> str:
    found = workspace.document("contract", number)
    if found is None or not isinstance(found.model, Contract):
        return ""
    ref = subject.labels(
        "contract_ref", number=found.model.number, date=format_date(found.model.date, subject.locale)
    )
    return subject.labels("statement_by_contract", contract=ref)


def _rows(figures: Figures, subject: ProjectSubject, start: date, end: date) -> tuple[StatementRow, ...]:
    labels, locale, currency = subject.labels, subject.locale, figures.currency

    def amount(value: Decimal) -> str:
        return format_money(value, currency, locale) if value else ""

    def balance_row(label: str, value: Decimal, day: date) -> StatementRow:
        on = format_date(day, locale, "short")
        # A balance always shows a figure (0.00 on the debit side when nothing is owed).
        if value >= 0:
            return StatementRow(on, labels(label), format_money(value, currency, locale), "", strong=True)
        return StatementRow(on, labels(label), "", amount(-value), strong=True)

    rows = [balance_row("statement_opening", figures.opening, start)]
    rows.extend(
        StatementRow(
            format_date(e.date, locale, "short"), _entry_text(e, subject), amount(e.debit), amount(e.credit)
        )
        for e in figures.entries
    )
    rows.append(
        StatementRow("", labels("statement_turnover"), amount(figures.debit), amount(figures.credit), True)
    )
    rows.append(balance_row("statement_closing", figures.closing, end))
    return tuple(rows)


def _entry_text(entry: LedgerEntry, subject: ProjectSubject) -> str:
    """The entry's document as the statement names it: a label per kind, else its kind and number."""
    template = subject.labels.get(f"statement_entry_{entry.document}")
    if not template:
        return f"{entry.document} {entry.number}"
    return template.format(number=entry.number, invoice=entry.refers_to or "")


def _result(figures: Figures, subject: ProjectSubject, end: date, agency: str, client: str) -> str:
    labels, locale, currency = subject.labels, subject.locale, figures.currency
    on = format_date(end, locale)
    if figures.closing == 0:
        return labels("statement_result_none", date=on)
    value = abs(figures.closing)
    creditor = agency if figures.closing > 0 else client
    return labels(
        "statement_result",
        date=on,
        creditor=creditor,
        amount=format_money(value, currency, locale),
        words=amount_in_words(value, currency, locale),
    )
