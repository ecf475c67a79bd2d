"""``new minutes --project P``: start the minutes of a meeting, prefilled from the workspace.

The new file gets the next number of the minutes series, the date (today or
``--date``), the project's account manager and the client's contacts (those
with an ``id`` in the client's file) as participants, and "FILL IN: …"
placeholders (reading/placeholders.py) for the place, the first agenda topic
and the first decision, which ``check`` reports by field until they are
written, as for every kind ``new`` starts. An existing file is never
overwritten (``write_new``).
"""

from __future__ import annotations

from agencydocs.commands.new_request import NewRequest, NewResult, fill, write_new
from agencydocs.models.base import localize


def start_minutes(request: NewRequest) -> NewResult:
    """Write new minutes of a meeting of ``--project`` held on the request's date."""
    number = request.next_number()
    path = request.document_path("minutes", number)
    lines = [
        *request.header(path, number),
        "# title: Kick-off meeting",
        f"place: {fill('where the meeting was (or replace the line by call: its link or tool)')}",
        *_participants(request),
        "agenda:  # the topics, one a line",
        f"  - {fill('the first topic, e.g. Goals and scope')}",
        "# discussion: |  (Markdown)",
        "decisions:  # what was decided, one a line",
        f"  - {fill('what the meeting decided')}",
        "action_items: []  # - {what: …, owner: <participant id>, due: YYYY-MM-DD}",
    ]
    write_new(request.root, path, lines)
    return NewResult(path, number)


def _participants(request: NewRequest) -> list[str]:
    """The account manager and the client's contacts; contacts without an id as a hint to add one."""
    project = request.project_model()
    client = request.checked.clients[project.client]
    lines = ["participants:", f"  - {project.manager}  # account manager"]
    for contact in client.model.contacts:
        name = localize(contact.name, "en")
        if contact.id is not None:
            lines.append(f"  - {contact.id}  # {name}")
        else:
            lines.append(f"  # {name}: give the contact an id: in {client.file.display} to list them here")
    return lines
