"""``new reminder|claim --client ID``: start a reminder or a claim prefilled from the receivables.

The new file lists the client's invoices overdue on the date (with their
open amounts and days overdue as comments, from ``domain/receivables.py``)
and, for a claim, the one contract they cite. It goes into the project of
the oldest overdue invoice, numbered next in its kind's series; an existing
file is never overwritten.
"""

from __future__ import annotations

from agencydocs.commands.new_request import NewRequest, NewResult, quote, write_new
from agencydocs.domain import dunning
from agencydocs.errors import AgencyDocsError, UsageProblem
from agencydocs.suggestions import unknown_id_message


def start_collection(request: NewRequest) -> NewResult:
    """Write a reminder or a claim (the request's kind) to ``--client``, listing its overdue invoices."""
    kind, client, on = request.kind, request.client, request.on
    if client is None:
        raise UsageProblem(f"a {kind} is written to a client: --client ID")
    workspace = request.checked
    if client not in workspace.clients:
        raise UsageProblem(f"--client: {unknown_id_message('client', client, workspace.clients)}")
    overdue = dunning.overdue_invoices(workspace, client, on)
    if not overdue:
        raise AgencyDocsError(
            f"no invoice of {client} is overdue on {on.isoformat()}: nothing to write a {kind} about"
        )
    project_id = overdue[0].project
    number = request.next_number(project_id)
    path = request.document_path(f"{kind}s", number, project_id)
    lines = [*request.header(path, number), f"client: {client}"]
    contracts = dunning.cited_contracts(overdue, workspace)
    if kind == "claim" and len(contracts) == 1:
        lines.append(f"contract: {quote(contracts[0])}")
    lines.append("invoices:  # overdue on the date, from the receivables")
    lines.extend(
        f"  - {quote(i.number)}  # {i.open} {i.currency} open of {i.total}, due {i.due.isoformat()}, "
        f"{i.days_overdue} day(s) overdue"
        for i in overdue
    )
    write_new(request.root, path, lines)
    return NewResult(path, number)
