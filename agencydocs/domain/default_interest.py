"""Statutory default interest of German B2B law, and the base rate it is built on, as dated data.

§ 288 Abs. 2 BGB: a business debtor in default on a payment owes interest of
nine percentage points above the base rate (Basiszinssatz, § 247 BGB) for
the year; § 288 Abs. 5 BGB adds a flat fee of 40 euros per claim. The
Bundesbank sets the base rate on 1 January and 1 July; each new rate is one
line of :data:`BASE_RATES` (sources: the Bundesbank's announcements, e.g.
"Basiszinssatz bleibt ab 1. Januar 2026 bei 1,27 %"). A day after the last
half-year recorded here has no known rate: the computation refuses it rather
than guess (:class:`BaseRateUnknown`), and ``check`` names the date to add.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

# (first day of the half-year, base rate in percent per year), oldest first.
BASE_RATES: tuple[tuple[date, Decimal], ...] = (
    (date(2023, 1, 1), Decimal("1.62")),
    (date(2023, 7, 1), Decimal("3.12")),
    (date(2024, 1, 1), Decimal("3.62")),
    (date(2024, 7, 1), Decimal("3.37")),
    (date(2025, 1, 1), Decimal("2.27")),
    (date(2025, 7, 1), Decimal("1.27")),
    (date(2026, 1, 1), Decimal("1.27")),
)
B2B_POINTS = Decimal(9)  # § 288 Abs. 2 BGB
FLAT_FEE_EUR = Decimal(40)  # § 288 Abs. 5 BGB, per claim for payment, debtor not a consumer


class BaseRateUnknown(ValueError):
    """A day whose half-year has no recorded base rate (or precedes the first one)."""

    def __init__(self, day: date) -> None:
        start = half_year_start(day)
        super().__init__(
            f"no German base rate (§ 247 BGB) is recorded for the half-year from {start.isoformat()}; "
            "add it to agencydocs/domain/default_interest.py"
        )
        self.half_year = start


def half_year_start(day: date) -> date:
    return date(day.year, 1 if day.month < 7 else 7, 1)


def base_rate(day: date) -> Decimal:
    """The base rate in force on ``day``: the one set for its half-year."""
    start = half_year_start(day)
    for since, rate in reversed(BASE_RATES):
        if since == start:
            return rate
    raise BaseRateUnknown(day)


def default_interest_rate(day: date) -> Decimal:
    """Percent per year a business debtor owes on ``day``: base rate + 9 points."""
    return base_rate(day) + B2B_POINTS
