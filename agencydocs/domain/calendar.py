"""Business days of the agency's country: the due dates of contracts' payment terms.

A business day is a weekday that is not a public holiday of the country in
the ``holidays`` library, which also knows Russia's transferred days off
(e.g. 9 January and 31 December 2026). A country the library does not know
counts weekends only. Other modules (payments, receivables) use
:func:`add_business_days` for any term counted in business days.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache


@lru_cache(maxsize=64)
def _holidays(country: str, year: int) -> frozenset[date]:
    import holidays  # noqa: PLC0415  (heavy: loaded when a due date is first counted, not at start-up)

    try:
        calendar = holidays.country_holidays(country, years=year)
    except NotImplementedError:  # a country the library has no calendar for: weekends only
        return frozenset()
    return frozenset(calendar.keys())


def is_business_day(day: date, country: str) -> bool:
    """A weekday that is not a public holiday (or transferred day off) in ``country``."""
    return day.weekday() < 5 and day not in _holidays(country, day.year)


@lru_cache(maxsize=4096)  # every invoice's due date, on every check
def add_business_days(start: date, days: int, country: str) -> date:
    """The ``days``-th business day after ``start`` (``start`` itself does not count)."""
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_business_day(day, country):
            counted += 1
    return day


def add_days(start: date, days: int, business: bool, country: str) -> date:
    """``start`` plus ``days`` business or calendar days."""
    return add_business_days(start, days, country) if business else start + timedelta(days=days)
