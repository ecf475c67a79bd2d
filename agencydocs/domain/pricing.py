"""Pricing of proposal options: lines filled from the services catalogue, totals from the money engine.

The proposal resolver prints these figures and ``new contract
--from-proposal`` turns them into milestones, so the contract gets exactly
the amounts the client saw.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from agencydocs.domain import money
from agencydocs.domain.terms import Terms
from agencydocs.models import Agency
from agencydocs.models.base import localize
from agencydocs.models.documents import Proposal
from agencydocs.models.documents.proposal import ProposalLine


@dataclass(frozen=True)
class PricedLine:
    """A proposal line with everything taken from the catalogue and its computed amount."""

    line: ProposalLine
    description: str
    details: str  # the catalogue's description of the service
    unit: str
    price: Decimal
    amount: money.LineAmount
    milestone_id: str


@dataclass(frozen=True)
class PricedOption:
    lines: tuple[PricedLine, ...]
    totals: money.Totals


def priced_option(
    terms: Terms, agency: Agency, proposal: Proposal, lines: Sequence[ProposalLine]
) -> PricedOption:
    """Lines with catalogue data filled in (in the proposal's language and currency), and their totals."""
    currency, locale = terms.currency, terms.language
    filled = []
    for index, line in enumerate(lines, start=1):
        service = agency.service(line.service) if line.service else None
        if line.price is not None:
            price = line.price
        else:
            assert service is not None  # no price: the line names a service, and check knows it
            price = service.prices[currency]
        description = localize(line.description, locale) or (
            localize(service.name, locale) if service else ""
        )
        unit = localize(line.unit, locale) or (localize(service.unit, locale) if service else "")
        details = localize(service.description, locale) if service and line.description is None else ""
        filled.append(
            (line, description, details, unit, price, line.milestone or line.service or f"item-{index}")
        )
    inputs = [
        money.LineInput(line.qty, price, line.vat_rate if line.vat_rate is not None else terms.vat.rate,
                        line.discount or Decimal(0))
        for line, _, _, _, price, _ in filled
    ]  # fmt: skip
    totals = money.compute_totals(
        inputs,
        currency,
        vat_mode=terms.vat.mode,
        rounding=agency.rounding,
        prices_include_vat=terms.prices_include_vat,
    )
    priced = tuple(
        PricedLine(line, description, details, unit, price, amount, milestone)
        for (line, description, details, unit, price, milestone), amount in zip(
            filled, totals.lines, strict=True
        )
    )
    return PricedOption(priced, totals)
