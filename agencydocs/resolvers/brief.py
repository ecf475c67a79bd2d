"""Resolve a brief into a frozen :class:`BriefContext`.

Sections and questions are numbered here (``2.``, ``2.3.``); a blank brief
carries the room to answer (lines per question, the options to tick), a
filled one the answers as Markdown for the templates' ``markdown`` filter.
"""

from __future__ import annotations

from dataclasses import dataclass

from agencydocs.context import Row
from agencydocs.kinds import RenderContext
from agencydocs.models.base import localize
from agencydocs.models.documents.brief import Brief, Question
from agencydocs.resolvers.long_document import Heading, Numberer
from agencydocs.resolvers.subject import ProjectSubject, project_subject
from agencydocs.workspace import SourceDocument, Workspace
from agencydocs.workspace.question_sets import SourcedSet, load_question_sets


@dataclass(frozen=True)
class QuestionView:
    number: str  # "2.3."
    text: str
    hint: str
    mark: str  # "*" for a required question, else ""
    answer: str  # Markdown; "" when not answered (or blank)
    lines: int  # ruled lines to leave in a blank brief
    options: tuple[str, ...]  # check boxes in a blank brief


@dataclass(frozen=True)
class SectionView:
    heading: Heading
    questions: tuple[QuestionView, ...]


@dataclass(frozen=True, kw_only=True)
class BriefContext(RenderContext):
    """Everything the brief templates place."""

    subtitle: str  # client · project
    date: str
    blank: bool
    mode_label: str  # "Бланк для заполнения" / "Ответы заказчика"
    intro: str  # Markdown
    info_rows: tuple[Row, ...]
    return_to: str  # whom a blank brief goes back to
    sections: tuple[SectionView, ...]
    answered: int
    total: int

    @property
    def index_note(self) -> str:
        if self.blank:
            return self.labels["brief_index_blank"].format(count=self.total)
        return self.labels["brief_index_filled"].format(answered=self.answered, count=self.total)


def resolve_brief(workspace: Workspace, source: SourceDocument) -> BriefContext:
    """Build the render context of one checked brief."""
    subject = project_subject(workspace, source)
    brief = source.model
    assert isinstance(brief, Brief)
    question_set = load_question_sets(workspace.root).sets[brief.question_set]
    labels, locale = subject.labels, subject.locale
    blank = brief.mode == "blank"
    title = localize(brief.title, locale) or localize(question_set.model.title, locale)
    sections = _sections(question_set, brief, locale)
    questions = [q for s in sections for q in s.questions]
    date = subject.date(brief.date)
    return BriefContext(
        kind="brief",
        number=brief.number or source.file.path.stem,
        title=title,
        subtitle=f"{subject.client_name} · {subject.project_title}",
        locale=locale,
        labels=labels.table,
        footer=labels("brief_footer", title=title, client=subject.client_name),
        brand_color=subject.agency.brand_color,
        logo=subject.logo,
        date=date,
        blank=blank,
        mode_label=labels("brief_mode_blank" if blank else "brief_mode_filled"),
        intro=localize(question_set.model.intro, locale) if blank else "",
        info_rows=_info_rows(subject, brief, date),
        return_to=_return_to(subject) if blank else "",
        sections=sections,
        answered=sum(bool(q.answer) for q in questions),
        total=len(questions),
        meta={
            "title": f"{title} · {subject.client_name}",
            "author": subject.agency_name,
            "subject": subject.project_title,
            "date": (brief.date or subject.project.start).isoformat(),
        },
    )


def _sections(question_set: SourcedSet, brief: Brief, locale: str) -> tuple[SectionView, ...]:
    numberer = Numberer()
    sections = []
    for section in question_set.model.sections:
        heading = numberer.heading(1, localize(section.title, locale))
        views = tuple(_question(numberer.next(2)[0], q, brief, locale) for q in section.questions)
        sections.append(SectionView(heading, views))
    return tuple(sections)


def _question(number: str, question: Question, brief: Brief, locale: str) -> QuestionView:
    return QuestionView(
        number=number,
        text=localize(question.text, locale),
        hint=localize(question.hint, locale),
        mark="*" if question.required else "",
        answer=localize(brief.answers.get(question.id), locale),
        lines=question.lines,
        options=tuple(localize(option, locale) for option in question.options),
    )


def _info_rows(subject: ProjectSubject, brief: Brief, date: str) -> tuple[Row, ...]:
    labels = subject.labels
    rows = [Row(labels("project"), subject.project_title), *subject.parties_rows()]
    if brief.respondent:
        rows.append(Row(labels("brief_respondent"), brief.respondent))
    if date:
        rows.append(Row(labels("issue_date"), date))
    return tuple(rows)


def _return_to(subject: ProjectSubject) -> str:
    manager = subject.agency.person(subject.project.manager)
    if manager is None or not manager.email:
        return ""
    return subject.labels("brief_return_to", name=localize(manager.name, subject.locale), email=manager.email)
