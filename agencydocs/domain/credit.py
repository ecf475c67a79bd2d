"""The figures of a credit note, computed by the rules of the invoice it corrects.

A credit note reduces an issued invoice: some units of a line, an amount off
a line, or an amount off the whole invoice. Each reduction becomes a line for
the money engine with the invoice line's unit price and VAT rate, and the
totals are computed by :func:`money.compute_totals` under the invoice's
terms (currency, VAT regime, prices with or without VAT), decided by
``domain/terms.py``: the credit note never decides VAT itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from agencydocs.domain import money
from agencydocs.domain.billing import line_input
from agencydocs.domain.terms import Terms, terms
from agencydocs.models import Project
from agencydocs.models.base import LocalizedName, LocalizedText
from agencydocs.models.documents import CreditLine, CreditNote, Invoice
from agencydocs.models.documents import Line as LineModel
from agencydocs.workspace import SourceDocument, Workspace


@dataclass(frozen=True)
class CreditItem:
    """One reduction: the invoice line it takes from (1-based, 0 for the whole invoice) and its money input."""

    invoice_line: int
    description: LocalizedText | None
    unit: LocalizedName | None
    input: money.LineInput


def credit_note_of(source: SourceDocument) -> CreditNote:
    assert isinstance(source.model, CreditNote), "only credit notes are computed here"
    return source.model


def credited_invoice(workspace: Workspace, source: SourceDocument) -> SourceDocument | None:
    """The invoice a credit note corrects, if the workspace has it."""
    found = workspace.document("invoice", credit_note_of(source).invoice)
    return found if found is not None and isinstance(found.model, Invoice) else None


def invoice_terms(workspace: Workspace, source: SourceDocument) -> Terms:
    """The terms of the credited invoice: its currency and VAT regime are the credit note's."""
    invoice = credited_invoice(workspace, source)
    assert invoice is not None, "check guarantees a credit note's invoice exists"
    return terms(workspace, invoice)


def find_invoice_line(invoice: Invoice, line: CreditLine) -> int | None:
    """The 0-based index of the invoice line a credit line names, or None when there is none."""
    if line.line is not None:
        return line.line - 1 if line.line <= len(invoice.lines) else None
    for index, billed in enumerate(invoice.lines):
        if billed.milestone == line.milestone:
            return index
    return None


def credit_items(workspace: Workspace, source: SourceDocument) -> list[CreditItem]:
    """The reductions of a checked credit note, as lines priced like the invoice's."""
    note = credit_note_of(source)
    invoice_source = credited_invoice(workspace, source)
    assert invoice_source is not None and isinstance(invoice_source.model, Invoice)
    invoice = invoice_source.model
    project = workspace.projects[invoice_source.project_id].model
    decided = terms(workspace, invoice_source)
    if note.lines is None:
        assert note.amount is not None
        whole = money.LineInput(Decimal(1), note.amount, decided.vat.rate)
        return [CreditItem(0, note.reason, None, whole)]
    items = []
    for line in note.lines:
        index = find_invoice_line(invoice, line)
        assert index is not None, "check guarantees each credit line names an invoice line"
        billed = invoice.lines[index]
        priced = line_input(workspace, invoice_source, decided, billed)
        if line.qty is not None:
            reduced = money.LineInput(line.qty, priced.unit_price, priced.vat_rate)
            unit = billed.unit
        else:
            assert line.amount is not None
            reduced = money.LineInput(Decimal(1), line.amount, priced.vat_rate)
            unit = None
        items.append(CreditItem(index + 1, line.description or described(project, billed), unit, reduced))
    return items


def described(project: Project, billed: LineModel) -> LocalizedText | None:
    """What an invoice line says it bills: its description, or its milestone's title."""
    if billed.description is not None or billed.milestone is None:
        return billed.description
    milestone = project.milestone(billed.milestone)
    return milestone.title if milestone is not None else None


def credit_totals(workspace: Workspace, source: SourceDocument) -> money.Totals:
    """The totals a credit note prints and the ledger credits: net, VAT by the invoice's regime, total."""
    assert workspace.agency is not None
    decided = invoice_terms(workspace, source)
    return money.compute_totals(
        [item.input for item in credit_items(workspace, source)],
        decided.currency,
        vat_mode=decided.vat.mode,
        rounding=workspace.agency.model.rounding,
        prices_include_vat=decided.prices_include_vat,
    )


def credit_notes_of(workspace: Workspace, invoice_number: str) -> Iterator[SourceDocument]:
    """The credit notes citing an invoice, void ones included, in workspace order."""
    for source in workspace.documents_of("credit_note"):
        if isinstance(source.model, CreditNote) and source.model.invoice == invoice_number:
            yield source


def counts_on(note: CreditNote, as_of: date | None) -> bool:
    """Whether a credit note reduces its invoice on ``as_of`` (all dates when None): not void, dated by then."""
    return note.void is None and (as_of is None or note.date <= as_of)
