"""Counted nouns by the CLDR plural rules (Babel): "1 service", "3 services", "3 услуги", "5 услуг".

A label gives a noun's forms by plural category, "one=service|other=services"
or "one=услуга|few=услуги|many=услуг|other=услуги"; Babel tells which
category a number takes in the locale, so a language with other categories
(Arabic, Polish) is a matter of its labels, not of code. The number and noun
are joined by a no-break space so that a line never ends between them.
"""

from __future__ import annotations

from babel import Locale

from agencydocs.i18n.typography import NBSP


def plural_category(count: int, locale: str) -> str:
    """CLDR's plural category of ``count`` in ``locale``: "one", "few", "many" or "other"."""
    return str(Locale.parse(locale).plural_form(count))


def counted(count: int, forms: str, locale: str) -> str:
    """ "3 услуги": ``count`` and the form of the noun ``forms`` gives for its category."""
    table = dict(part.split("=", 1) for part in forms.split("|"))
    noun = table.get(plural_category(count, locale), table["other"])
    return f"{count}{NBSP}{noun}"
