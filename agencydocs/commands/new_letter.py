"""``new letter --project P | --client C [--attach NUMBER]...``: start the next outgoing letter.

The new file has the next number of the letter series (``numbering.letter``),
the date, the client (addressed, by default, to its signatory; else to its
first contact with an id), the enclosures given with ``--attach`` (each a
document number, checked here so that the file passes ``check``), and a
subject and a body that are ``FILL IN:`` placeholders: ``check`` names them
until they are written. An existing file is never overwritten (``write_new``).
"""

from __future__ import annotations

from agencydocs.commands.new_request import NewRequest, NewResult, fill, quote, write_new
from agencydocs.domain import letters
from agencydocs.errors import AgencyDocsError, UsageProblem
from agencydocs.suggestions import unknown_id_message
from agencydocs.workspace import Workspace

SUBJECT_HINT = "the subject (ru: О …; en: what follows 'Re:'; de: what follows 'Betreff:')"
BODY_HINT = "the text of the letter (Markdown)"


def start_letter(request: NewRequest) -> NewResult:
    """Write a new letter to ``--client`` (or the ``--project``'s client) dated on the request's date."""
    workspace = request.checked
    project_id, client_id = _project_and_client(workspace, request.project, request.client)
    number = request.next_number(project_id)
    path = request.document_path("letters", number, project_id)
    lines = [
        *request.header(path, number),
        f"client: {client_id}",
        *_addressee_lines(workspace, client_id),
        f"subject: {fill(SUBJECT_HINT)}",
        f"body: {fill(BODY_HINT)}",
        *_attachment_lines(workspace, request.attachments),
    ]
    write_new(request.root, path, lines)
    return NewResult(path, number)


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
    to = quote(ids[0]) if ids else fill(f"the id of a contact of {client_id} (contacts[].id)")
    return [f"to: {to}"]


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
        lines.append(f"  - document: {quote(number)}  # {found[0].kind} of {day}")
        lines.append("    pages: 1")
    return lines
