"""A contract's scope and price, as of the contract or of one of its addenda.

The scope starts from the project's milestones (the contract's ``milestones``
list, or every milestone no addendum adds) and each addendum, in order of
date then number, adds items, removes milestones, moves deadlines and
changes advance percentages. Money is computed by :mod:`agencydocs.domain.money`
only: the total is a one-line-per-item invoice computation (VAT once per
rate), advances by :func:`money.split_advance`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import cast

from agencydocs.domain import money
from agencydocs.domain.terms import Terms, billing_model
from agencydocs.models import Project
from agencydocs.models.base import LocaleCode
from agencydocs.models.documents.addendum import Addendum
from agencydocs.models.documents.contract import Contract
from agencydocs.workspace import SourceDocument, Workspace


@dataclass(frozen=True)
class ScopeItem:
    """One priced item of the contract's scope (a stage of the schedule)."""

    key: str  # milestone id, or "+<addendum>-<n>" for an item typed in an addendum
    title: str | dict[LocaleCode, str]
    due: date | None
    price: Decimal
    advance: Decimal  # percent


@dataclass(frozen=True)
class Pricing:
    """Scope and money of a contract at one point in time."""

    items: tuple[ScopeItem, ...]
    currency: str
    vat_mode: money.VatMode
    vat_rate: Decimal | None
    totals: money.Totals
    splits: tuple[tuple[Decimal, Decimal], ...]  # (advance, balance) per item

    @property
    def net(self) -> Decimal:
        return self.totals.net

    @property
    def total(self) -> Decimal:
        return self.totals.total


def addenda_of(workspace: Workspace, contract_number: str) -> list[SourceDocument]:
    """The addenda of a contract in the order they apply: by date, then number."""
    found = [
        s
        for s in workspace.documents_of("addendum")
        if isinstance(s.model, Addendum) and s.model.contract == contract_number
    ]
    return sorted(found, key=_date_then_number)


def _date_then_number(source: SourceDocument) -> tuple[date, str]:
    addendum = cast(Addendum, source.model)  # addenda_of keeps addenda only
    return addendum.date, addendum.number


def contract_source(workspace: Workspace, number: str) -> SourceDocument | None:
    return workspace.document("contract", number)


def base_scope(workspace: Workspace, source: SourceDocument) -> list[ScopeItem]:
    """The contract's own scope: its milestones with their advance percentages."""
    contract = source.model
    assert isinstance(contract, Contract)
    project = workspace.projects[source.project_id].model
    if billing_model(contract, project) == "monthly":
        return []  # milestones are monthly fees: see rates_markdown
    if contract.milestones is not None:
        chosen = [m for m in (project.milestone(i) for i in contract.milestones) if m is not None]
    else:
        added = {
            item.milestone
            for addendum in addenda_of(workspace, contract.number)
            for item in cast(Addendum, addendum.model).add
            if item.milestone
        }
        chosen = [m for m in project.milestones if m.id not in added]
    return [ScopeItem(m.id, m.title, m.due, m.price, contract.advance_for(m.id)) for m in chosen]


def apply_addendum(items: list[ScopeItem], addendum: Addendum, project: Project) -> list[ScopeItem]:
    """The scope after one addendum's changes."""
    result = [item for item in items if item.key not in set(addendum.remove)]
    for index, added in enumerate(addendum.add, start=1):
        milestone = project.milestone(added.milestone) if added.milestone else None
        result.append(
            ScopeItem(
                key=added.milestone or f"+{addendum.number}-{index}",
                title=added.title or (milestone.title if milestone else ""),
                due=added.due or (milestone.due if milestone else None),
                price=added.price
                if added.price is not None
                else (milestone.price if milestone else Decimal(0)),
                advance=Decimal(0),
            )
        )
    moved = {change.milestone: change.due for change in addendum.deadlines}
    advances = {terms.milestone: terms.advance for terms in addendum.payments}
    return [
        replace(item, due=moved.get(item.key, item.due), advance=advances.get(item.key, item.advance))
        for item in result
    ]


def scope_until(workspace: Workspace, source: SourceDocument, last: SourceDocument | None) -> list[ScopeItem]:
    """The scope of a contract after its addenda up to and including ``last`` (None: none)."""
    contract = source.model
    assert isinstance(contract, Contract)
    project = workspace.projects[source.project_id].model
    items = base_scope(workspace, source)
    if last is None:
        return items
    for addendum in addenda_of(workspace, contract.number):
        assert isinstance(addendum.model, Addendum)
        items = apply_addendum(items, addendum.model, project)
        if addendum is last:
            break
    return items


def price(items: list[ScopeItem], terms: Terms, rounding: money.RoundingMode) -> Pricing:
    """Totals of the scope (VAT once per rate, as on an invoice) and each item's advance split.

    ``terms`` are the contract's (or its addendum's): their currency and VAT regime apply.
    """
    vat = terms.vat
    lines = [money.LineInput(Decimal(1), item.price, vat.rate) for item in items]
    totals = money.compute_totals(lines, terms.currency, vat_mode=vat.mode, rounding=rounding)
    splits = tuple(money.split_advance(item.price, item.advance, terms.currency, rounding) for item in items)
    return Pricing(tuple(items), terms.currency, vat.mode, vat.rate, totals, splits)
