"""``new upd|vat_invoice --act N``: start an УПД or a счёт-фактура for the services of an act.

The project is the act's; the file cites the act and nothing else, since
the lines, parties and totals are the act's. It is written only when the
sale allows it (an УПД of status 1 and a счёт-фактура need a sale Russian
VAT taxes, domain/tax.py): an export or a sale without VAT gets a status 2
УПД instead, said in the command's message.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from agencydocs.commands.check import check
from agencydocs.commands.schema import kind_schema_comment
from agencydocs.domain import tax, transfer
from agencydocs.errors import AgencyDocsError, InvalidInput, UsageProblem
from agencydocs.models.documents import Act
from agencydocs.suggestions import unknown_id_message
from agencydocs.workspace import PROJECTS_DIR

FOLDERS = {"upd": "upds", "vat_invoice": "vat_invoices"}


def new_transfer_document(root: Path, kind: str, act_number: str | None, *, on: date) -> tuple[Path, str]:
    """Write a ``kind`` document (upd or vat_invoice) for ``act_number``; return its path and number."""
    from agencydocs.commands.new import _next_number

    if act_number is None:
        raise UsageProblem(
            f"{'an УПД' if kind == 'upd' else 'a счёт-фактура'} states an act: pass --act NUMBER"
        )
    result = check(root)
    if result.errors:
        raise InvalidInput("fix the workspace first", result.problems)
    workspace = result.workspace
    acts = workspace.numbered("act")
    act = acts.get(act_number)
    if act is None or not isinstance(act.model, Act):
        raise UsageProblem(f"--act: {unknown_id_message('act', act_number, acts)}")
    if act.model.void is not None:
        raise UsageProblem(f"--act: act {act_number} is void ({act.model.void})")
    status = 1
    assert workspace.agency is not None
    vat = transfer.act_terms(workspace, act).vat
    refused = tax.vat_invoice_refusal(workspace.agency.model.legal.country, vat.mode, vat.regime)
    if refused is not None:
        if kind == "vat_invoice" or workspace.agency.model.legal.country != "RU":
            raise UsageProblem(f"--act: act {act_number}: {refused}")
        status = 2  # a передаточный документ only: the sale has no счёт-фактура
    number = _next_number(workspace, kind, act.project_id, on)
    folder = root / PROJECTS_DIR / act.project_id / FOLDERS[kind]
    path = folder / f"{number.replace('/', '-')}.yaml"
    text = [
        kind_schema_comment(root, path, kind),
        f"kind: {kind}",
        f"number: {json.dumps(number)}",
        f"date: {max(on, act.model.date).isoformat()}",
        f"act: {json.dumps(act_number)}",
    ]
    if kind == "upd":
        comment = (
            "счёт-фактура and передаточный документ"
            if status == 1
            else f"передаточный документ only: {refused}"
        )
        text.append(f"status: {status}   # {comment}")
    if path.exists():  # a file, or anything else, already there: never written over
        raise AgencyDocsError(f"{path.relative_to(root).as_posix()} already exists")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:  # "x": never over an existing file
            file.write("\n".join(text) + "\n")
    except FileExistsError:
        raise AgencyDocsError(f"{path.relative_to(root).as_posix()} already exists") from None
    return path, number
