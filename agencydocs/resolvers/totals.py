"""Totals block of invoices and acts: computed figures -> printed rows and words."""

from __future__ import annotations

from collections.abc import Callable

from agencydocs import context
from agencydocs.domain import money
from agencydocs.i18n.formatting import amount_in_words, format_amount, format_money, format_percent
from agencydocs.i18n.labels import Labels
from agencydocs.i18n.plurals import counted


def display_money(amount: money.Decimal, currency: str, labels: Labels) -> str:
    """Russian forms print "150 000,00 руб."; other locales use the currency symbol."""
    short = labels.get(f"currency_short_{currency}") if labels.locale == "ru" else ""
    if short:
        return f"{format_amount(amount, currency, labels.locale)} {short}"
    return format_money(amount, currency, labels.locale)


# The label of the last totals row: what the document asks for, or what it states (act, proposal).
_FINAL_LABELS = {"invoice": "total_due", "credit_note": "total_credit_note"}


def format_totals(
    totals: money.Totals,
    kind: str,
    count: int,
    labels: Labels,
    *,
    prices_include_vat: bool = False,
    no_vat_wording: str = "",
    vat_row: bool = True,
    deduction_labels: tuple[str, ...] = (),
) -> context.Totals:
    """The totals block. A final invoice prints its lines' full figures, a row per advance it deducts
    (``deduction_labels``, one per ``totals.deductions``) and then what is still due."""
    locale, currency = labels.locale, totals.currency

    def amount(value: money.Decimal) -> str:
        return format_amount(value, currency, locale)

    inclusive = prices_include_vat and totals.vat_mode == "standard"
    # A proposal's note says whether prices include VAT: its totals say it too.
    says_vat = kind == "proposal" and totals.vat_mode == "standard" and vat_row
    net_label = "total_net_excl_vat" if says_vat and not inclusive else "total_net"
    rows = [context.Row(labels(net_label), amount(totals.charged if inclusive else totals.charged_net))]
    if vat_row:  # a sale outside the agency's country's VAT has no "VAT —" row (domain/tax.py)
        rows += _vat_rows(totals, labels, inclusive, amount)
    if totals.deductions:
        rows += _deduction_rows(totals, deduction_labels, labels, amount)
    final_label = labels("total_incl_vat" if says_vat else _FINAL_LABELS.get(kind, "total_act"))
    rows.append(context.Row(final_label, display_money(totals.total, currency, labels), strong=True))
    return context.Totals(
        rows=tuple(rows),
        net=amount(totals.net),
        vat=amount(totals.vat),
        total=display_money(totals.total, currency, labels),
        summary=labels(
            f"summary_{kind}",
            count=count,
            counted=counted(count, labels("plural_service" if kind == "act" else "plural_item"), locale),
            amount=display_money(totals.total, currency, labels),
        ),
        in_words=amount_in_words(totals.total, currency, locale),
        vat_note=_vat_note(totals.vat_mode, labels, no_vat_wording),
        net_value=totals.net,
        vat_value=totals.vat,
        total_value=totals.total,
        currency=currency,
    )


def _deduction_rows(
    totals: money.Totals,
    deduction_labels: tuple[str, ...],
    labels: Labels,
    amount: Callable[[money.Decimal], str],
) -> list[context.Row]:
    """The stage's full total, then each advance deducted (with the VAT it charged) as a negative row."""
    rows = [context.Row(labels("total_before_advances"), amount(totals.charged))]
    for label, deduction in zip(deduction_labels, totals.deductions, strict=True):
        if deduction.vat:
            vat = labels("advance_deduction_vat", vat=amount(deduction.vat))
            label = f"{label}, {vat}"
        rows.append(context.Row(label, f"−{amount(deduction.total)}"))
    return rows


def _vat_rows(
    totals: money.Totals, labels: Labels, inclusive: bool, amount: Callable[[money.Decimal], str]
) -> list[context.Row]:
    if totals.vat_mode == "exempt" or not totals.vat_groups:
        return [context.Row(labels("total_no_vat"), "—")]
    if totals.vat_mode == "reverse_charge":
        return [context.Row(labels("total_reverse_charge"), amount(totals.vat))]
    key = "total_vat_included" if inclusive else "total_vat"
    return [
        context.Row(labels(key, rate=format_percent(group.rate, labels.locale)), amount(group.vat))
        for group in totals.vat_groups
    ]


def _vat_note(mode: str, labels: Labels, no_vat_wording: str) -> str:
    if mode == "exempt":
        return no_vat_wording or labels("no_vat_note")
    if mode == "reverse_charge":
        return labels("reverse_charge_note")
    return ""
