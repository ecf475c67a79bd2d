"""What each invoice asks for, what was paid on it, and where it stands on a date.

The ledger joins invoices (``projects/**``), credit notes reducing them and
payments (``payments/<client>.yaml``): per invoice its total, the credit
notes and payments settling it up to a date, its due date and its state
(draft, issued, partly paid, paid, overdue, void). :func:`entries` lists the
same events as generic debit and credit entries (for statements). ``status``, ``receivables``, the build's index and
``payments import`` all read it, so they always show the same figures.
Amounts are Decimal, summed with :func:`money.sum_money`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from agencydocs.domain import advances, money
from agencydocs.domain.billing import billing_totals
from agencydocs.domain.credit import counts_on, credit_totals, credited_invoice, find_invoice_line
from agencydocs.domain.terms import terms
from agencydocs.models.documents import Act, BillingDocument, CreditNote, Invoice
from agencydocs.models.payments import Payment, PaymentsFile
from agencydocs.workspace import SourceDocument, Workspace

InvoiceState = Literal["draft", "issued", "partly paid", "paid", "overdue", "void"]


@dataclass(frozen=True)
class InvoiceBalance:
    """One invoice as of a date: its total, what was paid on it, and when it is due."""

    source: SourceDocument
    client: str
    currency: str
    total: Decimal
    paid: Decimal
    due: date
    credited: Decimal = Decimal(0)  # taken off by credit notes up to the date

    @property
    def invoice(self) -> Invoice:
        assert isinstance(self.source.model, Invoice)
        return self.source.model

    @property
    def number(self) -> str:
        return self.invoice.number

    @property
    def project(self) -> str:
        return self.source.project_id

    @property
    def open(self) -> Decimal:
        """What is still to be paid (0 once paid in full; never negative: ``check`` refuses overpayment)."""
        return max(self.total - self.credited - self.paid, Decimal(0))

    @property
    def billed(self) -> Decimal:
        """What the invoice asks for after its credit notes."""
        return self.total - self.credited

    @property
    def sent(self) -> bool:
        """Issued, or evidently sent because the client paid on it."""
        return self.invoice.issued is not None or self.paid > 0

    def days_overdue(self, as_of: date) -> int:
        """Days past the due date on ``as_of`` (0 when not yet due)."""
        return max((as_of - self.due).days, 0)

    def state(self, as_of: date) -> InvoiceState:
        """Where the invoice stands on ``as_of``."""
        if self.invoice.void is not None:
            return "void"
        if self.total > 0 and self.open == 0:
            return "paid"
        if not self.sent:
            return "draft"
        if as_of > self.due:
            return "overdue"
        return "partly paid" if self.paid > 0 else "issued"


def due_date(workspace: Workspace, source: SourceDocument) -> date:
    """When an invoice is due: decided by the domain (``terms.payment``), as the invoice prints it."""
    decided = terms(workspace, source).payment
    if decided.due is not None:
        return decided.due
    invoice = source.model
    assert isinstance(invoice, Invoice)
    return invoice.date + timedelta(days=decided.days)


def computable(workspace: Workspace, source: SourceDocument) -> bool:
    """Whether the totals of an invoice can be computed: every record it reads exists.

    ``check`` reports what is missing on the invoice itself; the ledger just
    leaves such an invoice out instead of guessing.
    """
    document = source.model
    project = workspace.projects.get(source.project_id)
    if workspace.agency is None or project is None or project.model.client not in workspace.clients:
        return False
    billed = source
    if isinstance(document, Act) and document.lines is None:
        invoice = workspace.document("invoice", document.invoice)
        if invoice is None:
            return False
        billed, document = invoice, invoice.model
    lines = getattr(document, "lines", None) or []
    if not all(line.milestone is None or project.model.milestone(line.milestone) for line in lines):
        return False
    # An advance bills a share of its stage as the contract and its addenda fix it; a broken
    # addendum leaves no stage to take it from (check reports it on the addendum).
    if not all(
        getattr(line, "advance", None) is None
        or advances.stage(workspace, billed, line.milestone or "") is not None
        for line in lines
    ):
        return False
    if not isinstance(document, Invoice):  # acts deduct no advances
        return True
    # A final invoice deducts its stages' earlier advances, so their totals must be computable too
    # (only earlier invoices are read: the recursion ends).
    return all(
        computable(workspace, advance.source)
        for milestone in advances.final_stages(document)
        for advance in advances.advances_before(workspace, billed, milestone)
    )


def credit_computable(workspace: Workspace, source: SourceDocument) -> bool:
    """Whether a credit note's totals can be computed: its invoice and every line it reduces exist."""
    note = source.model
    invoice = credited_invoice(workspace, source)
    if not isinstance(note, CreditNote) or invoice is None or not computable(workspace, invoice):
        return False
    assert isinstance(invoice.model, Invoice)
    return all(find_invoice_line(invoice.model, line) is not None for line in note.lines or [])


def document_total(workspace: Workspace, source: SourceDocument) -> tuple[str, Decimal] | None:
    """The currency and total an invoice, act or credit note prints, or None if it cannot be computed."""
    if isinstance(source.model, CreditNote):
        if not credit_computable(workspace, source):
            return None
        compute = credit_totals
    elif not isinstance(source.model, BillingDocument) or not computable(workspace, source):
        return None
    else:
        compute = billing_totals
    try:
        totals = compute(workspace, source)
    except ValueError:  # an unknown currency or an amount over the limit: check reports it on the invoice
        return None
    return totals.currency, totals.total


def client_of(workspace: Workspace, source: SourceDocument) -> str | None:
    project = workspace.projects.get(source.project_id)
    return project.model.client if project is not None else None


def client_documents(workspace: Workspace, client: str | None, kind: str) -> list[SourceDocument]:
    """The documents of ``kind`` in the projects of ``client`` (every client's when None).

    A ledger reader (reminder, claim, statement) asks for its client's only, so
    that the build records those as its inputs: another client's invoice, act
    or payment does not make it stale. ``check`` refuses a payment or credit
    note that settles another client's invoice, so nothing of the client's is missed.
    """
    if client is None:
        return workspace.documents_of(kind)
    projects = sorted(pid for pid, project in workspace.projects.items() if project.model.client == client)
    return [document for pid in projects for document in workspace.documents_of(kind, pid)]


def client_payments(workspace: Workspace, client: str | None) -> list[tuple[str, PaymentsFile]]:
    """``(client id, payments file)`` of ``client`` (of every client when None), by client id."""
    if client is None:
        return [(found, sourced.model) for found, sourced in sorted(workspace.payments.items())]
    sourced = workspace.payments_of(client)
    return [] if sourced is None else [(client, sourced.model)]


def payments_until(
    workspace: Workspace, as_of: date | None, client: str | None = None
) -> list[tuple[str, Payment]]:
    """``(client id, payment)`` for every payment received up to ``as_of`` (all when None), by date
    (of ``client`` only when given)."""
    found = [
        (client_id, payment)
        for client_id, payments in client_payments(workspace, client)
        for payment in payments.payments
        if as_of is None or payment.date <= as_of
    ]
    return sorted(found, key=lambda item: item[1].date)


def paid_by_invoice(
    workspace: Workspace, as_of: date | None, client: str | None = None
) -> dict[str, list[Decimal]]:
    """Invoice number -> the parts of payments (up to ``as_of``; by ``client`` when given) that settle it."""
    parts: dict[str, list[Decimal]] = {}
    for _client, payment in payments_until(workspace, as_of, client):
        for number, amount in payment.allocations():
            parts.setdefault(number, []).append(amount)
    return parts


def credited_by_invoice(
    workspace: Workspace, as_of: date | None, client: str | None = None
) -> dict[str, list[Decimal]]:
    """Invoice number -> the totals of its credit notes (not void, dated up to ``as_of``; in
    ``client``'s projects when given)."""
    parts: dict[str, list[Decimal]] = {}
    for source in client_documents(workspace, client, "credit_note"):
        note = source.model
        if isinstance(note, CreditNote) and counts_on(note, as_of):
            total = document_total(workspace, source)
            if total is not None:
                parts.setdefault(note.invoice, []).append(total[1])
    return parts


def balances(
    workspace: Workspace, as_of: date | None = None, client: str | None = None
) -> list[InvoiceBalance]:
    """Every invoice dated up to ``as_of`` (all when None), with what was paid on it by then;
    ``client``'s only when given (see :func:`client_documents`).

    Sorted by client, currency, due date and number, so every report lists
    them in one order.
    """
    paid = paid_by_invoice(workspace, as_of, client)
    credited = credited_by_invoice(workspace, as_of, client)
    found = []
    for source in client_documents(workspace, client, "invoice"):
        invoice = source.model
        if not isinstance(invoice, Invoice) or (as_of is not None and invoice.date > as_of):
            continue
        client, total = client_of(workspace, source), document_total(workspace, source)
        if client is None or total is None:
            continue
        currency, amount = total
        found.append(
            InvoiceBalance(
                source=source,
                client=client,
                currency=currency,
                total=amount,
                paid=money.sum_money(paid.get(invoice.number, []), currency),
                due=due_date(workspace, source),
                credited=money.sum_money(credited.get(invoice.number, []), currency),
            )
        )
    return sorted(found, key=lambda b: (b.client, b.currency, b.due, b.number))


def latest_recorded_date(workspace: Workspace) -> date | None:
    """The latest date written in any invoice, act or payment: the "as of" of the build's index.

    Output files must not depend on the day the build runs (same input,
    same bytes), so the index is as of the last event the workspace records.
    """
    dates: list[date] = []
    for source in workspace.documents:
        document = source.model
        if isinstance(document, BillingDocument | CreditNote):
            dates.append(document.date)
            if document.issued is not None:
                dates.append(document.issued)
    dates.extend(payment.date for _client, payment in payments_until(workspace, None))
    return max(dates, default=None)


# --- Ledger entries: the movements of a client's account, for reconciliation statements ---


@dataclass(frozen=True)
class LedgerEntry:
    """One movement on a client's account: a debit raises what the client owes, a credit lowers it.

    ``document`` is the kind of record (``act``, ``payment``; ``credit_note``
    and others as they come), ``number`` its number or bank reference,
    ``refers_to`` the invoice a payment settles. Consumers (the reconciliation
    statement) read these generic entries, so a new source of entries appears
    in them without changes there.
    """

    date: date
    client: str
    currency: str
    document: str
    number: str
    debit: Decimal
    credit: Decimal
    contract: str | None = None
    refers_to: str | None = None


def act_entries(workspace: Workspace, client: str | None = None) -> list[LedgerEntry]:
    """Every act that is not void: a debit of its total (the services were delivered and accepted)."""
    found = []
    for source in client_documents(workspace, client, "act"):
        act = source.model
        if not isinstance(act, Act) or act.void is not None:
            continue
        client, total = client_of(workspace, source), document_total(workspace, source)
        if client is None or total is None:
            continue
        contract = act.contract or _invoice_contract(workspace, act.invoice)
        found.append(
            LedgerEntry(act.date, client, total[0], "act", act.number, total[1], Decimal(0), contract)
        )
    return found


def payment_entries(workspace: Workspace, client: str | None = None) -> list[LedgerEntry]:
    """Every part of every payment: a credit, with the contract of the invoice it settles."""
    found = []
    for payer, payment in payments_until(workspace, None, client):
        reference = payment.reference or payment.date.isoformat()
        for number, amount in payment.allocations():
            contract = _invoice_contract(workspace, number)
            found.append(
                LedgerEntry(
                    payment.date,
                    payer,
                    payment.currency,
                    "payment",
                    reference,
                    Decimal(0),
                    amount,
                    contract,
                    number,
                )
            )
    return found


def _invoice_contract(workspace: Workspace, number: str | None) -> str | None:
    found = workspace.document("invoice", number)
    return found.model.contract if found is not None and isinstance(found.model, Invoice) else None


def credit_note_entries(workspace: Workspace, client: str | None = None) -> list[LedgerEntry]:
    """Every credit note that is not void: a credit of its total, against the invoice it corrects."""
    found = []
    for source in client_documents(workspace, client, "credit_note"):
        note = source.model
        if not isinstance(note, CreditNote) or not counts_on(note, None):
            continue
        client, total = client_of(workspace, source), document_total(workspace, source)
        if client is None or total is None:
            continue
        contract = _invoice_contract(workspace, note.invoice)
        found.append(
            LedgerEntry(
                note.date,
                client,
                total[0],
                "credit_note",
                note.number,
                Decimal(0),
                total[1],
                contract,
                note.invoice,
            )
        )
    return found


# Every source of entries, each called with (workspace, client or None); a new kind that moves
# money adds its function here.
ENTRY_SOURCES = [act_entries, payment_entries, credit_note_entries]


def ledger_entries(
    workspace: Workspace, client: str, currency: str, contract: str | None = None
) -> list[LedgerEntry]:
    """The client's entries in ``currency`` (of one contract when given), by date, debits first on a day."""
    found = [
        entry
        for source in ENTRY_SOURCES
        for entry in source(workspace, client)
        if entry.client == client
        and entry.currency == currency
        and (contract is None or entry.contract == contract)
    ]
    return sorted(found, key=lambda e: (e.date, e.credit > 0, e.number))
