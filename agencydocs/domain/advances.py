"""Advance and final invoices of a stage (#13 item 4): what an advance bills, what a final invoice deducts.

An invoice line ``{milestone: backend, advance: 30}`` bills 30% of the stage
price as the contract and its addenda dated on or before the invoice fix it;
``advance: contract`` takes the percent from the contract's payment schedule
(``advance`` and ``payments`` of the contract, changed by its addenda's
``payments``: the same :class:`~agencydocs.domain.scope.ScopeItem` the
contract prints in its schedule). An invoice that bills the stage itself (a
milestone line without ``advance``) is the stage's final invoice: it bills
the full price and deducts each advance invoiced before it (by date, then
number), with the VAT that advance charged.

Russian VAT practice, which the figures follow: the seller charges VAT on an
advance when it is received (пп. 2 п. 1 ст. 167, п. 1 ст. 154 НК РФ, at the
estimated rate 22/122 of п. 4 ст. 164 НК РФ, which is the 22% on top an
advance invoice prints) and issues an advance счёт-фактура (п. 3 ст. 168 НК РФ);
when the stage is delivered, VAT is charged on its full price and the VAT
of the advance is deducted (п. 8 ст. 171, п. 6 ст. 172 НК РФ). So the final
invoice prints the stage's full price and VAT, then "Зачёт аванса по счёту
№ … от …" for the advance with its VAT, and the client pays the difference.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import cast

from agencydocs.domain import money, scope
from agencydocs.domain.terms import billing_model
from agencydocs.models import Project
from agencydocs.models.documents import BillingDocument, Contract, Invoice
from agencydocs.models.documents.addendum import Addendum
from agencydocs.models.documents.common import Line
from agencydocs.workspace import SourceDocument, Workspace


@dataclass(frozen=True)
class Stage:
    """A stage's price and advance percent as the contract (and its addenda by the date) fix them."""

    price: Decimal
    advance: Decimal  # percent; 0 when the contract fixes none
    contract: str | None  # the contract's number; None: the project's price, no schedule


@dataclass(frozen=True)
class AdvanceBilled:
    """An advance line of an earlier invoice, deducted by a final invoice of its stage."""

    source: SourceDocument
    index: int  # the line's index in that invoice

    @property
    def invoice(self) -> Invoice:
        return cast(Invoice, self.source.model)


def stage(workspace: Workspace, source: SourceDocument, milestone_id: str) -> Stage | None:
    """The stage a document's milestone line bills, on the document's date; None: no such milestone."""
    document = source.model
    assert isinstance(document, BillingDocument)
    project = workspace.projects[source.project_id].model
    milestone = project.milestone(milestone_id)
    if milestone is None:
        return None
    contract_doc = workspace.document("contract", document.contract)
    if contract_doc is None or contract_doc.project_id != source.project_id:
        return Stage(milestone.price, Decimal(0), None)
    contract = cast(Contract, contract_doc.model)
    if billing_model(contract, project) == "monthly":
        return Stage(milestone.price, Decimal(0), contract.number)
    addenda = [a for a in scope.addenda_of(workspace, contract.number) if _dated(a) <= document.date]
    if not _addenda_resolve(addenda, project):
        return None  # an addendum names an unknown milestone: reported on the addendum
    items = scope.scope_until(workspace, contract_doc, addenda[-1] if addenda else None)
    item = next((i for i in items if i.key == milestone_id), None)
    if item is None:
        return Stage(milestone.price, Decimal(0), contract.number)
    return Stage(item.price, item.advance, contract.number)


def advance_percent(line: Line, stage_: Stage) -> Decimal:
    """The percent an advance line bills: its own, or the contract's schedule (0: the contract fixes none)."""
    return stage_.advance if line.advance == "contract" else cast(Decimal, line.advance)


def advance_amount(
    line: Line, stage_: Stage, currency: str, rounding: money.RoundingMode = "half-up"
) -> Decimal:
    """The amount an advance line bills: its percent of the stage price, rounded as the schedule rounds it."""
    percent = advance_percent(line, stage_)
    return money.split_advance(stage_.price, percent, currency, rounding)[0]


def advances_before(workspace: Workspace, source: SourceDocument, milestone_id: str) -> list[AdvanceBilled]:
    """The advance lines on a stage of the project's invoices dated before this one (then by number).

    Void invoices count nowhere; the document itself is never its own advance.
    """
    document = source.model
    assert isinstance(document, BillingDocument)
    found: list[AdvanceBilled] = []
    for other in workspace.documents_of("invoice", source.project_id):
        invoice = other.model
        if other is source or not isinstance(invoice, Invoice) or invoice.void is not None:
            continue
        if (invoice.date, invoice.number) >= (document.date, document.number):
            continue
        found += [
            AdvanceBilled(other, index)
            for index, line in enumerate(invoice.lines)
            if line.milestone == milestone_id and line.advance is not None
        ]
    return sorted(found, key=lambda a: (a.invoice.date, a.invoice.number, a.index))


def advances_only(invoice: Invoice) -> bool:
    """An invoice of advances only: it bills no stage yet, and no act closes it (the final invoice's does)."""
    return all(line.advance is not None for line in invoice.lines)


def final_stages(document: BillingDocument) -> list[str]:
    """The stages an invoice bills in full (milestone lines without ``advance``), each once, in line order.

    Acts bill the work done, so they deduct nothing: only invoices are finals.
    """
    if not isinstance(document, Invoice):
        return []
    stages: list[str] = []
    for line in document.lines:
        if line.milestone is not None and line.advance is None and line.milestone not in stages:
            stages.append(line.milestone)
    return stages


def _dated(addendum: SourceDocument) -> date:
    return cast(Addendum, addendum.model).date


def _addenda_resolve(addenda: list[SourceDocument], project: Project) -> bool:
    known = {m.id for m in project.milestones}
    for addendum in addenda:
        model = cast(Addendum, addendum.model)
        named = [i.milestone for i in model.add if i.milestone] + list(model.remove)
        if not all(m in known for m in named):
            return False
    return True
