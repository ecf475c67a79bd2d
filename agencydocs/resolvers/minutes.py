"""Resolve meeting minutes into a frozen :class:`MinutesContext`.

The letterhead carries the number, date and place (or call); then the
participants of each side, the agenda, the discussion (Markdown, through the
templates' safe ``markdown`` filter), the decisions, the action items with
their owners' names and states, and the "approved by" lines of both sides'
signatories. :func:`citation` is how an addendum or a spec prints the
minutes it follows.
"""

from __future__ import annotations

from dataclasses import dataclass

from agencydocs.context import Row, Signature
from agencydocs.domain.minutes import MeetingPerson, meeting_people
from agencydocs.i18n.formatting import format_date
from agencydocs.i18n.labels import Labels
from agencydocs.i18n.typography import typeset
from agencydocs.kinds import RenderContext
from agencydocs.models.base import localize
from agencydocs.models.documents.minutes import Minutes
from agencydocs.resolvers.letterhead import Heading, heading
from agencydocs.resolvers.parties import signature
from agencydocs.resolvers.subject import ProjectSubject, project_subject
from agencydocs.workspace import SourceDocument, Workspace


@dataclass(frozen=True)
class ParticipantGroup:
    """The participants of one side: its name, then "Name, role" per person."""

    side: str
    people: tuple[str, ...]


@dataclass(frozen=True)
class ActionView:
    number: str
    what: str
    owner: str
    due: str
    status: str  # "open" / "done" in words
    done: bool


@dataclass(frozen=True)
class Approval:
    """An "approved by" line: the side, its company and its signatory."""

    side: str
    company: str
    signature: Signature


@dataclass(frozen=True, kw_only=True)
class MinutesContext(RenderContext):
    """Everything the minutes templates place."""

    heading: Heading
    participants: tuple[ParticipantGroup, ParticipantGroup]  # the agency's side, the client's
    agenda: tuple[str, ...]
    discussion: str  # Markdown; "" when there is none
    decisions: tuple[str, ...]
    actions: tuple[ActionView, ...]
    approvals: tuple[Approval, ...]
    open_actions: int

    @property
    def index_note(self) -> str:
        return self.labels["minutes_index_note"].format(count=self.open_actions)


def resolve_minutes(workspace: Workspace, source: SourceDocument) -> MinutesContext:
    """Build the render context of one checked set of minutes."""
    subject = project_subject(workspace, source)
    minutes = source.model
    assert isinstance(minutes, Minutes)
    labels, locale = subject.labels, subject.locale
    people = meeting_people(subject.agency, subject.client)
    title = labels("minutes_heading", number=minutes.number)
    date = subject.date(minutes.date)
    subtitle = " · ".join(part for part in (localize(minutes.title, locale), subject.project_title) if part)
    return MinutesContext(
        kind="minutes",
        number=minutes.number,
        title=title,
        locale=locale,
        labels=labels.table,
        footer=labels("minutes_footer", number=minutes.number, date=date),
        brand_color=subject.agency.brand_color,
        logo=subject.logo,
        heading=heading(subject, title, typeset(subtitle, locale), _facts(subject, minutes, date)),
        participants=_participants(subject, minutes, people),
        agenda=tuple(typeset(localize(item, locale), locale) for item in minutes.agenda),
        discussion=localize(minutes.discussion, locale),
        decisions=tuple(typeset(localize(item, locale), locale) for item in minutes.decisions),
        actions=_actions(subject, minutes, people),
        approvals=_approvals(workspace, subject) if minutes.signatures else (),
        open_actions=sum(item.status == "open" for item in minutes.action_items),
        meta={
            "title": f"{title} · {subject.client_name}",
            "author": subject.agency_name,
            "subject": subject.project_title,
            "date": minutes.date.isoformat(),
        },
    )


def citation(workspace: Workspace, number: str, labels: Labels) -> str:
    """ "по итогам встречи (протокол № 1 от 19 августа 2026 г.)": how a document cites its minutes."""
    cited = workspace.document("minutes", number)
    assert cited is not None and isinstance(cited.model, Minutes), "check guarantees the minutes exist"
    date = format_date(cited.model.date, labels.locale)
    return typeset(labels("minutes_cite", number=number, date=date), labels.locale)


def _facts(subject: ProjectSubject, minutes: Minutes, date: str) -> list[Row]:
    labels = subject.labels
    rows = [Row(labels("minutes_date"), date)]
    if minutes.place is not None:
        rows.append(Row(labels("minutes_place"), localize(minutes.place, subject.locale)))
    elif minutes.call is not None:
        rows.append(Row(labels("minutes_call"), minutes.call))
    return rows


def _person(person: MeetingPerson, locale: str) -> str:
    """ "Name, role" as the participants list prints a person."""
    role = localize(person.role, locale)
    name = localize(person.name, locale)
    return f"{name}, {role}" if role else name


def _participants(
    subject: ProjectSubject, minutes: Minutes, people: dict[str, MeetingPerson]
) -> tuple[ParticipantGroup, ParticipantGroup]:
    """The agency's side, then the client's (both always: the templates set them side by side)."""
    locale = subject.locale

    def side_of(side: str) -> tuple[str, ...]:
        return tuple(
            typeset(_person(people[pid], locale), locale)
            for pid in minutes.participants
            if pid in people and people[pid].side == side
        )

    return (
        ParticipantGroup(subject.agency_name, side_of("agency")),
        ParticipantGroup(subject.client_name, side_of("client")),
    )


def _actions(
    subject: ProjectSubject, minutes: Minutes, people: dict[str, MeetingPerson]
) -> tuple[ActionView, ...]:
    labels, locale = subject.labels, subject.locale
    views = []
    for number, item in enumerate(minutes.action_items, 1):
        person = people.get(item.owner)
        owner = localize(person.name, locale) if person is not None else item.owner
        views.append(
            ActionView(
                number=str(number),
                what=typeset(localize(item.what, locale), locale),
                owner=typeset(owner, locale),
                due=subject.date(item.due, "short"),
                status=labels(f"minutes_status_{item.status}"),
                done=item.status == "done",
            )
        )
    return tuple(views)


def _approvals(workspace: Workspace, subject: ProjectSubject) -> tuple[Approval, ...]:
    """The signatories of both sides, the agency first as in the act."""
    labels, root = subject.labels, workspace.root
    agency, client = subject.agency, subject.client
    rows = [
        Approval(
            labels("supplier_act"),
            subject.agency_name,
            signature(agency.signatory, labels("supplier_act"), labels, root),
        )
    ]
    if client.signatory is not None:
        rows.append(
            Approval(
                labels("customer_act"),
                subject.client_name,
                signature(client.signatory, labels("customer_act"), labels, root),
            )
        )
    return tuple(rows)
