"""What a reminder and a claim ask for: the client's overdue invoices and the penalty on them.

Figures come from the receivables (``domain/receivables.py``) as of the
document's date, never recomputed here, so a reminder, a claim and
``agencydocs receivables`` always agree. The penalty basis is decided once
(:func:`penalty_terms`): the contract's penalty data when its late-payment
clause is in force; else, for a German business client, the statutory
default interest of § 288 BGB; else none (``check`` reports the claim).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from agencydocs.domain import money
from agencydocs.domain.ledger import payments_until
from agencydocs.domain.penalty import Basis, Penalty, contract_penalty, daily_amounts, statutory_interest_de
from agencydocs.domain.receivables import OpenInvoice, receivables
from agencydocs.models.documents import Claim, Contract, Invoice, Reminder
from agencydocs.workspace import SourceDocument, Workspace

# Clause ids whose omission leaves a contract silent on late payment.
LATE_PAYMENT_CLAUSES = frozenset({"liability", "liability.late-payment"})


def overdue_invoices(
    workspace: Workspace,
    client: str,
    as_of: date,
    numbers: list[str] | None = None,
    contract: str | None = None,
) -> list[OpenInvoice]:
    """The client's invoices past due on ``as_of`` (only ``numbers`` / of ``contract`` when given), oldest first."""
    found = []
    for group in receivables(workspace, as_of, client):
        for invoice in group.invoices:
            if invoice.days_overdue <= 0:
                continue
            if numbers is not None and invoice.number not in numbers:
                continue
            if contract is not None and invoice_contract(workspace, invoice.number) != contract:
                continue
            found.append(invoice)
    return sorted(found, key=lambda i: (i.due, i.number))


def open_invoices(workspace: Workspace, client: str, as_of: date, numbers: list[str]) -> list[OpenInvoice]:
    """The client's open invoices among ``numbers`` on ``as_of``, due or not."""
    return [
        invoice
        for group in receivables(workspace, as_of, client)
        for invoice in group.invoices
        if invoice.number in numbers
    ]


def invoice_contract(workspace: Workspace, number: str) -> str | None:
    found = workspace.document("invoice", number)
    return found.model.contract if found is not None and isinstance(found.model, Invoice) else None


@dataclass(frozen=True)
class PenaltyTerms:
    """Which penalty a claim applies: the contract's rate and cap, statutory interest, or none."""

    basis: Basis | None
    rate: Decimal | None = None  # percent per day (contract)
    cap: Decimal | None = None  # percent of the overdue amount (contract)


def penalty_terms(workspace: Workspace, client: str, contract: Contract | None) -> PenaltyTerms:
    """The contract's penalty where its late-payment clause stands; else German statutory interest; else none."""
    if contract is not None and not LATE_PAYMENT_CLAUSES & set(contract.omit):
        return PenaltyTerms("contract", contract.penalty_rate, contract.penalty_cap)
    record = workspace.clients.get(client)
    if record is not None and record.model.legal.country == "DE":
        return PenaltyTerms("statutory_de")
    return PenaltyTerms(None)


@dataclass(frozen=True)
class ClaimedInvoice:
    invoice: OpenInvoice
    penalty: Penalty | None


@dataclass(frozen=True)
class ClaimFigures:
    """A claim's invoices with their penalties, and its totals."""

    currency: str
    terms: PenaltyTerms
    invoices: tuple[ClaimedInvoice, ...]
    debt: Decimal
    penalty: Decimal
    flat_fees: Decimal
    total: Decimal


def claim_figures(
    workspace: Workspace,
    terms: PenaltyTerms,
    invoices: list[OpenInvoice],
    currency: str,
    as_of: date,
    *,
    client: str | None = None,
) -> ClaimFigures:
    """Each invoice's penalty up to ``as_of`` (raises BaseRateUnknown for an unrecorded base rate);
    ``client``: whose payments settle the invoices (every client's when None)."""
    paid = _dated_payments(workspace, as_of, client)
    claimed = []
    for invoice in invoices:
        days = daily_amounts(invoice.total, paid.get(invoice.number, []), invoice.due, as_of)
        penalty: Penalty | None = None
        if terms.basis == "contract" and terms.rate is not None:
            penalty = contract_penalty(days, terms.rate, terms.cap, currency)
        elif terms.basis == "statutory_de":
            penalty = statutory_interest_de(days, currency)
        claimed.append(ClaimedInvoice(invoice, penalty))
    debt = money.sum_money((c.invoice.open for c in claimed), currency)
    penalty_sum = money.sum_money((c.penalty.amount for c in claimed if c.penalty), currency)
    fees = money.sum_money((c.penalty.flat_fee for c in claimed if c.penalty), currency)
    return ClaimFigures(
        currency=currency,
        terms=terms,
        invoices=tuple(claimed),
        debt=debt,
        penalty=penalty_sum,
        flat_fees=fees,
        total=money.sum_money([debt, penalty_sum, fees], currency),
    )


def _dated_payments(
    workspace: Workspace, as_of: date, client: str | None
) -> dict[str, list[tuple[date, Decimal]]]:
    """Invoice number -> (date, amount) of every payment part on it up to ``as_of``."""
    found: dict[str, list[tuple[date, Decimal]]] = {}
    for _client, payment in payments_until(workspace, as_of, client):
        for number, amount in payment.allocations():
            found.setdefault(number, []).append((payment.date, amount))
    return found


def document_client(workspace: Workspace, source: SourceDocument) -> str:
    """The client a collection document is about: its own ``client``, else its project's."""
    own = getattr(source.model, "client", None)
    if isinstance(own, str):
        return own
    project = workspace.projects.get(source.project_id)
    return project.model.client if project is not None else ""


def reminder_invoices(workspace: Workspace, reminder: Reminder, client: str) -> list[OpenInvoice]:
    """The invoices a reminder lists: the given ones that are overdue, else every overdue one."""
    return overdue_invoices(workspace, client, reminder.date, reminder.invoices)


def cited_contracts(invoices: list[OpenInvoice], workspace: Workspace) -> list[str]:
    """The distinct contracts ``invoices`` cite, in order."""
    numbers = (invoice_contract(workspace, i.number) for i in invoices)
    return list(dict.fromkeys(n for n in numbers if n is not None))


def claim_contract(workspace: Workspace, claim: Claim, client: str) -> str | None:
    """The claim's contract: its own, else the one contract its overdue invoices cite (None if not one)."""
    if claim.contract is not None:
        return claim.contract
    cited = cited_contracts(overdue_invoices(workspace, client, claim.date, claim.invoices), workspace)
    return cited[0] if len(cited) == 1 else None


def claim_invoices(workspace: Workspace, claim: Claim, client: str) -> list[OpenInvoice]:
    """The invoices a claim covers: overdue on its date, the given ones or every one of its contract."""
    contract = claim_contract(workspace, claim, client) if claim.invoices is None else None
    return overdue_invoices(workspace, client, claim.date, claim.invoices, contract)


def claim_deadline(claim: Claim) -> date:
    """The date to pay by: the claim's own, else 30 calendar days after it (ч. 5 ст. 4 АПК РФ)."""
    return claim.deadline or claim.date + timedelta(days=CLAIM_DAYS)


CLAIM_DAYS = 30


def court(workspace: Workspace, contract: Contract, language: str) -> str:
    """Where the contract sends disputes, in ``language``: as its clause ``disputes.court`` says.

    The contract's court, else the agency's, else the clause set's default,
    else the agency's country default (domain/jurisdiction.py).
    """
    from agencydocs.domain.terms import clause_set_name, contract_forum
    from agencydocs.workspace.clause_library import load_clause_library

    agency = workspace.agency.model if workspace.agency is not None else None
    name = clause_set_name(contract, agency, (language,))
    found = load_clause_library(workspace.root).get(name, language)
    return contract_forum(contract, agency).court_in(language, found.defaults if found is not None else {})
