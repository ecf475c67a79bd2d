"""The terms of a document, decided once: currency, languages, VAT, payment terms, law, signatories.

Every value comes from the most specific record that sets it::

    the document > its invoice (an act) > its contract > project > client > agency

An act inherits from the invoice it closes; an invoice, act or addendum from
the contract it cites (an act also from its invoice's contract); a contract
is its own contract. Each precedence lives in exactly one function here
(:func:`currency`, :func:`languages`, :func:`vat`, :func:`payment_terms`), and
rules, resolvers and commands ask :func:`terms` instead of looking the values
up themselves. The README section "Which value wins" documents the same order.

The chain is built from a workspace that may be partly broken (``check``
runs the rules before anything is known to be valid): a record that is
missing or invalid is ``None`` and the next one decides.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import cast

from agencydocs.domain import calendar, tax
from agencydocs.domain.jurisdiction import Forum, forum
from agencydocs.models import Agency, Client, Project
from agencydocs.models.base import LocalizedText
from agencydocs.models.documents import Act, DocumentBase, Invoice
from agencydocs.models.documents.addendum import Addendum
from agencydocs.models.documents.common import VatMode
from agencydocs.models.documents.contract import Contract
from agencydocs.models.legal import Signatory
from agencydocs.workspace import SourceDocument, Workspace

# Kinds whose templates can print two languages side by side. A bilingual
# contract's ``languages`` pass to its addenda; an invoice, which prints one
# language, takes only a contract's single ``locale`` (the client's language
# decides which of two it would be).
SIDE_BY_SIDE_KINDS = frozenset({"contract", "addendum"})


@dataclass(frozen=True)
class Chain:
    """The records a document's terms come from, most specific first; None where absent or broken."""

    document: DocumentBase
    invoice: Invoice | None  # the invoice an act closes
    contract: Contract | None  # the contract the document cites, or the document itself
    project: Project | None
    client: Client | None
    agency: Agency | None
    act_date: date | None = None  # the first act closing an invoice, for terms counted from the act

    def documents(self) -> Iterator[tuple[str, DocumentBase]]:
        """(role, document) for the document, its invoice and its contract, each once."""
        yield "document", self.document
        if self.invoice is not None:
            yield "invoice", self.invoice
        if self.contract is not None and self.contract is not self.document:
            yield "contract", self.contract


@dataclass(frozen=True)
class Vat:
    """The VAT regime a document applies.

    ``rate`` is the default rate of its lines (a line may set its own) and is
    None without VAT; ``wording`` is the legal wording of a no-VAT regime
    from the agency's tax period (e.g. "Без НДС (п. 2 ст. 346.11 НК РФ)"),
    None when the period has none and the label's generic text applies.
    ``decided_by`` names the record that chose the mode, for messages.
    """

    mode: VatMode
    rate: Decimal | None
    wording: LocalizedText | None
    decided_by: str
    # The regime applied: a jurisdiction's (``ru_export``, ``eu_outside``,
    # ``eu_reverse_charge``, see domain/tax.py) or the mode itself.
    regime: str = ""

    @property
    def outside_scope(self) -> bool:
        """The sale is outside the VAT of the agency's country: documents print no VAT row at all."""
        return self.regime in tax.OUTSIDE_SCOPE


@dataclass(frozen=True)
class PaymentTerms:
    """When an invoice is to be paid: ``days`` after an event, or its own ``due`` date.

    ``from_event`` is what the days count from: ``invoice`` (its date),
    ``receipt`` (receiving it; an invoice is sent on its date) or ``act``
    (signing the act that closes it; the invoice date until there is one).
    ``agreed_due`` is the due date the contract's (or client's) terms give,
    whatever ``due`` the invoice sets, so that a differing ``due`` can be named.
    """

    days: int
    business_days: bool  # business days of the agency's country (domain/calendar.py), else calendar days
    due: date | None  # an invoice's due date; None for other kinds
    decided_by: str
    from_event: str = "invoice"
    contract: str | None = None  # the number of the contract whose terms these are
    agreed_due: date | None = None


@dataclass(frozen=True)
class Terms:
    """Everything a document's figures and wording depend on, as plain values."""

    currency: str
    languages: tuple[str, ...]  # one language, or two printed side by side
    vat: Vat
    prices_include_vat: bool
    payment: PaymentTerms
    tax_date: date | None  # the date whose tax period applies
    law: LocalizedText | None  # the governing law chosen by the contract or agency; None: a default
    court: LocalizedText | None
    forum: Forum  # law and court with their defaults from the agency's country
    billing: str  # stages or monthly: see billing_model()
    clause_set: str  # the contract's clause set: see clause_set_name()
    supplier_signatory: Signatory | None
    customer_signatory: Signatory | None
    chief_accountant: Signatory | None

    @property
    def language(self) -> str:
        """The document's (first) language: the one its labels and numbers use."""
        return self.languages[0]


def terms(workspace: Workspace, source: SourceDocument) -> Terms:
    """The terms of one document of ``workspace`` (decided once per loaded workspace: rules,
    resolvers and the index ask them of the same document several times)."""
    from agencydocs.workspace.view import memoized

    return memoized(workspace, ("terms", id(source)), lambda: terms_of(chain(workspace, source)))


def terms_of(links: Chain) -> Terms:
    """The terms decided from an already built chain."""
    contract = links.contract
    decided_forum = contract_forum(contract, links.agency)
    return Terms(
        currency=currency(links),
        languages=languages(links),
        vat=vat(links),
        prices_include_vat=prices_include_vat(links),
        payment=payment_terms(links),
        tax_date=tax_date(links),
        law=decided_forum.law if decided_forum.law_from != "default" else None,
        court=decided_forum.court if decided_forum.court_from != "default" else None,
        forum=decided_forum,
        billing=billing_model(contract, links.project) if contract is not None else "stages",
        clause_set=clause_set_name(contract, links.agency, languages(links)) if contract else "services",
        supplier_signatory=links.agency.signatory if links.agency is not None else None,
        customer_signatory=links.client.signatory if links.client is not None else None,
        chief_accountant=links.agency.chief_accountant if links.agency is not None else None,
    )


def billing_model(contract: Contract, project: Project | None) -> str:
    """How a contract bills: ``stages`` (priced milestones, acts per stage) or ``monthly``.

    The contract's ``billing`` wins. Otherwise a project with a monthly budget
    (``budget.per: month``), or one without milestones whose contract has
    fees or whose project has hourly rates, is billed monthly; anything else
    is staged work. Clause selection, the payment schedule, advances,
    retainers and price rules all ask here.
    """
    if contract.billing is not None:
        return contract.billing
    if project is None:
        return "stages"
    if project.budget is not None and project.budget.per == "month":
        return "monthly"
    if not project.milestones and (contract.fees or project.rates):
        return "monthly"
    return "stages"


def clause_set_name(contract: Contract, agency: Agency | None, languages: tuple[str, ...]) -> str:
    """The contract's ``clause_set``, else the set written for the law of the agency's country.

    ``services`` is Russian law in Russian and English and German law in
    German; an agency elsewhere (or a German one writing in another
    language) gets ``international``, which cites no national statute.
    """
    if contract.clause_set is not None:
        return contract.clause_set
    country = agency.legal.country.upper() if agency is not None else "RU"
    if country == "RU" or (country == "DE" and set(languages) == {"de"}):
        return "services"
    return "international"


def contract_forum(contract: Contract | None, agency: Agency | None) -> Forum:
    """Law and court of a contract: its own, else the agency's, else the agency's country default."""
    country = agency.legal.country if agency is not None else "RU"
    return forum(
        country,
        (contract.law, contract.court) if contract is not None else (None, None),
        (agency.law, agency.court) if agency is not None else (None, None),
    )


def chain(workspace: Workspace, source: SourceDocument) -> Chain:
    """Look up the records ``source``'s terms come from."""
    document = source.model
    invoice = _invoice_of(workspace, document)
    contract_source = _contract_source(workspace, source, invoice)
    # An addendum belongs to its contract's project (and so to its client).
    project_id = contract_source.project_id if isinstance(document, Addendum) and contract_source else None
    project = workspace.projects.get(project_id or source.project_id)
    # A letter, reminder, claim or statement may be written to another client than the project's.
    own_client = getattr(document, "client", None)
    client_id = own_client if isinstance(own_client, str) else project.model.client if project else None
    client = workspace.clients.get(client_id) if client_id is not None else None
    contract = contract_source.model if contract_source is not None else None
    return Chain(
        document=document,
        invoice=invoice,
        contract=contract if isinstance(contract, Contract) else None,
        project=project.model if project is not None else None,
        client=client.model if client is not None else None,
        agency=workspace.agency.model if workspace.agency is not None else None,
        act_date=_act_date(workspace, source),
    )


def _act_date(workspace: Workspace, source: SourceDocument) -> date | None:
    """The date of the first act of ``source``'s invoice.

    Only the acts of the invoice's project are read (an act of another
    project cannot cite it): going through every document would make each
    invoice depend on every other file, and rebuild on any edit.
    """
    document = source.model
    if not isinstance(document, Invoice):
        return None
    dates = [
        d.model.date
        for d in workspace.documents_of("act", source.project_id)
        if isinstance(d.model, Act) and d.model.invoice == document.number
    ]
    return min(dates, default=None)


def _invoice_of(workspace: Workspace, document: DocumentBase) -> Invoice | None:
    if not isinstance(document, Act):
        return None
    found = workspace.document("invoice", document.invoice)
    return found.model if found is not None and isinstance(found.model, Invoice) else None


def _contract_source(
    workspace: Workspace, source: SourceDocument, invoice: Invoice | None
) -> SourceDocument | None:
    if isinstance(source.model, Contract):
        return source
    number = getattr(source.model, "contract", None)
    if number is None and invoice is not None:
        number = invoice.contract  # an act without its own contract: its invoice's
    return workspace.document("contract", number) if isinstance(number, str) else None


def currency(links: Chain) -> str:
    """Document > invoice > contract > project > client > agency."""
    for _, document in links.documents():
        value = getattr(document, "currency", None)
        if value:
            return str(value)
    if links.project is not None and links.project.currency:
        return links.project.currency
    return str(_client_then_agency(links, "currency"))


def languages(links: Chain) -> tuple[str, ...]:
    """Document > invoice > contract > client > agency; a contract's two languages reach side-by-side kinds only."""
    side_by_side = links.document.kind in SIDE_BY_SIDE_KINDS
    for role, document in links.documents():
        several = getattr(document, "languages", None)
        # An invoice or act is bilingual by its own choice, not its contract's.
        if several and (side_by_side or role == "document"):
            return tuple(several)
        if document.locale:
            return (document.locale,)
    return (str(_client_then_agency(links, "locale")),)


def _client_then_agency(links: Chain, field: str) -> object:
    """A client's own setting, else the agency's; a client's schema default only when there is no agency."""
    client, agency = links.client, links.agency
    if client is not None and (field in client.model_fields_set or agency is None):
        return getattr(client, field)
    if agency is not None:
        return getattr(agency, field)
    return Agency.model_fields[field].default


def tax_date(links: Chain) -> date | None:
    """The date whose tax period applies: the document's own, but an addendum restates its contract's price."""
    if isinstance(links.document, Addendum) and links.contract is not None:
        return links.contract.date
    value = getattr(links.document, "date", None)
    return value if isinstance(value, date) else None


def vat(links: Chain) -> Vat:
    """Document > invoice > contract (``vat:``) > client (``reverse_charge``) > jurisdiction > agency (its tax period).

    An invoice or act citing a contract follows the contract's regime unless
    it sets its own. Without an override the agency's and the client's
    countries may decide (:func:`agencydocs.domain.tax.jurisdiction_regime`:
    export of services from Russia, EU reverse charge, outside the EU);
    otherwise the agency's tax period on :func:`tax_date`: a VAT rate means
    standard VAT, none means the no-VAT regime with the period's wording.
    A sale the law keeps out of VAT prints that law's wording even when a
    ``vat: exempt`` override chose the mode.
    """
    agency, on = links.agency, tax_date(links)
    period = agency.tax_period(on) if agency is not None and on is not None else None
    rate = period.vat_rate if period is not None else None
    wording = period.no_vat_wording if period is not None else None
    mode: VatMode | None = None
    decided_by = "agency"
    for role, document in links.documents():
        override = getattr(document, "vat", None)
        if override is not None:
            mode, decided_by = override, role
            break
    if mode is None and links.client is not None and links.client.reverse_charge:
        mode, decided_by = "reverse_charge", "client"
    regime = tax.jurisdiction_regime(agency, links.client)
    if mode is None and regime is not None:
        mode, decided_by = regime.mode, "jurisdiction"
    if mode is None:
        mode = "standard" if rate is not None else "exempt"
    applied = regime if regime is not None and regime.mode == mode else None
    if applied is not None and mode == "exempt":
        # The regime's wording may hold languages agencydocs has no locale for yet (de): localize picks.
        wording = cast(LocalizedText, dict(applied.wording))
    regime_id = applied.id if applied is not None else mode
    return Vat(mode, None if mode == "exempt" else rate, wording, decided_by, regime_id)


def prices_include_vat(links: Chain) -> bool:
    """Whether line prices include VAT: the lines' document's own flag (an act without lines: its invoice's)."""
    document = links.document
    if isinstance(document, Act) and document.lines is None and links.invoice is not None:
        return links.invoice.prices_include_vat
    return bool(getattr(document, "prices_include_vat", False))


def payment_terms(links: Chain) -> PaymentTerms:
    """The contract's terms > the client's ``payment_terms_days`` (calendar days from the invoice date).

    A contract's ``payment_days`` are business days of the agency's country,
    counted as its clauses say: a stage's balance from signing its act, a
    monthly invoice from its receipt (see ``price.advance`` and
    ``price.monthly`` in the clause sets). An invoice's own ``due`` wins;
    ``agreed_due`` keeps what the terms give.
    """
    contract, document = links.contract, links.document
    if contract is not None and not isinstance(document, Contract):
        days, business, decided_by = contract.payment_days, True, "contract"
        event = _payment_event(contract, document, links.project)
    else:
        days = links.client.payment_terms_days if links.client is not None else _default_payment_days()
        business, decided_by, event = False, "client", "invoice"
    number = contract.number if decided_by == "contract" and contract is not None else None
    if not isinstance(document, Invoice):
        return PaymentTerms(days, business, None, decided_by, event, number)
    start = links.act_date if event == "act" and links.act_date is not None else document.date
    country = links.agency.legal.country if links.agency is not None else "RU"
    agreed = calendar.add_days(start, days, business, country)
    if document.due is not None:
        return PaymentTerms(days, business, document.due, "document", event, number, agreed)
    return PaymentTerms(days, business, agreed, decided_by, event, number, agreed)


def _payment_event(contract: Contract, document: DocumentBase, project: Project | None) -> str:
    """What a contract's payment days count from, as its clauses say.

    ``price.advance``: a stage's advance from the invoice date, its balance
    from signing its act; ``price.monthly``
    (a contract with rates — fees, hourly rates, or billed monthly): from
    receiving the invoice. An invoice billing milestones of a stages contract
    is a stage's balance.
    """
    lines = getattr(document, "lines", None) or []
    stage_lines = any(line.milestone for line in lines)
    rates = bool(contract.fees or (project is not None and project.rates))
    staged = billing_model(contract, project) == "stages"
    if staged and stage_lines and all(line.advance for line in lines if line.milestone):
        return "invoice"  # price.advance: an advance is paid from the date of its invoice, before the stage
    if staged and (stage_lines or not rates):
        return "act"
    return "receipt"


def _default_payment_days() -> int:
    default = Client.model_fields["payment_terms_days"].default
    assert isinstance(default, int)
    return default
