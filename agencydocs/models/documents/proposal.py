"""Commercial proposal: context, options with priced lines and a timeline, add-ons, terms."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from agencydocs.models.base import (
    Currency,
    Date,
    DocNumber,
    Id,
    LocalizedName,
    LocalizedText,
    NonNegativeMoney,
    Percent,
    PositiveMoney,
    Quantity,
    StrictModel,
    field_error,
)
from agencydocs.models.documents.common import DocumentBase, VatMode


class ProposalLine(StrictModel):
    """A priced item: typed in full, or a service of the agency's catalogue."""

    service: Id | None = Field(None, description="Service id from agency.yaml services: name and price")
    description: LocalizedText | None = Field(None, description="Default: the service's name")
    qty: Quantity = Field(Decimal(1), description="Quantity, default 1")
    unit: LocalizedName | None = Field(None, description="Default: the service's unit")
    price: PositiveMoney | None = Field(None, description="Default: the service's price in the currency")
    discount: NonNegativeMoney | None = None
    vat_rate: Percent | None = None
    weeks: int | None = Field(None, ge=1, le=260, description="Duration: the timeline runs lines in order")
    milestone: Id | None = Field(None, description="Milestone id in a contract; default the service id")

    @model_validator(mode="after")
    def _source(self) -> Self:
        if self.service is None and (self.description is None or self.price is None):
            raise PydanticCustomError(
                "line", "a line needs description and price, or a service to take them from"
            )
        return self


class ProposalOption(StrictModel):
    """A package the client can choose."""

    id: Id
    name: LocalizedName
    description: LocalizedText | None = None
    recommended: bool = False
    lines: list[ProposalLine] = Field(min_length=1)


class Proposal(DocumentBase):
    """A commercial proposal (коммерческое предложение)."""

    kind: Literal["proposal"]
    number: DocNumber
    date: Date
    valid_until: Date
    title: LocalizedName | None = Field(None, description="Default: Commercial proposal")
    subtitle: LocalizedName | None = Field(
        None, description="Printed under the title, e.g. what is proposed for whom; default: none"
    )
    currency: Currency | None = Field(None, description="Defaults to the project's, then the client's")
    vat: VatMode | None = None
    prices_include_vat: bool = False
    context: LocalizedText | None = Field(None, description="The client's situation and goals")
    goals: list[LocalizedText] = Field(default_factory=list)
    options: list[ProposalOption] = Field(min_length=1)
    addons: list[ProposalLine] = Field(default_factory=list, description="Optional extras")
    terms: list[LocalizedText] = Field(default_factory=list)
    next_steps: list[LocalizedText] = Field(default_factory=list)

    @model_validator(mode="after")
    def _valid_after_date(self) -> Self:
        if self.valid_until < self.date:
            raise field_error("dates", "valid_until is before the proposal date", "valid_until")
        return self
