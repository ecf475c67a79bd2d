"""Resolve a technical specification into a frozen :class:`SpecContext`.

Every number is given here: section headings (``3.``, ``6.2.``) over the
sections that have content, site map pages (``1.2.1``) and acceptance
criteria. Templates place the strings; long texts stay Markdown and are
rendered by the templates' ``markdown`` filter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from agencydocs.context import Row, Signature
from agencydocs.kinds import RenderContext
from agencydocs.models.base import localize
from agencydocs.models.documents.contract import Contract
from agencydocs.models.documents.spec import NonFunctional, Page, Spec
from agencydocs.resolvers.long_document import Heading, Numberer, PartyBlock
from agencydocs.resolvers.minutes import citation
from agencydocs.resolvers.parties import signature
from agencydocs.resolvers.subject import ProjectSubject, project_subject
from agencydocs.workspace import SourceDocument, Workspace

MAX_PAGE_LEVEL = 4  # deeper site map pages are drawn at this indent


@dataclass(frozen=True)
class SpecHeadings:
    """The heading of each section, or None when the section has no content."""

    general: Heading
    goals: Heading | None = None
    audience: Heading | None = None
    sitemap: Heading | None = None
    requirements: Heading | None = None
    integrations: Heading | None = None
    non_functional: Heading | None = None
    content: Heading | None = None
    acceptance: Heading | None = None
    glossary: Heading | None = None


@dataclass(frozen=True)
class PageRow:
    """A site map page, flattened depth first; ``level`` drives its indent."""

    number: str  # "1.2.1"
    level: int  # 1 for top-level pages, at most MAX_PAGE_LEVEL
    title: str
    path: str
    blocks: tuple[str, ...]
    blocks_line: str  # "Галерея · Цена · Состав"
    description: str  # Markdown
    requirements: str  # "FR-1, FR-4"


@dataclass(frozen=True)
class RequirementRow:
    id: str
    title: str
    priority: str  # localized: "Обязательно" / "Must"
    priority_key: str  # must, should, could (a CSS class)
    description: str  # Markdown
    group: str  # the group's name on the first requirement of a run of one group, else ""


@dataclass(frozen=True)
class IntegrationRow:
    name: str
    purpose: str  # Markdown
    method: str
    requirements: str


@dataclass(frozen=True)
class Subsection:
    """A numbered part of the non-functional requirements."""

    heading: Heading
    text: str  # Markdown
    items: tuple[str, ...] = ()  # bullet lines (browsers)


@dataclass(frozen=True)
class ContentRow:
    item: str
    responsible: str
    due: str
    notes: str


@dataclass(frozen=True)
class CriterionRow:
    number: str  # "8.1"
    text: str  # Markdown
    requirements: str


@dataclass(frozen=True)
class TermRow:
    term: str
    definition: str  # Markdown


@dataclass(frozen=True, kw_only=True)
class SpecContext(RenderContext):
    """Everything the spec templates place."""

    heading: str  # "Техническое задание"
    subject: str  # "на разработку корпоративного сайта ООО «Ромашка»"
    subtitle: str  # "№ 12/2026 от 18 сентября 2026 г. · Версия 1.1"
    date: str
    info_rows: tuple[Row, ...]
    toc: tuple[Heading, ...]
    h: SpecHeadings
    goals: str
    audience: str
    pages: tuple[PageRow, ...]
    requirements: tuple[RequirementRow, ...]
    requirements_summary: str
    integrations: tuple[IntegrationRow, ...]
    non_functional: tuple[Subsection, ...]
    content: tuple[ContentRow, ...]
    acceptance: tuple[CriterionRow, ...]
    glossary: tuple[TermRow, ...]
    requisites: tuple[PartyBlock, ...]  # both parties' signatures, under ``approval``
    approval: str  # heading of the signature block, unnumbered

    @property
    def index_note(self) -> str:
        return self.labels["spec_index_note"].format(count=len(self.requirements))


class _Sections:
    """Numbers the sections that have content, in document order."""

    def __init__(self, subject: ProjectSubject) -> None:
        self.labels = subject.labels
        self.numberer = Numberer()
        self.toc: list[Heading] = []

    def section(self, key: str, present: object) -> Heading | None:
        """The next level-1 heading, labelled ``spec_<key>``, if the section has content."""
        return self.add(1, self.labels(f"spec_{key}")) if present else None

    def add(self, level: int, title: str) -> Heading:
        heading = self.numberer.heading(level, title)
        self.toc.append(heading)
        return heading


def resolve_spec(workspace: Workspace, source: SourceDocument) -> SpecContext:
    """Build the render context of one checked spec."""
    subject = project_subject(workspace, source)
    spec = source.model
    assert isinstance(spec, Spec)
    labels, locale = subject.labels, subject.locale
    numbering = _Sections(subject)
    h, non_functional = _headings(numbering, spec, subject)
    heading = localize(spec.title, locale) or labels("spec_title_default")
    date = subject.date(spec.date)
    title = labels("spec_title", title=heading, number=spec.number, date=date)
    return SpecContext(
        kind="spec",
        number=spec.number,
        title=title,
        heading=heading,
        subject=localize(spec.subject, locale) or subject.project_title,
        subtitle=_subtitle(subject, spec, date),
        locale=locale,
        labels=labels.table,
        footer=labels("spec_footer", number=spec.number, date=subject.date(spec.date, "short")),
        brand_color=subject.agency.brand_color,
        logo=subject.logo,
        date=date,
        info_rows=_info_rows(workspace, subject, spec),
        non_functional=non_functional,
        toc=tuple(numbering.toc),
        h=h,
        goals=localize(spec.goals, locale),
        audience=localize(spec.audience, locale),
        pages=tuple(_page_rows(spec.sitemap, locale)),
        requirements=_requirement_rows(spec, subject),
        requirements_summary=_summary(spec, subject),
        integrations=_integration_rows(spec, locale),
        content=_content_rows(spec, subject),
        acceptance=_criteria(spec, h.acceptance, locale),
        glossary=tuple(
            TermRow(localize(t.term, locale), localize(t.definition, locale)) for t in spec.glossary
        ),
        requisites=_approval(workspace, subject) if spec.signatures else (),
        approval=labels("spec_approval"),
        meta={
            "title": title,
            "author": subject.agency_name,
            "subject": subject.project_title,
            "date": spec.date.isoformat(),
        },
    )


def _headings(
    numbering: _Sections, spec: Spec, subject: ProjectSubject
) -> tuple[SpecHeadings, tuple[Subsection, ...]]:
    """Number the sections in order; the non-functional subsections follow their section."""
    general = numbering.add(1, subject.labels("spec_general"))
    found: dict[str, Heading | None] = {}
    for key in ("goals", "audience", "sitemap", "requirements", "integrations"):
        found[key] = numbering.section(key, getattr(spec, key))
    found["non_functional"] = numbering.section("non_functional", _has_nfr(spec.non_functional))
    subsections = _non_functional(numbering, found["non_functional"], spec.non_functional, subject)
    for key in ("content", "acceptance", "glossary"):
        found[key] = numbering.section(key, getattr(spec, key))
    return SpecHeadings(general, **found), subsections


def _subtitle(subject: ProjectSubject, spec: Spec, date: str) -> str:
    parts = [subject.labels("spec_number_date", number=spec.number, date=date)]
    if spec.version:
        parts.append(subject.labels("spec_version", version=spec.version))
    return " · ".join(parts)


def _info_rows(workspace: Workspace, subject: ProjectSubject, spec: Spec) -> tuple[Row, ...]:
    labels = subject.labels
    rows = [Row(labels("project"), subject.project_title), *subject.parties_rows()]
    contract = _contract_citing(workspace, spec.number)
    if contract is not None:
        number, date = contract
        rows.append(Row(labels("basis"), labels("contract_ref", number=number, date=subject.date(date))))
    if spec.minutes is not None:
        rows.append(Row(labels("minutes_row"), citation(workspace, spec.minutes, labels)))
    rows.append(Row(labels("issue_date"), subject.date(spec.date)))
    if spec.version:
        rows.append(Row(labels("spec_version_label"), spec.version))
    return tuple(rows)


def _contract_citing(workspace: Workspace, number: str) -> tuple[str, dt.date] | None:
    """The number and date of the first contract whose ``spec`` is this spec's number."""
    for source in workspace.documents_of("contract"):
        model = source.model
        if getattr(model, "spec", None) == number:
            assert isinstance(model, Contract)  # the model of kind "contract"
            return model.number, model.date
    return None


def _page_rows(pages: Sequence[Page], locale: str, prefix: str = "", level: int = 1) -> Iterator[PageRow]:
    for index, page in enumerate(pages, start=1):
        number = f"{prefix}{index}"
        blocks = tuple(localize(block, locale) for block in page.blocks)
        yield PageRow(
            number=number,
            level=min(level, MAX_PAGE_LEVEL),
            title=localize(page.title, locale),
            path=page.path or "",
            blocks=blocks,
            blocks_line=" · ".join(blocks),
            description=localize(page.description, locale),
            requirements=", ".join(page.requirements),
        )
        yield from _page_rows(page.children, locale, f"{number}.", level + 1)


def _requirement_rows(spec: Spec, subject: ProjectSubject) -> tuple[RequirementRow, ...]:
    rows = []
    previous: str | None = None
    for requirement in spec.requirements:
        group = localize(requirement.group, subject.locale)
        rows.append(
            RequirementRow(
                id=requirement.id,
                title=localize(requirement.title, subject.locale),
                priority=subject.labels(f"priority_{requirement.priority}"),
                priority_key=requirement.priority,
                description=localize(requirement.description, subject.locale),
                group=group if group != previous else "",
            )
        )
        previous = group
    return tuple(rows)


def _summary(spec: Spec, subject: ProjectSubject) -> str:
    if not spec.requirements:
        return ""
    counts = {p: sum(r.priority == p for r in spec.requirements) for p in ("must", "should", "could")}
    return subject.labels("spec_summary", total=len(spec.requirements), **counts)


def _has_nfr(nfr: NonFunctional | None) -> bool:
    return nfr is not None and any((nfr.performance, nfr.browsers, nfr.accessibility, nfr.seo, nfr.other))


def _non_functional(
    numbering: _Sections, parent: Heading | None, nfr: NonFunctional | None, subject: ProjectSubject
) -> tuple[Subsection, ...]:
    if parent is None or nfr is None:
        return ()
    locale, labels = subject.locale, subject.labels
    parts: list[tuple[str, str, str, tuple[str, ...]]] = [
        (key, labels(f"spec_{key}"), localize(getattr(nfr, key), locale), ())
        for key in ("performance", "accessibility", "seo")
    ]
    parts.insert(
        1, ("browsers", labels("spec_browsers"), "", tuple(localize(b, locale) for b in nfr.browsers))
    )
    parts += [
        (f"other-{i}", localize(o.title, locale), localize(o.text, locale), ())
        for i, o in enumerate(nfr.other, 1)
    ]
    present = [part for part in parts if part[2] or part[3]]
    return tuple(Subsection(numbering.add(2, text), body, items) for _key, text, body, items in present)


def _criteria(spec: Spec, heading: Heading | None, locale: str) -> tuple[CriterionRow, ...]:
    if heading is None:
        return ()
    return tuple(
        CriterionRow(f"{heading.number}{index}.", localize(c.text, locale), ", ".join(c.requirements))
        for index, c in enumerate(spec.acceptance, start=1)
    )


def _integration_rows(spec: Spec, locale: str) -> tuple[IntegrationRow, ...]:
    return tuple(
        IntegrationRow(
            localize(i.name, locale),
            localize(i.purpose, locale),
            localize(i.method, locale),
            ", ".join(i.requirements),
        )
        for i in spec.integrations
    )


def _content_rows(spec: Spec, subject: ProjectSubject) -> tuple[ContentRow, ...]:
    return tuple(
        ContentRow(
            localize(c.item, subject.locale),
            subject.labels(f"responsible_{c.responsible}"),
            subject.date(c.due, "short"),
            localize(c.notes, subject.locale),
        )
        for c in spec.content
    )


def _approval(workspace: Workspace, subject: ProjectSubject) -> tuple[PartyBlock, ...]:
    """Both parties' names and signature lines: the agency first, as in the act."""
    labels, root, locale = subject.labels, workspace.root, subject.locale
    agency, client = subject.agency, subject.client
    customer = (
        signature(client.signatory, labels("customer_act"), labels, root)
        if client.signatory is not None
        else Signature(labels("customer_act"), "", "", "", "")
    )
    return (
        PartyBlock(
            labels("supplier_act"),
            localize(agency.legal.name, locale),
            (),
            signature(agency.signatory, labels("supplier_act"), labels, root),
            agency.seal,
        ),
        PartyBlock(labels("customer_act"), localize(client.legal.name, locale), (), customer),
    )
