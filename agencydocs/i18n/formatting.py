"""Locale-aware formatting of money, numbers, dates and amounts in words.

Formatting never computes: amounts come from :mod:`agencydocs.domain.money`. Money
is shown with exactly the currency's ISO 4217 minor units; an amount with
more decimals is rounded half-up (never Babel's default half-even).
"""

from __future__ import annotations

import copy
import decimal
import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.numbers import NumberPattern, format_currency, format_decimal
from num2words import num2words

from agencydocs.domain.money import minor_units, round_money

DateStyle = Literal["long", "short"]

# Babel format names ("long") or explicit patterns, per language.
_DATE_FORMATS: dict[str, dict[str, str]] = {
    "ru": {"long": "long", "short": "dd.MM.y"},
    "en": {"long": "d MMMM y", "short": "d MMM y"},
    "de": {"long": "d. MMMM y", "short": "dd.MM.y"},
}
_DEFAULT_DATE_FORMATS = {"long": "long", "short": "medium"}
_MINUS = {"ru": "Минус", "de": "Minus"}
# Babel quantizes in the thread's decimal context (28 digits by default): a
# 30-digit amount with its decimals would raise InvalidOperation there.
_WIDE = decimal.Context(prec=100, rounding=decimal.ROUND_HALF_EVEN)
# num2words spells Russian numbers only below 10**33 (KeyError beyond);
# amounts are kept far below by ``money.AMOUNT_LIMIT``.
_WORDS_LIMIT = 10**33


@dataclass(frozen=True)
class _RuUnit:
    """Russian names of a currency: (one, few, many) forms and gender."""

    major: tuple[str, str, str]
    minor: tuple[str, str, str] | None
    gender: Literal["m", "f"] = "m"


@dataclass(frozen=True)
class _Unit:
    """English or German names of a currency: (singular, plural) forms."""

    major: tuple[str, str]
    minor: tuple[str, str] | None


_KOPECKS = ("копейка", "копейки", "копеек")
_CENTS_RU = ("цент", "цента", "центов")
_RU_UNITS: dict[str, _RuUnit] = {
    "RUB": _RuUnit(("рубль", "рубля", "рублей"), _KOPECKS),
    "USD": _RuUnit(("доллар США", "доллара США", "долларов США"), _CENTS_RU),
    "EUR": _RuUnit(("евро", "евро", "евро"), ("евроцент", "евроцента", "евроцентов")),
    "GBP": _RuUnit(("фунт стерлингов", "фунта стерлингов", "фунтов стерлингов"), ("пенс", "пенса", "пенсов")),
    "CNY": _RuUnit(("юань", "юаня", "юаней"), ("фэнь", "фэня", "фэней")),
    "KZT": _RuUnit(("тенге", "тенге", "тенге"), ("тиын", "тиына", "тиынов")),
    "BYN": _RuUnit(("белорусский рубль", "белорусских рубля", "белорусских рублей"), _KOPECKS),
    "JPY": _RuUnit(("иена", "иены", "иен"), None, gender="f"),
}
_CENTS_EN = ("cent", "cents")
_CENTS_DE = ("Cent", "Cent")
_DE_UNITS: dict[str, _Unit] = {
    "EUR": _Unit(("Euro", "Euro"), _CENTS_DE),
    "USD": _Unit(("US-Dollar", "US-Dollar"), _CENTS_DE),
    "CHF": _Unit(("Schweizer Franken", "Schweizer Franken"), ("Rappen", "Rappen")),
    "GBP": _Unit(("Pfund Sterling", "Pfund Sterling"), ("Penny", "Pence")),
    "RUB": _Unit(("Rubel", "Rubel"), ("Kopeke", "Kopeken")),
    "JPY": _Unit(("Yen", "Yen"), None),
}
_EN_UNITS: dict[str, _Unit] = {
    "USD": _Unit(("US dollar", "US dollars"), _CENTS_EN),
    "EUR": _Unit(("euro", "euros"), _CENTS_EN),
    "GBP": _Unit(("pound sterling", "pounds sterling"), ("penny", "pence")),
    "CAD": _Unit(("Canadian dollar", "Canadian dollars"), _CENTS_EN),
    "AUD": _Unit(("Australian dollar", "Australian dollars"), _CENTS_EN),
    "RUB": _Unit(("rouble", "roubles"), ("kopeck", "kopecks")),
    "JPY": _Unit(("yen", "yen"), None),
    "BHD": _Unit(("Bahraini dinar", "Bahraini dinars"), ("fils", "fils")),
    "KWD": _Unit(("Kuwaiti dinar", "Kuwaiti dinars"), ("fils", "fils")),
}


def format_money(amount: Decimal, currency: str, locale: str) -> str:
    """Format an amount with its currency symbol: ``1 234 567,50 ₽``, ``€1,234,567.50``."""
    loc = _locale(locale)
    digits = minor_units(currency)
    pattern = _with_fraction(loc.currency_formats["standard"], digits, digits)
    value = round_money(amount, currency)
    with decimal.localcontext(_WIDE):
        return format_currency(value, currency.upper(), format=pattern, locale=loc, currency_digits=False)


def format_amount(amount: Decimal, currency: str, locale: str) -> str:
    """Format an amount without a symbol: ``1 234 567,50``, ``1,234,567.50``."""
    digits = minor_units(currency)
    return _format_number(round_money(amount, currency), locale, digits, digits)


def format_price(price: Decimal, currency: str, locale: str) -> str:
    """Format a unit price: at least the currency's minor units, more if the price has them.

    ``4.5`` JPY gives ``4.5``; ``100`` RUB gives ``100,00``; ``0.125`` EUR gives ``0.125``.
    """
    value = _require_decimal(price, "price")
    digits = max(minor_units(currency), _decimals(value))
    return _format_number(value, locale, digits, digits)


def format_quantity(q: Decimal, locale: str) -> str:
    """Format a quantity without trailing zeros: ``1``, ``1,5``, ``1 000``."""
    value = _require_decimal(q, "quantity")
    with decimal.localcontext(_WIDE):
        return format_decimal(value.normalize(), locale=_locale(locale), decimal_quantization=False)


def format_percent(rate: Decimal, locale: str) -> str:
    """Format a percent rate (22 means 22%) with no space: ``22%``, ``5,5%``."""
    value = _require_decimal(rate, "rate")
    digits = _decimals(value)
    return f"{_format_number(value, locale, digits, digits, grouping=False)}%"


def format_date(d: date, locale: str, style: DateStyle = "long") -> str:
    """Format a date in the style documents use.

    ru: ``20 ноября 2026 г.`` (Babel puts U+202F before "г.") / ``20.11.2026``;
    en: ``20 November 2026`` / ``20 Nov 2026``; other languages: Babel's long /
    medium formats.
    """
    loc = _locale(locale)
    formats = _DATE_FORMATS.get(loc.language, _DEFAULT_DATE_FORMATS)
    if style not in formats:
        raise ValueError(f"unknown date style {style!r}; expected 'long' or 'short'")
    return babel_format_date(d, formats[style], locale=loc)


def amount_in_words(amount: Decimal, currency: str, locale: str) -> str:
    """Spell an amount the way accountants write it, first letter capitalised.

    Major units in words, minor units in digits padded to the currency's
    minor units:

    * ru: ``Сто пятьдесят тысяч рублей 00 копеек``, ``Один рубль 01 копейка``;
    * en: ``One thousand two hundred thirty-four US dollars and 56 cents``;
    * de: ``Eintausendzweihundertvierunddreißig Euro und 56 Cent``;
    * JPY has no minor part: ``Four thousand five hundred yen``.

    Currencies without names here get the ISO code and a fraction of the minor
    units (``Сто BHD 500/1000``, ``One hundred KZT and 50/100``); languages
    other than ru, en and de use num2words for the number in the same shape.
    Negative amounts start with ``Минус`` / ``Minus``.
    """
    loc = _locale(locale)
    code = currency.upper()
    value = round_money(amount, code)
    digits = minor_units(code)
    major = int(abs(value))
    minor = int((abs(value) - major).scaleb(digits, context=_WIDE))
    if major >= _WORDS_LIMIT:
        raise ValueError(f"{value} is too large to write in words")
    if loc.language == "ru":
        text = _ru_words(major, minor, digits, code)
    elif loc.language in _UNIT_LANGUAGES:
        text = _unit_words(major, minor, digits, code, loc.language)
    else:
        text = _generic_words(major, minor, digits, code, loc.language)
    if value < 0:
        text = f"{_MINUS.get(loc.language, 'Minus')} {text}"
    return text[0].upper() + text[1:]


def _ru_words(major: int, minor: int, digits: int, code: str) -> str:
    unit = _RU_UNITS.get(code)
    if unit is None:
        return _generic_words(major, minor, digits, code, "ru")
    words = _ru_number(major, unit.gender)
    text = f"{words} {_ru_plural(major, unit.major)}"
    if unit.minor is not None and digits:
        text += f" {minor:0{digits}d} {_ru_plural(minor, unit.minor)}"
    return text


def _ru_number(n: int, gender: Literal["m", "f"]) -> str:
    """A Russian number agreeing with a feminine unit only in its last three digits.

    num2words applies the gender to every group: "одна квинтиллион" for
    10**18 иен, where only "одна иена" / "две тысячи одна иена" agree.
    """
    low = n % 1000
    if gender == "m" or n < 1000:
        return str(num2words(n, lang="ru", gender=gender))
    high = str(num2words(n - low, lang="ru"))
    return f"{high} {num2words(low, lang='ru', gender=gender)}" if low else high


def _unit_words(major: int, minor: int, digits: int, code: str, language: str) -> str:
    """English and German: "… US dollars and 56 cents", "… Euro und 56 Cent"."""
    units, joiner = _UNIT_LANGUAGES[language]
    unit = units.get(code)
    if unit is None:
        return _generic_words(major, minor, digits, code, language)
    text = f"{_number_words(major, language)} {unit.major[major != 1]}"
    if unit.minor is not None and digits:
        text += f" {joiner} {minor:0{digits}d} {unit.minor[minor != 1]}"
    return text


def _generic_words(major: int, minor: int, digits: int, code: str, language: str) -> str:
    if language in _UNIT_LANGUAGES:
        words, joiner = _number_words(major, language), f" {_UNIT_LANGUAGES[language][1]} "
    else:
        try:
            words = num2words(major, lang=language)
        except NotImplementedError:
            raise ValueError(f"no amount-in-words support for language {language!r}") from None
        joiner = " "
    text = f"{words} {code}"
    if digits:
        text += f"{joiner}{minor:0{digits}d}/{10**digits}"
    return text


def _number_words(n: int, language: str) -> str:
    if language == "en":
        # Cheque style: "one thousand two hundred thirty-four", no commas or "and".
        return str(num2words(n, lang="en")).replace(",", "").replace(" and ", " ")
    # German writes the number as one word: "eintausendzweihundertvierunddreißig";
    # alone before a unit, one is "ein Euro", not num2words' counting form "eins".
    return "ein" if language == "de" and n == 1 else str(num2words(n, lang=language))


# Languages whose currencies have a singular and a plural name: the units and the word joining the minor part.
_UNIT_LANGUAGES: dict[str, tuple[dict[str, _Unit], str]] = {
    "en": (_EN_UNITS, "and"),
    "de": (_DE_UNITS, "und"),
}


def _ru_plural(n: int, forms: tuple[str, str, str]) -> str:
    """Pick the Russian form for ``n``: 1 рубль, 2 рубля, 5 рублей, 11 рублей."""
    if 11 <= n % 100 <= 14:
        return forms[2]
    return forms[{1: 0, 2: 1, 3: 1, 4: 1}.get(n % 10, 2)]


def _format_number(
    value: Decimal, locale: str | Locale, min_frac: int, max_frac: int, *, grouping: bool = True
) -> str:
    # By the value's text, which keeps its exponent (1.0 and 1.00 are equal Decimals, printed apart).
    return _formatted_number(str(value), _locale(locale), min_frac, max_frac, grouping)


@functools.lru_cache(maxsize=4096)
def _formatted_number(value: str, loc: Locale, min_frac: int, max_frac: int, grouping: bool) -> str:
    """Kept per figure: the same prices, rates and totals recur in every document of a workspace."""
    pattern = _with_fraction(loc.decimal_formats[None], min_frac, max_frac)
    with decimal.localcontext(_WIDE):
        return pattern.apply(Decimal(value), loc, group_separator=grouping)


def _with_fraction(pattern: NumberPattern, min_frac: int, max_frac: int) -> NumberPattern:
    # Babel's currency digits come from CLDR, which differs from ISO 4217 for
    # some codes (HUF, IDR, IQD...): force the digits on a copy of the pattern.
    result = copy.copy(pattern)
    result.frac_prec = (min_frac, max_frac)
    return result


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _require_decimal(value: object, name: str) -> Decimal:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{name} must be a finite number, got {value}")
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    raise TypeError(f"{name} must be a Decimal, got {type(value).__name__}")


def _locale(locale: str | Locale) -> Locale:
    if isinstance(locale, Locale):
        return locale
    return _parsed_locale(locale)


@functools.lru_cache(maxsize=64)
def _parsed_locale(locale: str) -> Locale:
    """Babel's locale named ``locale``, parsed once (every figure of every document formats with one)."""
    try:
        return Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise ValueError(f"unknown locale {locale!r}") from exc
