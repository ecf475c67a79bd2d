"""Late-payment penalties of a claim, computed day by day with exact Decimal arithmetic.

Two bases (:func:`penalty_basis` decides which applies):

* ``contract``: the contract's penalty (``penalty_rate`` percent of the
  unpaid amount per day, at most ``penalty_cap`` percent of it), the data
  behind its late-payment clause (ст. 330 ГК РФ);
* ``statutory_de``: where the contract is silent and the client is a German
  business, default interest at the base rate + 9 points per year
  (§ 288 Abs. 2, § 247 BGB) plus the 40-euro flat fee (§ 288 Abs. 5 BGB).

Days run from the day after the due date to the claim date, both included.
The unpaid amount of a day is the invoice total less the payments dated
before that day (a payment made on a day still leaves that day overdue:
the debt is settled at its end). Consecutive days with the same amount and
rate form one period of the calculation table. The exact sum of every
day's amount is rounded once, half-up, to the currency's minor units; the
cap (percent of the amount that fell overdue on the first day) applies to
that exact sum. Period figures are rounded for display only.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from agencydocs.domain import money
from agencydocs.domain.default_interest import FLAT_FEE_EUR, default_interest_rate

Basis = Literal["contract", "statutory_de"]
_EXACT = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN)
_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class PenaltyPeriod:
    """Consecutive days with the same unpaid amount and rate."""

    start: date
    end: date
    days: int
    amount: Decimal  # unpaid on each of these days
    rate: Decimal  # percent per day (contract) or per year (statutory)
    exact: Decimal  # the period's penalty, unrounded


@dataclass(frozen=True)
class Penalty:
    """The penalty on one invoice up to the claim date."""

    basis: Basis
    periods: tuple[PenaltyPeriod, ...]
    accrued: Decimal  # exact sum of the periods
    cap: Decimal | None  # the cap in money (contract), None without one
    capped: bool
    amount: Decimal  # what is claimed, rounded to minor units
    flat_fee: Decimal  # § 288 Abs. 5 BGB (statutory_de in euros), else 0


def daily_amounts(
    total: Decimal, payments: Iterable[tuple[date, Decimal]], due: date, until: date
) -> list[tuple[date, Decimal]]:
    """``(day, unpaid amount)`` for every day from ``due`` + 1 to ``until`` with something unpaid."""
    dated = sorted(payments)
    result = []
    day = due + timedelta(days=1)
    while day <= until:
        unpaid = total - sum((amount for paid_on, amount in dated if paid_on < day), Decimal(0))
        if unpaid > 0:
            result.append((day, unpaid))
        day += timedelta(days=1)
    return result


def contract_penalty(
    days: list[tuple[date, Decimal]], rate: Decimal, cap_percent: Decimal | None, currency: str
) -> Penalty:
    """``rate`` percent of each day's unpaid amount, at most ``cap_percent`` of the first day's."""
    with decimal.localcontext(_EXACT):
        periods = _periods([(day, amount, rate, amount * rate / _HUNDRED) for day, amount in days])
        accrued = sum((p.exact for p in periods), Decimal(0))
        cap = days[0][1] * cap_percent / _HUNDRED if days and cap_percent is not None else None
        capped = cap is not None and accrued > cap
        claimed = cap if capped and cap is not None else accrued
    return Penalty(
        basis="contract",
        periods=tuple(periods),
        accrued=accrued,
        cap=money.round_money(cap, currency) if cap is not None else None,
        capped=capped,
        amount=money.round_money(claimed, currency),
        flat_fee=Decimal(0),
    )


def statutory_interest_de(days: list[tuple[date, Decimal]], currency: str) -> Penalty:
    """Default interest of § 288 Abs. 2 BGB: (base rate + 9) percent a year, per actual day of the year.

    Raises :class:`~agencydocs.domain.default_interest.BaseRateUnknown` for a
    day whose base rate is not recorded.
    """
    with decimal.localcontext(_EXACT):
        parts = []
        for day, amount in days:
            rate = default_interest_rate(day)
            year_days = (date(day.year + 1, 1, 1) - date(day.year, 1, 1)).days
            parts.append((day, amount, rate, amount * rate / _HUNDRED / year_days))
        periods = _periods(parts)
        accrued = sum((p.exact for p in periods), Decimal(0))
    fee = FLAT_FEE_EUR if currency == "EUR" and days else Decimal(0)
    return Penalty(
        basis="statutory_de",
        periods=tuple(periods),
        accrued=accrued,
        cap=None,
        capped=False,
        amount=money.round_money(accrued, currency),
        flat_fee=money.round_money(fee, currency) if fee else Decimal(0),
    )


def _periods(parts: list[tuple[date, Decimal, Decimal, Decimal]]) -> list[PenaltyPeriod]:
    """Group consecutive days of equal amount and rate."""
    periods: list[PenaltyPeriod] = []
    for day, amount, rate, value in parts:
        last = periods[-1] if periods else None
        if last and last.amount == amount and last.rate == rate and last.end + timedelta(days=1) == day:
            periods[-1] = PenaltyPeriod(last.start, day, last.days + 1, amount, rate, last.exact + value)
        else:
            periods.append(PenaltyPeriod(day, day, 1, amount, rate, value))
    return periods
