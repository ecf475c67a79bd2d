"""Collection documents: a payment reminder, a pre-trial claim (претензия), a reconciliation statement.

Each is about a client (default: the project's) on a date; its figures come
from the ledger (``domain/ledger.py``, ``domain/receivables.py``) as of that
date, so only what the figures cannot say is typed here.
"""

from __future__ import annotations

from typing import ClassVar, Literal, Self

from pydantic import Field, model_validator

from agencydocs.models.base import Currency, Date, DocNumber, Id, LocalizedText, field_error
from agencydocs.models.documents.common import DocumentBase, Period


class _CollectionDocument(DocumentBase):
    date: Date
    client: Id | None = Field(
        None, description="Client id (clients/<id>.yaml); default: the project's client"
    )
    notes: LocalizedText | None = None


class Reminder(_CollectionDocument):
    """A polite reminder: the client's overdue invoices, what is open on each, and how to pay."""

    kind: Literal["reminder"]
    number: DocNumber
    invoices: list[DocNumber] | None = Field(
        None,
        min_length=1,
        description="Invoice numbers to remind of; default: every invoice overdue on the date",
    )


class Claim(_CollectionDocument):
    """A formal pre-trial claim: the debt under a contract, the penalty to the claim date, the deadline."""

    kind: Literal["claim"]
    number: DocNumber
    contract: DocNumber | None = Field(
        None,
        description="Number of the contract the debt arises from; default: the one the overdue invoices cite",
    )
    invoices: list[DocNumber] | None = Field(
        None,
        min_length=1,
        description="Invoice numbers claimed; default: every invoice of the contract overdue on the date",
    )
    deadline: Date | None = Field(
        None, description="Date to pay by; default: 30 calendar days after the claim date (ч. 5 ст. 4 АПК РФ)"
    )

    @model_validator(mode="after")
    def _deadline_after_date(self) -> Self:
        if self.deadline is not None and self.deadline <= self.date:
            raise field_error("dates", "the deadline must be after the claim date", "deadline")
        return self


class Statement(_CollectionDocument):
    """A reconciliation statement (акт сверки взаимных расчётов) over a period, for the client to confirm."""

    numbered: ClassVar[bool] = False
    kind: Literal["statement"]
    period: Period
    contract: DocNumber | None = Field(None, description="Only the entries of this contract; default: all")
    currency: Currency | None = Field(
        None, description="Default: the contract's, the project's, the client's"
    )
