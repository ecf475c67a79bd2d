"""Who owes the agency what, since when: aging of open invoices and the per-project money summary.

Computed from the ledger (``domain/ledger.py``) as of a date, in Decimal:
``receivables`` for the command of that name, ``project_money`` for the
dashboard of ``status`` and the build's index. Commands only format.

Credit notes reduce what their invoice asks for (``InvoiceBalance.credited``):
the open amount and "invoiced" are net of them.

An invoice is receivable once it was sent (``issued``, or a payment on it
shows it was), is not void, and still has an open amount. Its age is the
number of days past its due date; the buckets are the usual ones of
accounts receivable aging: not due, 1–30, 31–60, 61–90 and over 90 days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from agencydocs.domain import money
from agencydocs.domain.ledger import InvoiceBalance, balances
from agencydocs.workspace import Workspace

BUCKETS: tuple[str, ...] = ("not due", "1-30", "31-60", "61-90", "over 90")
# Upper bound (days overdue, inclusive) of every bucket but the last.
_BUCKET_LIMITS: tuple[tuple[int, str], ...] = ((0, "not due"), (30, "1-30"), (60, "31-60"), (90, "61-90"))


def bucket_of(days_overdue: int) -> str:
    """The aging bucket of an invoice ``days_overdue`` days past due (0: not due yet)."""
    for limit, name in _BUCKET_LIMITS:
        if days_overdue <= limit:
            return name
    return BUCKETS[-1]


@dataclass(frozen=True)
class OpenInvoice:
    """An invoice with money still open on the as-of date."""

    number: str
    project: str
    invoice_date: date
    due: date
    total: Decimal
    paid: Decimal
    open: Decimal
    days_overdue: int
    bucket: str
    credited: Decimal = Decimal(0)  # taken off by credit notes
    currency: str = ""


@dataclass(frozen=True)
class ClientReceivables:
    """One client's open invoices in one currency, by aging bucket."""

    client: str
    currency: str
    buckets: dict[str, Decimal]  # every name of BUCKETS, in that order
    total: Decimal
    invoices: tuple[OpenInvoice, ...]


def receivables(workspace: Workspace, as_of: date, client: str | None = None) -> list[ClientReceivables]:
    """Open amounts per client and currency on ``as_of``, oldest due first within each."""
    groups: dict[tuple[str, str], list[OpenInvoice]] = {}
    for balance in balances(workspace, as_of, client):
        if not _receivable(balance) or (client is not None and balance.client != client):
            continue
        days = balance.days_overdue(as_of)
        groups.setdefault((balance.client, balance.currency), []).append(
            OpenInvoice(
                number=balance.number,
                project=balance.project,
                invoice_date=balance.invoice.date,
                due=balance.due,
                total=balance.total,
                paid=balance.paid,
                open=balance.open,
                days_overdue=days,
                bucket=bucket_of(days),
                credited=balance.credited,
                currency=balance.currency,
            )
        )
    return [
        _group(client_id, currency, invoices) for (client_id, currency), invoices in sorted(groups.items())
    ]


def _receivable(balance: InvoiceBalance) -> bool:
    return balance.invoice.void is None and balance.sent and balance.open > 0


def _group(client: str, currency: str, invoices: list[OpenInvoice]) -> ClientReceivables:
    buckets = {
        name: money.sum_money((i.open for i in invoices if i.bucket == name), currency) for name in BUCKETS
    }
    return ClientReceivables(
        client=client,
        currency=currency,
        buckets=buckets,
        total=money.sum_money(buckets.values(), currency),
        invoices=tuple(invoices),
    )


def totals_by_currency(groups: list[ClientReceivables]) -> dict[str, dict[str, Decimal]]:
    """Currency -> bucket (and ``"total"``) -> the sum over every client."""
    result: dict[str, dict[str, Decimal]] = {}
    for currency in sorted({g.currency for g in groups}):
        same = [g for g in groups if g.currency == currency]
        sums = {name: money.sum_money((g.buckets[name] for g in same), currency) for name in BUCKETS}
        sums["total"] = money.sum_money((g.total for g in same), currency)
        result[currency] = sums
    return result


@dataclass
class ProjectMoney:
    """A project's invoices in one currency on the as-of date (void and draft invoices left out)."""

    project: str
    client: str
    currency: str
    invoiced: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    outstanding: Decimal = Decimal(0)
    overdue: Decimal = Decimal(0)
    states: dict[str, str] = field(default_factory=dict)  # invoice number -> state, every invoice

    @property
    def has_overdue(self) -> bool:
        return self.overdue > 0


def project_money(workspace: Workspace, as_of: date, client: str | None = None) -> list[ProjectMoney]:
    """Per project and currency: invoiced, paid, outstanding and overdue on ``as_of``
    (of ``client``'s projects only when given: ``serve`` keeps each client's rows)."""
    rows: dict[tuple[str, str], ProjectMoney] = {}
    for balance in balances(workspace, as_of, client):
        key = (balance.project, balance.currency)
        row = rows.setdefault(key, ProjectMoney(balance.project, balance.client, balance.currency))
        state = balance.state(as_of)
        row.states[balance.number] = state
        if state in ("void", "draft"):
            continue
        currency = balance.currency
        row.invoiced = money.sum_money([row.invoiced, balance.billed], currency)  # after credit notes
        row.paid = money.sum_money([row.paid, balance.paid], currency)
        row.outstanding = money.sum_money([row.outstanding, balance.open], currency)
        if state == "overdue":
            row.overdue = money.sum_money([row.overdue, balance.open], currency)
    for row in rows.values():  # a row with nothing overdue shows 0.00, not 0
        for name in ("invoiced", "paid", "outstanding", "overdue"):
            setattr(row, name, money.sum_money([getattr(row, name)], row.currency))
    return [rows[key] for key in sorted(rows)]
