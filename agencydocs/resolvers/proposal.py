"""Commercial proposal: a checked ``kind: proposal`` -> a frozen :class:`ProposalContext`.

Each option's lines (typed, or taken from the agency's services catalogue
in the proposal's currency) are priced by :func:`agencydocs.domain.pricing.priced_option`
under the proposal's terms (the same VAT precedence as invoices); so are the
add-ons. Lines with ``weeks`` make the option's timeline, one after another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from babel.units import format_unit

from agencydocs.context import Row, Totals
from agencydocs.domain.pricing import PricedOption, priced_option
from agencydocs.i18n.formatting import format_date, format_percent, format_price, format_quantity
from agencydocs.kinds import RenderContext
from agencydocs.models.base import localize
from agencydocs.models.documents import Proposal
from agencydocs.models.documents.common import VatMode
from agencydocs.models.documents.proposal import ProposalLine, ProposalOption
from agencydocs.resolvers.letterhead import Heading, heading
from agencydocs.resolvers.subject import ProjectSubject, project_subject
from agencydocs.resolvers.totals import format_totals
from agencydocs.workspace import SourceDocument, Workspace


@dataclass(frozen=True)
class ItemView:
    number: int
    description: str
    details: str
    quantity: str
    unit: str
    price: str
    discount: str
    vat_rate: str
    amount: str


@dataclass(frozen=True)
class PhaseView:
    title: str
    duration: str  # "2 weeks"
    span: str  # "Weeks 3–4"
    offset: str  # CSS percent of the timeline before the phase starts
    width: str  # CSS percent the phase takes


@dataclass(frozen=True)
class OptionView:
    id: str
    name: str
    description: str
    recommended: bool
    items: tuple[ItemView, ...]
    totals: Totals
    timeline: tuple[PhaseView, ...]
    duration: str  # "10 weeks", "" without a timeline


@dataclass(frozen=True, kw_only=True)
class ProposalContext(RenderContext):
    """Everything the proposal templates place; every value already formatted."""

    heading: Heading
    context: str
    goals: tuple[str, ...]
    overview: tuple[Row, ...]  # option name -> total (and duration), when there are several
    options: tuple[OptionView, ...]
    addons: tuple[ItemView, ...]
    show_vat_rate: bool
    vat_note: str
    validity: str
    terms: tuple[str, ...]
    next_steps: tuple[str, ...]
    contact: tuple[str, ...]  # the project manager: name and role, e-mail

    @property
    def index_note(self) -> str:
        return " / ".join(option.totals.total for option in self.options)


def _priced(subject: ProjectSubject, proposal: Proposal, lines: Sequence[ProposalLine]) -> PricedOption:
    return priced_option(subject.terms, subject.agency, proposal, lines)


def resolve_proposal(workspace: Workspace, source: SourceDocument) -> ProposalContext:
    """Build the render context of one checked proposal."""
    proposal = source.model
    assert isinstance(proposal, Proposal)
    subject = project_subject(workspace, source)
    labels, locale = subject.labels, subject.locale
    title = localize(proposal.title, locale) or labels("proposal_title")
    date_long = format_date(proposal.date, locale)
    valid_until = format_date(proposal.valid_until, locale)
    options = tuple(_option(subject, proposal, option) for option in proposal.options)
    addons = _priced(subject, proposal, proposal.addons) if proposal.addons else None
    rows = [
        Row(labels("proposal_number"), proposal.number),
        Row(labels("letterhead_date"), date_long),
        Row(labels("proposal_valid"), valid_until),
    ]
    vat_mode = subject.terms.vat.mode
    return ProposalContext(
        kind="proposal",
        number=proposal.number,
        title=title,
        locale=locale,
        footer=labels(
            "proposal_footer",
            title=title,
            number=proposal.number,
            date=format_date(proposal.date, locale, "short"),
        ),
        brand_color=subject.agency.brand_color,
        logo=subject.logo,
        labels=labels.table,
        # The proposal's own subtitle: an SEO proposal is not "the website project".
        heading=heading(subject, title, localize(proposal.subtitle, locale), rows),
        context=localize(proposal.context, locale),
        goals=tuple(localize(goal, locale) for goal in proposal.goals),
        overview=tuple(Row(o.name, _overview_total(subject, o)) for o in options) if len(options) > 1 else (),
        options=options,
        addons=_items(subject, proposal, addons) if addons else (),
        show_vat_rate=vat_mode == "standard" and _mixed_rates(options),
        vat_note=_vat_note(subject, proposal, vat_mode),
        validity=labels("proposal_validity", date=valid_until),
        terms=tuple(localize(term, locale) for term in proposal.terms),
        next_steps=tuple(localize(step, locale) for step in proposal.next_steps),
        contact=_contact(subject),
        meta={
            "title": f"{title} {proposal.number}",
            "author": subject.agency_name,
            "subject": subject.project_title,
            "date": proposal.date.isoformat(),
        },
    )


def _option(subject: ProjectSubject, proposal: Proposal, option: ProposalOption) -> OptionView:
    priced = _priced(subject, proposal, option.lines)
    timeline, weeks = _timeline(subject, priced)
    return OptionView(
        id=option.id,
        name=localize(option.name, subject.locale),
        description=localize(option.description, subject.locale),
        recommended=option.recommended,
        items=_items(subject, proposal, priced),
        totals=_totals(subject, proposal, priced),
        timeline=timeline,
        duration=_duration(weeks, subject.locale) if weeks else "",
    )


def _items(subject: ProjectSubject, proposal: Proposal, priced: PricedOption) -> tuple[ItemView, ...]:
    locale, currency = subject.locale, priced.totals.currency
    standard = priced.totals.vat_mode == "standard"
    return tuple(
        ItemView(
            number=number,
            description=p.description,
            details=p.details,
            quantity=format_quantity(p.line.qty, locale),
            unit=p.unit or subject.labels("default_unit"),
            price=format_price(p.price, currency, locale),
            discount=format_price(p.amount.discount, currency, locale) if p.amount.discount else "",
            vat_rate=format_percent(p.amount.vat_rate, locale)
            if standard and p.amount.vat_rate is not None
            else "",
            amount=format_price(p.amount.net, currency, locale),
        )
        for number, p in enumerate(priced.lines, start=1)
    )


def _totals(subject: ProjectSubject, proposal: Proposal, priced: PricedOption) -> Totals:
    return format_totals(
        priced.totals,
        "proposal",
        len(priced.lines),
        subject.labels,
        prices_include_vat=subject.terms.prices_include_vat,
        no_vat_wording=localize(subject.terms.vat.wording, subject.locale),
        vat_row=not subject.terms.vat.outside_scope,
    )


# Beyond eight weeks a duration reads in months ("6 месяцев", not "26 недель").
_MAX_WEEKS_SHOWN = 8


def _duration(weeks: int, locale: str) -> str:
    """ "3 недели"; from nine weeks on, whole months (52 weeks = 12 months, rounded half up)."""
    if weeks <= _MAX_WEEKS_SHOWN:
        return format_unit(weeks, "duration-week", length="long", locale=locale)
    months = int((Decimal(weeks) * 12 / 52).quantize(Decimal(1), ROUND_HALF_UP))
    return format_unit(months, "duration-month", length="long", locale=locale)


def _overview_total(subject: ProjectSubject, option: OptionView) -> str:
    """An option's total in the overview, saying it includes VAT when VAT is charged (the note says
    prices exclude it)."""
    if subject.terms.vat.mode != "standard":
        return option.totals.total
    return subject.labels("proposal_total_incl_vat", amount=option.totals.total)


def _timeline(subject: ProjectSubject, priced: PricedOption) -> tuple[tuple[PhaseView, ...], int]:
    """Lines with ``weeks``, one after another: their spans and bars on a common scale."""
    phases = [(p.description, p.line.weeks) for p in priced.lines if p.line.weeks]
    total = sum(weeks for _, weeks in phases)
    views, start = [], 0
    for title, weeks in phases:
        span = subject.labels("proposal_weeks_span", start=start + 1, end=start + weeks)
        if weeks == 1:
            span = subject.labels("proposal_week_one", week=start + 1)
        views.append(
            PhaseView(
                title,
                _duration(weeks, subject.locale),
                span,
                f"{start * 100 / total:.2f}%",
                f"{weeks * 100 / total:.2f}%",
            )
        )
        start += weeks
    return tuple(views), total


def _mixed_rates(options: tuple[OptionView, ...]) -> bool:
    return any(len({item.vat_rate for item in option.items}) > 1 for option in options)


def _vat_note(subject: ProjectSubject, proposal: Proposal, mode: VatMode) -> str:
    labels, vat = subject.labels, subject.terms.vat
    if mode == "standard":
        rate = format_percent(vat.rate, subject.locale) if vat.rate is not None else ""
        key = "proposal_prices_incl_vat" if proposal.prices_include_vat else "proposal_prices_excl_vat"
        return labels(key, rate=rate)
    if mode == "reverse_charge":
        return labels("reverse_charge_note")
    return localize(vat.wording, subject.locale) or labels("no_vat_note")


def _contact(subject: ProjectSubject) -> tuple[str, ...]:
    manager = subject.agency.person(subject.project.manager)
    if manager is None:
        return ()
    name = f"{localize(manager.name, subject.locale)}, {localize(manager.role, subject.locale)}"
    return tuple(part for part in (name, manager.email or "") if part)
