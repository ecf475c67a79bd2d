"""Resolve a contract into a frozen :class:`ContractContext`.

Placeholder values are computed once per language as Markdown-safe strings
(plain values escaped, the schedule and rate tables generated as Markdown);
clause text is then filled by :func:`agencydocs.workspace.clause_library.fill`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from num2words import num2words

from agencydocs.context import Row, Signature
from agencydocs.domain import money, scope
from agencydocs.domain.terms import Terms, billing_model, terms
from agencydocs.i18n.formatting import (
    amount_in_words,
    format_date,
    format_money,
    format_percent,
    format_price,
)
from agencydocs.i18n.labels import Labels
from agencydocs.i18n.language_names import language_list, language_name
from agencydocs.i18n.typography import typeset
from agencydocs.kinds import RenderContext
from agencydocs.models import Agency, Client, Project
from agencydocs.models.base import localize
from agencydocs.models.documents.contract import Contract
from agencydocs.models.legal import BankAccount, LegalEntity, Signatory
from agencydocs.rendering.markdown import markdown_escape
from agencydocs.resolvers import contract_schedule
from agencydocs.resolvers.contract_clauses import SectionView, assemble
from agencydocs.resolvers.long_document import Heading, Numberer, PartyBlock
from agencydocs.resolvers.parties import bank_rows, data_uri, represented_phrase, signature, tax_id_rows
from agencydocs.workspace import SourceDocument, Workspace
from agencydocs.workspace.clause_library import ClauseSet, fill, load_clause_library

_CYRILLIC = re.compile("[А-Яа-яЁё]")


@dataclass(frozen=True, kw_only=True)
class AgreementContext(RenderContext):
    """What a contract and its addenda share; per-language tuples follow ``languages``."""

    languages: tuple[str, ...]
    two_columns: bool
    titles: tuple[str, ...]
    places: tuple[str, ...]
    dates: tuple[str, ...]
    preamble: tuple[str, ...]  # Markdown
    requisites: tuple[PartyBlock, ...]
    total: str = ""  # formatted total with VAT, "" when there is no fixed price
    currency: str = ""

    @property
    def place(self) -> str:
        return self.places[0]

    @property
    def date(self) -> str:
        return self.dates[0]

    @property
    def index_note(self) -> str:
        return self.total


@dataclass(frozen=True, kw_only=True)
class ContractContext(AgreementContext):
    """Everything the contract templates place."""

    sections: tuple[SectionView, ...]
    requisites_heading: Heading
    requisites_titles: tuple[str, ...]
    toc: tuple[Heading, ...] = ()
    total_value: Decimal | None = None  # exact figures for tests and tools, never for display
    net_value: Decimal | None = None


def resolve_contract(workspace: Workspace, source: SourceDocument) -> ContractContext:
    """Build the render context of one contract of a checked workspace."""
    contract = source.model
    assert isinstance(contract, Contract) and workspace.agency is not None
    project = workspace.projects[source.project_id].model
    client = workspace.clients[project.client].model
    agency = workspace.agency.model
    decided = terms(workspace, source)
    languages, currency = decided.languages, decided.currency
    sets = clause_sets(workspace, decided.clause_set, languages)
    pricing = scope.price(scope.base_scope(workspace, source), decided, agency.rounding)
    values = [
        placeholder_values(workspace, contract, project, client, agency, s, pricing, decided) for s in sets
    ]
    numberer = Numberer()
    sections = assemble(contract, sets, values, numberer, decided.billing)
    all_labels = [workspace.labels(lang) for lang in languages]
    requisites_titles = tuple(labels("contract_requisites") for labels in all_labels)
    requisites_heading = numberer.heading(1, requisites_titles[0])
    titles = tuple(_title(contract, s, labels) for s, labels in zip(sets, all_labels, strict=True))
    total = format_money(pricing.total, currency, languages[0]) if pricing.items else ""
    footer = " / ".join(
        labels("contract_footer", number=contract.number, date=format_date(contract.date, lang, "short"))
        for lang, labels in zip(languages, all_labels, strict=True)
    )
    toc = tuple(s.heading for s in sections) + (requisites_heading,) if contract.toc else ()
    return ContractContext(
        kind="contract",
        number=contract.number,
        title=titles[0],
        locale=languages[0],
        footer=footer,
        brand_color=agency.brand_color,
        logo=data_uri(workspace.root, agency.logo),
        labels=all_labels[0].table,
        languages=languages,
        two_columns=len(languages) > 1,
        titles=titles,
        places=tuple(typeset(localize(contract.city, lang), lang) for lang in languages),
        dates=tuple(format_date(contract.date, lang) for lang in languages),
        preamble=tuple(typeset(fill(s.preamble, v), s.language) for s, v in zip(sets, values, strict=True)),
        sections=sections,
        requisites_heading=requisites_heading,
        requisites_titles=requisites_titles,
        requisites=requisite_blocks(workspace, agency, client, currency, all_labels),
        toc=toc,
        total=total,
        total_value=pricing.total if pricing.items else None,
        net_value=pricing.net if pricing.items else None,
        currency=currency,
        meta=agreement_meta(titles[0], agency, project, languages[0], contract.date),
    )


def agreement_meta(title: str, agency: Agency, project: Project, lang: str, on: dt.date) -> dict[str, str]:
    """PDF/DOCX metadata of a contract or addendum, in its first language."""
    return {
        "title": title,
        "author": localize(agency.legal.short_name, lang) or localize(agency.legal.name, lang),
        "subject": localize(project.title, lang),
        "date": on.isoformat(),
    }


def clause_sets(workspace: Workspace, name: str, languages: Sequence[str]) -> list[ClauseSet]:
    library = load_clause_library(workspace.root)
    found = [library.get(name, lang) for lang in languages]
    assert all(found), "check guarantees the clause set exists in every language"
    return cast(list[ClauseSet], found)  # no None: asserted above


def _title(contract: Contract, clause_set: ClauseSet, labels: Labels) -> str:
    title = localize(contract.title, labels.locale) or clause_set.title
    return typeset(labels("contract_heading", title=title, number=contract.number), labels.locale)


def placeholder_values(
    workspace: Workspace,
    contract: Contract,
    project: Project,
    client: Client,
    agency: Agency,
    clause_set: ClauseSet,
    pricing: scope.Pricing,
    decided: Terms,
) -> dict[str, str]:
    """Every placeholder's value in ``clause_set``'s language, as Markdown-safe text."""
    lang = clause_set.language
    labels = workspace.labels(lang)
    currency = pricing.currency
    has_total = bool(pricing.items)
    plain = {
        "contract.number": contract.number,
        "contract.date": format_date(contract.date, lang),
        "contract.city": localize(contract.city, lang),
        "contract.title": localize(contract.title, lang) or clause_set.title,
        "contract.price": format_money(pricing.net, currency, lang) if has_total else "",
        "contract.vat_note": vat_note(pricing, decided, labels),
        "contract.total": format_money(pricing.total, currency, lang) if has_total else "",
        "contract.total_words": amount_in_words(pricing.total, currency, lang) if has_total else "",
        "contract.valid_until": format_date(contract.valid_until, lang) if contract.valid_until else "",
        "contract.court": decided.forum.court_in(lang, clause_set.defaults),
        "contract.law": decided.forum.law_in(lang, clause_set.defaults),
        "contract.languages": language_list(decided.languages, lang) if len(decided.languages) > 1 else "",
        "contract.prevailing_language": _prevailing_language(contract, agency, decided.languages, lang),
        "project.title": localize(project.title, lang),
        "project.start": format_date(project.start, lang),
        "project.deadline": format_date(project.deadline, lang) if project.deadline else "",
        "spec.ref": _spec_ref(workspace, contract, labels),
        "payment.advance": _uniform_advance(pricing, lang),
        "payment.days": _count(contract.payment_days, lang),
        "acceptance.days": _count(contract.acceptance_days, lang),
        "warranty.days": _count(contract.warranty_days, lang),
        "penalty.rate": format_percent(contract.penalty_rate, lang).rstrip("%"),
        "penalty.cap": format_percent(contract.penalty_cap, lang).rstrip("%"),
    }
    for prefix, entity, signatory in (
        ("agency", agency.legal, agency.signatory),
        ("client", client.legal, client.signatory),
    ):
        plain |= _party_values(prefix, entity, signatory, labels)
    values = {name: markdown_escape(value) for name, value in plain.items()}
    values["payment.schedule"] = contract_schedule.schedule_markdown(pricing, labels)
    values["payment.rates"] = rates_markdown(contract, project, agency, currency, labels)
    return values


def _party_values(
    prefix: str, entity: LegalEntity, signatory: Signatory | None, labels: Labels
) -> dict[str, str]:
    lang = labels.locale
    name = localize(signatory.name, lang) if signatory else ""
    if signatory is None:
        represented = labels("contract_represented_unknown")
    else:
        represented = represented_phrase(signatory, labels)
    return {
        f"{prefix}.name": localize(entity.name, lang),
        f"{prefix}.short_name": localize(entity.short_name, lang) or localize(entity.name, lang),
        f"{prefix}.represented": represented,
        f"{prefix}.signatory": name,
    }


def vat_note(pricing: scope.Pricing, decided: Terms, labels: Labels) -> str:
    """ "в том числе НДС 22% — …", "VAT at 22% is charged on top", an exemption or reverse charge."""
    lang = labels.locale
    if pricing.vat_mode == "reverse_charge":
        return labels("contract_vat_reverse")
    if pricing.vat_mode == "exempt":
        return localize(decided.vat.wording, lang) or labels("contract_vat_exempt")
    rate = format_percent(pricing.vat_rate or Decimal(0), lang)
    if not pricing.items:
        return labels("contract_vat_extra", rate=rate)
    return labels(
        "contract_vat_included", rate=rate, amount=format_money(pricing.totals.vat, pricing.currency, lang)
    )


def rates_markdown(
    contract: Contract, project: Project, agency: Agency, currency: str, labels: Labels
) -> str:
    """Fees of the contract and hourly rates of the project as a Markdown table, or ""."""
    lang = labels.locale
    rows = []
    if billing_model(contract, project) == "monthly":
        month = labels("contract_month")
        chosen = [m for m in project.milestones if contract.milestones is None or m.id in contract.milestones]
        rows += [(localize(m.title, lang), format_price(m.price, currency, lang), month) for m in chosen]
        if len(chosen) > 1:
            total = money.sum_money((m.price for m in chosen), currency)
            rows.append(
                (
                    f"**{labels('contract_monthly_total')}**",
                    f"**{format_price(total, currency, lang)}**",
                    month,
                )
            )
    rows += [
        (localize(fee.description, lang), format_price(fee.price, currency, lang), localize(fee.unit, lang))
        for fee in contract.fees
    ]
    for person_id, rate in project.rates.items():
        person = agency.person(person_id)
        role = localize(person.role, lang) if person else person_id
        rows.append(
            (
                labels("contract_rate_role", role=role),
                format_price(rate, currency, lang),
                labels("contract_hour"),
            )
        )
    if not rows:
        return ""
    header = (labels("col_description"), f"{labels('col_price')}, {currency}", labels("col_unit"))
    lines = ["| " + " | ".join(markdown_escape(h) for h in header) + " |", "|---|--:|:-:|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _cell(text: str) -> str:
    """A table cell: escaped, except our own bold markers around a whole cell."""
    if text.startswith("**") and text.endswith("**"):
        return f"**{markdown_escape(text[2:-2])}**"
    return markdown_escape(text)


def _prevailing_language(contract: Contract, agency: Agency, languages: Sequence[str], lang: str) -> str:
    """The prevailing language of a bilingual contract named in ``lang``; "" in one language.

    Default: the agency's language, the one its lawyer reads (else the first
    language printed).
    """
    if len(languages) < 2:
        return ""
    chosen = contract.prevailing_language or (agency.locale if agency.locale in languages else languages[0])
    return language_name(chosen, lang)


def _spec_ref(workspace: Workspace, contract: Contract, labels: Labels) -> str:
    if contract.spec is None:
        return ""
    spec = workspace.document("spec", contract.spec)
    date = getattr(spec.model, "date", None) if spec is not None else None
    if date is None:
        return labels("contract_spec_ref_plain", number=contract.spec)
    return labels("contract_spec_ref", number=contract.spec, date=format_date(date, labels.locale))


def _uniform_advance(pricing: scope.Pricing, lang: str) -> str:
    advances = {item.advance for item in pricing.items}
    if len(advances) != 1 or not next(iter(advances)):
        return ""
    return format_percent(next(iter(advances)), lang)


def _count(value: int, lang: str) -> str:
    """ "5 (пяти)" for "в течение … рабочих дней", "5 (five)" in English."""
    words = num2words(value, lang="ru", case="genitive") if lang == "ru" else num2words(value, lang=lang)
    return f"{value} ({words})"


def requisite_blocks(
    workspace: Workspace, agency: Agency, client: Client, currency: str, all_labels: Sequence[Labels]
) -> tuple[PartyBlock, ...]:
    """Both parties' details and signatures; with two languages each text shows both."""
    blocks = []
    for role, entity, signatory, account in (
        ("supplier_act", agency.legal, agency.signatory, agency.bank_account(currency)),
        (
            "customer_act",
            client.legal,
            client.signatory,
            client.bank_accounts[0] if client.bank_accounts else None,
        ),
    ):
        per_language = [_party_rows(entity, account, labels) for labels in all_labels]
        rows = tuple(
            Row(_join(r.label for r in group), _join(r.value for r in group))
            for group in zip(*per_language, strict=True)
        )
        sig = None
        if signatory is not None:
            sig = signature(signatory, all_labels[0](role), all_labels[0], workspace.root)
            title = _join(localize(signatory.title, labels.locale) for labels in all_labels)
            # "Thomas Krüger" is not a Russian surname-first name to shorten to "Thomas K.".
            short = sig.short_name if _CYRILLIC.search(sig.name) else sig.name
            sig = dataclasses.replace(sig, title=title, short_name=short)
        blocks.append(
            PartyBlock(
                role=_join(labels(role) for labels in all_labels),
                name=_join(localize(entity.name, labels.locale) for labels in all_labels),
                rows=rows,
                signature=sig or _blank_signature(all_labels[0](role)),
                seal=agency.seal and entity is agency.legal,
            )
        )
    return tuple(blocks)


def _party_rows(entity: LegalEntity, account: BankAccount | None, labels: Labels) -> list[Row]:
    address = typeset(localize(entity.address, labels.locale), labels.locale)
    rows = [Row(labels("address"), address), *tax_id_rows(entity, labels)]
    if account is not None:
        rows += bank_rows(account, labels)
    if entity.email:
        rows.append(Row("E-mail", entity.email))
    if entity.phone:
        rows.append(Row(labels("contract_phone"), entity.phone))
    return rows


def _blank_signature(party: str) -> Signature:
    return Signature(party, "", "", "")


def _join(parts: Iterable[str]) -> str:
    return " / ".join(dict.fromkeys(p for p in parts if p))
