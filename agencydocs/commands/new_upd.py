"""``new upd|vat_invoice --act N [--status 1|2]``: start an УПД or a счёт-фактура for the services of an act.

The project is the act's; the file cites the act and nothing else, since
the lines, parties and totals are the act's. It is written only when the
sale allows it (an УПД of status 1 and a счёт-фактура need a sale Russian
VAT taxes, domain/tax.py): an export or a sale without VAT gets a status 2
УПД instead, said in the command's message. One sale has one счёт-фактура:
a second one (a ``vat_invoice`` or an УПД of status 1, while one of either is
not void, ``domain.transfer.vat_invoices_of``) is refused, naming the file
there; ``--status 2`` writes the передаточный документ that may accompany it.
"""

from __future__ import annotations

from agencydocs.commands.new_request import NewRequest, NewResult, quote, write_new
from agencydocs.domain import tax, transfer
from agencydocs.errors import AgencyDocsError, UsageProblem
from agencydocs.models.documents import Act
from agencydocs.workspace import SourceDocument

FOLDERS = {"upd": "upds", "vat_invoice": "vat_invoices"}
NAMES = {"upd": "an УПД", "vat_invoice": "a счёт-фактура"}


def start_transfer(request: NewRequest) -> NewResult:
    """Write an ``upd`` or a ``vat_invoice`` (the request's kind) for ``--act``, in the act's project."""
    kind = request.kind
    if request.act is None:
        raise UsageProblem(f"{NAMES[kind]} states an act: pass --act NUMBER")
    act = request.numbered("act", request.act, "--act")
    assert isinstance(act.model, Act)
    if act.model.void is not None:
        raise UsageProblem(f"--act: act {request.act} is void ({act.model.void})")
    status, refused = _status(request, act)
    if status == 1:
        _refuse_second_vat_invoice(request, act)
    number = request.next_number(act.project_id)
    path = request.document_path(FOLDERS[kind], number, act.project_id)
    lines = [*request.header(path, number, on=max(request.on, act.model.date)), f"act: {quote(request.act)}"]
    if kind == "upd":
        comment = (
            "счёт-фактура and передаточный документ"
            if status == 1
            else f"передаточный документ only: {refused or 'the счёт-фактура is issued apart'}"
        )
        lines.append(f"status: {status}   # {comment}")
    write_new(request.root, path, lines)
    return NewResult(path, number)


def _status(request: NewRequest, act: SourceDocument) -> tuple[int, str | None]:
    """The document's status (a счёт-фактура is 1) and why the sale has no счёт-фактура, if it has none."""
    workspace = request.checked
    assert workspace.agency is not None, "check passed, so agency.yaml is valid"
    country = workspace.agency.model.legal.country
    vat = transfer.act_terms(workspace, act).vat
    refused = tax.vat_invoice_refusal(country, vat.mode, vat.regime)
    if request.status == 2:
        if country != "RU":
            raise UsageProblem("--status 2: an УПД is a Russian primary document; the agency is not Russian")
        return 2, refused
    if refused is not None:
        if request.kind == "vat_invoice" or country != "RU" or request.status == 1:
            flag = "--status 1" if request.status == 1 else "--act"
            raise UsageProblem(f"{flag}: act {request.act}: {refused}")
        return 2, refused  # a передаточный документ only: the sale has no счёт-фактура
    return 1, None


def _refuse_second_vat_invoice(request: NewRequest, act: SourceDocument) -> None:
    """Exit 1 when the act's sale has its счёт-фактура already: a second one would invoice it twice."""
    existing = transfer.vat_invoices_of(request.checked, request.act or "")
    if not existing:
        return
    first = existing[0]
    remedy = "void it first if this one is to replace it"
    if request.kind == "upd":
        remedy = f"pass --status 2 for a передаточный документ without счёт-фактура, or {remedy}"
    raise AgencyDocsError(
        f"act {request.act} already has a счёт-фактура: {first.kind} {getattr(first.model, 'number', '')} "
        f"({first.file.display}); one sale has one счёт-фактура: {remedy}"
    )
