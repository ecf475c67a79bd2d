"""``new`` starters of the billing and collection kinds: adapters of their writers to one interface.

Each takes a :class:`NewRequest` and returns a :class:`NewResult`; the
writers themselves (``new.py``'s ``new_document``, ``new_credit_note``,
``new_dunning``, ``new_contract``, ``new_documents.py``) keep their own
signatures, which tests and other commands call.
"""

from __future__ import annotations

from agencydocs.commands.new_request import NewRequest, NewResult
from agencydocs.errors import UsageProblem
from agencydocs.kinds.base import load


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


def start_credit_note(request: NewRequest) -> NewResult:
    from agencydocs.commands.new_credit_note import new_credit_note

    path, number = new_credit_note(request.root, request.invoice, on=request.on)
    return NewResult(path, number)


def start_collection(request: NewRequest) -> NewResult:
    """A reminder or a claim to ``--client``, listing its overdue invoices."""
    from agencydocs.commands.new_dunning import new_collection_document

    if request.client is None:
        raise UsageProblem(f"a {request.kind} is written to a client: --client ID")
    created = new_collection_document(request.root, request.kind, request.client, on=request.on)
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


def start_minutes(request: NewRequest) -> NewResult:
    """Meeting minutes of ``--project`` (``commands/new_minutes.py``, where that kind is registered)."""
    new_minutes = load("agencydocs.commands.new_minutes:new_minutes")
    created = new_minutes(request.root, _project(request), on=request.on)
    return NewResult(created.path, created.number)


def start_transfer(request: NewRequest) -> NewResult:
    """An УПД or a счёт-фактура of ``--act`` (``commands/new_upd.py``); its project is the act's."""
    from agencydocs.commands.new_upd import new_transfer_document

    path, number = new_transfer_document(request.root, request.kind, request.act, on=request.on)
    return NewResult(path, number)


def start_letter(request: NewRequest) -> NewResult:
    """A letter to ``--client`` (``commands/new_letter.py``, where that kind is registered)."""
    new_letter = load("agencydocs.commands.new_letter:new_letter")
    created = new_letter(
        request.root,
        request.client,  # None: the project's client
        project_id=request.project,
        on=request.on,
        attachments=request.attachments,
    )
    return NewResult(created.path, created.number)


def _project(request: NewRequest) -> str:
    """``--project``, required; the writers check that it names a project."""
    if request.project is None:
        raise UsageProblem(f"a {request.kind} belongs to a project: --project ID")
    return request.project
