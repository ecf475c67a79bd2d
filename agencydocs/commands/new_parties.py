"""``new client ID`` and ``new project ID --client C``: the files the workspace loader reads for them.

They are no document kinds (``kinds/``), but start the same way: a
request in, a result out, ``"FILL IN: …"`` placeholders for what only the
user knows. The workspace need not pass ``check`` (a fresh ``init`` does
not): a client is what a workspace starts with. The agency's country,
language and currency are the new client's defaults.
"""

from __future__ import annotations

import re

from agencydocs.commands.new_request import NewRequest, NewResult, fill, write_new
from agencydocs.commands.schema import kind_schema_comment
from agencydocs.errors import UsageProblem
from agencydocs.models.base import ID_PATTERN
from agencydocs.suggestions import unknown_id_message
from agencydocs.workspace import CLIENTS_DIR, PROJECT_FILE, PROJECTS_DIR, Workspace


def _loaded(request: NewRequest) -> Workspace:
    """The workspace as read, errors or not (a client or project file does not depend on them)."""
    from agencydocs.commands.check import check

    return check(request.root).workspace


def _new_id(request: NewRequest, known: object) -> str:
    what = request.kind
    if request.id is None:
        raise UsageProblem(f"name the new {what}: agencydocs new {what} ID")
    if not re.fullmatch(ID_PATTERN, request.id):
        raise UsageProblem(
            f'{what} id "{request.id}": use lowercase letters, digits and dashes, e.g. acme-site'
        )
    if request.id in known:  # type: ignore[operator]
        raise UsageProblem(f'{what} "{request.id}" already exists')
    return request.id


def start_client(request: NewRequest) -> NewResult:
    """``clients/<id>.yaml``: legal details to fill in, the agency's language and currency."""
    from agencydocs.scaffold import client_yaml, settings

    workspace = _loaded(request)
    client_id = _new_id(request, workspace.clients)
    agency = workspace.agency.model if workspace.agency is not None else None
    chosen = settings(
        agency.legal.country if agency is not None else None,
        agency.locale if agency is not None else None,
        agency.currency if agency is not None else None,
    )
    path = request.root / CLIENTS_DIR / f"{client_id}.yaml"
    note = "# Replace every FILL IN value: `agencydocs check` lists the ones left."
    write_new(request.root, path, client_yaml(chosen, client_id, note).splitlines())
    return NewResult(path)


def start_project(request: NewRequest) -> NewResult:
    """``projects/<id>/project.yaml`` of ``--client``, managed by the agency's first team member."""
    workspace = _loaded(request)
    project_id = _new_id(request, workspace.projects)
    if request.client is None:
        raise UsageProblem("a project belongs to a client: --client ID")
    if request.client not in workspace.clients:
        raise UsageProblem(f"--client: {unknown_id_message('client', request.client, workspace.clients)}")
    team = workspace.agency.model.team if workspace.agency is not None else []
    manager = team[0].id if team else fill("the account manager: a person id from agency.yaml team")
    path = request.root / PROJECTS_DIR / project_id / PROJECT_FILE
    lines = [
        kind_schema_comment(request.root, path, "project"),
        f"# Its documents go in this folder; start one with `agencydocs new KIND --project {project_id}`.",
        f"id: {project_id}",
        f"client: {request.client}",
        f"title: {fill('the project title, e.g. Corporate website')}",
        f"manager: {manager}",
        f"start: {request.on.isoformat()}",
        "milestones:  # priced stages that contracts, invoices and acts bill",
        "  - id: stage-1",
        f"    title: {fill('the first stage, e.g. Design')}",
        f"    price: {fill('its price, net of VAT, e.g. 1000.00')}",
    ]
    write_new(request.root, path, lines)
    return NewResult(path)
