"""``new credit_note --invoice N``: start a credit note correcting an issued invoice.

The project is the invoice's; the file lists the invoice's lines in a
comment and starts with one line to reduce, so the user edits amounts
rather than looks up line numbers.
"""

from __future__ import annotations

from agencydocs.commands.new_request import NewRequest, NewResult, fill, quote, write_new
from agencydocs.domain.billing import line_input
from agencydocs.domain.credit import described
from agencydocs.domain.terms import terms
from agencydocs.errors import UsageProblem
from agencydocs.models.base import localize
from agencydocs.models.documents import Invoice


def start_credit_note(request: NewRequest) -> NewResult:
    """Write a credit note for ``--invoice``, in the invoice's project."""
    if request.invoice is None:
        raise UsageProblem("a credit note corrects an invoice: pass --invoice NUMBER")
    source = request.numbered("invoice", request.invoice, "--invoice")
    invoice = source.model
    assert isinstance(invoice, Invoice)
    if invoice.issued is None:
        raise UsageProblem(f"--invoice: invoice {request.invoice} is a draft (no `issued:`); edit it instead")
    workspace = request.checked
    project = workspace.projects[source.project_id].model
    decided = terms(workspace, source)
    number = request.next_number(source.project_id)
    path = request.document_path("credit_notes", number, source.project_id)
    listing = [
        f"#   line {index}: {localize(described(project, line), decided.language) or line.milestone} — "
        f"{line.qty} × {line_input(workspace, source, decided, line).unit_price} {decided.currency}"
        for index, line in enumerate(invoice.lines, start=1)
    ]
    lines = [
        *request.header(path, number, on=max(request.on, invoice.date)),
        f"invoice: {quote(request.invoice)}",
        f"reason: {fill('why the price is reduced')}",
        f"# The lines of invoice {request.invoice}; reduce one by `qty` (units off) or `amount` (money off),",
        "# or replace `lines:` by `amount:` to take an amount off the whole invoice:",
        *listing,
        "lines:",
        "  - line: 1",
        f"    amount: {fill('the amount taken off the line, e.g. 1000.00')}",
    ]
    write_new(request.root, path, lines)
    return NewResult(path, number)
