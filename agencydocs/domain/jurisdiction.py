"""Governing law and the forum for disputes, decided once from the agency's country.

A contract's ``law`` and ``court`` win, then the agency's (``agency.yaml``),
then the default of the agency's country below. The wording is what the
clause ``disputes.court`` places in its sentence, per language ("подлежат
рассмотрению в {contract.court}", "shall be referred to {contract.court}",
"Gerichtsstand … ist {contract.court}").

Sources of the defaults (not legal advice):

- Russia: a dispute between businesses goes to the arbitrazh (state
  commercial) court, and the parties may agree on the court by contract
  (договорная подсудность, ст. 37 АПК РФ); the contractor's seat is the usual
  choice. The applicable law of a contract with a foreign element is the one
  the parties choose (ст. 1210 ГК РФ), else that of the party whose
  performance is decisive — the contractor (ст. 1211 ГК РФ).
- Germany: a choice of court is valid between merchants
  (Kaufleute, § 38 Abs. 1 ZPO); the law is chosen under Art. 3 Rom-I-VO and
  the UN sales convention (CISG) is excluded as is customary.
- Elsewhere: the law of the agency's country and the courts of its seat
  (Art. 4(1)(b) Rome I: a service contract is governed by the law of the
  provider's habitual residence); agencies that prefer arbitration set
  ``court`` in agency.yaml or the contract.

Read for the wording: ст. 37 АПК РФ with commentary
(https://pravmetod.ru/proczessy/dogovornaya-podsudnost-v-arbitrazhnom-proczesse);
§ 38 ZPO (https://haufe.de/recht/deutsches-anwalt-office-premium/pruettinggehrlein-zpo-kommentar-zpo-38-zpo-zugelassene-gerichtsstandsvereinbarung_idesk_PI17574_HI16569259.html);
Art. 4 Rome I (https://olrl.ouplaw.com/display/10.1093/law/9780199654635.001.0001/law-9780199654635-chapter-10).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from babel import Locale

from agencydocs.models.base import LocalizedText, localize

# The jurisdiction code of a clause set ("jurisdiction:" in clauses/*.yaml).
RUSSIA, GERMANY, INTERNATIONAL = "ru", "de", "intl"

_LAW: dict[str, dict[str, str]] = {
    RUSSIA: {
        "ru": "законодательством Российской Федерации",
        "en": "the laws of the Russian Federation",
        "de": "dem Recht der Russischen Föderation",
    },
    GERMANY: {
        "ru": "законодательством Федеративной Республики Германия без учёта Конвенции ООН "
        "о договорах международной купли-продажи товаров",
        "en": "the laws of the Federal Republic of Germany, excluding the UN Convention on "
        "Contracts for the International Sale of Goods",
        "de": "dem Recht der Bundesrepublik Deutschland unter Ausschluss des UN-Kaufrechts",
    },
    INTERNATIONAL: {
        "ru": "правом страны местонахождения Исполнителя ({country})",
        "en": "the laws of the country of the Contractor's registered seat ({country})",
        "de": "dem Recht des Staates, in dem der Auftragnehmer seinen Sitz hat ({country})",
    },
}

_COURT: dict[str, dict[str, str]] = {
    RUSSIA: {
        "ru": "арбитражном суде по месту нахождения Исполнителя",
        "en": "the arbitrazh (state commercial) court at the Contractor's registered seat",
        "de": "das für den Sitz des Auftragnehmers zuständige Arbitragegericht (staatliches "
        "Wirtschaftsgericht) der Russischen Föderation",
    },
    GERMANY: {
        "ru": "суде по месту нахождения Исполнителя",
        "en": "the courts competent for the Contractor's registered seat",
        "de": "das für den Sitz des Auftragnehmers zuständige Gericht",
    },
    INTERNATIONAL: {
        "ru": "суде по месту нахождения Исполнителя",
        "en": "the competent courts at the Contractor's registered seat",
        "de": "das für den Sitz des Auftragnehmers zuständige Gericht",
    },
}

_NAMES = {RUSSIA: "Russian", GERMANY: "German", INTERNATIONAL: "international"}


@dataclass(frozen=True)
class Forum:
    """The law and court a contract states, each with the record that chose it."""

    jurisdiction: str  # the agency's: ru, de or intl
    law: LocalizedText
    court: LocalizedText
    law_from: str  # contract, agency or default
    court_from: str

    def law_in(self, language: str, set_defaults: Mapping[str, str]) -> str:
        """The law in ``language``: the chosen one, else the clause set's default, else the country's."""
        return self._in(language, self.law, self.law_from, set_defaults.get("contract.law", ""))

    def court_in(self, language: str, set_defaults: Mapping[str, str]) -> str:
        return self._in(language, self.court, self.court_from, set_defaults.get("contract.court", ""))

    @staticmethod
    def _in(language: str, value: LocalizedText, source: str, set_default: str) -> str:
        if source == "default" and set_default:
            return set_default  # a workspace's clauses/*.yaml "defaults:" beat the country's
        return localize(value, language)

    @property
    def defaulted(self) -> bool:
        """Both law and court come from the country default: nobody chose them."""
        return self.law_from == "default" and self.court_from == "default"


def jurisdiction_of(country: str) -> str:
    """The clause-set jurisdiction of an agency in ``country`` (ISO 3166 alpha-2)."""
    return {"RU": RUSSIA, "DE": GERMANY}.get(country.upper(), INTERNATIONAL)


def describe(jurisdiction: str) -> str:
    """ "Russian", "German" or "international", for messages."""
    return _NAMES.get(jurisdiction, jurisdiction)


def default_law(country: str) -> dict[str, str]:
    """The governing law an agency in ``country`` gets unless a contract or agency.yaml names one."""
    return _with_country(_LAW[jurisdiction_of(country)], country)


def default_court(country: str) -> dict[str, str]:
    return _with_country(_COURT[jurisdiction_of(country)], country)


def forum(
    country: str,
    contract: tuple[LocalizedText | None, LocalizedText | None],
    agency: tuple[LocalizedText | None, LocalizedText | None],
) -> Forum:
    """Law and court: the contract's (law, court), else the agency's, else the country default."""
    law, law_from = _first((contract[0], "contract"), (agency[0], "agency"))
    court, court_from = _first((contract[1], "contract"), (agency[1], "agency"))
    return Forum(
        jurisdiction=jurisdiction_of(country),
        law=law if law is not None else default_law(country),
        court=court if court is not None else default_court(country),
        law_from=law_from,
        court_from=court_from,
    )


def _first(*candidates: tuple[LocalizedText | None, str]) -> tuple[LocalizedText | None, str]:
    for value, source in candidates:
        if value:
            return value, source
    return None, "default"


def _with_country(texts: dict[str, str], country: str) -> dict[str, str]:
    return {lang: text.replace("{country}", _country_name(country, lang)) for lang, text in texts.items()}


@functools.cache  # asked for every billing document (terms' law and court), and babel's lookup is slow
def _country_name(country: str, lang: str) -> str:
    return Locale.parse(lang).territories.get(country.upper(), country.upper())
