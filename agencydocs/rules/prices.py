"""Prices from the contract (#13 item 3): an invoice or act bills what its contract fixes.

A milestone line bills the milestone's price as the contract and its addenda
dated on or before the document fix it (``domain/scope.py``); on a monthly
contract a milestone is a monthly fee at the project's price. A line typed
in full is priced by the contract when it has the description of one of the
contract's fees (its price must then be the fee's), or when its price is one
the contract fixes (a fee, an hourly rate of the project, a monthly fee).
A price that differs is an error naming both files and both figures; a line
the contract does not price is a warning (an error with ``--strict``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from agencydocs.domain import advances, scope
from agencydocs.domain.terms import billing_model, terms
from agencydocs.models import Project
from agencydocs.models.base import localize
from agencydocs.models.documents import BillingDocument, Contract, Invoice
from agencydocs.models.documents.addendum import Addendum
from agencydocs.models.documents.common import Line
from agencydocs.reading.loading import LoadedFile, Loc
from agencydocs.rules.base import RuleContext
from agencydocs.rules.relations import where
from agencydocs.workspace import SourceDocument

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Fixed:
    """A price the contract fixes and where: the file and field a reader opens to see it."""

    price: Decimal
    file: LoadedFile
    loc: Loc
    what: str  # e.g. "milestone vacancies"

    def cite(self) -> str:
        line, col = self.file.position(self.loc)
        return f"{self.file.display}:{line}:{col} ({self.what})"


def check_prices(checker: RuleContext, document: SourceDocument) -> None:
    """Each line of an invoice or act (with its own lines) against the contract it cites."""
    model = document.model
    assert isinstance(model, BillingDocument)
    lines: list[Line] | None = getattr(model, "lines", None)
    contract_doc = checker.ws.document("contract", model.contract)
    project = checker.ws.projects.get(document.project_id)
    if not lines or contract_doc is None or project is None or contract_doc.project_id != document.project_id:
        return  # no lines of its own, no contract, or another project's (reported by rules/relations.py)
    contract = cast(Contract, contract_doc.model)
    milestones = _milestone_prices(checker, contract_doc, contract, project.model, model)
    if milestones is None:
        return  # the project or an addendum names unknown milestones: reported on them
    fees = _fee_prices(contract_doc, contract)
    known = {f.price for f in fees.values()} | set(project.model.rates.values())
    if billing_model(contract, project.model) == "monthly":
        known |= {m.price for m in project.model.milestones}
    for index, line in enumerate(lines):
        if line.milestone is not None:
            _check_milestone_line(checker, document, index, line, milestones, project.model, contract)
        else:
            _check_typed_line(checker, document, index, line, fees, known, contract)
    if isinstance(model, Invoice) and billing_model(contract, project.model) == "stages":
        _check_billed_twice(checker, document, milestones, project.model)


def _check_billed_twice(
    checker: RuleContext, document: SourceDocument, milestones: dict[str, Fixed], project: Project
) -> None:
    """A stage is invoiced at most its price: the advances, the final invoice (less the advances it
    deducts) and any other invoice of the stage, earlier ones and this one together, stay within it."""
    invoice = document.model
    assert isinstance(invoice, Invoice)
    earlier: list[SourceDocument] = []
    for other in checker.ws.documents_of("invoice", document.project_id):  # in workspace order
        if other is document:
            break
        other_model = other.model
        if (
            isinstance(other_model, Invoice)
            and other.project_id == document.project_id
            and other_model.void is None
        ):
            earlier.append(other)
    for index, line in enumerate(invoice.lines):
        fixed = milestones.get(line.milestone or "")
        milestone = project.milestone(line.milestone or "")
        if fixed is None or milestone is None:
            continue
        before = [
            (other, other_index)
            for other in earlier
            for other_index, other_line in enumerate(cast(Invoice, other.model).lines)
            if other_line.milestone == line.milestone
        ]
        if not before:
            continue
        total = sum(
            (_billed(checker, o, i, milestone.price) for o, i in [*before, (document, index)]), Decimal(0)
        )
        if total > fixed.price:
            others = ", ".join(_billed_by(checker, o, i) for o, i in before)
            checker.report(
                document.file,
                ("lines", index, "advance" if line.advance is not None else "milestone"),
                f"milestone {line.milestone} is also billed by {others}: together {total.quantize(CENT)}, "
                f"more than {fixed.price.quantize(CENT)} fixed by {fixed.cite()}",
            )


def _billed_by(checker: RuleContext, source: SourceDocument, index: int) -> str:
    """ "advance 30% of invoice 2026-021 (file:line)" or "invoice 2026-014 (file:line)", for messages."""
    line = cast(Invoice, source.model).lines[index]
    what = f"invoice {cast(Invoice, source.model).number} ({where(source, ('lines', index))})"
    if line.advance is None:
        return what
    stage = advances.stage(checker.ws, source, line.milestone or "")
    percent = advances.advance_percent(line, stage) if stage is not None else Decimal(0)
    return f"advance {percent.normalize():f}% of {what}"


def _billed(checker: RuleContext, source: SourceDocument, index: int, price: Decimal) -> Decimal:
    """What an invoice line bills of its stage in effect: an advance its amount, a final line its price
    less the advances its invoice deducts for the stage (on the stage's first line only)."""
    model = cast(Invoice, source.model)
    line = model.lines[index]
    if line.advance is not None:
        return _advance_billed(checker, source, line)
    billed = _unit_price(line, price) * line.qty
    first = next(
        i
        for i, other in enumerate(model.lines)
        if other.milestone == line.milestone and other.advance is None
    )
    if index != first:
        return billed
    deducted = sum(
        (
            _advance_billed(checker, a.source, a.invoice.lines[a.index])
            for a in advances.advances_before(checker.ws, source, line.milestone or "")
        ),
        Decimal(0),
    )
    return billed - deducted


def _advance_billed(checker: RuleContext, source: SourceDocument, line: Line) -> Decimal:
    stage = advances.stage(checker.ws, source, line.milestone or "")
    if stage is None or checker.ws.agency is None:
        return Decimal(0)
    currency = terms(checker.ws, source).currency
    return advances.advance_amount(line, stage, currency, checker.ws.agency.model.rounding)


def _unit_price(line: Line, default: Decimal) -> Decimal:
    """What one unit of the line bills after its discount."""
    price = line.price if line.price is not None else default
    return ((line.qty * price - (line.discount or Decimal(0))) / line.qty).quantize(CENT)


def _check_milestone_line(
    checker: RuleContext,
    document: SourceDocument,
    index: int,
    line: Line,
    milestones: dict[str, Fixed],
    project: Project,
    contract: Contract,
) -> None:
    milestone_id = line.milestone or ""
    milestone = project.milestone(milestone_id)
    if milestone is None:
        return  # unknown milestone: reported by rules/billing.py
    fixed = milestones.get(milestone_id)
    if fixed is None:
        checker.report(
            document.file,
            ("lines", index, "milestone"),
            f'milestone "{milestone_id}" is not in the scope of contract {contract.number} on this date; '
            "add it by an addendum",
            "warning",
        )
        return
    if line.advance is not None:
        _check_advance_percent(checker, document, index, line, milestone_id, contract)
        return
    billed = _unit_price(line, milestone.price)
    if billed != fixed.price.quantize(CENT):
        loc: Loc = ("lines", index, "price") if line.price is not None else ("lines", index, "milestone")
        checker.report(
            document.file, loc, f"{billed} differs from {fixed.price.quantize(CENT)} fixed by {fixed.cite()}"
        )


def _check_advance_percent(
    checker: RuleContext,
    document: SourceDocument,
    index: int,
    line: Line,
    milestone_id: str,
    contract: Contract,
) -> None:
    """``advance: contract`` needs an advance the contract (or an addendum) fixes for the stage."""
    if line.advance != "contract":
        return
    stage = advances.stage(checker.ws, document, milestone_id)
    if stage is not None and not stage.advance:
        checker.report(
            document.file,
            ("lines", index, "advance"),
            f"contract {contract.number} fixes no advance for milestone {milestone_id}; "
            "give the percent (advance: 30)",
        )


def _check_typed_line(
    checker: RuleContext,
    document: SourceDocument,
    index: int,
    line: Line,
    fees: dict[str, Fixed],
    known: set[Decimal],
    contract: Contract,
) -> None:
    texts = (
        [line.description] if isinstance(line.description, str) else list((line.description or {}).values())
    )
    billed = _unit_price(line, Decimal(0))
    fee = next((fees[text] for text in texts if text in fees), None)
    if fee is not None:
        if billed != fee.price.quantize(CENT):
            checker.report(
                document.file,
                ("lines", index, "price"),
                f"{billed} differs from {fee.price.quantize(CENT)} fixed by {fee.cite()}",
            )
        return
    if billed not in {k.quantize(CENT) for k in known}:
        checker.report(
            document.file,
            ("lines", index),
            f"contract {contract.number} does not price this line ({billed}); bill a milestone or a fee "
            "of the contract, or add it to the contract by an addendum",
            "warning",
        )


def _fee_prices(contract_doc: SourceDocument, contract: Contract) -> dict[str, Fixed]:
    """The contract's fees by each of their descriptions."""
    fees: dict[str, Fixed] = {}
    for index, fee in enumerate(contract.fees):
        texts = [fee.description] if isinstance(fee.description, str) else list(fee.description.values())
        for text in texts:
            fees[text] = Fixed(
                fee.price,
                contract_doc.file,
                ("fees", index, "price"),
                f"fee {localize(fee.description, 'en')}",
            )
    return fees


def _milestone_prices(
    checker: RuleContext,
    contract_doc: SourceDocument,
    contract: Contract,
    project: Project,
    model: BillingDocument,
) -> dict[str, Fixed] | None:
    """Milestone -> the price fixed for it on the document's date, and where it was fixed."""
    project_doc = checker.ws.projects[contract_doc.project_id]
    known = {m.id for m in project.milestones}
    fixed: dict[str, Fixed] = {}

    def from_project(milestone_id: str) -> Fixed | None:
        for index, milestone in enumerate(project.milestones):
            if milestone.id == milestone_id:
                return Fixed(
                    milestone.price,
                    project_doc.file,
                    ("milestones", index, "price"),
                    f"milestone {milestone_id}",
                )
        return None

    if billing_model(contract, project) == "monthly":
        return {m.id: f for m in project.milestones if (f := from_project(m.id)) is not None}
    addenda = [
        a for a in scope.addenda_of(checker.ws, contract.number) if cast(Addendum, a.model).date <= model.date
    ]
    for addendum in addenda:
        named = [i.milestone for i in cast(Addendum, addendum.model).add if i.milestone] + list(
            cast(Addendum, addendum.model).remove
        )
        if not all(m in known for m in named):
            return None
    items = scope.scope_until(checker.ws, contract_doc, addenda[-1] if addenda else None)
    added: dict[str, Fixed] = {}
    for addendum in addenda:
        for index, item in enumerate(cast(Addendum, addendum.model).add):
            if item.milestone:
                milestone = project.milestone(item.milestone)
                price = (
                    item.price if item.price is not None else (milestone.price if milestone else Decimal(0))
                )
                added[item.milestone] = Fixed(
                    price, addendum.file, ("add", index), f"milestone {item.milestone}"
                )
    for stage in items:
        cited = added.get(stage.key) or from_project(stage.key)
        if cited is not None:
            fixed[stage.key] = Fixed(stage.price, cited.file, cited.loc, cited.what)
    return fixed
