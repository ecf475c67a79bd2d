"""The money figures of a resolved document, by a label a reviewer reads: ``line 2 net``, ``Total``.

Taken from the resolved context (the values the document prints, already
formatted in its language) so that ``diff`` shows exactly what the paper
shows, and from the contract's scope for each payment of its schedule
(which the contract prints inside a clause's table).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from typing import Any

from agencydocs.kinds import RenderContext
from agencydocs.workspace import SourceDocument, Workspace

Leaf = tuple[str, Any]

# Fields of a printed line (invoice, act, proposal item or add-on) that are money, and how a reviewer calls them.
_LINE_FIELDS = {"price": "price", "discount": "discount", "amount": "net"}
_LINES = re.compile(
    r"^(?P<owner>(?:options\[\d+\]\.)?)(?P<list>lines|items|addons)\[(?P<index>\d+)\]\.(?P<field>\w+)$"
)
_TOTAL_ROW = re.compile(r"^(?P<owner>(?:options\[\d+\]\.)?)totals\.rows\[(?P<index>\d+)\]\.value$")
_WORDS = re.compile(r"^(?P<owner>(?:options\[\d+\]\.)?)totals\.in_words$")
_OVERVIEW = re.compile(r"^overview\[(?P<index>\d+)\]\.value$")
_LIST_NAMES = {"lines": "line", "items": "item", "addons": "add-on"}
_DESCRIPTION_CHARS = 40


def leaves(value: Any, path: str = "") -> Iterator[Leaf]:
    """Every plain value of a context as (``a.b[2].c``, value), in field order."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from leaves(getattr(value, field.name), f"{path}.{field.name}" if path else field.name)
    elif isinstance(value, Mapping):
        for key in value:
            yield from leaves(value[key], f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from leaves(item, f"{path}[{index}]")
    else:
        yield path, value


def money_figures(workspace: Workspace, source: SourceDocument, ctx: RenderContext) -> dict[str, str]:
    """Label -> printed value of every money figure of the document, in the order it prints them."""
    values = dict(leaves(ctx))
    figures: dict[str, str] = {}
    for path, value in values.items():
        label = _label(path, values)
        if label and isinstance(value, str) and value:
            figures[label] = value
    if source.kind in ("contract", "addendum"):
        figures.update(_schedule(workspace, source, ctx.locale))
    return figures


def headline_total(ctx: RenderContext) -> str:
    """The one total a summary shows: an invoice's or act's total, a contract's total price."""
    for name in ("totals", "total"):
        value = getattr(ctx, name, None)
        if isinstance(value, str):
            return value
        total = getattr(value, "total", None)
        if isinstance(total, str):
            return total
    return ""


def _label(path: str, values: Mapping[str, Any]) -> str | None:
    """How a reviewer names the figure at ``path``, or None when it is not a money figure."""
    if match := _LINES.match(path):
        field = _LINE_FIELDS.get(match["field"])
        if field is None:
            return None
        prefix = f"{match['owner']}{match['list']}[{match['index']}]"
        description = _short(str(values.get(f"{prefix}.description") or values.get(f"{prefix}.title") or ""))
        name = f"{_LIST_NAMES[match['list']]} {int(match['index']) + 1}"
        return _owned(match["owner"], f"{name}{f' ({description})' if description else ''} {field}")
    if match := _TOTAL_ROW.match(path):
        row_label = values.get(f"{match['owner']}totals.rows[{match['index']}].label", "")
        return _owned(match["owner"], str(row_label) or f"total row {int(match['index']) + 1}")
    if match := _WORDS.match(path):
        return _owned(match["owner"], "amount in words")
    if match := _OVERVIEW.match(path):
        return str(values.get(f"overview[{match['index']}].label", "")) or None
    if path == "total":
        return "contract total"
    return None


def _owned(owner: str, label: str) -> str:
    """A proposal's figures are per option: ``option 2: Total``."""
    found = re.match(r"options\[(\d+)\]\.", owner)
    return f"option {int(found[1]) + 1}: {label}" if found else label


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _DESCRIPTION_CHARS else text[: _DESCRIPTION_CHARS - 1] + "…"


def _schedule(workspace: Workspace, source: SourceDocument, locale: str) -> dict[str, str]:
    """Each payment of the schedule a contract (or the contract after an addendum) prints."""
    from agencydocs.domain import scope
    from agencydocs.domain.terms import terms
    from agencydocs.i18n.formatting import format_price
    from agencydocs.models.base import localize
    from agencydocs.models.documents.contract import Contract

    contract_source = source
    if source.kind == "addendum":
        found = scope.contract_source(workspace, getattr(source.model, "contract", ""))
        if found is None:
            return {}
        contract_source = found
    contract = contract_source.model
    assert isinstance(contract, Contract)
    assert workspace.agency is not None
    last = source if source.kind == "addendum" else None
    items = scope.scope_until(workspace, contract_source, last)
    decided = terms(workspace, source)  # an addendum's currency and VAT are its contract's
    currency = decided.currency
    pricing = scope.price(items, decided, workspace.agency.model.rounding)
    figures: dict[str, str] = {}
    for number, (item, (advance, balance)) in enumerate(zip(pricing.items, pricing.splits, strict=True), 1):
        name = f"payment {number} ({_short(localize(item.title, locale))})"
        figures[f"{name} price"] = format_price(item.price, currency, locale)
        if advance:
            figures[f"{name} advance"] = format_price(advance, currency, locale)
            figures[f"{name} balance"] = format_price(balance, currency, locale)
    return figures
