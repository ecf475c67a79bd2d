"""Payments received from a client: ``payments/<client-id>.yaml``.

One file per client because that is how money arrives: one bank transfer
from a client may settle invoices of several of its projects, and the bank
statement names the payer, not the project. Each payment says what it
settles (``settles``: invoice numbers with the part of the payment each
gets), so partial payments and one payment for several invoices are both
plain lists.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Self

from pydantic import Field, model_validator

from agencydocs.models.base import (
    Currency,
    Date,
    DocNumber,
    Name,
    PositiveMoney,
    StrictModel,
    Text,
    field_error,
)


class Allocation(StrictModel):
    """The part of a payment that settles one invoice."""

    invoice: DocNumber = Field(description="Number of the invoice this part pays")
    amount: PositiveMoney | None = Field(
        None,
        description="Part of the payment for this invoice; may be left out when the payment settles one invoice",
    )


class Payment(StrictModel):
    """One incoming transfer, as the bank statement shows it."""

    date: Date = Field(description="Date the money arrived on the agency's account")
    amount: PositiveMoney = Field(description="Amount received, e.g. 150000.00")
    currency: Currency
    settles: list[Allocation] = Field(min_length=1, description="Invoices this payment pays, with amounts")
    reference: Name | None = Field(None, description="Bank reference or payment order number, e.g. п/п 418")
    payer: Name | None = Field(None, description="Payer as the bank statement names it")
    bank_id: Name | None = Field(
        None,
        description="Set by `agencydocs payments import`: the statement entry, so it is never added twice",
    )
    notes: Text | None = None

    @model_validator(mode="after")
    def _amounts_given(self) -> Self:
        if len(self.settles) > 1 and any(part.amount is None for part in self.settles):
            raise field_error(
                "settles", "a payment that settles several invoices needs an amount for each", "settles"
            )
        return self

    def allocations(self) -> list[tuple[str, Decimal]]:
        """``(invoice number, amount)`` per part; a single part without amount takes the whole payment."""
        return [
            (part.invoice, part.amount if part.amount is not None else self.amount) for part in self.settles
        ]


class PaymentsFile(StrictModel):
    """``payments/<client-id>.yaml``: the payments received from one client, in any order."""

    payments: list[Payment] = Field(default_factory=list)
