"""The figures of an invoice or act, computed once: its lines, their prices and VAT rates, its totals.

The billing resolver formats these; the ledger (payments, receivables) adds
them up. Both ask here, so what an invoice prints and what it is owed agree.
A final invoice's totals are net of the advances invoiced before it
(:mod:`agencydocs.domain.advances`): what the client still owes.
"""

from __future__ import annotations

from decimal import Decimal

from agencydocs.domain import advances, money
from agencydocs.domain.terms import Terms, terms
from agencydocs.models import Project
from agencydocs.models.documents import Act, BillingDocument, Invoice
from agencydocs.models.documents import Line as LineModel
from agencydocs.workspace import SourceDocument, Workspace


def invoice_of(workspace: Workspace, document: BillingDocument) -> Invoice | None:
    """The invoice an act closes, or None."""
    if not isinstance(document, Act):
        return None
    found = workspace.document("invoice", document.invoice)
    return found.model if found is not None and isinstance(found.model, Invoice) else None


def effective_lines(workspace: Workspace, document: BillingDocument) -> list[LineModel]:
    """An act without lines repeats its invoice's lines: nothing is typed twice."""
    lines = getattr(document, "lines", None)
    if lines is None:
        invoice = invoice_of(workspace, document)
        assert invoice is not None, "check guarantees an act has lines or an invoice"
        lines = invoice.lines
    return list(lines)


def line_input(
    workspace: Workspace, source: SourceDocument, decided: Terms, line: LineModel
) -> money.LineInput:
    """A line for the money engine: a milestone line takes the milestone's price, an advance line
    its share of the stage price, a line without a rate the rate of the document's VAT regime."""
    project: Project = workspace.projects[source.project_id].model
    price = line.price
    if line.advance is not None:
        stage = advances.stage(workspace, source, line.milestone or "")
        assert stage is not None and workspace.agency is not None, "check guarantees the stage resolves"
        price = advances.advance_amount(line, stage, decided.currency, workspace.agency.model.rounding)
    elif price is None:
        milestone = project.milestone(line.milestone or "")
        assert milestone is not None, "check guarantees milestones resolve"
        price = milestone.price
    rate = line.vat_rate if line.vat_rate is not None else decided.vat.rate
    return money.LineInput(line.qty, price, rate, line.discount or Decimal(0))


def lines_totals(workspace: Workspace, source: SourceDocument) -> money.Totals:
    """The totals of a document's own lines, before any advance is deducted."""
    document = source.model
    assert isinstance(document, BillingDocument), "only invoices and acts have billing totals"
    assert workspace.agency is not None
    decided = terms(workspace, source)
    return money.compute_totals(
        [line_input(workspace, source, decided, line) for line in effective_lines(workspace, document)],
        decided.currency,
        vat_mode=decided.vat.mode,
        rounding=workspace.agency.model.rounding,
        prices_include_vat=decided.prices_include_vat,
    )


def deducted_advances(
    workspace: Workspace, source: SourceDocument
) -> list[tuple[advances.AdvanceBilled, money.Deduction]]:
    """The advances a final invoice deducts, stage by stage in line order, with their figures.

    Each is the advance line as its own invoice billed it, VAT as that invoice charged it.
    """
    document = source.model
    assert isinstance(document, BillingDocument)
    assert workspace.agency is not None
    found = []
    for stage in advances.final_stages(document):
        for billed in advances.advances_before(workspace, source, stage):
            decided = terms(workspace, billed.source)
            amount = lines_totals(workspace, billed.source).lines[billed.index]
            deduction = money.advance_deduction(
                amount,
                decided.currency,
                vat_mode=decided.vat.mode,
                rounding=workspace.agency.model.rounding,
                prices_include_vat=decided.prices_include_vat,
            )
            found.append((billed, deduction))
    return found


def billing_totals(workspace: Workspace, source: SourceDocument) -> money.Totals:
    """The totals an invoice or act prints (and the ledger counts): a final invoice's net of its advances."""
    totals = lines_totals(workspace, source)
    return money.deduct(totals, [deduction for _, deduction in deducted_advances(workspace, source)])
