"""Resolve an addendum into a frozen :class:`AddendumContext`.

Its numbered items are written from translated labels (our own text, filled
with ``str.format`` from escaped values) and Markdown tables; the new total
is the contract's scope after every addendum up to this one, priced by
:mod:`agencydocs.domain.money` exactly like the contract.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from agencydocs.domain import scope
from agencydocs.domain.terms import Terms, terms
from agencydocs.i18n.formatting import (
    amount_in_words,
    format_date,
    format_money,
    format_percent,
    format_price,
)
from agencydocs.i18n.labels import Labels
from agencydocs.i18n.typography import typeset
from agencydocs.models import Agency
from agencydocs.models.base import localize
from agencydocs.models.documents.addendum import Addendum
from agencydocs.models.documents.contract import Contract
from agencydocs.rendering.markdown import markdown_escape
from agencydocs.resolvers import contract_schedule
from agencydocs.resolvers.contract import (
    AgreementContext,
    agreement_meta,
    clause_sets,
    placeholder_values,
    requisite_blocks,
    vat_note,
)
from agencydocs.resolvers.contract_clauses import ClauseView
from agencydocs.resolvers.long_document import Numberer
from agencydocs.resolvers.minutes import citation
from agencydocs.resolvers.parties import data_uri
from agencydocs.workspace import SourceDocument, Workspace


@dataclass(frozen=True, kw_only=True)
class AddendumContext(AgreementContext):
    """Everything the addendum templates place."""

    subtitles: tuple[str, ...]  # "к Договору № 12/2026 от 28 августа 2026 г."
    clauses: tuple[ClauseView, ...]
    total_value: Decimal  # exact figures for tests and tools, never for display
    net_value: Decimal
    previous_total_value: Decimal

    @property
    def subtitle(self) -> str:
        return self.subtitles[0]


@dataclass(frozen=True)
class _Change:
    """What the addendum's items are written from."""

    addendum: Addendum
    contract: Contract
    agency: Agency
    terms: Terms
    before: scope.Pricing
    after: scope.Pricing
    removed: tuple[scope.ScopeItem, ...]


def resolve_addendum(workspace: Workspace, source: SourceDocument) -> AddendumContext:
    """Build the render context of one addendum of a checked workspace."""
    addendum = source.model
    assert isinstance(addendum, Addendum) and workspace.agency is not None
    contract_doc = scope.contract_source(workspace, addendum.contract)
    assert contract_doc is not None, "check guarantees the contract exists"
    contract = contract_doc.model
    assert isinstance(contract, Contract)
    project = workspace.projects[contract_doc.project_id].model
    client = workspace.clients[project.client].model
    agency = workspace.agency.model
    decided = terms(workspace, source)
    languages, currency = decided.languages, decided.currency
    chain = scope.addenda_of(workspace, contract.number)
    previous = chain[chain.index(source) - 1] if chain.index(source) > 0 else None
    before_items = scope.scope_until(workspace, contract_doc, previous)
    after_items = scope.scope_until(workspace, contract_doc, source)
    change = _Change(
        addendum,
        contract,
        agency,
        decided,
        scope.price(before_items, decided, agency.rounding),
        scope.price(after_items, decided, agency.rounding),
        tuple(item for item in before_items if item.key in addendum.remove),
    )
    all_labels = [workspace.labels(lang) for lang in languages]
    sets = clause_sets(workspace, decided.clause_set, languages)
    values = [
        placeholder_values(workspace, contract, project, client, agency, s, change.after, decided)
        for s in sets
    ]
    texts = [_items(change, labels) for labels in all_labels]
    numberer = Numberer()
    clauses = tuple(
        ClauseView(f"item-{index}", numberer.next(1)[0], 1, tuple(t[index] for t in texts))
        for index in range(len(texts[0]))
    )
    titles = tuple(labels("addendum_heading", number=addendum.number) for labels in all_labels)
    date_of_contract = [format_date(contract.date, lang) for lang in languages]
    return AddendumContext(
        kind="addendum",
        number=addendum.number,
        title=f"{titles[0]} {all_labels[0]('addendum_to', number=contract.number, date=date_of_contract[0])}",
        locale=languages[0],
        footer=" / ".join(
            labels("addendum_footer", number=addendum.number, contract=contract.number)
            for labels in all_labels
        ),
        brand_color=agency.brand_color,
        logo=data_uri(workspace.root, agency.logo),
        labels=all_labels[0].table,
        languages=languages,
        two_columns=len(languages) > 1,
        titles=titles,
        subtitles=tuple(
            _subtitle(workspace, addendum, contract, labels, d)
            for labels, d in zip(all_labels, date_of_contract, strict=True)
        ),
        places=tuple(localize(addendum.city or contract.city, lang) for lang in languages),
        dates=tuple(format_date(addendum.date, lang) for lang in languages),
        preamble=tuple(
            typeset(_preamble(v, labels, contract), labels.locale)
            for v, labels in zip(values, all_labels, strict=True)
        ),
        clauses=clauses,
        requisites=requisite_blocks(workspace, agency, client, currency, all_labels),
        total=format_money(change.after.total, currency, languages[0]),
        total_value=change.after.total,
        net_value=change.after.net,
        previous_total_value=change.before.total,
        currency=currency,
        meta=agreement_meta(titles[0], agency, project, languages[0], addendum.date),
    )


def _subtitle(workspace: Workspace, addendum: Addendum, contract: Contract, labels: Labels, date: str) -> str:
    """ "к Договору № 12/2026 от …", and the minutes of the meeting it follows, when it cites them."""
    text = labels("addendum_to", number=contract.number, date=date)
    if addendum.minutes is None:
        return text
    return f"{text}, {citation(workspace, addendum.minutes, labels)}"


def _preamble(values: Mapping[str, str], labels: Labels, contract: Contract) -> str:
    contract_ref = labels(
        "addendum_contract_ref", number=contract.number, date=format_date(contract.date, labels.locale)
    )
    return labels(
        "addendum_preamble",
        agency=values["agency.name"],
        agency_represented=values["agency.represented"],
        client=values["client.name"],
        client_represented=values["client.represented"],
        contract=markdown_escape(contract_ref),
    )


def _items(change: _Change, labels: Labels) -> list[str]:
    """The numbered items of the addendum in one language, as Markdown."""
    lang, currency = labels.locale, change.after.currency
    addendum = change.addendum
    items = []
    if addendum.add:
        added = change.after.items[len(change.after.items) - len(addendum.add) :]
        items.append(labels("addendum_add") + "\n\n" + _item_table(added, labels, currency))
    if change.removed:
        items.append(labels("addendum_remove") + "\n\n" + _item_table(change.removed, labels, currency))
    if addendum.deadlines:
        before = {item.key: item for item in change.before.items}
        lines = []
        for moved in addendum.deadlines:
            item = before.get(moved.milestone)
            if item is None:
                continue
            old = format_date(item.due, lang) if item.due else "—"
            lines.append(
                "- "
                + labels(
                    "addendum_deadline",
                    stage=markdown_escape(localize(item.title, lang)),
                    old=markdown_escape(old),
                    new=markdown_escape(format_date(moved.due, lang)),
                )
            )
        items.append(labels("addendum_deadlines") + "\n\n" + "\n".join(lines))
    if addendum.payments:
        titles = {item.key: localize(item.title, lang) for item in change.after.items}
        lines = [
            "- "
            + labels(
                "addendum_advance",
                stage=markdown_escape(titles.get(terms_.milestone, terms_.milestone)),
                percent=markdown_escape(format_percent(terms_.advance, lang)),
            )
            for terms_ in addendum.payments
        ]
        items.append(labels("addendum_payments") + "\n\n" + "\n".join(lines))
    if addendum.add or addendum.remove or addendum.payments or addendum.deadlines:
        items.append(
            labels("addendum_schedule") + "\n\n" + contract_schedule.schedule_markdown(change.after, labels)
        )
    items.append(_total_item(change, labels))
    items += [localize(text, lang) for text in addendum.clauses]
    items.append(labels("addendum_final"))
    return [typeset(item, lang) for item in items]


def _total_item(change: _Change, labels: Labels) -> str:
    lang, currency = labels.locale, change.after.currency
    return labels(
        "addendum_total",
        total=markdown_escape(format_money(change.after.total, currency, lang)),
        words=markdown_escape(amount_in_words(change.after.total, currency, lang)),
        vat=markdown_escape(vat_note(change.after, change.terms, labels)),
        previous=markdown_escape(format_money(change.before.total, currency, lang)),
    )


def _item_table(items: Sequence[scope.ScopeItem], labels: Labels, currency: str) -> str:
    lang = labels.locale
    header = [
        labels("col_number"),
        labels("schedule_stage"),
        labels("schedule_due"),
        labels("schedule_price"),
    ]
    rows = ["| " + " | ".join(markdown_escape(h) for h in header) + " |", "|:-:|---|:-:|--:|"]
    for number, item in enumerate(items, 1):
        due = format_date(item.due, lang, "short") if item.due else "—"
        cells = [str(number), localize(item.title, lang), due, format_price(item.price, currency, lang)]
        rows.append("| " + " | ".join(markdown_escape(c) for c in cells) + " |")
    return "\n".join(rows)
