"""``new reminder|claim --client ID``: start a reminder or a claim prefilled from the receivables.

The new file lists the client's invoices overdue on the date (with their
open amounts and days overdue as comments, from ``domain/receivables.py``)
and, for a claim, the one contract they cite. It goes into the project of
the oldest overdue invoice, numbered next in its kind's series; an existing
file is never overwritten.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from agencydocs.commands.check import check
from agencydocs.commands.new import NewDocument, _next_number
from agencydocs.commands.new_request import write_new
from agencydocs.commands.schema import kind_schema_comment
from agencydocs.domain import dunning
from agencydocs.errors import AgencyDocsError, InvalidInput, UsageProblem
from agencydocs.suggestions import unknown_id_message
from agencydocs.workspace import PROJECTS_DIR


def new_collection_document(root: Path, kind: str, client: str, *, on: date) -> NewDocument:
    """Write a new reminder or claim to ``client`` dated ``on`` and return where it went."""
    result = check(root)
    if result.errors:
        raise InvalidInput("fix the workspace first", result.problems)
    workspace = result.workspace
    if client not in workspace.clients:
        raise UsageProblem(f"--client: {unknown_id_message('client', client, workspace.clients)}")
    overdue = dunning.overdue_invoices(workspace, client, on)
    if not overdue:
        raise AgencyDocsError(
            f"no invoice of {client} is overdue on {on.isoformat()}: nothing to write a {kind} about"
        )
    project_id = overdue[0].project
    number = _next_number(workspace, kind, project_id, on)
    folder = root / PROJECTS_DIR / project_id / f"{kind}s"
    path = folder / f"{number.replace('/', '-')}.yaml"
    lines = [
        kind_schema_comment(root, path, kind),
        f"kind: {kind}",
        f"number: {json.dumps(number)}",
        f"date: {on.isoformat()}",
        f"client: {client}",
    ]
    contracts = dunning.cited_contracts(overdue, workspace)
    if kind == "claim" and len(contracts) == 1:
        lines.append(f"contract: {json.dumps(contracts[0])}")
    lines.append("invoices:  # overdue on the date, from the receivables")
    lines.extend(
        f"  - {json.dumps(i.number)}  # {i.open} {i.currency} open of {i.total}, due {i.due.isoformat()}, "
        f"{i.days_overdue} day(s) overdue"
        for i in overdue
    )
    write_new(root, path, lines)
    return NewDocument(path, number)
