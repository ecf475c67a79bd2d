"""Site audit: strengths and findings by area, competitor comparison, priorities."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from agencydocs.models.base import Date, Id, LocalizedName, LocalizedText, Name, StrictModel
from agencydocs.models.documents.common import DocumentBase
from agencydocs.models.documents.report import MetricValue

Area = Literal["technical", "content", "usability", "performance"]
Severity = Literal["critical", "high", "medium", "low"]
AREAS: tuple[Area, ...] = ("technical", "content", "usability", "performance")
SEVERITIES: tuple[Severity, ...] = ("critical", "high", "medium", "low")


class Strength(StrictModel):
    area: Area
    text: LocalizedText


class Finding(StrictModel):
    """A weakness: what is wrong, how we know, what to do."""

    area: Area
    title: LocalizedName
    severity: Severity
    evidence: LocalizedText
    recommendation: LocalizedText
    effort: Literal["low", "medium", "high"] | None = Field(None, description="Effort to fix")


class ComparedMetric(StrictModel):
    """A figure compared across the site and its competitors; charted when given."""

    id: Id
    name: LocalizedName
    unit: LocalizedName | None = None
    better: Literal["higher", "lower"] = "higher"


class AuditedSite(StrictModel):
    name: Name = Field(description="e.g. romashka.example")
    metrics: dict[Id, MetricValue] = Field(default_factory=dict, description="Metric id -> value")


class Competitor(StrictModel):
    name: Name
    strengths: list[LocalizedText] = Field(default_factory=list)
    weaknesses: list[LocalizedText] = Field(default_factory=list)
    metrics: dict[Id, MetricValue] = Field(default_factory=dict, description="Metric id -> value")


class Audit(DocumentBase):
    """A site audit the account manager presents to the client."""

    numbered: ClassVar[bool] = False
    kind: Literal["audit"]
    date: Date
    title: LocalizedName | None = Field(None, description="Default: Site audit: <site>")
    site: AuditedSite
    summary: LocalizedText | None = None
    scope: LocalizedText | None = Field(None, description="What was audited and how")
    strengths: list[Strength] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    metrics: list[ComparedMetric] = Field(default_factory=list, description="Figures to compare")
    competitors: list[Competitor] = Field(default_factory=list)
    priorities: list[LocalizedText] = Field(
        default_factory=list, description="Default: the critical and high findings"
    )
