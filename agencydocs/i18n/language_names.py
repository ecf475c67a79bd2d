"""Names of languages inside running text, from CLDR (Babel): "на русском языке", "the English version".

The clause that says which language prevails names the contract's languages
in each of its texts. CLDR gives the names in the nominative ("английский");
Russian puts them in the prepositional after "на" ("на английском языке"),
declined with pymorphy3. Other languages use CLDR's name as it is, so a new
locale needs no code here.
"""

from __future__ import annotations

from collections.abc import Sequence

from babel import Locale
from babel.lists import format_list


def language_name(code: str, in_locale: str) -> str:
    """The name of language ``code`` as written in ``in_locale``'s running text (Russian: prepositional)."""
    name = Locale.parse(in_locale).languages.get(code, code)
    if in_locale == "ru":
        return _prepositional(name)
    return name


def language_list(codes: Sequence[str], in_locale: str) -> str:
    """ "русском и английском", "Russian and English"."""
    return format_list([language_name(code, in_locale) for code in codes], locale=in_locale)


def _prepositional(word: str) -> str:
    from agencydocs.i18n.russian_cases import inflect

    return inflect(word, "loct")
