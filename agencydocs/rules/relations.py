"""Relations and order between documents that cite each other (#13 item 5).

An act closes an invoice of its own project, in the invoice's currency; an
invoice is closed by one act, or by partial acts whose lines together do not
exceed it; an invoice or act names the contract its project has; nothing is
dated before the contract it cites; a specification a contract annexes is
dated on or before the contract. Every message names the other file with
its line, so that the reader can open both.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from agencydocs.domain.ledger import client_of
from agencydocs.domain.terms import terms
from agencydocs.models import Project
from agencydocs.models.documents import Act, BillingDocument, Contract, Invoice
from agencydocs.models.documents.common import Line
from agencydocs.reading.loading import Loc
from agencydocs.rules.base import RuleContext
from agencydocs.workspace import SourceDocument


def where(document: SourceDocument, loc: Loc = ("number",)) -> str:
    """``file:line`` of a field of another document, for messages that name two files."""
    line, _ = document.file.position(loc)
    return f"{document.file.display}:{line}"


def check_billing_relations(checker: RuleContext, document: SourceDocument) -> None:
    """An invoice or act against its contract, and an act against its invoice."""
    model = document.model
    assert isinstance(model, BillingDocument)
    contract = _cited_contract(checker, document)
    if contract is not None:
        _check_contract_relation(checker, document, contract)
    elif (
        model.contract is None
        and _project_contracts(checker, document.project_id)
        and not _invoice_names_contract(checker, model)
    ):
        _report_missing_contract(checker, document)
    if isinstance(model, Act) and model.invoice is not None:
        invoice = checker.ws.document("invoice", model.invoice)
        if invoice is not None:
            _check_act_invoice(checker, document, invoice)


def check_contract_relations(checker: RuleContext, document: SourceDocument) -> None:
    """A contract's specification is an annex: it cannot be dated after the contract."""
    contract = document.model
    assert isinstance(contract, Contract)
    spec = checker.ws.document("spec", contract.spec)
    if spec is None:
        return  # an unknown spec is reported by the contract rules
    spec_date = getattr(spec.model, "date", None)
    if spec_date is not None and spec_date > contract.date:
        checker.report(
            document.file,
            ("spec",),
            f"spec {contract.spec} is dated {spec_date} ({where(spec, ('date',))}), after this contract "
            f"({contract.date}); an annex is signed with its contract or before it",
        )


def _cited_contract(checker: RuleContext, document: SourceDocument) -> SourceDocument | None:
    number = getattr(document.model, "contract", None)
    return checker.ws.document("contract", number)


def _project_contracts(checker: RuleContext, project_id: str) -> list[SourceDocument]:
    return [d for d in checker.ws.numbered("contract").values() if d.project_id == project_id]


def _invoice_names_contract(checker: RuleContext, model: BillingDocument) -> bool:
    """An act without ``contract:`` follows its invoice's."""
    if not isinstance(model, Act):
        return False
    invoice = checker.ws.document("invoice", model.invoice)
    return invoice is not None and getattr(invoice.model, "contract", None) is not None


def _report_missing_contract(checker: RuleContext, document: SourceDocument) -> None:
    contracts = _project_contracts(checker, document.project_id)
    numbers = ", ".join(f"{c.model.number} ({where(c)})" for c in contracts)  # type: ignore[attr-defined]
    checker.report(
        document.file,
        ("contract",),
        f"names no contract, but its project has {numbers}; add contract: so that its terms apply",
        "warning",
    )


def _check_contract_relation(
    checker: RuleContext, document: SourceDocument, contract: SourceDocument
) -> None:
    model = document.model
    assert isinstance(model, BillingDocument) and isinstance(contract.model, Contract)
    if contract.project_id != document.project_id:
        checker.report(
            document.file,
            ("contract",),
            f"contract {contract.model.number} ({where(contract)}) belongs to project "
            f'"{contract.project_id}", not to this document\'s project "{document.project_id}"',
        )
    elif model.vat is not None and model.vat != (agreed := terms(checker.ws, contract).vat).mode:
        checker.report(
            document.file,
            ("vat",),
            f"vat: {model.vat} differs from {agreed.mode} ({agreed.regime}) that contract "
            f"{contract.model.number} applies ({where(contract)}); a document follows its contract's VAT regime",
        )
    if isinstance(model, Invoice) and contract.project_id == document.project_id:
        _check_due(checker, document, contract)
    if contract.project_id == document.project_id and model.date < contract.model.date:
        checker.report(
            document.file,
            ("date",),
            f"{model.kind} is dated {model.date}, before the contract it cites "
            f"({contract.model.number} of {contract.model.date}, {where(contract, ('date',))})",
        )


def _check_due(checker: RuleContext, document: SourceDocument, contract: SourceDocument) -> None:
    """An explicit ``due`` that the contract's payment terms do not give is a warning naming the clause."""
    invoice = document.model
    assert isinstance(invoice, Invoice)
    payment = terms(checker.ws, document).payment
    if invoice.due is None or payment.agreed_due is None or invoice.due == payment.agreed_due:
        return
    kind = "business" if payment.business_days else "calendar"
    checker.report(
        document.file,
        ("due",),
        f"due {invoice.due} differs from {payment.agreed_due}, {payment.days} {kind} days from the "
        f"{payment.from_event} as contract {payment.contract} fixes ({where(contract, ('payment_days',))}); "
        "remove due to follow the contract",
        "warning",
    )


def _check_act_invoice(checker: RuleContext, act_doc: SourceDocument, invoice_doc: SourceDocument) -> None:
    act, invoice = act_doc.model, invoice_doc.model
    assert isinstance(act, Act) and isinstance(invoice, Invoice)
    if invoice_doc.project_id != act_doc.project_id:
        checker.report(
            act_doc.file,
            ("invoice",),
            f"invoice {invoice.number} ({where(invoice_doc)}) belongs to project "
            f'"{invoice_doc.project_id}"; an act closes an invoice of its own project "{act_doc.project_id}"',
        )
        return
    act_currency = terms(checker.ws, act_doc).currency
    invoice_currency = terms(checker.ws, invoice_doc).currency
    if act_currency != invoice_currency:
        checker.report(
            act_doc.file,
            ("currency",),
            f"act is in {act_currency}, its invoice {invoice.number} ({where(invoice_doc)}) in {invoice_currency}",
        )
        return
    _check_acts_of_invoice(checker, act_doc, invoice_doc)


def _check_acts_of_invoice(
    checker: RuleContext, act_doc: SourceDocument, invoice_doc: SourceDocument
) -> None:
    """One act per invoice, or partial acts (with lines) that together stay within it.

    Reported on every act after the first (in workspace order) that breaks it.
    """
    invoice = invoice_doc.model
    assert isinstance(invoice, Invoice)
    acts = [
        d
        for d in checker.ws.documents_of("act", act_doc.project_id)
        if isinstance(d.model, Act) and d.model.invoice == invoice.number
    ]
    position = acts.index(act_doc)
    if position == 0:
        return
    earlier = acts[:position]
    whole = [d for d in acts[: position + 1] if getattr(d.model, "lines", None) is None]
    if whole:
        other = earlier[0] if whole[0] is act_doc else whole[0]
        checker.report(
            act_doc.file,
            ("invoice",),
            f"invoice {invoice.number} is already closed by act {other.model.number} ({where(other)}); "  # type: ignore[attr-defined]
            "one act per invoice, or partial acts with lines",
        )
        return
    project = checker.ws.projects.get(act_doc.project_id)
    if project is None:
        return
    billed = _net(invoice.lines, project.model)
    acted = sum((_net(d.model.lines or [], project.model) for d in acts[: position + 1]), Decimal(0))  # type: ignore[attr-defined]
    if acted > billed:
        others = ", ".join(f"act {d.model.number} ({where(d)})" for d in earlier)  # type: ignore[attr-defined]
        checker.report(
            act_doc.file,
            ("lines",),
            f"with {others} the acts of invoice {invoice.number} ({where(invoice_doc)}) come to "
            f"{acted:.2f}, more than its {billed:.2f}",
        )


def _net(lines: list[Line], project: Project) -> Decimal:
    """Lines before VAT: quantity x price (the milestone's when the line has none) less discount."""
    total = Decimal(0)
    for line in lines:
        milestone = project.milestone(line.milestone or "")
        price = line.price if line.price is not None else (milestone.price if milestone else Decimal(0))
        total += line.qty * price - (line.discount or Decimal(0))
    return total


def cited_of_same_client(
    checker: RuleContext,
    document: SourceDocument,
    field: str,
    number: str,
    *,
    other_client: str,
    void: str,
    refusal: Callable[[SourceDocument], str] | None = None,
) -> SourceDocument | None:
    """The document ``field`` cites by ``number`` (``field`` is its kind: act, invoice) if it exists,
    is of the same client, is not void and ``refusal`` finds nothing wrong with it; else None, with
    one problem at ``field`` (an unknown number with the close ones).

    ``other_client`` is the message for another client's document (with ``{theirs}`` and ``{ours}``),
    ``void`` what its being void means; each message names the cited file and line.
    """
    known = checker.ws.numbered(field)
    if not checker.reference(document.file, (field,), field, number, known):
        return None
    cited = known[number]
    ours, theirs = client_of(checker.ws, document), client_of(checker.ws, cited)
    voided = getattr(cited.model, "void", None)
    problem = ""
    if ours != theirs:
        problem = other_client.format(theirs=theirs, ours=ours)
    elif voided is not None:
        problem = f"is void ({voided}); {void}"
    elif refusal is not None:
        problem = refusal(cited)
    if problem:
        checker.report(
            document.file,
            (field,),
            f"{field} {number} ({where(cited)}) {problem}",
            related=[(cited.file, ("number",))],
        )
        return None
    return cited
