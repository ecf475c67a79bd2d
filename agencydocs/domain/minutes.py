"""Meeting minutes: who can take part, and which action items are open or overdue.

Participants and action-item owners are ids: the agency's team members
(``agency.yaml`` ``team``) and the client's contacts that have an ``id``
(the client's file); :func:`meeting_people` is the one table of them that
rules, the resolver and ``new minutes`` read.

"Overdue" is decided here once, like an invoice's: an item still open whose
due date is before the as-of date (``status --as-of``, default today). Due
on the as-of date is not overdue yet. ``status`` lists every open item, the
overdue ones marked, until the minutes mark it ``done``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from agencydocs.models import Agency, Client
from agencydocs.models.base import LocalizedName, localize
from agencydocs.models.documents.minutes import ActionItem, Minutes
from agencydocs.workspace import Workspace

Side = Literal["agency", "client"]


@dataclass(frozen=True)
class MeetingPerson:
    """Someone who can attend a meeting or own an action item."""

    id: str
    side: Side
    name: LocalizedName
    role: LocalizedName | None


def meeting_people(agency: Agency, client: Client) -> dict[str, MeetingPerson]:
    """Team members and the client's contacts with ids, by id; a team id wins over a contact's."""
    people = {
        contact.id: MeetingPerson(contact.id, "client", contact.name, contact.role)
        for contact in client.contacts
        if contact.id is not None
    }
    people.update(
        {person.id: MeetingPerson(person.id, "agency", person.name, person.role) for person in agency.team}
    )
    return people


def shared_ids(agency: Agency, client: Client) -> set[str]:
    """Ids that name both a team member and a contact of ``client``: a participant list cannot tell them apart."""
    return {person.id for person in agency.team} & {c.id for c in client.contacts if c.id is not None}


def is_overdue(item: ActionItem, as_of: date) -> bool:
    """Whether ``item`` is open past its due date on ``as_of``."""
    return item.status == "open" and item.due < as_of


def days_overdue(item: ActionItem, as_of: date) -> int:
    """Days past due on ``as_of`` (0 when done or not due yet)."""
    return (as_of - item.due).days if is_overdue(item, as_of) else 0


@dataclass(frozen=True)
class OpenActionItem:
    """An open action item of one meeting's minutes, as ``status`` lists it."""

    project: str
    minutes: str  # the minutes' number
    source: str  # the minutes' file, relative to the workspace
    index: int  # its position in action_items
    what: str
    owner: str
    due: date
    days_overdue: int

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


def open_action_items(
    workspace: Workspace, project_id: str, as_of: date, locale: str
) -> list[OpenActionItem]:
    """The project's open action items, overdue first (most overdue first), then by due date."""
    found = []
    for source in workspace.documents_of("minutes", project_id):
        minutes = source.model
        assert isinstance(minutes, Minutes)
        for index, item in enumerate(minutes.action_items):
            if item.status != "open":
                continue
            found.append(
                OpenActionItem(
                    project=project_id,
                    minutes=minutes.number,
                    source=source.file.display,
                    index=index,
                    what=localize(item.what, locale),
                    owner=item.owner,
                    due=item.due,
                    days_overdue=days_overdue(item, as_of),
                )
            )
    return sorted(found, key=lambda item: (-item.days_overdue, item.due, item.minutes, item.index))
