"""Addendum (дополнительное соглашение): changes to a contract's scope, deadlines and payments.

It cites its contract by number. Added scope items are project milestones
(title, price and due date come from ``project.yaml``; the contract then
leaves them out of its own scope) or items typed here; removed items and
moved deadlines name milestones. The new contract total is computed from
the contract and every addendum up to this one.
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from agencydocs.models.base import Date, DocNumber, Id, LocalizedName, PositiveMoney, StrictModel
from agencydocs.models.documents.common import DocumentBase
from agencydocs.models.documents.contract import ClauseText, MilestoneTerms
from agencydocs.models.documents.spec import RequirementId


class ScopeItem(StrictModel):
    """Work the addendum adds: a project milestone, or a title and a price."""

    milestone: Id | None = Field(None, description="Milestone id: title, price and due date from the project")
    title: LocalizedName | None = None
    price: PositiveMoney | None = Field(None, description="Net of VAT, like milestone prices")
    due: Date | None = None
    requirements: list[RequirementId] = Field(
        default_factory=list, description="Spec requirement ids this item covers, e.g. FR-12"
    )

    @model_validator(mode="after")
    def _source(self) -> Self:
        if self.milestone is None and (self.title is None or self.price is None):
            raise PydanticCustomError("scope", "an item needs a milestone, or a title and a price")
        return self


class DeadlineChange(StrictModel):
    milestone: Id
    due: Date = Field(description="The new due date")


class Addendum(DocumentBase):
    """Changes to a contract, numbered and dated."""

    kind: Literal["addendum"]
    number: DocNumber
    date: Date
    contract: DocNumber = Field(description="Number of the contract it changes")
    minutes: DocNumber | None = Field(None, description="Number of the meeting minutes it follows")
    city: LocalizedName | None = Field(None, description="Default: the contract's")
    add: list[ScopeItem] = Field(default_factory=list, description="Scope items added, with prices")
    remove: list[Id] = Field(default_factory=list, description="Milestone ids taken out of scope")
    deadlines: list[DeadlineChange] = Field(default_factory=list, description="Moved milestone deadlines")
    payments: list[MilestoneTerms] = Field(default_factory=list, description="New advance percentages")
    clauses: list[ClauseText] = Field(default_factory=list, description="Further terms, Markdown")

    @model_validator(mode="after")
    def _changes_something(self) -> Self:
        if not (self.add or self.remove or self.deadlines or self.payments or self.clauses):
            raise PydanticCustomError("addendum", "an addendum needs at least one change")
        return self
