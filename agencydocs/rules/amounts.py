"""Amounts that would leave the range rendering supports are refused by ``check``.

Each typed amount fits (15 integer digits), but quantity x price and sums of
lines can reach 30 digits and more. Those are refused here, at the line that
reaches :data:`agencydocs.domain.money.AMOUNT_LIMIT`, so that a workspace that passes
``check`` always renders (``money.compute_totals`` enforces the same bound).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from agencydocs.domain import money
from agencydocs.models import Agency, Project
from agencydocs.models.documents import BillingDocument, Proposal
from agencydocs.reading.loading import LoadedFile, Loc
from agencydocs.rules.base import RuleContext
from agencydocs.workspace import SourceDocument


def check_billing_amounts(checker: RuleContext, document: SourceDocument) -> None:
    """Invoice and act lines: each qty x price and their running sum stay below the limit."""
    model = document.model
    assert isinstance(model, BillingDocument)
    lines = getattr(model, "lines", None)
    project = checker.ws.projects.get(document.project_id)
    if not lines or project is None:
        return  # an act without lines repeats its invoice's, which is checked on its own
    pairs = [(line.qty, _billing_price(line.price, line.milestone, project.model)) for line in lines]
    _check_lines(checker, document.file, ("lines",), pairs)


def check_proposal_amounts(checker: RuleContext, document: SourceDocument) -> None:
    """Each proposal option and the add-ons are totalled apart: each must stay below the limit."""
    model = document.model
    assert isinstance(model, Proposal)
    agency = checker.ws.agency.model if checker.ws.agency is not None else None
    for index, option in enumerate(model.options):
        pairs = [(line.qty, _service_price(line.price, line.service, agency)) for line in option.lines]
        _check_lines(checker, document.file, ("options", index, "lines"), pairs)
    if model.addons:
        pairs = [(line.qty, _service_price(line.price, line.service, agency)) for line in model.addons]
        _check_lines(checker, document.file, ("addons",), pairs)


def check_milestone_amounts(checker: RuleContext, project: Project, file: LoadedFile) -> None:
    """A contract totals the milestones of its project: their sum must stay below the limit."""
    pairs = [(Decimal(1), milestone.price) for milestone in project.milestones]
    _check_lines(checker, file, ("milestones",), pairs, field="price")


def _check_lines(
    checker: RuleContext,
    file: LoadedFile,
    where: Loc,
    pairs: Sequence[tuple[Decimal, Decimal]],
    field: str = "qty",
) -> None:
    try:
        money.check_amount_limit(pairs)
    except money.AmountTooLarge as exc:
        checker.report(file, (*where, exc.line - 1, field), exc.reason)


def _billing_price(price: Decimal | None, milestone_id: str | None, project: Project) -> Decimal:
    if price is not None:
        return price
    milestone = project.milestone(milestone_id or "")
    return milestone.price if milestone is not None else Decimal(0)  # unknown: reported by billing rules


def _service_price(price: Decimal | None, service_id: str | None, agency: Agency | None) -> Decimal:
    if price is not None:
        return price
    service = agency.service(service_id or "") if agency is not None else None
    # A proposal's currency is resolved later; the largest catalogue price bounds every one.
    return max(service.prices.values()) if service else Decimal(0)
