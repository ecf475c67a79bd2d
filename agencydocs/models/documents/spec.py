"""Technical specification (техническое задание).

A spec is what the team builds from: goals, audience, a site map as a tree
of pages, functional requirements with ids (``FR-1``) and MoSCoW priorities,
integrations, non-functional requirements, who provides which content,
acceptance criteria and a glossary. Long text fields are Markdown.
Requirement ids are unique across the workspace, so a contract or an
addendum can cite them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from agencydocs.models.base import (
    Date,
    DocNumber,
    LocalizedName,
    LocalizedText,
    Name,
    StrictModel,
)
from agencydocs.models.documents.common import DocumentBase

Priority = Literal["must", "should", "could"]
Responsible = Literal["client", "agency", "shared"]
REQUIREMENT_ID_PATTERN = r"^[A-Z][A-Z0-9]{0,9}-[0-9]{1,4}$"
RequirementId = Annotated[
    str,
    Field(
        pattern=REQUIREMENT_ID_PATTERN,
        description="Requirement id: capital letters, a dash and a number, e.g. FR-1",
        examples=["FR-1"],
    ),
]
Markdown = Annotated[
    LocalizedText, Field(description="Markdown text, or one per language {ru: ..., en: ...}")
]


class Page(StrictModel):
    """A page of the site map; ``children`` nest pages under it."""

    title: LocalizedName
    path: Name | None = Field(None, description="URL path, e.g. /catalog/")
    blocks: list[LocalizedName] = Field(default_factory=list, description="Content blocks, top to bottom")
    description: Markdown | None = None
    requirements: list[RequirementId] = Field(
        default_factory=list, description="Ids of the requirements this page implements"
    )
    children: list[Page] = Field(default_factory=list)


class Requirement(StrictModel):
    """A functional requirement: an id, a priority and what the site must do."""

    id: RequirementId
    title: LocalizedName
    priority: Priority = Field(description="must, should or could (MoSCoW)")
    group: LocalizedName | None = Field(None, description="Area, e.g. Каталог; shown as a group row")
    description: Markdown | None = None


class Integration(StrictModel):
    name: LocalizedName = Field(description="The system, e.g. 1С:Предприятие or Google Analytics")
    purpose: Markdown
    method: LocalizedName | None = Field(None, description="How data is exchanged, e.g. REST API")
    requirements: list[RequirementId] = Field(default_factory=list)


class NonFunctionalItem(StrictModel):
    title: LocalizedName
    text: Markdown


class NonFunctional(StrictModel):
    """Performance, browsers, accessibility and SEO, plus any other items."""

    performance: Markdown | None = None
    browsers: list[LocalizedName] = Field(default_factory=list, description="Supported browsers, one a line")
    accessibility: Markdown | None = None
    seo: Markdown | None = None
    other: list[NonFunctionalItem] = Field(
        default_factory=list, description="Further items: security, hosting…"
    )


class ContentItem(StrictModel):
    """Who provides a piece of content, and by when."""

    item: LocalizedName
    responsible: Responsible = Field(description="client, agency or shared")
    due: Date | None = None
    notes: LocalizedText | None = None


class Criterion(StrictModel):
    text: Markdown
    requirements: list[RequirementId] = Field(default_factory=list, description="Requirements it verifies")


class Term(StrictModel):
    term: LocalizedName
    definition: Markdown


class Spec(DocumentBase):
    """Technical specification; contracts cite it with ``spec: <number>``."""

    kind: Literal["spec"]
    number: DocNumber
    date: Date
    version: Name | None = Field(None, description="e.g. 1.0")
    minutes: DocNumber | None = Field(None, description="Number of the meeting minutes it follows")
    title: LocalizedName | None = Field(None, description="Defaults to «Техническое задание» / Specification")
    subject: LocalizedName | None = Field(None, description="What is built; defaults to the project's title")
    goals: Markdown | None = None
    audience: Markdown | None = None
    sitemap: list[Page] = Field(default_factory=list, description="Top-level pages; nest with children")
    requirements: list[Requirement] = Field(default_factory=list)
    integrations: list[Integration] = Field(default_factory=list)
    non_functional: NonFunctional | None = None
    content: list[ContentItem] = Field(default_factory=list, description="Content responsibilities")
    acceptance: list[Criterion] = Field(default_factory=list, description="Acceptance criteria")
    glossary: list[Term] = Field(default_factory=list)
    signatures: bool = Field(True, description="End with approval signatures of both parties")
