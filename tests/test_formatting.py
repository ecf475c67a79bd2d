"""Tests for agencydocs.i18n.formatting: exact strings for ru and en."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from agencydocs.i18n.formatting import (
    amount_in_words,
    format_amount,
    format_date,
    format_money,
    format_percent,
    format_price,
    format_quantity,
)

D = Decimal
NBSP = "\u00a0"  # Babel's (CLDR's) group and symbol separator for ru and de
NNBSP = "\u202f"  # Babel's space before the Russian "г." (year)


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "expected"),
    [
        ("1234567.5", "RUB", "ru", f"1{NBSP}234{NBSP}567,50{NBSP}₽"),
        ("1234567.5", "RUB", "ru_RU", f"1{NBSP}234{NBSP}567,50{NBSP}₽"),
        ("1234567.5", "EUR", "en", "€1,234,567.50"),
        ("1234.5", "USD", "en_US", "$1,234.50"),
        ("1234.5", "EUR", "de", f"1.234,50{NBSP}€"),
        ("1234567", "JPY", "en", "¥1,234,567"),
        ("4.5", "JPY", "en", "¥5"),  # half-up, not half-even
        ("1.5", "BHD", "en", "BHD1.500"),
        ("1234.5", "HUF", "en", "HUF1,234.50"),  # ISO 4217: 2 decimals, CLDR says 0
        ("0.125", "EUR", "en", "€0.13"),
        ("-1234.5", "RUB", "ru", f"-1{NBSP}234,50{NBSP}₽"),
        ("0", "RUB", "ru", f"0,00{NBSP}₽"),
    ],
)
def test_format_money(amount: str, currency: str, locale: str, expected: str) -> None:
    assert format_money(D(amount), currency, locale) == expected


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "expected"),
    [
        ("1234567.5", "RUB", "ru", f"1{NBSP}234{NBSP}567,50"),
        ("1234567.5", "EUR", "en", "1,234,567.50"),
        ("1234567", "JPY", "ru", f"1{NBSP}234{NBSP}567"),
        ("1.2", "KWD", "en", "1.200"),
        ("0.005", "EUR", "en", "0.01"),
    ],
)
def test_format_amount(amount: str, currency: str, locale: str, expected: str) -> None:
    assert format_amount(D(amount), currency, locale) == expected


@pytest.mark.parametrize(
    ("price", "currency", "locale", "expected"),
    [
        ("4.5", "JPY", "en", "4.5"),
        ("4.50", "JPY", "en", "4.5"),
        ("4", "JPY", "en", "4"),
        ("100", "RUB", "ru", "100,00"),
        ("0.125", "EUR", "en", "0.125"),
        ("1500.1250", "RUB", "ru", f"1{NBSP}500,125"),
        ("1.5", "BHD", "en", "1.500"),
    ],
)
def test_format_price(price: str, currency: str, locale: str, expected: str) -> None:
    assert format_price(D(price), currency, locale) == expected


@pytest.mark.parametrize(
    ("quantity", "ru", "en"),
    [
        ("1", "1", "1"),
        ("1.000", "1", "1"),
        ("1.5", "1,5", "1.5"),
        ("0.125", "0,125", "0.125"),
        ("1000", f"1{NBSP}000", "1,000"),
        ("1234.5678", f"1{NBSP}234,5678", "1,234.5678"),
    ],
)
def test_format_quantity(quantity: str, ru: str, en: str) -> None:
    assert format_quantity(D(quantity), "ru") == ru
    assert format_quantity(D(quantity), "en") == en


@pytest.mark.parametrize(
    ("rate", "ru", "en"),
    [("22", "22%", "22%"), ("22.00", "22%", "22%"), ("5.5", "5,5%", "5.5%"), ("0", "0%", "0%")],
)
def test_format_percent(rate: str, ru: str, en: str) -> None:
    assert format_percent(D(rate), "ru") == ru
    assert format_percent(D(rate), "en") == en


@pytest.mark.parametrize(
    ("locale", "long", "short"),
    [
        ("ru", f"20 ноября 2026{NNBSP}г.", "20.11.2026"),
        ("ru_RU", f"20 ноября 2026{NNBSP}г.", "20.11.2026"),
        ("en", "20 November 2026", "20 Nov 2026"),
        ("en_US", "20 November 2026", "20 Nov 2026"),
        ("de", "20. November 2026", "20.11.2026"),
    ],
)
def test_format_date(locale: str, long: str, short: str) -> None:
    day = date(2026, 11, 20)
    assert format_date(day, locale) == long
    assert format_date(day, locale, "short") == short


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("150000", "Сто пятьдесят тысяч рублей 00 копеек"),
        ("1.01", "Один рубль 01 копейка"),
        ("2.02", "Два рубля 02 копейки"),
        ("5.05", "Пять рублей 05 копеек"),
        ("11.11", "Одиннадцать рублей 11 копеек"),
        ("21.21", "Двадцать один рубль 21 копейка"),
        ("22.05", "Двадцать два рубля 05 копеек"),
        ("111.14", "Сто одиннадцать рублей 14 копеек"),
        ("1000", "Одна тысяча рублей 00 копеек"),
        ("2001.50", "Две тысячи один рубль 50 копеек"),
        ("0", "Ноль рублей 00 копеек"),
        ("-100.5", "Минус сто рублей 50 копеек"),
    ],
)
def test_amount_in_words_roubles(amount: str, expected: str) -> None:
    assert amount_in_words(D(amount), "RUB", "ru") == expected


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("121.50", "USD", "Сто двадцать один доллар США 50 центов"),
        ("2.02", "USD", "Два доллара США 02 цента"),
        ("5.01", "USD", "Пять долларов США 01 цент"),
        ("1.01", "EUR", "Один евро 01 евроцент"),
        ("22.03", "EUR", "Двадцать два евро 03 евроцента"),
        ("150000", "EUR", "Сто пятьдесят тысяч евро 00 евроцентов"),
        ("21", "JPY", "Двадцать одна иена"),
        ("123.45", "BHD", "Сто двадцать три BHD 450/1000"),
    ],
)
def test_amount_in_words_other_currencies_ru(amount: str, currency: str, expected: str) -> None:
    assert amount_in_words(D(amount), currency, "ru_RU") == expected


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("1234.56", "USD", "One thousand two hundred thirty-four US dollars and 56 cents"),
        ("150000.50", "EUR", "One hundred fifty thousand euros and 50 cents"),
        ("1.01", "EUR", "One euro and 01 cent"),
        ("101", "USD", "One hundred one US dollars and 00 cents"),
        ("4500", "JPY", "Four thousand five hundred yen"),
        ("123.45", "BHD", "One hundred twenty-three Bahraini dinars and 450 fils"),
        ("2.01", "RUB", "Two roubles and 01 kopeck"),
        ("100.5", "KZT", "One hundred KZT and 50/100"),
        ("0", "USD", "Zero US dollars and 00 cents"),
        ("-0.50", "USD", "Minus zero US dollars and 50 cents"),
    ],
)
def test_amount_in_words_en(amount: str, currency: str, expected: str) -> None:
    assert amount_in_words(D(amount), currency, "en") == expected


def test_amount_in_words_rounds_half_up_like_format_money() -> None:
    assert amount_in_words(D("1.005"), "RUB", "ru") == "Один рубль 01 копейка"


def test_amount_in_words_other_language_falls_back_to_iso_code() -> None:
    # German names its currencies (tests/test_german.py); a language without names prints the code.
    assert amount_in_words(D("100.5"), "EUR", "fr") == "Cent EUR 50/100"
    assert amount_in_words(D("100.5"), "KZT", "de") == "Einhundert KZT und 50/100"


def test_invalid_inputs() -> None:
    with pytest.raises(TypeError):
        format_money(1.5, "EUR", "en")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        format_quantity(1.5, "en")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="locale"):
        format_money(D("1"), "EUR", "xx_QQ")
    with pytest.raises(ValueError, match="currency"):
        format_amount(D("1"), "EURO", "en")
    with pytest.raises(ValueError, match="date style"):
        format_date(date(2026, 1, 1), "en", "full")  # type: ignore[arg-type]
