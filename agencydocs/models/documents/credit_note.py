"""Credit note (corrective document on the reduction of the price of an issued invoice)."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator

from agencydocs.models.base import (
    Currency,
    Date,
    DocNumber,
    Id,
    LocalizedText,
    PositiveMoney,
    Quantity,
    StrictModel,
    Text,
    field_error,
)
from agencydocs.models.documents.common import DocumentBase


class CreditLine(StrictModel):
    """One reduced line of the invoice: fewer units of it, or an amount off it."""

    line: int | None = Field(None, ge=1, description="The invoice line reduced, counted from 1")
    milestone: Id | None = Field(None, description="Or: the milestone the invoice line bills")
    qty: Quantity | None = Field(None, description="Units taken off the line, at its unit price")
    amount: PositiveMoney | None = Field(
        None,
        description="Or: an amount off the line, priced as the invoice's lines (net unless it includes VAT)",
    )
    description: LocalizedText | None = Field(None, description="Default: the invoice line's description")

    @model_validator(mode="after")
    def _one_of_each(self) -> Self:
        if (self.line is None) == (self.milestone is None):
            raise field_error("credit_line", "name the invoice line by `line` (its number) or `milestone`")
        if (self.qty is None) == (self.amount is None):
            raise field_error("credit_line", "reduce the line by `qty` or by `amount`, one of them")
        return self


class CreditNote(DocumentBase):
    """Reduces what an issued invoice billed, line by line or as a whole; VAT follows the invoice."""

    kind: Literal["credit_note"]
    number: DocNumber
    date: Date
    invoice: DocNumber = Field(description="Number of the issued invoice this credit note corrects")
    currency: Currency | None = Field(None, description="Must be the invoice's currency (the default)")
    reason: LocalizedText | None = Field(None, description="Why the price is reduced, printed on the note")
    lines: list[CreditLine] | None = Field(None, min_length=1, description="The invoice lines reduced")
    amount: PositiveMoney | None = Field(
        None,
        description="Or: an amount off the whole invoice, priced as its lines (net unless they include VAT)",
    )
    notes: LocalizedText | None = None
    issued: Date | None = Field(
        None, description="Date the credit note was sent to the client; without it the document is a draft"
    )
    void: Text | None = Field(
        None, description="Reason the credit note was cancelled; it then counts nowhere"
    )

    @model_validator(mode="after")
    def _lines_or_amount(self) -> Self:
        if (self.lines is None) == (self.amount is None):
            raise field_error(
                "credit_note", "reduce the invoice by `lines` or by `amount`, one of them", "lines"
            )
        return self
