"""Fields shared by document kinds: the header and billable lines."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar, Literal, Self

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from agencydocs.models.base import (
    Advance,
    Currency,
    Date,
    DocNumber,
    Id,
    LocaleCode,
    LocalizedName,
    LocalizedText,
    NonNegativeMoney,
    Percent,
    PositiveMoney,
    Quantity,
    StrictModel,
    Text,
    field_error,
)

VatMode = Literal["standard", "exempt", "reverse_charge"]


class DocumentBase(StrictModel):
    """Every document: a ``kind`` and a locale override.

    ``numbered`` tells whether the kind has a number unique per series; a kind
    without numbers is named after its file.
    """

    numbered: ClassVar[bool] = True
    kind: str
    locale: LocaleCode | None = Field(None, description="Overrides the client's language")


class Period(StrictModel):
    start: Date
    end: Date

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise field_error("period", "end must not be before start", "end")
        return self


class Line(StrictModel):
    """A billable line: typed in full, or pulled from a project milestone."""

    milestone: Id | None = Field(None, description="Milestone id: title and price come from the project")
    description: LocalizedText | None = None
    qty: Quantity = Field(Decimal(1), description="Quantity, default 1")
    unit: LocalizedName | None = Field(None, description="Unit, e.g. усл. / hour / month")
    price: PositiveMoney | None = Field(None, description="Unit price, net of VAT unless prices_include_vat")
    discount: NonNegativeMoney | None = Field(None, description="Amount off this line")
    vat_rate: Percent | None = Field(None, description="Overrides the agency's default VAT rate")
    advance: Advance | None = Field(
        None, description="Bill an advance on the milestone instead of the milestone itself"
    )

    @model_validator(mode="after")
    def _source(self) -> Self:
        if self.milestone is None and (self.description is None or self.price is None):
            raise PydanticCustomError(
                "line", "a line needs description and price, or a milestone to take them from"
            )
        return self

    @model_validator(mode="after")
    def _advance_of_a_stage(self) -> Self:
        # An advance is a share of the stage price the contract fixes: nothing to type but the share.
        typed = self.price is not None or self.discount is not None or self.qty != 1
        if self.advance is not None and (self.milestone is None or typed):
            raise field_error(
                "advance",
                "an advance line names its milestone and no price, discount or qty: "
                "it bills a share of the stage price",
                "advance",
            )
        return self


class BillingDocument(DocumentBase):
    """Header fields of invoices and acts."""

    number: DocNumber
    date: Date
    currency: Currency | None = Field(
        None, description="Default: an act's invoice's, then the project's, the client's, the agency's"
    )
    contract: DocNumber | None = Field(None, description="Number of the contract this bills")
    vat: VatMode | None = Field(
        None,
        description="Default: an act's invoice's, then the contract's, then from the client and the agency's tax regime",
    )
    prices_include_vat: bool = False
    languages: list[LocaleCode] | None = Field(
        None,
        min_length=2,
        max_length=2,
        description="Two languages, each label and text printed in both (a Russian company's act "
        "for a foreign client: [ru, en]); amounts and figures follow the first",
    )
    notes: LocalizedText | None = None

    @field_validator("languages")
    @classmethod
    def _two_languages(cls, value: list[LocaleCode] | None) -> list[LocaleCode] | None:
        if value is not None and value[0] == value[1]:
            raise PydanticCustomError("languages", "languages must be different")
        return value

    issued: Date | None = Field(
        None, description="Date the document was sent to the client; without it the document is a draft"
    )
    void: Text | None = Field(None, description="Reason the document was cancelled; it then counts nowhere")
