"""Which open invoice(s) an incoming transaction pays.

In this order:

1. A transaction already recorded (same ``bank_id``, or same date, amount,
   currency and reference as a payment typed by hand) is skipped: importing
   a statement twice adds nothing.
2. The payer's tax id (INN, VAT id) names the client when one has it.
3. Invoice numbers found in the purpose, in the order written, take the
   payment: each gets what is open on it, the last gets the rest (a
   partial payment). They must be the payer's invoices, in the payment's
   currency, and together open at least the amount (an overpayment is left
   to a person).
4. With no number in the purpose, the client's one open invoice whose open
   amount equals the payment takes it.

Everything else is unmatched, with the reason. Open amounts come from the
ledger and shrink as the statement's earlier transactions are matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from agencydocs.banking.statement import Transaction, clean_id
from agencydocs.domain import money
from agencydocs.domain.ledger import InvoiceBalance, balances
from agencydocs.workspace import PAYMENTS_DIR, Workspace


@dataclass(frozen=True)
class Matched:
    transaction: Transaction
    client: str
    parts: tuple[tuple[str, Decimal], ...]  # (invoice number, amount), summing to the transaction's amount


@dataclass(frozen=True)
class Unmatched:
    transaction: Transaction
    reason: str


@dataclass
class ImportPlan:
    """What an import would record, what it skips as already recorded, and what it cannot place."""

    matched: list[Matched] = field(default_factory=list)
    recorded: list[tuple[Transaction, str]] = field(default_factory=list)  # with the file that has it
    unmatched: list[Unmatched] = field(default_factory=list)


def plan_import(workspace: Workspace, transactions: list[Transaction]) -> ImportPlan:
    """Match every transaction of a statement against the workspace's open invoices."""
    matcher = _Matcher(workspace)
    plan = ImportPlan()
    for transaction in transactions:
        where = matcher.recorded_in(transaction)
        if where is not None:
            plan.recorded.append((transaction, where))
            continue
        result = matcher.match(transaction)
        if isinstance(result, Matched):
            plan.matched.append(result)
        else:
            plan.unmatched.append(result)
    return plan


class _Matcher:
    def __init__(self, workspace: Workspace) -> None:
        self.invoices: dict[str, InvoiceBalance] = {
            b.number: b for b in balances(workspace) if b.invoice.void is None
        }
        self.open: dict[str, Decimal] = {number: b.open for number, b in self.invoices.items()}
        self.clients_by_tax_id: dict[str, str] = {}
        for client_id, client in sorted(workspace.clients.items()):
            legal = client.model.legal
            for tax_id in (legal.inn, legal.vat_id, legal.tax_id):
                if tax_id:
                    self.clients_by_tax_id.setdefault(clean_id(tax_id), client_id)
        self.bank_ids: dict[str, str] = {}
        self.typed: dict[tuple[object, ...], str] = {}
        for client_id, sourced in workspace.payments.items():
            display = f"{PAYMENTS_DIR}/{client_id}.yaml"
            for payment in sourced.model.payments:
                if payment.bank_id:
                    self.bank_ids[payment.bank_id] = display
                key = (payment.date, payment.amount, payment.currency, payment.reference or "")
                self.typed[key] = display

    def recorded_in(self, transaction: Transaction) -> str | None:
        """The payments file that already has this transaction, if one does."""
        if transaction.bank_id in self.bank_ids:
            return self.bank_ids[transaction.bank_id]
        key = (transaction.date, transaction.amount, transaction.currency, transaction.reference)
        return self.typed.get(key)

    def match(self, transaction: Transaction) -> Matched | Unmatched:
        client = self.clients_by_tax_id.get(transaction.payer_tax_id) if transaction.payer_tax_id else None
        named = self._numbers_in(transaction.purpose)
        if named:
            return self._by_numbers(transaction, client, named)
        return self._by_amount(transaction, client)

    def _numbers_in(self, purpose: str) -> list[str]:
        """Invoice numbers written in the purpose, in the order they appear."""
        found = []
        for number in self.invoices:
            hit = re.search(rf"(?<!\w){re.escape(number)}(?!\w)", purpose)
            if hit is not None:
                found.append((hit.start(), number))
        return [number for _start, number in sorted(found)]

    def _by_numbers(
        self, transaction: Transaction, client: str | None, numbers: list[str]
    ) -> Matched | Unmatched:
        owners = {self.invoices[n].client for n in numbers}
        if len(owners) > 1:
            return Unmatched(
                transaction, f"the purpose names invoices of several clients ({', '.join(numbers)})"
            )
        owner = owners.pop()
        if client is not None and client != owner:
            return Unmatched(
                transaction,
                f'the payer\'s tax id is client "{client}"\'s, but invoice {numbers[0]} is "{owner}"\'s',
            )
        wrong = [n for n in numbers if self.invoices[n].currency != transaction.currency]
        if wrong:
            return Unmatched(
                transaction,
                f"invoice {wrong[0]} is in {self.invoices[wrong[0]].currency}, the payment in {transaction.currency}",
            )
        open_numbers = [n for n in numbers if self.open[n] > 0]
        if not open_numbers:
            return Unmatched(transaction, f"invoice {', '.join(numbers)} is already paid in full")
        return self._allocate(transaction, owner, open_numbers)

    def _allocate(self, transaction: Transaction, client: str, numbers: list[str]) -> Matched | Unmatched:
        currency, left = transaction.currency, transaction.amount
        parts = []
        for number in numbers:
            if left == 0:
                break
            part = min(left, self.open[number])
            parts.append((number, part))
            left = money.sum_money([left, -part], currency)
        if left > 0:
            still_open = money.sum_money((self.open[n] for n in numbers), currency)
            return Unmatched(
                transaction,
                f"pays {transaction.amount:f} {currency}, more than the {still_open:f} open on invoice "
                f"{', '.join(numbers)}",
            )
        for number, part in parts:
            self.open[number] = money.sum_money([self.open[number], -part], currency)
        return Matched(transaction, client, tuple(parts))

    def _by_amount(self, transaction: Transaction, client: str | None) -> Matched | Unmatched:
        if client is None:
            who = f"tax id {transaction.payer_tax_id}" if transaction.payer_tax_id else "no tax id"
            return Unmatched(
                transaction, f"no invoice number in the purpose, and the payer ({who}) is no client"
            )
        same = [
            n
            for n, b in self.invoices.items()
            if b.client == client
            and b.currency == transaction.currency
            and self.open[n] == transaction.amount
        ]
        if len(same) != 1:
            found = "several" if same else "no"
            return Unmatched(
                transaction,
                f'no invoice number in the purpose, and {found} open invoice of "{client}" for exactly '
                f"{transaction.amount:f} {transaction.currency}",
            )
        return self._allocate(transaction, client, same)
