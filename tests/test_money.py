"""Tests for agencydocs.domain.money: worked examples and invoice-wide properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agencydocs.domain.money import (
    LineInput,
    RoundingMode,
    Totals,
    compute_totals,
    minor_units,
    round_money,
)

D = Decimal


def line(qty: str, price: str, rate: str | None, discount: str = "0") -> LineInput:
    return LineInput(D(qty), D(price), None if rate is None else D(rate), D(discount))


def amounts(totals: Totals) -> list[Decimal]:
    values = [totals.net, totals.vat, totals.total, totals.discount]
    for la in totals.lines:
        values += [la.gross_before_discount, la.discount, la.net]
    for group in totals.vat_groups:
        values += [group.base, group.vat]
    return values


# --- minor units and rounding ---------------------------------------------


@pytest.mark.parametrize(
    ("code", "digits"),
    [
        ("JPY", 0), ("CLP", 0), ("ISK", 0), ("KRW", 0), ("EUR", 2), ("RUB", 2),
        ("USD", 2), ("HUF", 2), ("IDR", 2), ("BHD", 3), ("KWD", 3), ("JOD", 3),
        ("OMR", 3), ("TND", 3), ("IQD", 3), ("CLF", 4), ("rub", 2),
    ],
)  # fmt: skip
def test_minor_units_follow_iso_4217(code: str, digits: int) -> None:
    assert minor_units(code) == digits


@pytest.mark.parametrize("code", ["ZZZ", "RUR1", "", "XAU", "XXX"])
def test_minor_units_rejects_unknown_codes(code: str) -> None:
    with pytest.raises(ValueError):
        minor_units(code)


def test_round_money_is_half_up_by_default() -> None:
    assert round_money(D("0.525"), "EUR") == D("0.53")
    assert round_money(D("0.525"), "EUR", "half-even") == D("0.52")
    assert round_money(D("-0.525"), "EUR") == D("-0.53")
    assert round_money(D("0.521"), "EUR", "up") == D("0.53")
    assert round_money(D("0.529"), "EUR", "down") == D("0.52")
    assert round_money(D("0.525"), "EUR", "half-down") == D("0.52")


def test_round_money_exponents_and_no_negative_zero() -> None:
    assert str(round_money(D("13.5"), "JPY")) == "14"
    assert str(round_money(D("1"), "BHD")) == "1.000"
    assert str(round_money(D("-0.001"), "RUB")) == "0.00"


def test_round_money_rejects_floats_and_bad_modes() -> None:
    with pytest.raises(TypeError):
        round_money(0.1, "EUR")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="rounding"):
        round_money(D("1"), "EUR", "bankers")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        round_money(D("NaN"), "EUR")


# --- worked examples ---------------------------------------------------------


def test_five_percent_of_10_50_depends_on_rounding() -> None:
    lines = [line("1", "10.50", "5")]
    assert compute_totals(lines, "EUR").vat == D("0.53")
    assert compute_totals(lines, "EUR", rounding="half-even").vat == D("0.52")


def test_vat_is_computed_once_per_rate_not_per_line() -> None:
    # Per line: 3 x round(0.005) = 0.03; per rate: round(0.015) = 0.02.
    totals = compute_totals([line("1", "0.10", "5")] * 3, "RUB")
    assert len(totals.vat_groups) == 1
    assert totals.vat_groups[0].base == D("0.30")
    assert totals.vat == D("0.02")
    assert totals.total == D("0.32")


def test_jpy_keeps_unit_price_precision() -> None:
    totals = compute_totals([line("3", "4.5", "10")], "JPY")
    assert totals.lines[0].net == D("14")
    assert str(totals.vat) == "1"
    assert str(totals.total) == "15"
    assert compute_totals([line("3", "4.5", "10")], "JPY", rounding="down").net == D("13")


def test_bhd_has_three_decimals() -> None:
    totals = compute_totals([line("1", "1.2345", "10")], "BHD")
    assert str(totals.net) == "1.235"
    assert str(totals.vat) == "0.124"  # 0.1235 half-up
    assert str(totals.total) == "1.359"


def test_discounts() -> None:
    totals = compute_totals([line("2", "100.00", "20", "15.50"), line("1", "50", "20")], "EUR")
    first = totals.lines[0]
    assert (first.gross_before_discount, first.discount, first.net) == (
        D("200.00"),
        D("15.50"),
        D("184.50"),
    )
    assert totals.discount == D("15.50")
    assert totals.net == D("234.50")
    assert totals.vat == D("46.90")
    assert totals.total == D("281.40")


def test_full_discount_is_allowed() -> None:
    totals = compute_totals([line("1", "10", "20", "10")], "EUR")
    assert totals.total == D("0.00")


def test_groups_sorted_by_rate_descending_and_equal_rates_merged() -> None:
    lines = [line("1", "100", "10"), line("1", "100", "22"), line("1", "100", "22.0")]
    lines += [line("1", "100", "0"), line("1", "100", None)]
    totals = compute_totals(lines, "RUB")
    assert [(str(g.rate), g.base, g.vat) for g in totals.vat_groups] == [
        ("22", D("200.00"), D("44.00")),
        ("10", D("100.00"), D("10.00")),
        ("0", D("100.00"), D("0.00")),
    ]
    assert totals.net == D("500.00")  # the line outside VAT still counts
    assert totals.vat == D("54.00")
    assert totals.total == D("554.00")
    assert totals.lines[4].vat_rate is None


def test_exempt_has_no_groups_and_no_vat() -> None:
    totals = compute_totals([line("1", "150000", "22")], "RUB", vat_mode="exempt")
    assert totals.vat_groups == ()
    assert str(totals.vat) == "0.00"
    assert totals.total == totals.net == D("150000.00")
    assert totals.vat_mode == "exempt"


def test_reverse_charge_keeps_bases_with_zero_vat() -> None:
    lines = [line("2", "500", "21"), line("1", "99.99", "9")]
    totals = compute_totals(lines, "EUR", vat_mode="reverse_charge")
    assert [(str(g.rate), str(g.base), str(g.vat)) for g in totals.vat_groups] == [
        ("21", "1000.00", "0.00"),
        ("9", "99.99", "0.00"),
    ]
    assert str(totals.vat) == "0.00"
    assert totals.total == totals.net == D("1099.99")


def test_prices_include_vat_extracts_vat() -> None:
    totals = compute_totals([line("1", "122.00", "22")], "RUB", prices_include_vat=True)
    assert totals.vat == D("22.00")
    assert totals.net == D("100.00")
    assert totals.total == D("122.00")
    assert totals.lines[0].net == D("122.00")  # the line stays VAT-inclusive
    assert totals.vat_groups[0].base == D("100.00")


def test_prices_include_vat_rounds_once_per_rate() -> None:
    lines = [line("1", "150000", "22"), line("3", "333.33", "22"), line("1", "1000", None)]
    totals = compute_totals(lines, "RUB", prices_include_vat=True)
    # 150999.99 * 22 / 122 = 27229.50638... -> 27229.51
    assert totals.vat == D("27229.51")
    assert totals.total == D("151999.99")
    assert totals.net == D("124770.48")
    assert totals.vat_groups[0].base == D("123770.48")


def test_prices_include_vat_is_ignored_without_vat() -> None:
    totals = compute_totals([line("1", "122.00", "22")], "RUB", vat_mode="exempt", prices_include_vat=True)
    assert (totals.net, totals.vat, totals.total) == (D("122.00"), D("0.00"), D("122.00"))


def test_empty_invoice() -> None:
    totals = compute_totals([], "BHD")
    assert [str(v) for v in (totals.net, totals.vat, totals.total)] == ["0.000"] * 3


def test_ints_are_accepted_as_decimals() -> None:
    totals = compute_totals([LineInput(2, 100, 20)], "USD")  # type: ignore[arg-type]
    assert totals.total == D("240.00")


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (line("0", "10", "20"), "line 2: quantity"),
        (line("-1", "10", "20"), "line 2: quantity"),
        (line("1", "-0.01", "20"), "line 2: unit price"),
        (line("1", "10", "20", "-1"), "line 2: discount"),
        (line("1", "10", "20", "10.01"), "line 2: discount"),
        (line("1", "10", "100"), "line 2: VAT rate"),
        (line("1", "10", "-1"), "line 2: VAT rate"),
        (line("1", "Infinity", "20"), "line 2: amounts must be finite"),
        (line("1", "sNaN", "20"), "line 2: amounts must be finite"),
    ],
)
def test_invalid_lines_are_rejected_with_line_number(bad: LineInput, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        compute_totals([line("1", "1", "20"), bad], "EUR")


def test_other_invalid_arguments() -> None:
    with pytest.raises(TypeError, match="quantity"):
        LineInput(1.5, D("1"), None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="vat_rate"):
        LineInput(D("1"), D("1"), 20.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="currency"):
        compute_totals([], "EURO")
    with pytest.raises(ValueError, match="VAT mode"):
        compute_totals([], "EUR", vat_mode="zero")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="rounding"):
        compute_totals([], "EUR", rounding="nearest")  # type: ignore[arg-type]


# --- properties ----------------------------------------------------------------

CURRENCIES = ["RUB", "EUR", "JPY", "BHD"]
RATES = [None, D(0), D(10), D(20), D(22), D("5.5")]
ROUNDINGS: list[RoundingMode] = ["half-up", "half-even", "half-down", "up", "down"]


def scaled(max_int: int, max_scale: int, min_int: int = 0) -> st.SearchStrategy[Decimal]:
    return st.builds(
        lambda n, s: D(n).scaleb(-s),
        st.integers(min_int, max_int),
        st.integers(0, max_scale),
    )


@st.composite
def invoice_lines(draw: st.DrawFn) -> LineInput:
    qty = draw(scaled(10_000, 3, min_int=1))
    price = draw(scaled(10**8, 4))
    share = draw(st.integers(0, 100))
    discount = (qty * price * share / 100).quantize(D("0.01"), rounding="ROUND_DOWN")
    return LineInput(qty, price, draw(st.sampled_from(RATES)), discount)


invoices = st.lists(invoice_lines(), max_size=12)


def assert_exponents(totals: Totals, currency: str) -> None:
    expected = -minor_units(currency)
    assert all(v.as_tuple().exponent == expected for v in amounts(totals))
    assert all(not v.is_signed() for v in amounts(totals))


def bases_by_rate(totals: Totals) -> dict[Decimal, Decimal]:
    sums: dict[Decimal, Decimal] = {}
    for la in totals.lines:
        if la.vat_rate is not None:
            sums[la.vat_rate] = sums.get(la.vat_rate, D(0)) + la.net
    return sums


@pytest.mark.slow
@given(invoices, st.sampled_from(CURRENCIES), st.sampled_from(ROUNDINGS))
def test_standard_invoice_properties(lines: list[LineInput], currency: str, rnd: RoundingMode) -> None:
    totals = compute_totals(lines, currency, rounding=rnd)
    assert sum((la.net for la in totals.lines), D(0)) == totals.net
    for la, src in zip(totals.lines, lines, strict=True):
        exact = src.quantity * src.unit_price - src.discount
        assert la.net == round_money(exact, currency, rnd)
    rates = [g.rate for g in totals.vat_groups]
    assert rates == sorted(set(rates), reverse=True)
    assert {g.rate: g.base for g in totals.vat_groups} == bases_by_rate(totals)
    for g in totals.vat_groups:
        assert g.vat == round_money(g.base * g.rate / 100, currency, rnd)
    assert totals.vat == sum((g.vat for g in totals.vat_groups), D(0))
    assert totals.total == totals.net + totals.vat
    assert totals.discount == sum((la.discount for la in totals.lines), D(0))
    assert_exponents(totals, currency)


@pytest.mark.slow
@given(invoices, st.sampled_from(CURRENCIES))
def test_prices_include_vat_properties(lines: list[LineInput], currency: str) -> None:
    totals = compute_totals(lines, currency, prices_include_vat=True)
    assert totals.total == sum((la.net for la in totals.lines), D(0))
    gross = bases_by_rate(totals)
    for g in totals.vat_groups:
        assert g.vat == round_money(gross[g.rate] * g.rate / (100 + g.rate), currency)
        assert g.base + g.vat == gross[g.rate]
    assert totals.net + totals.vat == totals.total
    assert_exponents(totals, currency)


@pytest.mark.slow
@given(invoices, st.sampled_from(CURRENCIES))
def test_exempt_and_reverse_charge_properties(lines: list[LineInput], currency: str) -> None:
    standard = compute_totals(lines, currency)
    exempt = compute_totals(lines, currency, vat_mode="exempt")
    reverse = compute_totals(lines, currency, vat_mode="reverse_charge")
    for totals in (exempt, reverse):
        assert totals.vat == 0
        assert totals.net == totals.total == standard.net
        assert_exponents(totals, currency)
    assert exempt.vat_groups == ()
    assert [(g.rate, g.base) for g in reverse.vat_groups] == [(g.rate, g.base) for g in standard.vat_groups]
    assert all(g.vat == 0 for g in reverse.vat_groups)
