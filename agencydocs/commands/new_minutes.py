"""``new minutes --project P``: start the minutes of a meeting, prefilled from the workspace.

The new file gets the next number of the minutes series, the date (today or
``--date``), the project's account manager and the client's contacts (those
with an ``id`` in the client's file) as participants, and "FILL IN: …"
placeholders (reading/placeholders.py) for the place, the first agenda topic
and the first decision, which ``check`` reports by field until they are
written, as for every kind ``new`` starts. An existing file is never
overwritten.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from agencydocs.commands.check import check
from agencydocs.commands.new import NewDocument, _next_number
from agencydocs.commands.schema import kind_schema_comment
from agencydocs.errors import AgencyDocsError, InvalidInput, UsageProblem
from agencydocs.models.base import localize
from agencydocs.reading.placeholders import placeholder
from agencydocs.suggestions import unknown_id_message
from agencydocs.workspace import PROJECTS_DIR, Workspace


def new_minutes(root: Path, project_id: str, *, on: date) -> NewDocument:
    """Write new minutes of a meeting of ``project_id`` held ``on`` and return where they went."""
    result = check(root)
    if result.errors:
        raise InvalidInput("fix the workspace first", result.problems)
    workspace = result.workspace
    if project_id not in workspace.projects:
        raise UsageProblem(unknown_id_message("project", project_id, workspace.projects))
    number = _next_number(workspace, "minutes", project_id, on)
    folder = root / PROJECTS_DIR / project_id / "minutes"
    path = folder / f"{number.replace('/', '-')}.yaml"
    lines = [
        kind_schema_comment(root, path, "minutes"),
        "kind: minutes",
        f"number: {json.dumps(number)}",
        f"date: {on.isoformat()}",
        "# title: Kick-off meeting",
        f"place: {json.dumps(placeholder('where the meeting was (or replace the line by call: its link or tool)'), ensure_ascii=False)}",
        *_participants(workspace, project_id),
        "agenda:  # the topics, one a line",
        f"  - {json.dumps(placeholder('the first topic, e.g. Goals and scope'), ensure_ascii=False)}",
        "# discussion: |  (Markdown)",
        "decisions:  # what was decided, one a line",
        f"  - {json.dumps(placeholder('what the meeting decided'), ensure_ascii=False)}",
        "action_items: []  # - {what: …, owner: <participant id>, due: YYYY-MM-DD}",
    ]
    display = path.relative_to(root).as_posix()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:  # "x": never over an existing file
            file.write("\n".join(lines) + "\n")
    except FileExistsError:
        raise AgencyDocsError(f"{display} already exists") from None
    return NewDocument(path, number)


def _participants(workspace: Workspace, project_id: str) -> list[str]:
    """The account manager and the client's contacts; contacts without an id as a hint to add one."""
    project = workspace.projects[project_id].model
    client = workspace.clients[project.client]
    lines = ["participants:", f"  - {project.manager}  # account manager"]
    for contact in client.model.contacts:
        name = localize(contact.name, "en")
        if contact.id is not None:
            lines.append(f"  - {contact.id}  # {name}")
        else:
            lines.append(f"  # {name}: give the contact an id: in {client.file.display} to list them here")
    return lines
