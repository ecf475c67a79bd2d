"""Typography of printed text: nested quotes and no-break spaces.

Russian quotes names in «ёлочки»; a quoted name inside a quoted name takes
„лапки“ (ООО «Агентство „Пиксель“»), never «…«…»». Abbreviations that belong
to the word or number after them ("№ 12", "г. Москва", "д. 12", "ст. 148")
and initials before a surname ("А. В. Соколова", "Соколова А. В.") are kept
on one line with no-break spaces.
"""

from __future__ import annotations

import functools
import re

NBSP = "\u00a0"

# An abbreviation before the word or number it belongs to; \b keeps "ст." of "пост." out.
_BOUND_ABBREVIATIONS = re.compile(r"(?<![\w])(№|д\.|ст\.|п\.|пп\.|ул\.|No\.) (?=\S)")
# "г." after a number is "год" and stays with the number (Babel writes "2026 г." so); else it is "город".
_CITY = re.compile(r"(?<![\w])(?<!\d[ \u00a0\u202f])(г\.) (?=\S)")
# Initials: "А. В. Соколова", "Соколова А. В.", "A. Sokolova".
_INITIAL_BEFORE = re.compile(r"(?<![\w])([А-ЯЁA-Z]\.) (?=[А-ЯЁA-Z])")
_WORD_BEFORE_INITIAL = re.compile(r"(?<=[а-яёa-z]) (?=[А-ЯЁA-Z]\.)")


def nest_quotes(text: str) -> str:
    """Quotes inside «…» become „…“: «Агентство «Пиксель»» -> «Агентство „Пиксель“».

    Reads the text once, tracking depth: an opening « at depth ≥ 1 is an inner
    quote; a » closes the innermost one. Straight "…" inside «…» are inner
    quotes too.
    """
    if "«" not in text:
        return text  # nothing to nest (most text): no walk through it
    out: list[str] = []
    depth = 0
    straight_open = False  # a straight " inside «…» opened and not yet closed
    for char in text:
        if char == "«":
            out.append("„" if depth else "«")
            depth += 1
        elif char == "»" and depth:
            depth -= 1
            out.append("“" if depth else "»")
        elif char == '"' and depth:
            out.append("“" if straight_open else "„")
            straight_open = not straight_open
        else:
            out.append(char)
    return "".join(out)


def no_break_spaces(text: str) -> str:
    """No-break spaces after "№", "г.", "д.", "ст.", … and between initials and a surname."""
    text = _BOUND_ABBREVIATIONS.sub(rf"\1{NBSP}", text)
    text = _CITY.sub(rf"\1{NBSP}", text)
    text = _INITIAL_BEFORE.sub(rf"\1{NBSP}", text)
    return _WORD_BEFORE_INITIAL.sub(NBSP, text)


def russian_typography(text: str) -> str:
    """Both rules, for a name or title printed in Russian."""
    return no_break_spaces(nest_quotes(text))


def typeset(text: str, locale: str) -> str:
    """The typography rules of ``locale``: no-break spaces everywhere, nested quotes in Russian."""
    return _typeset(str(text), locale)  # a plain str always (never a str subclass such as Markup)


@functools.lru_cache(maxsize=8192)
def _typeset(text: str, locale: str) -> str:
    """Kept per text: the same names, labels and clauses are typeset for every document."""
    return russian_typography(text) if locale == "ru" else no_break_spaces(text)
