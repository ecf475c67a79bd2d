"""The UN/CEFACT Cross Industry Invoice (CII D16B) of an invoice, EN 16931 profile.

Every amount is a figure of the money engine (``domain/billing.py`` via
``money.Totals``): line nets, VAT groups, net, VAT and total are written as
computed, so the XML and the printed invoice cannot disagree. Elements are
written in the order the XSD demands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from lxml import etree

from agencydocs.domain import money
from agencydocs.domain.terms import Vat
from agencydocs.einvoice.profile import GUIDELINES, Category, Profile, category
from agencydocs.models import Agency, Client
from agencydocs.models.base import localize
from agencydocs.models.documents import Invoice
from agencydocs.models.documents import Line as LineModel
from agencydocs.models.legal import BankAccount, LegalEntity

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
NSMAP = {"rsm": RSM, "ram": RAM, "udt": UDT, "qdt": QDT}

# UN/ECE Recommendation 20 codes of the units agencies bill in; anything else is C62 ("one").
UNIT_CODES = {
    "month": "MON", "months": "MON", "мес.": "MON", "мес": "MON", "месяц": "MON",
    "hour": "HUR", "hours": "HUR", "h": "HUR", "ч": "HUR", "ч.": "HUR", "час": "HUR",
    "day": "DAY", "days": "DAY", "дн.": "DAY", "день": "DAY",
}  # fmt: skip


@dataclass(frozen=True)
class InvoiceData:
    """What the XML says, gathered by the billing resolver from the checked workspace."""

    invoice: Invoice
    agency: Agency
    client: Client
    locale: str
    vat: Vat  # the document's VAT regime, decided once by domain/terms.py
    vat_note: str  # the printed VAT wording: the exemption reason of O and E
    lines: Sequence[LineModel]
    descriptions: Sequence[str]  # each line's printed description
    totals: money.Totals
    due: date
    reference: str  # payment reference (BT-83)
    terms: str  # the printed payment terms (BT-20)
    account: BankAccount


def build_cii(data: InvoiceData, profile: Profile) -> bytes:
    """The CII XML of ``data`` for ``profile``, UTF-8 with an XML declaration."""
    root = etree.Element(_q(RSM, "CrossIndustryInvoice"), nsmap=NSMAP)
    context = _sub(root, RSM, "ExchangedDocumentContext")
    _sub(_sub(context, RAM, "GuidelineSpecifiedDocumentContextParameter"), RAM, "ID", GUIDELINES[profile])
    document = _sub(root, RSM, "ExchangedDocument")
    _sub(document, RAM, "ID", data.invoice.number)
    _sub(document, RAM, "TypeCode", "380")  # commercial invoice
    _date(_sub(document, RAM, "IssueDateTime"), data.invoice.date)
    if data.vat_note:
        _sub(_sub(document, RAM, "IncludedNote"), RAM, "Content", data.vat_note)
    transaction = _sub(root, RSM, "SupplyChainTradeTransaction")
    categories = [_line_category(data, amount) for amount in data.totals.lines]
    for number, (line, amount, cat) in enumerate(
        zip(data.lines, data.totals.lines, categories, strict=True), 1
    ):
        _line(transaction, data, number, line, amount, cat)
    _agreement(transaction, data, profile, categories)
    _sub(transaction, RAM, "ApplicableHeaderTradeDelivery")
    _settlement(transaction, data, categories)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _line_category(data: InvoiceData, amount: money.LineAmount) -> Category:
    return category(data.vat, amount.vat_rate)


def _line(
    parent: etree._Element,
    data: InvoiceData,
    number: int,
    line: LineModel,
    amount: money.LineAmount,
    cat: Category,
) -> None:
    item = _sub(parent, RAM, "IncludedSupplyChainTradeLineItem")
    _sub(_sub(item, RAM, "AssociatedDocumentLineDocument"), RAM, "LineID", str(number))
    _sub(_sub(item, RAM, "SpecifiedTradeProduct"), RAM, "Name", data.descriptions[number - 1])
    agreement = _sub(item, RAM, "SpecifiedLineTradeAgreement")
    # The unit price as the invoice prints it: the line's own, or the milestone's (qty 1).
    unit_price = line.price if line.price is not None else amount.gross_before_discount / line.qty
    _sub(_sub(agreement, RAM, "NetPriceProductTradePrice"), RAM, "ChargeAmount", _amount(unit_price))
    delivery = _sub(item, RAM, "SpecifiedLineTradeDelivery")
    unit = (localize(line.unit, data.locale) or "").strip().lower()
    _sub(delivery, RAM, "BilledQuantity", _decimal(line.qty), unitCode=UNIT_CODES.get(unit, "C62"))
    settlement = _sub(item, RAM, "SpecifiedLineTradeSettlement")
    tax = _sub(settlement, RAM, "ApplicableTradeTax")
    _sub(tax, RAM, "TypeCode", "VAT")
    _sub(tax, RAM, "CategoryCode", cat.code)
    if cat.code != "O":  # BR-O-05: no rate outside the scope of VAT; E and AE are at 0 % (BR-E-05, BR-AE-05)
        rate = amount.vat_rate if cat.code in ("S", "Z") and amount.vat_rate is not None else Decimal(0)
        _sub(tax, RAM, "RateApplicablePercent", _decimal(rate))
    if amount.discount:
        allowance = _sub(settlement, RAM, "SpecifiedTradeAllowanceCharge")
        _sub(_sub(allowance, RAM, "ChargeIndicator"), UDT, "Indicator", "false")
        _sub(allowance, RAM, "ActualAmount", _amount(amount.discount))
        _sub(allowance, RAM, "Reason", "Discount")
    summation = _sub(settlement, RAM, "SpecifiedTradeSettlementLineMonetarySummation")
    _sub(summation, RAM, "LineTotalAmount", _amount(amount.net))


def _agreement(
    parent: etree._Element, data: InvoiceData, profile: Profile, categories: list[Category]
) -> None:
    agreement = _sub(parent, RAM, "ApplicableHeaderTradeAgreement")
    if data.client.leitweg_id:
        _sub(agreement, RAM, "BuyerReference", data.client.leitweg_id)
    seller_vat = all(cat.seller_vat_id for cat in categories)
    buyer_vat = all(cat.buyer_vat_id for cat in categories)
    contact = localize(data.agency.signatory.name, data.locale)
    _party(agreement, "SellerTradeParty", data.agency.legal, data.locale, vat_id=seller_vat, contact=contact)
    _party(agreement, "BuyerTradeParty", data.client.legal, data.locale, vat_id=buyer_vat)
    if data.invoice.contract:
        _sub(
            _sub(agreement, RAM, "ContractReferencedDocument"), RAM, "IssuerAssignedID", data.invoice.contract
        )


def _party(
    parent: etree._Element, tag: str, legal: LegalEntity, locale: str, *, vat_id: bool, contact: str = ""
) -> None:
    """A trade party (BG-4 seller, BG-7 buyer); the seller with its contact (BG-6: XRechnung's BR-DE-2)."""
    party = _sub(parent, RAM, tag)
    _sub(party, RAM, "Name", localize(legal.name, locale))
    if legal.ogrn:  # the legal registration (BT-30) of a Russian company
        _sub(_sub(party, RAM, "SpecifiedLegalOrganization"), RAM, "ID", legal.ogrn)
    if contact:
        person = _sub(party, RAM, "DefinedTradeContact")
        _sub(person, RAM, "PersonName", contact)
        if legal.phone:
            _sub(_sub(person, RAM, "TelephoneUniversalCommunication"), RAM, "CompleteNumber", legal.phone)
        if legal.email:
            _sub(_sub(person, RAM, "EmailURIUniversalCommunication"), RAM, "URIID", legal.email)
    address = _sub(party, RAM, "PostalTradeAddress")
    if legal.postcode:
        _sub(address, RAM, "PostcodeCode", legal.postcode)
    _sub(address, RAM, "LineOne", localize(legal.address, locale))
    if legal.city:
        _sub(address, RAM, "CityName", legal.city)
    _sub(address, RAM, "CountryID", legal.country)
    if legal.email:
        _sub(_sub(party, RAM, "URIUniversalCommunication"), RAM, "URIID", legal.email, schemeID="EM")
    if legal.inn:  # a Russian tax number: "FC" (tax registration), never a VAT id
        _sub(_sub(party, RAM, "SpecifiedTaxRegistration"), RAM, "ID", legal.inn, schemeID="FC")
    if vat_id and legal.vat_id:
        _sub(_sub(party, RAM, "SpecifiedTaxRegistration"), RAM, "ID", legal.vat_id, schemeID="VA")


def _settlement(parent: etree._Element, data: InvoiceData, categories: list[Category]) -> None:
    totals, currency = data.totals, data.totals.currency
    settlement = _sub(parent, RAM, "ApplicableHeaderTradeSettlement")
    _sub(settlement, RAM, "PaymentReference", data.reference[:140])
    _sub(settlement, RAM, "InvoiceCurrencyCode", currency)
    _payment_means(settlement, data.account)
    for cat, rate, basis, vat in _breakdown(totals, categories):
        tax = _sub(settlement, RAM, "ApplicableTradeTax")
        _sub(tax, RAM, "CalculatedAmount", _amount(vat))
        _sub(tax, RAM, "TypeCode", "VAT")
        if cat.code in ("O", "E", "AE"):
            _sub(tax, RAM, "ExemptionReason", data.vat_note or cat.code)
        _sub(tax, RAM, "BasisAmount", _amount(basis))
        _sub(tax, RAM, "CategoryCode", cat.code)
        if cat.exemption_code:
            _sub(tax, RAM, "ExemptionReasonCode", cat.exemption_code)
        _sub(tax, RAM, "RateApplicablePercent", _decimal(rate))  # BR-DE-14 asks for it even at 0 %
    period = data.invoice.period
    if period is not None:
        billing = _sub(settlement, RAM, "BillingSpecifiedPeriod")
        _date(_sub(billing, RAM, "StartDateTime"), period.start)
        _date(_sub(billing, RAM, "EndDateTime"), period.end)
    payment_terms = _sub(settlement, RAM, "SpecifiedTradePaymentTerms")
    _sub(payment_terms, RAM, "Description", data.terms)
    _date(_sub(payment_terms, RAM, "DueDateDateTime"), data.due)
    summation = _sub(settlement, RAM, "SpecifiedTradeSettlementHeaderMonetarySummation")
    # A final invoice states the full price and VAT of what it bills; the advances invoiced
    # before it are a prepaid amount (BT-113), so the amount due (BT-115) is what it prints.
    prepaid = sum((d.total for d in totals.deductions), Decimal(0))
    charged_vat = totals.vat + sum((d.vat for d in totals.deductions), Decimal(0))
    _sub(summation, RAM, "LineTotalAmount", _amount(totals.charged_net))
    _sub(summation, RAM, "TaxBasisTotalAmount", _amount(totals.charged_net))
    _sub(summation, RAM, "TaxTotalAmount", _amount(charged_vat), currencyID=currency)
    _sub(summation, RAM, "GrandTotalAmount", _amount(totals.charged))
    if totals.deductions:
        _sub(summation, RAM, "TotalPrepaidAmount", _amount(prepaid))
    _sub(summation, RAM, "DuePayableAmount", _amount(totals.total))


def _payment_means(parent: etree._Element, account: BankAccount) -> None:
    """SEPA credit transfer (58) to an IBAN, else a credit transfer (30) to the account number."""
    means = _sub(parent, RAM, "SpecifiedTradeSettlementPaymentMeans")
    _sub(means, RAM, "TypeCode", "58" if account.iban else "30")
    creditor = _sub(means, RAM, "PayeePartyCreditorFinancialAccount")
    if account.iban:
        _sub(creditor, RAM, "IBANID", account.iban.replace(" ", ""))
    else:
        _sub(creditor, RAM, "ProprietaryID", account.account or account.account_number or "")
    if account.bic:
        _sub(_sub(means, RAM, "PayeeSpecifiedCreditorFinancialInstitution"), RAM, "BICID", account.bic)


def _breakdown(
    totals: money.Totals, categories: list[Category]
) -> list[tuple[Category, Decimal, Decimal, Decimal]]:
    """The VAT breakdown (BG-23): ``(category, rate, basis, VAT)`` per group.

    Standard and zero rated sales take the engine's VAT groups as computed.
    Without VAT (O, E, AE) the whole net is one group at 0 %: the engine keeps
    no groups for exempt regimes, and one category may hold one group only.
    """
    if categories and categories[0].code in ("O", "E", "AE"):
        return [(categories[0], Decimal(0), totals.charged_net, Decimal(0))]
    return [(_rated(group.rate), group.rate, group.base, group.vat) for group in totals.vat_groups]


def _rated(rate: Decimal) -> Category:
    return Category("S") if rate else Category("Z")


def _sub(
    parent: etree._Element, ns: str, tag: str, text: str | None = None, **attributes: str
) -> etree._Element:
    element = etree.SubElement(parent, _q(ns, tag), attributes)
    if text is not None:
        element.text = text
    return element


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def _date(parent: etree._Element, value: date) -> None:
    _sub(parent, UDT, "DateTimeString", value.strftime("%Y%m%d"), format="102")


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def _decimal(value: Decimal) -> str:
    """A quantity or rate without exponent or trailing zeros (``1``, ``6``, ``19``, ``0.5``)."""
    text = f"{value.normalize():f}"
    return text
