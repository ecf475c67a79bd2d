"""A reconciliation statement (акт сверки): a client's account over a period, from the ledger.

Debits are the acts (delivered and accepted services), credits the payments
and whatever else the ledger records as lowering the debt (credit notes),
read as generic :class:`~agencydocs.domain.ledger.LedgerEntry` values. An
invoice alone is no debit: it asks for payment, it records no delivery;
until its act is signed, a payment on it is an advance and shows as a
credit balance in the client's favour (the invoices without an act are
listed for reference, with their open amounts from the receivables).
The balance is debits minus credits: positive, the client owes the agency.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from agencydocs.domain import money
from agencydocs.domain.ledger import LedgerEntry, client_documents, ledger_entries
from agencydocs.domain.receivables import OpenInvoice, receivables
from agencydocs.models.documents import Act
from agencydocs.workspace import Workspace


@dataclass(frozen=True)
class Statement:
    currency: str
    opening: Decimal
    entries: tuple[LedgerEntry, ...]
    debit: Decimal
    credit: Decimal
    closing: Decimal
    invoices_without_act: tuple[OpenInvoice, ...]


def statement(
    workspace: Workspace, client: str, currency: str, start: date, end: date, contract: str | None = None
) -> Statement:
    """The client's account in ``currency`` from ``start`` to ``end`` (both included)."""
    entries = ledger_entries(workspace, client, currency, contract)
    before = [e for e in entries if e.date < start]
    within = tuple(e for e in entries if start <= e.date <= end)
    opening = money.sum_money([*(e.debit for e in before), *(-e.credit for e in before)], currency)
    debit = money.sum_money((e.debit for e in within), currency)
    credit = money.sum_money((e.credit for e in within), currency)
    return Statement(
        currency=currency,
        opening=opening,
        entries=within,
        debit=debit,
        credit=credit,
        closing=money.sum_money([opening, debit, -credit], currency),
        invoices_without_act=tuple(_without_act(workspace, client, currency, end, contract)),
    )


def _without_act(
    workspace: Workspace, client: str, currency: str, end: date, contract: str | None
) -> list[OpenInvoice]:
    """Open invoices on ``end`` that no act up to ``end`` closes."""
    closed = {
        d.model.invoice
        for d in client_documents(workspace, client, "act")
        if isinstance(d.model, Act) and d.model.date <= end
    }
    found = []
    for group in receivables(workspace, end, client):
        if group.currency != currency:
            continue
        for invoice in group.invoices:
            source = workspace.document("invoice", invoice.number)
            cited = getattr(source.model, "contract", None) if source is not None else None
            if invoice.number not in closed and (contract is None or cited == contract):
                found.append(invoice)
    return found


def day_before(value: date) -> date:
    return value - timedelta(days=1)
