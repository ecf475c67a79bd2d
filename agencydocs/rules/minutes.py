"""Rules of meeting minutes, and of the addenda and specs that cite them.

Minutes: every participant and action-item owner is a team id of agency.yaml
or a contact id of the project's client (with close matches suggested); an
action item is not due before the meeting; an empty agenda or no decisions
as is a meeting with neither place nor call: warnings naming the field
(``new minutes`` leaves them to fill in).

A citation (``minutes: <number>`` in an addendum or a spec): the minutes
exist, belong to the citing document's project and are dated on or before it.
"""

from __future__ import annotations

from datetime import date

from agencydocs.domain.minutes import meeting_people, shared_ids
from agencydocs.models.documents.minutes import Minutes
from agencydocs.rules.base import RuleContext
from agencydocs.rules.relations import where
from agencydocs.workspace import SourceDocument


def check_minutes(checker: RuleContext, document: SourceDocument) -> None:
    """Participants and owners are known people; items are due after the meeting; nothing left blank."""
    minutes = document.model
    assert isinstance(minutes, Minutes)
    if checker.ws.agency is None:
        return  # agency.yaml has errors of its own: without its team, no participant can be told
    file = document.file
    agency = checker.ws.agency.model
    client_id = checker.ws.projects[document.project_id].model.client
    client = checker.ws.clients[client_id].model
    people = meeting_people(agency, client)
    ambiguous = shared_ids(agency, client)
    for index, participant in enumerate(minutes.participants):
        checker.reference(file, ("participants", index), "participant", participant, people)
        if participant in ambiguous:
            checker.report(
                file,
                ("participants", index),
                f'"{participant}" names a team member and a contact of client {client_id}; '
                "give the contact another id",
            )
    for index, item in enumerate(minutes.action_items):
        checker.reference(file, ("action_items", index, "owner"), "owner", item.owner, people)
        if item.due < minutes.date:
            checker.report(
                file,
                ("action_items", index, "due"),
                f"due {item.due} is before the meeting ({minutes.date})",
            )
    if minutes.place is None and minutes.call is None:
        checker.report(
            file, (), "no place: or call:; say where the meeting was, or its call's tool or link", "warning"
        )
    if not minutes.agenda:
        checker.report(file, ("agenda",), "the agenda is empty; list the topics of the meeting", "warning")
    if not minutes.decisions:
        checker.report(file, ("decisions",), "no decisions; list what the meeting decided", "warning")


def check_minutes_citation(checker: RuleContext, document: SourceDocument) -> None:
    """The minutes an addendum or a spec cites exist, are of its project and not dated after it."""
    number = getattr(document.model, "minutes", None)
    if number is None:
        return
    file = document.file
    known = checker.ws.numbered("minutes")
    if not checker.reference(file, ("minutes",), "minutes", number, known):
        return
    cited = known[number]
    if cited.project_id != document.project_id:
        checker.report(
            file,
            ("minutes",),
            f"minutes {number} belong to project {cited.project_id} ({where(cited)}), "
            f"not to {document.project_id}",
            related=[(cited.file, ("number",))],
        )
        return
    cited_date, own_date = getattr(cited.model, "date", None), getattr(document.model, "date", None)
    if isinstance(cited_date, date) and isinstance(own_date, date) and cited_date > own_date:
        checker.report(
            file,
            ("minutes",),
            f"minutes {number} are dated {cited_date} ({where(cited, ('date',))}), after this "
            f"{document.kind} ({own_date}); a document can only follow an earlier meeting",
            related=[(cited.file, ("date",))],
        )
