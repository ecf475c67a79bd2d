"""Which e-invoice a document gets, and the EN 16931 VAT category its VAT regime maps to."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from agencydocs.domain import tax
from agencydocs.domain.terms import Vat
from agencydocs.models import Client
from agencydocs.models.documents import BillingDocument, Invoice

Profile = Literal["factur-x", "xrechnung"]

# The specification identifiers (BT-24) each profile declares.
GUIDELINES: dict[Profile, str] = {
    "factur-x": "urn:cen.eu:en16931:2017",
    "xrechnung": "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0",
}


def profile_of(document: BillingDocument, client: Client) -> Profile | None:
    """The invoice's own ``einvoice`` (``none`` opts out), else its client's; acts get none."""
    if not isinstance(document, Invoice):
        return None
    if document.einvoice == "none":
        return None
    return document.einvoice or client.einvoice


@dataclass(frozen=True)
class Category:
    """An EN 16931 VAT category (UNTDID 5305) with what the rules BR-<code>-* ask of it."""

    code: str  # S, Z, E, AE, O
    exemption_code: str | None = None  # VATEX code (BT-121), for the categories that need a reason
    seller_vat_id: bool = True  # may the XML carry the seller's VAT id (BT-31)? BR-O-02 forbids it for O
    buyer_vat_id: bool = True  # may it carry the buyer's (BT-48)? BR-O-02 forbids it; BR-AE-02 needs it


OUTSIDE_SCOPE = Category("O", "VATEX-EU-O", seller_vat_id=False, buyer_vat_id=False)
REVERSE_CHARGE = Category("AE", "VATEX-EU-AE")
EXEMPT = Category("E")


def category(vat: Vat, rate: Decimal | None) -> Category:
    """The category of a line at ``rate`` under the document's regime.

    A sale outside the VAT of the agency's country (ru_export: the place of
    supply is abroad; eu_outside) is "not subject to VAT" (O); reverse charge
    is AE; a no-VAT tax period (УСН, Kleinunternehmer) is exempt (E); else
    standard rated (S), or zero rated (Z) at 0 %.
    """
    if vat.regime in tax.OUTSIDE_SCOPE:
        return OUTSIDE_SCOPE
    if vat.mode == "reverse_charge":
        return REVERSE_CHARGE
    if vat.mode == "exempt" or rate is None:
        return EXEMPT
    return Category("S") if rate else Category("Z")
