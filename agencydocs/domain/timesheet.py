"""Time-sheet pricing: whose hourly rate applies, and hours x rate through the money engine.

A person's rate is the project's ``rates`` entry, else the team member's
``hourly_rate`` in agency.yaml. Money is one line per (person, milestone)
through :func:`agencydocs.domain.money.compute_totals`, so every sum a
report shows (per person, per milestone, the total) adds up the same
rounded parts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from agencydocs.domain import money
from agencydocs.models import Agency, Project

Key = tuple[str, str | None]  # person id, milestone id


@dataclass(frozen=True)
class TimeSums:
    hours: dict[Key, Decimal]
    amounts: dict[Key, Decimal] | None  # None: someone has no rate
    total_money: Decimal | None


def hourly_rate(project: Project, agency: Agency, person_id: str) -> Decimal | None:
    """Project ``rates`` > the team member's ``hourly_rate``; None when neither is set."""
    if person_id in project.rates:
        return project.rates[person_id]
    person = agency.person(person_id)
    return person.hourly_rate if person is not None else None


def time_sums(hours: Mapping[Key, Decimal], project: Project, agency: Agency, currency: str) -> TimeSums:
    """The money of each (person, milestone) and the total; no money when anyone lacks a rate."""
    keys = sorted(hours, key=lambda k: (k[0], k[1] or ""))
    rates = {k: hourly_rate(project, agency, k[0]) for k in keys}
    priced = {k: rate for k, rate in rates.items() if rate is not None}
    if len(priced) != len(rates):
        return TimeSums(dict(hours), None, None)
    lines = [money.LineInput(hours[k], priced[k], None) for k in keys]
    totals = money.compute_totals(lines, currency, vat_mode="exempt", rounding=agency.rounding)
    amounts = {k: amount.net for k, amount in zip(keys, totals.lines, strict=True)}
    return TimeSums(dict(hours), amounts, totals.net)
