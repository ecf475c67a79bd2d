"""Invoice (счёт на оплату)."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator

from agencydocs.models.base import Date, Id, LocalizedText, field_error
from agencydocs.models.documents.common import BillingDocument, Line, Period


class Invoice(BillingDocument):
    """A request for payment: lines, totals, bank details and due date."""

    kind: Literal["invoice"]
    due: Date | None = Field(None, description="Defaults to date + the client's payment terms")
    period: Period | None = Field(None, description="Period the services were supplied in")
    bank_account: Id | None = Field(
        None, description="Agency bank account id; default: first in the currency"
    )
    payment_purpose: LocalizedText | None = None
    lines: list[Line] = Field(min_length=1)
    einvoice: Literal["factur-x", "xrechnung", "none"] | None = Field(
        None, description="Structured e-invoice of this invoice; default: the client's einvoice"
    )

    @model_validator(mode="after")
    def _due_after_date(self) -> Self:
        if self.due is not None and self.due < self.date:
            raise field_error("dates", "due date is before the invoice date", "due")
        return self
