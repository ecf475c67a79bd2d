"""A pre-trial claim (претензия): a checked ``kind: claim`` -> a frozen :class:`ClaimContext`.

The debt is the open amount of each overdue invoice (the receivables), the
penalty is computed day by day by ``domain/penalty.py`` on the basis that
``domain/dunning.py`` decides (the contract's rate and cap, or the German
statutory interest). The wording follows the document's language: Russian
practice cites ст. 309, 310, 330 ГК РФ and the pre-trial procedure of
ч. 5 ст. 4 АПК РФ; the German statutory basis cites § 286, § 288 and § 247 BGB.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from agencydocs.context import Party, Row, Signature
from agencydocs.domain import dunning, money
from agencydocs.domain.penalty import Penalty
from agencydocs.domain.terms import terms
from agencydocs.i18n.formatting import amount_in_words, format_date, format_money, format_percent
from agencydocs.kinds import RenderContext
from agencydocs.models.base import localize
from agencydocs.models.documents import Claim, Contract
from agencydocs.resolvers.addressing import letter_fields
from agencydocs.resolvers.collection import (
    InvoiceRow,
    agency_signature,
    collection_subject,
    invoice_rows,
    letter_heading,
    parties,
    payee_rows,
)
from agencydocs.resolvers.letterhead import Heading
from agencydocs.resolvers.subject import ProjectSubject
from agencydocs.workspace import SourceDocument, Workspace


@dataclass(frozen=True)
class PenaltyRow:
    invoice: str
    start: str
    end: str
    days: str
    amount: str
    rate: str
    penalty: str


@dataclass(frozen=True, kw_only=True)
class ClaimContext(RenderContext):
    heading: Heading
    addressee: Party
    subtitle: str
    facts: str
    invoices: tuple[InvoiceRow, ...]
    penalty_title: str
    penalty_basis: str
    penalty_rows: tuple[PenaltyRow, ...]
    penalty_notes: tuple[str, ...]  # the cap where it applies
    totals: tuple[Row, ...]
    in_words: str
    legal_basis: str
    demand: str
    consequence: str
    payment: tuple[Row, ...]
    notes: str
    signature: Signature

    @property
    def index_note(self) -> str:
        """The total claimed for output/index.html."""
        return self.totals[-1].value if self.totals else ""


def resolve_claim(workspace: Workspace, source: SourceDocument) -> ClaimContext:
    claim = source.model
    assert isinstance(claim, Claim)
    subject = collection_subject(workspace, source)
    labels, locale = subject.labels, subject.locale
    client = dunning.document_client(workspace, source)
    number = dunning.claim_contract(workspace, claim, client)
    found = workspace.document("contract", number)
    contract = found.model if found is not None and isinstance(found.model, Contract) else None
    currency = terms(workspace, source).currency
    invoices = dunning.claim_invoices(workspace, claim, client)
    penalty_terms = dunning.penalty_terms(workspace, client, contract)
    figures = dunning.claim_figures(workspace, penalty_terms, invoices, currency, claim.date, client=client)
    date_long = subject.date(claim.date)
    title = labels("claim_title", number=claim.number, date=date_long)
    contract_ref = (
        labels("contract_ref", number=contract_number(contract), date=format_date(contract.date, locale))
        if contract is not None
        else ""
    )

    def fmt(amount: Decimal) -> str:
        return format_money(amount, currency, locale)

    deadline = subject.date(dunning.claim_deadline(claim))
    return ClaimContext(
        **letter_fields(subject, "claim", claim.number, title, claim.date, subject.client_name),
        heading=letter_heading(subject, title, claim.date),
        addressee=parties(subject)[1],
        subtitle=labels("claim_subtitle_contract", contract=contract_ref)
        if contract
        else labels("claim_subtitle"),
        facts=labels(
            "claim_facts_contract" if contract else "claim_facts",
            agency=subject.agency_name,
            client=subject.client_name,
            contract=contract_ref,
            date=date_long,
        ),  # fmt: skip
        invoices=invoice_rows([c.invoice for c in figures.invoices], currency, subject),
        penalty_title=labels(f"claim_penalty_{figures.terms.basis or 'none'}"),
        penalty_basis=_penalty_basis(figures.terms, subject),
        penalty_rows=tuple(
            row
            for c in figures.invoices
            if c.penalty
            for row in _penalty_rows(c.invoice.number, c.penalty, currency, subject)
        ),
        penalty_notes=tuple(
            labels("claim_cap_applied", invoice=c.invoice.number, cap=fmt(c.penalty.cap))
            for c in figures.invoices
            if c.penalty and c.penalty.capped and c.penalty.cap is not None
        ),
        totals=_totals(figures, subject, fmt),
        in_words=amount_in_words(figures.total, currency, locale),
        legal_basis=labels(f"claim_legal_{figures.terms.basis or 'none'}"),
        demand=labels("claim_demand", deadline=deadline, total=fmt(figures.total)),
        consequence=(
            labels("claim_consequence_court", court=dunning.court(workspace, contract, locale))
            if contract is not None
            else labels("claim_consequence")
        ),
        payment=payee_rows(workspace, subject, currency, invoices[0].number if invoices else None),
        notes=localize(claim.notes, locale),
        signature=agency_signature(workspace, subject),
    )


def contract_number(contract: Contract) -> str:
    return contract.number


def _penalty_basis(penalty_terms: dunning.PenaltyTerms, subject: ProjectSubject) -> str:
    labels, locale = subject.labels, subject.locale
    if penalty_terms.basis == "contract":
        assert penalty_terms.rate is not None and penalty_terms.cap is not None
        return labels(
            "claim_basis_contract",
            rate=format_percent(penalty_terms.rate, locale),
            cap=format_percent(penalty_terms.cap, locale),
        )
    if penalty_terms.basis == "statutory_de":
        return labels("claim_basis_statutory_de")
    return ""  # no penalty to explain: the claim asks for the debt alone


def _penalty_rows(invoice: str, penalty: Penalty, currency: str, subject: ProjectSubject) -> list[PenaltyRow]:
    """One row per period; the rate per day (contract) or per year (statutory)."""
    labels, locale = subject.labels, subject.locale
    unit = "claim_rate_per_day" if penalty.basis == "contract" else "claim_rate_per_year"
    return [
        PenaltyRow(
            invoice=invoice,
            start=format_date(period.start, locale, "short"),
            end=format_date(period.end, locale, "short"),
            days=str(period.days),
            amount=format_money(period.amount, currency, locale),
            rate=labels(unit, rate=format_percent(period.rate, locale)),
            penalty=format_money(money.round_money(period.exact, currency), currency, locale),
        )
        for period in penalty.periods
    ]


def _totals(
    figures: dunning.ClaimFigures, subject: ProjectSubject, fmt: Callable[[Decimal], str]
) -> tuple[Row, ...]:
    labels = subject.labels
    rows = [Row(labels("claim_debt"), fmt(figures.debt))]
    if figures.terms.basis is not None:
        rows.append(Row(labels(f"claim_penalty_{figures.terms.basis}"), fmt(figures.penalty)))
    if figures.flat_fees:
        rows.append(Row(labels("claim_flat_fee"), fmt(figures.flat_fees)))
    rows.append(Row(labels("claim_total"), fmt(figures.total), strong=True))
    return tuple(rows)
