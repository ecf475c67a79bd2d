"""The payment schedule of a contract or addendum, as Markdown for the clause text.

Kept apart from :mod:`agencydocs.domain.scope` (scope and prices) so that ``check``, which
needs the scope, does not import Babel, num2words and markdown-it.
"""

from __future__ import annotations

from decimal import Decimal

from agencydocs.domain.scope import Pricing
from agencydocs.i18n.formatting import format_date, format_money, format_percent, format_price
from agencydocs.i18n.labels import Labels
from agencydocs.models.base import localize
from agencydocs.rendering.markdown import markdown_escape


def schedule_markdown(pricing: Pricing, labels: Labels) -> str:
    """The payment schedule as a Markdown table (escaped cells), or "" without items."""
    if not pricing.items:
        return ""
    locale, currency = labels.locale, pricing.currency
    amount = labels("schedule_amount_net") if pricing.vat_mode == "standard" else labels("schedule_amount")
    header = [labels("col_number"), labels("schedule_stage"), labels("schedule_due"), amount]
    header += [labels("schedule_advance"), labels("schedule_balance")]
    rows = ["| " + " | ".join(markdown_escape(h) for h in header) + " |", "|:-:|---|:-:|--:|--:|--:|"]
    for number, (item, (advance, balance)) in enumerate(zip(pricing.items, pricing.splits, strict=True), 1):
        advance_text = "—"
        if advance:
            percent = format_percent(item.advance, locale)
            advance_text = f"{format_price(advance, currency, locale)} ({percent})"
        cells = [
            str(number),
            localize(item.title, locale),
            format_date(item.due, locale, "short") if item.due else "—",
            format_price(item.price, currency, locale),
            advance_text,
            format_price(balance, currency, locale),
        ]
        rows.append("| " + " | ".join(markdown_escape(c) for c in cells) + " |")
    net = format_price(pricing.net, currency, locale)
    rows.append(f"| | **{markdown_escape(labels('schedule_total'))}** | | **{markdown_escape(net)}** | | |")
    return "\n".join(rows) + "\n\n" + markdown_escape(total_note(pricing, labels))


def total_note(pricing: Pricing, labels: Labels) -> str:
    """The line under the schedule: VAT and total, or why there is no VAT."""
    locale, currency = labels.locale, pricing.currency
    total = format_money(pricing.total, currency, locale)
    if pricing.vat_mode == "standard":
        rate = format_percent(pricing.vat_rate or Decimal(0), locale)
        vat = format_money(pricing.totals.vat, currency, locale)
        return labels("schedule_vat_total", rate=rate, vat=vat, total=total)
    return labels("schedule_no_vat_total", total=total)
