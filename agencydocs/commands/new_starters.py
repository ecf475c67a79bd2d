"""``new`` starters of invoices, acts and contracts from a proposal: adapters of their writers to one interface.

Each takes a :class:`NewRequest` and returns a :class:`NewResult`; the
writers themselves (``new.py``'s ``new_document``, ``new_contract``) keep
their own signatures, which other commands call. The other kinds' starters
are in their ``new_<kind>.py`` modules and build only their document's lines.
"""

from __future__ import annotations

from agencydocs.commands.new_request import NewRequest, NewResult
from agencydocs.errors import UsageProblem


def start_invoice(request: NewRequest) -> NewResult:
    from agencydocs.commands.new import new_document

    if request.with_time and request.period is None:
        raise UsageProblem("--with-time needs --period: the month whose hours to bill")
    created = new_document(
        request.root,
        "invoice",
        _project(request),
        on=request.on,
        period=request.period,
        with_time=request.with_time,
    )
    return NewResult(created.path, created.number)


def start_act(request: NewRequest) -> NewResult:
    from agencydocs.commands.new import new_document

    created = new_document(request.root, "act", _project(request), on=request.on, invoice=request.invoice)
    return NewResult(created.path, created.number)


def start_contract(request: NewRequest) -> NewResult:
    """From the option of a proposal the client chose, else from the project's milestones or fees."""
    if request.from_proposal is None and request.option is None:
        from agencydocs.commands.new_documents import start_contract_from_project

        return start_contract_from_project(request)
    if request.from_proposal is None or request.option is None:
        raise UsageProblem("a contract from a proposal needs both --from-proposal FILE and --option ID")
    from agencydocs.commands.new_contract import contract_from_proposal

    created = contract_from_proposal(request.root, request.from_proposal, request.option, on=request.on)
    notes = []
    if created.added_milestones:
        notes.append(f"added milestones to project.yaml: {', '.join(created.added_milestones)}")
    warnings = [
        f"contract {number} lists no milestones, so its scope now includes the new ones; "
        "list its milestones to keep it as it was"
        for number in created.widened
    ]
    warnings += [
        f"milestone {m} keeps the price in project.yaml, not the proposal's" for m in created.kept_prices
    ]
    return NewResult(created.path, created.number, tuple(notes), tuple(warnings))


def _project(request: NewRequest) -> str:
    """``--project``, required; the writers check that it names a project."""
    if request.project is None:
        raise UsageProblem(f"a {request.kind} belongs to a project: --project ID")
    return request.project
