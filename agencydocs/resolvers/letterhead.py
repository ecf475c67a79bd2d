"""The letterhead of reports, audits and proposals, and the number formats they share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from agencydocs.context import Row
from agencydocs.i18n.formatting import format_date, format_percent, format_quantity
from agencydocs.models.base import localize
from agencydocs.resolvers.subject import ProjectSubject

ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class Heading:
    """The letterhead: the agency on the left, the document's title and facts on the right."""

    agency: str
    agency_lines: tuple[str, ...]  # address, e-mail and phone, website
    logo: str | None  # data: URI
    title: str
    subtitle: str  # the project, or the audited site
    rows: tuple[Row, ...]  # date, period, client, prepared by


def heading(subject: ProjectSubject, title: str, subtitle: str, rows: list[Row]) -> Heading:
    """The letterhead, with the client and the project's manager after ``rows``."""
    agency, locale, labels = subject.agency, subject.locale, subject.labels
    legal = agency.legal
    contacts = " · ".join(part for part in (legal.email, legal.phone) if part)
    lines = (localize(legal.address, locale), contacts, legal.website or "")
    rows = [*rows, Row(labels("letterhead_client"), subject.client_name)]
    manager = agency.person(subject.project.manager)
    if manager is not None:
        name = f"{localize(manager.name, locale)}, {localize(manager.role, locale)}"
        rows.append(Row(labels("letterhead_prepared_by"), name))
        if manager.email:
            rows.append(Row("", manager.email))
    return Heading(
        agency=subject.agency_name,
        agency_lines=tuple(line for line in lines if line),
        logo=subject.logo,
        title=title,
        subtitle=subtitle,
        rows=tuple(rows),
    )


def period_text(start: date, end: date, subject: ProjectSubject) -> str:
    locale = subject.locale
    return subject.labels("period_value", start=format_date(start, locale), end=format_date(end, locale))


def percent(part: Decimal, whole: Decimal) -> Decimal:
    """``part`` as a percent of ``whole``, to one decimal, half-up (display only)."""
    return (part * 100 / whole).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def format_share(value: Decimal, locale: str) -> str:
    """A percent to one decimal at most: ``86.3%``, ``100%``."""
    value = value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    return format_percent(value.normalize() if value == value.to_integral() else value, locale)


def format_number(value: Decimal, locale: str, unit: str = "") -> str:
    """A measured value with its unit: ``16,320``, ``11.3``, ``4.2%``, ``1 280 визитов``."""
    text = format_quantity(value, locale)
    if not unit:
        return text
    return f"{text}{unit}" if unit in ("%", "‰") else f"{text} {unit}"


def format_change(value: Decimal, locale: str, unit: str = "") -> str:
    """A signed change: ``+1,370``, ``-2.1``; zero is ``0``."""
    text = format_number(abs(value), locale, unit)
    if value > 0:
        return f"+{text}"
    return f"-{text}" if value < 0 else text


def tone(change: Decimal, better: str) -> str:
    """``good`` or ``bad`` for a change, given which direction is better."""
    if change == 0:
        return ""
    return "good" if (change > 0) == (better == "higher") else "bad"
