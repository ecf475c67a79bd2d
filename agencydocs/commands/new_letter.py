"""``new letter --project P | --client C [--attach NUMBER]...``: start the next outgoing letter.

The new file has the next number of the letter series (``numbering.letter``),
the date, the client (addressed, by default, to its signatory; else to its
first contact with an id), the enclosures given with ``--attach`` (each a
document number, checked here so that the file passes ``check``), and a
subject and a body that are ``FILL IN:`` placeholders: ``check`` names them
until they are written. An existing file is never overwritten.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from agencydocs.commands.check import check
from agencydocs.commands.new import NewDocument, _next_number
from agencydocs.commands.schema import kind_schema_comment
from agencydocs.domain import letters
from agencydocs.errors import AgencyDocsError, InvalidInput, UsageProblem
from agencydocs.reading.placeholders import placeholder
from agencydocs.suggestions import unknown_id_message
from agencydocs.workspace import PROJECTS_DIR, Workspace

SUBJECT_HINT = "the subject (ru: О …; en: what follows 'Re:'; de: what follows 'Betreff:')"
BODY_HINT = "the text of the letter (Markdown)"


def new_letter(
    root: Path, client_id: str | None, *, project_id: str | None, on: date, attachments: tuple[str, ...]
) -> NewDocument:
    """Write a new letter to ``client_id`` (None: the project's client) dated ``on``; return where it went."""
    result = check(root)
    if result.errors:
        raise InvalidInput("fix the workspace first", result.problems)
    workspace = result.workspace
    project_id, client_id = _project_and_client(workspace, project_id, client_id)
    number = _next_number(workspace, "letter", project_id, on)
    folder = root / PROJECTS_DIR / project_id / "letters"
    path = folder / f"{number.replace('/', '-')}.yaml"
    lines = [
        kind_schema_comment(root, path, "letter"),
        "kind: letter",
        f"number: {_quoted(number)}",
        f"date: {on.isoformat()}",
        f"client: {client_id}",
        *_addressee_lines(workspace, client_id),
        f"subject: {_quoted(placeholder(SUBJECT_HINT))}",
        f"body: {_quoted(placeholder(BODY_HINT))}",
        *_attachment_lines(workspace, attachments),
    ]
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:  # "x": never over an existing file
            file.write("\n".join(lines) + "\n")
    except FileExistsError:
        raise AgencyDocsError(f"{path.relative_to(root).as_posix()} already exists") from None
    return NewDocument(path, number)


def _project_and_client(
    workspace: Workspace, project_id: str | None, client_id: str | None
) -> tuple[str, str]:
    """The project folder the letter goes into and its client: as given, or one from the other."""
    if client_id is not None and client_id not in workspace.clients:
        raise UsageProblem(f"--client: {unknown_id_message('client', client_id, workspace.clients)}")
    if project_id is not None:
        if project_id not in workspace.projects:
            raise UsageProblem(f"--project: {unknown_id_message('project', project_id, workspace.projects)}")
        owner = workspace.projects[project_id].model.client
        if client_id is not None and client_id != owner:
            raise UsageProblem(f"--project: {project_id} is a project of {owner}, not of {client_id}")
        return project_id, owner
    if client_id is None:
        raise UsageProblem("a letter is written to a client: --client ID or --project ID")
    # A letter lives in a project folder: the client's first, by id, when none is named.
    own = sorted(p for p, sourced in workspace.projects.items() if sourced.model.client == client_id)
    if not own:
        raise AgencyDocsError(f"{client_id} has no project to keep the letter in: add one to projects/")
    return own[0], client_id


def _addressee_lines(workspace: Workspace, client_id: str) -> list[str]:
    """Nothing for the signatory (the default); else ``to:`` the first contact with an id, or a placeholder."""
    client = workspace.clients[client_id].model
    if client.signatory is not None:
        return ["# to: a contact id of the client; default: its signatory"]
    ids = letters.contact_ids(client)
    to = ids[0] if ids else placeholder(f"the id of a contact of {client_id} (contacts[].id)")
    return [f"to: {_quoted(to)}"]


def _attachment_lines(workspace: Workspace, numbers: tuple[str, ...]) -> list[str]:
    """``attachments:`` citing each number, its kind and date in a comment; an unknown or ambiguous number
    is refused here, since the letter would then fail ``check``."""
    if not numbers:
        return []
    lines = ["attachments:"]
    for number in numbers:
        found = letters.attached_candidates(workspace, number, None)
        if not found:
            known = letters.attachable_numbers(workspace)
            raise UsageProblem(f"--attach: {unknown_id_message('document', number, known)}")
        if len(found) > 1:
            kinds = ", ".join(d.kind for d in found)
            raise UsageProblem(
                f"--attach: {number} numbers documents of several kinds ({kinds}): list it by hand with kind:"
            )
        model = found[0].model
        day = getattr(model, "date", None)
        lines.append(f"  - document: {_quoted(number)}  # {found[0].kind} of {day}")
        lines.append("    pages: 1")
    return lines


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's syntax is YAML's), letters kept readable."""
    return json.dumps(text, ensure_ascii=False)
