"""ISO 3166-1 alpha-2 country codes, from pycountry (the iso-codes list), for ``country``.

CLDR's territory list, used before, also holds codes that are no country
(``EU``, ``ZZ``, ``UN``, ``QO``); iso-codes holds exactly the assigned ones.
pycountry is imported by the validator on first use, not at start-up: the
import and its JSON cost ~50 ms of a cold ``check`` (nothing when schwifty,
which uses pycountry too, has already loaded it for an IBAN).

A refused code gets a suggestion: a code in the wrong case, an alpha-3 code,
a country name (``Germany``), a near miss of a name or a code, and the two
usual mix-ups, ``UK`` and ``EL`` (Greece's VAT prefix).
"""

from __future__ import annotations

from functools import cache

from pydantic_core import PydanticCustomError

from agencydocs.suggestions import close_matches, one_of

_USUAL = "must be an ISO 3166 country code such as RU, DE, US"
_ALIASES = {"UK": "GB", "EL": "GR"}


def check_country(value: str) -> str:
    """The validator of the ``Country`` type: ``value`` itself, or a located refusal."""
    if value in _countries():
        return value
    if value.strip().upper() == "EU":
        raise PydanticCustomError(
            "country",
            "must be an ISO 3166 country code; the EU is not one: "
            "did you mean the member state, such as DE (Germany) or FR (France)?",
        )
    suggestions = suggest_countries(value)
    if not suggestions:
        raise PydanticCustomError("country", _USUAL)
    named = [f"{code} ({_countries()[code]})" for code in suggestions]
    raise PydanticCustomError(
        "country", "must be an ISO 3166 country code; did you mean {named}?", {"named": one_of(named)}
    )


def suggest_countries(value: str) -> list[str]:
    """Codes ``value`` may have meant: one for a name or an alias, up to three near misses."""
    text = value.strip()
    upper = text.upper()
    countries = _countries()
    if upper in countries:
        return [upper]
    if upper in _ALIASES:
        return [_ALIASES[upper]]
    by_name = _codes_by_name()
    if text.casefold() in by_name:
        return [by_name[text.casefold()]]
    named = close_matches(text.casefold(), by_name, n=1, cutoff=0.8)
    if named:
        return [by_name[named[0]]]
    if len(upper) <= 3:
        # Two letters share at most one with another code: 0.5 is the cutoff that finds any.
        return sorted(close_matches(upper, countries, n=3, cutoff=0.5))
    return []


@cache
def _countries() -> dict[str, str]:
    """Alpha-2 code -> English short name."""
    import pycountry

    return {country.alpha_2: country.name for country in pycountry.countries}


@cache
def _codes_by_name() -> dict[str, str]:
    """Casefolded names (short, official, common) and alpha-3 codes -> alpha-2 code."""
    import pycountry

    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("alpha_3", "name", "official_name", "common_name"):
            name = getattr(country, attribute, None)
            if name:
                names.setdefault(name.casefold(), country.alpha_2)
    return names
