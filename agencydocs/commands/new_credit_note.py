"""``new credit_note --invoice N``: start a credit note correcting an issued invoice.

The project is the invoice's; the file lists the invoice's lines in a
comment and starts with one line to reduce, so the user edits amounts
rather than looks up line numbers.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from agencydocs.commands.check import check
from agencydocs.commands.new_request import fill, write_new
from agencydocs.commands.schema import kind_schema_comment
from agencydocs.domain.billing import line_input
from agencydocs.domain.credit import described
from agencydocs.domain.terms import terms
from agencydocs.errors import InvalidInput, UsageProblem
from agencydocs.models.base import localize
from agencydocs.models.documents import Invoice
from agencydocs.suggestions import unknown_id_message
from agencydocs.workspace import PROJECTS_DIR

KIND = "credit_note"


def new_credit_note(root: Path, invoice_number: str | None, *, on: date) -> tuple[Path, str]:
    """Write a credit note for ``invoice_number``; return its path and number."""
    from agencydocs.commands.new import _next_number

    if invoice_number is None:
        raise UsageProblem("a credit note corrects an invoice: pass --invoice NUMBER")
    result = check(root)
    if result.errors:
        raise InvalidInput("fix the workspace first", result.problems)
    workspace = result.workspace
    invoices = workspace.numbered("invoice")
    source = invoices.get(invoice_number)
    if source is None or not isinstance(source.model, Invoice):
        raise UsageProblem(f"--invoice: {unknown_id_message('invoice', invoice_number, invoices)}")
    invoice = source.model
    if invoice.issued is None:
        raise UsageProblem(f"--invoice: invoice {invoice_number} is a draft (no `issued:`); edit it instead")
    project = workspace.projects[source.project_id].model
    decided = terms(workspace, source)
    number = _next_number(workspace, KIND, source.project_id, on)
    folder = root / PROJECTS_DIR / source.project_id / "credit_notes"
    path = folder / f"{number.replace('/', '-')}.yaml"
    listing = [
        f"#   line {index}: {localize(described(project, line), decided.language) or line.milestone} — "
        f"{line.qty} × {line_input(workspace, source, decided, line).unit_price} {decided.currency}"
        for index, line in enumerate(invoice.lines, start=1)
    ]
    text = [
        kind_schema_comment(root, path, KIND),
        f"kind: {KIND}",
        f"number: {json.dumps(number)}",
        f"date: {max(on, invoice.date).isoformat()}",
        f"invoice: {json.dumps(invoice_number)}",
        f"reason: {fill('why the price is reduced')}",
        f"# The lines of invoice {invoice_number}; reduce one by `qty` (units off) or `amount` (money off),",
        "# or replace `lines:` by `amount:` to take an amount off the whole invoice:",
        *listing,
        "lines:",
        "  - line: 1",
        f"    amount: {fill('the amount taken off the line, e.g. 1000.00')}",
    ]
    write_new(root, path, text)
    return path, number
