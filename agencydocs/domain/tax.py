"""VAT regimes per jurisdiction: which regime the law gives a sale, and its legal wording.

:func:`agencydocs.domain.terms.vat` asks :func:`jurisdiction_regime` after
the explicit overrides (``vat:`` of a document, invoice or contract, a
client's ``reverse_charge``) and before the agency's dated tax period:

- **RU agency, foreign client**: services of an agency (development of
  software and databases, advertising, marketing, consulting, information
  processing) are sold outside Russia when the buyer works abroad —
  пп. 4 п. 1 ст. 148 НК РФ with п. 2 ст. 148 НК РФ — so no Russian VAT is
  charged, with that wording. A Russian client: the agency's tax period
  (standard rate, or УСН / an exemption with its own ``no_vat_wording``).
- **EU agency**: a client in the agency's country pays domestic VAT (the
  tax period); a business in another member state with a VAT id is
  reverse charged (Art. 196 of Council Directive 2006/112/EC); without a
  VAT id it is treated as a consumer and pays the agency's VAT (Art. 45);
  a client outside the EU is not taxable in the EU (Art. 44).
- **Other countries**: no regime here; the agency's tax period decides,
  which means no VAT unless ``agency.yaml`` configures a rate.

The wording is data: one text per language, so a new locale (``de``: § 3a /
§ 13b / § 14a Abs. 5 UStG) is a new entry, not new code. A language a regime has no text
for prints the locale's generic label.
"""

from __future__ import annotations

from dataclasses import dataclass

from agencydocs.models import Agency, Client
from agencydocs.models.documents.common import VatMode

# Member states of the EU (ISO 3166-1 codes; Greece's VAT prefix EL is mapped by the VAT id check).
EU_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)


@dataclass(frozen=True)
class Regime:
    """A VAT regime the law gives a sale: its mode, the article it rests on, and its printed wording."""

    id: str
    mode: VatMode
    source: str  # the legal basis, for the next engineer and for messages
    wording: dict[str, str]  # language -> the text printed on contracts, invoices, acts, proposals, addenda


RU_EXPORT = Regime(
    "ru_export",
    "exempt",
    "пп. 4 п. 1 и п. 2 ст. 148 НК РФ (место реализации услуг — место деятельности покупателя)",
    {
        "ru": "НДС не облагается: согласно пп. 4 п. 1 ст. 148 НК РФ местом реализации услуг территория "
        "Российской Федерации не признаётся",
        "en": "Not subject to Russian VAT: under Art. 148(1)(4) of the Tax Code of the Russian Federation "
        "the place of supply of the services is outside Russia",
        # For a German business client the service is supplied in Germany (§ 3a Abs. 2 UStG) by a
        # supplier established abroad: the client owes the VAT (§ 13b Abs. 2 Nr. 1, Abs. 5 UStG) and
        # the invoice must say so in these words (§ 14a Abs. 5 UStG).
        "de": "Nicht der russischen Umsatzsteuer unterliegend (Art. 148 Abs. 1 Nr. 4 Steuergesetzbuch der "
        "Russischen Föderation); Steuerschuldnerschaft des Leistungsempfängers (§ 13b Abs. 2 Nr. 1, Abs. 5 UStG)",
    },
)
EU_OUTSIDE = Regime(
    "eu_outside",
    "exempt",
    "Art. 44 of Council Directive 2006/112/EC (B2B: supplied where the customer is established); § 3a Abs. 2 UStG",
    {
        "ru": "НДС не облагается: согласно ст. 44 Директивы Совета 2006/112/ЕС место оказания услуг "
        "находится за пределами ЕС",
        "en": "Not subject to VAT: under Art. 44 of Council Directive 2006/112/EC the place of supply "
        "is outside the EU",
        "de": "Nicht im Inland steuerbare Leistung: Leistungsort außerhalb der EU (§ 3a Abs. 2 UStG)",
    },
)
EU_REVERSE_CHARGE = Regime(
    "eu_reverse_charge",
    "reverse_charge",
    "Art. 196 of Council Directive 2006/112/EC; § 13b Abs. 1, 5 UStG",
    {
        # ru and en print the locale labels reverse_charge_note / contract_vat_reverse, which cite Art. 196.
        "de": "Steuerschuldnerschaft des Leistungsempfängers (§ 13b UStG)",
    },
)


def jurisdiction_regime(agency: Agency | None, client: Client | None) -> Regime | None:
    """The regime the agency's and the client's countries give; None: the agency's tax period decides."""
    if agency is None or client is None:
        return None
    home, abroad = agency.legal.country, client.legal.country
    if home == "RU":
        return RU_EXPORT if abroad != "RU" else None
    if home in EU_COUNTRIES:
        if abroad not in EU_COUNTRIES:
            return EU_OUTSIDE
        if abroad != home and client.legal.vat_id:
            return EU_REVERSE_CHARGE
    return None


# Regimes whose sales are outside the VAT of the agency's country: an invoice prints no "VAT —" row.
OUTSIDE_SCOPE = frozenset({RU_EXPORT.id, EU_OUTSIDE.id})


def german_invoice_gaps(agency: Agency, has_period: bool) -> list[tuple[str, str]]:
    """The mandatory items of § 14 Abs. 4 Satz 1 UStG a German agency's invoice lacks: (field, message).

    Names, addresses, date, number, lines and the amounts per rate with the
    rate and tax or the exemption note are always printed; two items depend on
    the data: the supplier's Steuernummer or USt-IdNr. (Nr. 2) and the time of
    supply (Nr. 6), which the invoice gives as its ``period``.
    """
    if agency.legal.country != "DE":
        return []
    gaps = []
    if not (agency.legal.steuernummer or agency.legal.vat_id):
        gaps.append(
            ("date", "§ 14 Abs. 4 Nr. 2 UStG: a German invoice needs the agency's Steuernummer or USt-IdNr.; "
             "add legal.steuernummer or legal.vat_id to agency.yaml")
        )  # fmt: skip
    if not has_period:
        gaps.append(
            (
                "date",
                "§ 14 Abs. 4 Nr. 6 UStG: a German invoice states when the services were supplied; add period",
            )
        )
    return gaps


def vat_invoice_refusal(country: str, mode: VatMode, regime: str) -> str | None:
    """Why a sale gets no счёт-фактура (an УПД of status 1 is one), or None when it gets one.

    A счёт-фактура is the document of Russian VAT (ст. 169 НК РФ): only a
    Russian VAT payer issues it, and only for a sale Russian VAT taxes.
    Under п. 3 ст. 169 НК РФ none is drawn up for a sale that is not taxed:
    services supplied outside Russia (ст. 148 НК РФ, the export regime above),
    sales exempt under ст. 149 НК РФ, or by a seller released from VAT
    (ст. 145, 145.1 НК РФ, including УСН under п. 1 ст. 145 from 2025). The
    same sale is still documented by an act, or by an УПД of status 2.
    (A VAT payer selling to a buyer who is no VAT payer may also agree with it
    in writing to issue none, пп. 1 п. 3 ст. 169: that is the user's choice of
    kind, not a rule here.)
    """
    if country != "RU":
        return "a счёт-фактура is a document of Russian VAT (ст. 169 НК РФ); the agency is not Russian"
    if regime == RU_EXPORT.id:
        return (
            "no счёт-фактура for services supplied outside Russia (пп. 4 п. 1 ст. 148 НК РФ): "
            "Russian VAT does not tax them (п. 3 ст. 169 НК РФ)"
        )
    if mode != "standard":
        return (
            "no счёт-фактура for a sale without VAT (an exemption of ст. 149 НК РФ or a seller "
            "released under ст. 145, 145.1 НК РФ, п. 3 ст. 169 НК РФ)"
        )
    return None
