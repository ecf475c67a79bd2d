"""Document totals: the one place where money is computed.

Pure functions over :class:`~decimal.Decimal` (floats are refused). Rules
follow EN 16931 and common practice: line nets are rounded to the currency's
minor units, VAT is computed once per rate on the sum of that rate's nets,
and totals are sums of rounded parts.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from babel.numbers import get_currency_precision, list_currencies

RoundingMode = Literal["half-up", "half-even", "half-down", "up", "down"]
VatMode = Literal["standard", "exempt", "reverse_charge"]

_ROUNDING: dict[str, str] = {
    "half-up": decimal.ROUND_HALF_UP,
    "half-even": decimal.ROUND_HALF_EVEN,
    "half-down": decimal.ROUND_HALF_DOWN,
    "up": decimal.ROUND_UP,
    "down": decimal.ROUND_DOWN,
}
_VAT_MODES = ("standard", "exempt", "reverse_charge")

# CLDR (Babel) gives cash/display digits that differ from ISO 4217 for these;
# invoices must follow ISO 4217.
_ISO_MINOR_UNITS: dict[str, int] = {
    "AFN": 2, "ALL": 2, "COP": 2, "HUF": 2, "IDR": 2, "IQD": 3, "IRR": 2,
    "KPW": 2, "LAK": 2, "LBP": 2, "MGA": 2, "MMK": 2, "MRO": 2, "SLL": 2,
    "SOS": 2, "STD": 2, "SYP": 2, "YER": 2, "ZMK": 2,
}  # fmt: skip
# ISO 4217 "N.A.": metals, funds and test codes are not money for invoices.
_NO_MINOR_UNITS = frozenset(
    {"XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XDR", "XPD", "XPT", "XSU", "XTS", "XUA", "XXX"}
)
_KNOWN = frozenset(list_currencies()) | _ISO_MINOR_UNITS.keys()

# Wide enough that products and sums of any realistic invoice are exact.
_EXACT = decimal.Context(prec=100, rounding=decimal.ROUND_HALF_EVEN)
_HUNDRED = Decimal(100)

MAX_AMOUNT_DIGITS = 18
"""No line amount (qty x price) and no sum of line amounts may reach 10**18.

Typed amounts have at most 15 integer digits (``models/base.py``), but their
products and sums have more: 30 for the largest qty x price. The limit keeps
every computed figure, VAT included (a rate is below 100%, so a total stays
below 2 * 10**18), far inside what formatting (Babel) and amounts in words
(num2words: Russian stops below 10**33) handle. ``check`` refuses a document
beyond it (``rules/amounts.py``); ``compute_totals`` refuses it too, for any
caller that ``check`` does not cover.
"""
AMOUNT_LIMIT = Decimal(10) ** MAX_AMOUNT_DIGITS


class AmountTooLarge(ValueError):
    """A line amount or a sum of lines reaches :data:`AMOUNT_LIMIT`.

    ``line`` is the 1-based number of the line that reaches it (alone or as
    the last of a running sum).
    """

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.reason = message


def check_amount_limit(lines: Iterable[tuple[Decimal, Decimal]]) -> None:
    """Raise :class:`AmountTooLarge` at the first line whose ``qty * price``, or the running sum, reaches the limit.

    ``lines`` are ``(quantity, unit price)`` pairs; discounts only lower a
    line, so they are left out (the bound stays safe).
    """
    running = Decimal(0)
    with decimal.localcontext(_EXACT):
        for number, (quantity, price) in enumerate(lines, 1):
            product = abs(quantity * price)
            if product >= AMOUNT_LIMIT:
                raise AmountTooLarge(number, f"quantity x price = {_plain(product)} {_LIMIT_TEXT}")
            running += product
            if running >= AMOUNT_LIMIT:
                raise AmountTooLarge(
                    number, f"the lines up to this one add up to {_plain(running)} {_LIMIT_TEXT}"
                )


_LIMIT_TEXT = f"(amounts must stay below 10^{MAX_AMOUNT_DIGITS}, {MAX_AMOUNT_DIGITS} integer digits)"


def _plain(value: Decimal) -> str:
    """A number in plain digits, never exponent notation."""
    return f"{value.normalize():f}"


def minor_units(currency: str) -> int:
    """Return the ISO 4217 number of minor units (decimals) of a currency.

    Raises:
        ValueError: if the code is not a known ISO 4217 currency.
    """
    code = _check_code(currency)
    if code in _ISO_MINOR_UNITS:
        return _ISO_MINOR_UNITS[code]
    return get_currency_precision(code)


def round_money(amount: Decimal, currency: str, rounding: RoundingMode = "half-up") -> Decimal:
    """Quantize an amount to the currency's minor units with explicit rounding.

    Raises:
        TypeError: if ``amount`` is not a Decimal or int.
        ValueError: on an unknown currency, rounding mode or non-finite amount.
    """
    value = _to_decimal(amount, "amount")
    return _round(value, _exponent(currency), _rounding(rounding))


@dataclass(frozen=True)
class LineInput:
    """One invoice line as entered.

    ``unit_price`` keeps its own precision; ``vat_rate`` is a percent
    (``Decimal("22")``) or None for a line outside VAT; ``discount`` is an
    absolute amount off the line. Ints are accepted and stored as Decimal.
    """

    quantity: Decimal
    unit_price: Decimal
    vat_rate: Decimal | None
    discount: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        for name in ("quantity", "unit_price", "discount"):
            object.__setattr__(self, name, _to_decimal(getattr(self, name), name))
        if self.vat_rate is not None:
            object.__setattr__(self, "vat_rate", _to_decimal(self.vat_rate, "vat_rate"))


@dataclass(frozen=True)
class LineAmount:
    """A computed line, every amount rounded to the currency's minor units.

    ``net`` is ``round(qty * price - discount)``: the amount the line adds to
    the document. With ``prices_include_vat`` that amount is VAT-inclusive.
    """

    gross_before_discount: Decimal
    discount: Decimal
    net: Decimal
    vat_rate: Decimal | None


@dataclass(frozen=True)
class VatGroup:
    """VAT subtotal for one rate: taxable ``base`` and the ``vat`` on it."""

    rate: Decimal
    base: Decimal
    vat: Decimal


@dataclass(frozen=True)
class Deduction:
    """An advance invoiced earlier and offset on a final invoice: its net, its VAT as invoiced, both."""

    net: Decimal
    vat: Decimal
    total: Decimal


@dataclass(frozen=True)
class Totals:
    """Document totals.

    Always ``total == net + vat``. ``net`` is the VAT-exclusive total (with
    ``prices_include_vat`` it is derived as ``total - vat``). ``discount`` is
    the sum of rounded line discounts, for display only. A final invoice's
    ``deductions`` (advances invoiced before it) are already subtracted from
    ``net``, ``vat`` and ``total``, which are what the client still owes; the
    lines and ``vat_groups`` keep the full figures of the stage.
    """

    currency: str
    vat_mode: VatMode
    lines: tuple[LineAmount, ...]
    net: Decimal
    vat_groups: tuple[VatGroup, ...]
    vat: Decimal
    total: Decimal
    discount: Decimal
    deductions: tuple[Deduction, ...] = ()

    @property
    def charged(self) -> Decimal:
        """The total of the lines before the deductions: the full price of what the document bills."""
        return self.total + sum((d.total for d in self.deductions), Decimal(0))

    @property
    def charged_net(self) -> Decimal:
        return self.net + sum((d.net for d in self.deductions), Decimal(0))


def compute_totals(
    lines: Sequence[LineInput],
    currency: str,
    *,
    vat_mode: VatMode = "standard",
    rounding: RoundingMode = "half-up",
    prices_include_vat: bool = False,
) -> Totals:
    """Compute line amounts, VAT per rate and document totals.

    Modes:
        * ``standard``: per rate, ``vat = round(base * rate / 100)``.
        * ``exempt``: no VAT groups, VAT 0.
        * ``reverse_charge``: a group per rate (base shown, rate kept), VAT 0.

    With ``prices_include_vat`` (Russian "в т.ч. НДС" practice, standard mode
    only) line amounts are VAT-inclusive: per rate
    ``vat = round(gross * rate / (100 + rate))`` and the group ``base`` is
    ``gross - vat``; ``total`` is the sum of line amounts and ``net`` is
    ``total - vat``. ``LineAmount.net`` stays the line's inclusive amount.
    In exempt and reverse-charge modes the flag changes nothing: no VAT is
    charged, so line amounts are the net.

    Lines with ``vat_rate=None`` are outside VAT: counted in the totals, never
    in a group.

    Raises:
        ValueError: on invalid lines (with the 1-based line number), unknown
            currency, VAT mode or rounding mode.
    """
    exp = _exponent(currency)
    mode = _rounding(rounding)
    if vat_mode not in _VAT_MODES:
        raise ValueError(f"unknown VAT mode {vat_mode!r}; expected one of {_VAT_MODES}")
    with decimal.localcontext(_EXACT):
        amounts = tuple(_line_amount(n, line, exp, mode) for n, line in enumerate(lines, 1))
        check_amount_limit((line.quantity, line.unit_price) for line in lines)
        bases = _sum_by_rate(amounts, exp) if vat_mode != "exempt" else {}
        inclusive = prices_include_vat and vat_mode == "standard"
        groups = tuple(
            _vat_group(rate, amount, vat_mode, inclusive, exp, mode)
            for rate, amount in sorted(bases.items(), reverse=True)
        )
        lines_sum = _sum((a.net for a in amounts), exp)
        vat = _sum((g.vat for g in groups), exp)
        net, total = (lines_sum - vat, lines_sum) if inclusive else (lines_sum, lines_sum + vat)
        return Totals(
            currency=currency.upper(),
            vat_mode=vat_mode,
            lines=amounts,
            net=net,
            vat_groups=groups,
            vat=vat,
            total=total,
            discount=_sum((a.discount for a in amounts), exp),
        )


def advance_deduction(
    amount: LineAmount,
    currency: str,
    *,
    vat_mode: VatMode = "standard",
    rounding: RoundingMode = "half-up",
    prices_include_vat: bool = False,
) -> Deduction:
    """What a final invoice deducts for an advance line billed earlier, with the VAT the advance charged.

    The VAT is the advance line's own (on its net, or its share of an inclusive
    amount), so a one-line advance invoice is deducted to the cent of what it
    billed; outside standard VAT nothing was charged and nothing is deducted.
    """
    exp, mode = _exponent(currency), _rounding(rounding)
    rate = amount.vat_rate
    with decimal.localcontext(_EXACT):
        if vat_mode != "standard" or rate is None:
            return Deduction(amount.net, Decimal(0).quantize(exp), amount.net)
        if prices_include_vat:
            vat = _round(amount.net * rate / (_HUNDRED + rate), exp, mode)
            return Deduction(amount.net - vat, vat, amount.net)
        vat = _round(amount.net * rate / _HUNDRED, exp, mode)
        return Deduction(amount.net, vat, amount.net + vat)


def deduct(totals: Totals, deductions: Sequence[Deduction]) -> Totals:
    """The totals of a final invoice: its lines' totals less the advances invoiced before it.

    Raises:
        ValueError: when the deductions exceed the lines (``check`` refuses such a stage first).
    """
    if not deductions:
        return totals
    exp = _exponent(totals.currency)
    with decimal.localcontext(_EXACT):
        net = totals.net - _sum((d.net for d in deductions), exp)
        vat = totals.vat - _sum((d.vat for d in deductions), exp)
        total = totals.total - _sum((d.total for d in deductions), exp)
    if total < 0:
        raise ValueError(f"advances deducted ({totals.total - total}) exceed the invoice ({totals.total})")
    return replace(totals, net=net, vat=vat, total=total, deductions=tuple(deductions))


def split_advance(
    amount: Decimal, percent: Decimal, currency: str, rounding: RoundingMode = "half-up"
) -> tuple[Decimal, Decimal]:
    """Split a stage price into an advance of ``percent`` and the balance.

    The advance is rounded to the currency's minor units; the balance is the
    rest, so the two always add up to the (rounded) amount.
    """
    value = _to_decimal(amount, "amount")
    rate = _to_decimal(percent, "percent")
    if not 0 <= rate <= _HUNDRED:
        raise ValueError(f"advance percent must be in [0, 100], got {rate}")
    exp, mode = _exponent(currency), _rounding(rounding)
    with decimal.localcontext(_EXACT):
        whole = _round(value, exp, mode)
        advance = _round(whole * rate / _HUNDRED, exp, mode)
        return advance, whole - advance


def sum_money(amounts: Iterable[Decimal], currency: str) -> Decimal:
    """The sum of amounts, quantized to the currency's minor units (parts are already rounded)."""
    with decimal.localcontext(_EXACT):
        return _sum((_to_decimal(a, "amount") for a in amounts), _exponent(currency))


def _line_amount(number: int, line: LineInput, exp: Decimal, mode: str) -> LineAmount:
    gross = _validate_line(number, line)
    return LineAmount(
        gross_before_discount=_round(gross, exp, mode),
        discount=_round(line.discount, exp, mode),
        net=_round(gross - line.discount, exp, mode),
        vat_rate=None if line.vat_rate is None else _canonical_rate(line.vat_rate),
    )


def _validate_line(number: int, line: LineInput) -> Decimal:
    """Check a line and return its exact ``quantity * unit_price``."""
    values = (line.quantity, line.unit_price, line.discount, line.vat_rate)
    if not all(v is None or v.is_finite() for v in values):
        raise ValueError(f"line {number}: amounts must be finite numbers")
    if line.quantity <= 0:
        raise ValueError(f"line {number}: quantity must be > 0, got {line.quantity}")
    if line.unit_price < 0:
        raise ValueError(f"line {number}: unit price must be >= 0, got {line.unit_price}")
    gross = line.quantity * line.unit_price
    if not 0 <= line.discount <= gross:
        raise ValueError(
            f"line {number}: discount must be between 0 and quantity x price ({gross}), got {line.discount}"
        )
    if line.vat_rate is not None and not 0 <= line.vat_rate < _HUNDRED:
        raise ValueError(f"line {number}: VAT rate must be in [0, 100), got {line.vat_rate}")
    return gross


def _sum_by_rate(amounts: Sequence[LineAmount], exp: Decimal) -> dict[Decimal, Decimal]:
    bases: dict[Decimal, Decimal] = {}
    for amount in amounts:
        if amount.vat_rate is not None:
            bases[amount.vat_rate] = bases.get(amount.vat_rate, Decimal(0)) + amount.net
    return {rate: base.quantize(exp) for rate, base in bases.items()}


def _vat_group(
    rate: Decimal, amount: Decimal, vat_mode: str, inclusive: bool, exp: Decimal, mode: str
) -> VatGroup:
    if vat_mode == "reverse_charge":
        return VatGroup(rate=rate, base=amount, vat=Decimal(0).quantize(exp))
    if inclusive:
        vat = _round(amount * rate / (_HUNDRED + rate), exp, mode)
        return VatGroup(rate=rate, base=amount - vat, vat=vat)
    return VatGroup(rate=rate, base=amount, vat=_round(amount * rate / _HUNDRED, exp, mode))


def _sum(values: Iterable[Decimal], exp: Decimal) -> Decimal:
    return sum(values, Decimal(0)).quantize(exp)


def _canonical_rate(rate: Decimal) -> Decimal:
    # 22, 22.0 and 22.00 are one rate; show it as "22", never "2.2E+1".
    if rate == rate.to_integral_value():
        return rate.quantize(Decimal(1))
    return rate.normalize()


def _round(value: Decimal, exp: Decimal, mode: str) -> Decimal:
    if not value.is_finite():
        raise ValueError(f"amount must be a finite number, got {value}")
    result = value.quantize(exp, rounding=mode, context=_EXACT)
    # "-0.00" would print with a minus sign.
    return result.copy_abs() if result.is_zero() else result


def _exponent(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


def _rounding(rounding: str) -> str:
    try:
        return _ROUNDING[rounding]
    except KeyError:
        raise ValueError(f"unknown rounding mode {rounding!r}; expected one of {tuple(_ROUNDING)}") from None


def _check_code(currency: str) -> str:
    if not isinstance(currency, str):
        raise TypeError(f"currency must be a str, got {type(currency).__name__}")
    code = currency.upper()
    if len(code) != 3 or not code.isalpha() or code not in _KNOWN:
        raise ValueError(f"unknown ISO 4217 currency code {currency!r}")
    if code in _NO_MINOR_UNITS:
        raise ValueError(f"{code} is not a currency for invoices (no ISO 4217 minor units)")
    return code


def _to_decimal(value: object, name: str) -> Decimal:
    # bool is an int subclass but never a meaningful amount.
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    raise TypeError(f"{name} must be a Decimal (build it from the source text), got {type(value).__name__}")


@dataclass(frozen=True)
class LineTax:
    """One line's share of its document's VAT: the amount without VAT, the VAT, the amount with it."""

    net: Decimal
    vat: Decimal
    gross: Decimal


def line_taxes(
    totals: Totals, *, prices_include_vat: bool = False, rounding: RoundingMode = "half-up"
) -> tuple[LineTax, ...]:
    """Each line's VAT, summing per rate to exactly the VAT ``totals`` computed for that rate.

    A счёт-фактура states VAT per line (column 8) and its totals ("Всего к
    оплате") must be the document's, which are computed per rate. Each line
    gets its own rounded VAT, and the last line of each rate takes the
    rounding difference, so the columns add up to the act's totals.
    """
    exp = _exponent(totals.currency)
    mode = _rounding(rounding)
    inclusive = prices_include_vat and totals.vat_mode == "standard"  # as compute_totals decides
    groups = {group.rate: group.vat for group in totals.vat_groups} if totals.vat_mode == "standard" else {}
    last = {amount.vat_rate: index for index, amount in enumerate(totals.lines) if amount.vat_rate in groups}
    given: dict[Decimal, Decimal] = {}
    result = []
    with decimal.localcontext(_EXACT):
        for index, amount in enumerate(totals.lines):
            rate = amount.vat_rate
            if rate is None or rate not in groups:
                result.append(LineTax(amount.net, Decimal(0).quantize(exp), amount.net))
                continue
            if last[rate] == index:
                vat = groups[rate] - given.get(rate, Decimal(0))
            elif inclusive:
                vat = _round(amount.net * rate / (_HUNDRED + rate), exp, mode)
            else:
                vat = _round(amount.net * rate / _HUNDRED, exp, mode)
            given[rate] = given.get(rate, Decimal(0)) + vat
            net, gross = (amount.net - vat, amount.net) if inclusive else (amount.net, amount.net + vat)
            result.append(LineTax(net, vat, gross))
    return tuple(result)
