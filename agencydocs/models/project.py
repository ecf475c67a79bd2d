"""A project: ``projects/<id>/project.yaml``."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from agencydocs.models.base import (
    Currency,
    Date,
    Id,
    LocalizedName,
    LocalizedText,
    Money,
    NonNegativeMoney,
    Quantity,
    StrictModel,
)

Service = Literal["development", "design", "seo", "support", "content", "ads", "analytics", "other"]
MilestoneStatus = Literal["planned", "in_progress", "done", "cancelled"]


class Milestone(StrictModel):
    """A priced stage of the project that invoices and acts can bill."""

    id: Id
    title: LocalizedName
    description: LocalizedText | None = None
    due: Date | None = None
    price: NonNegativeMoney
    status: MilestoneStatus = "planned"


class Budget(StrictModel):
    """Money and hours to measure logged time against."""

    amount: NonNegativeMoney | None = None
    hours: Quantity | None = None


class ProjectBudget(Budget):
    """The project's budget: for the whole project, or for every month of a retainer."""

    per: Literal["project", "month"] = Field(
        "project",
        description="project: the whole project's budget; month: a monthly budget, which status reports "
        "measure each period against",
    )


class Project(StrictModel):
    """Client, title, manager, dates, budget, milestones and rates of one project."""

    id: Id = Field(description="Must equal the project folder name")
    client: Id = Field(description="Client id (a file in clients/)")
    title: LocalizedName
    manager: Id = Field(description="Account manager: a person id from agency.yaml team")
    services: list[Service] = Field(default_factory=list)
    start: Date
    deadline: Date | None = None
    currency: Currency | None = Field(None, description="Defaults to the client's currency")
    budget: ProjectBudget | None = None
    milestones: list[Milestone] = Field(default_factory=list)
    rates: dict[str, Money] = Field(
        default_factory=dict, description="Hourly rate per person id, overriding the team rate"
    )

    def milestone(self, milestone_id: str) -> Milestone | None:
        return next((m for m in self.milestones if m.id == milestone_id), None)


__all__ = ["Decimal", "Milestone", "Project"]
