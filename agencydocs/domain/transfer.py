"""The figures of an УПД and a счёт-фактура: the act's lines and totals, with the codes the forms ask for.

Both documents restate an act (``act:``): its lines and its totals come from
:mod:`agencydocs.domain.billing` exactly as the act prints them, and the
VAT per line (column 8) is the act's VAT per rate spread over its lines by
:func:`agencydocs.domain.money.line_taxes`, so "Всего к оплате" equals the
act's total to the kopeck. The codes are classifier data
(``agencydocs/classifiers/``): the currency by ОКВ (line 7), the unit by ОКЕИ
(columns 2 and 2а).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import yaml

from agencydocs import PACKAGE_DIR
from agencydocs.domain import billing, money, tax
from agencydocs.domain.terms import Terms, terms
from agencydocs.models import Project
from agencydocs.models.base import LocalizedName, LocalizedText, localize
from agencydocs.models.documents import Act, Line, TransferDocument
from agencydocs.workspace import SourceDocument, Workspace

CLASSIFIERS = PACKAGE_DIR / "classifiers"
# The language of the forms: the счёт-фактура and the УПД are Russian tax documents, whose
# form (and the buyer's right to deduct VAT) is set in Russian (п. 8 ст. 169 НК РФ; the Правила
# of постановление № 1137): a client reading German still gets them in Russian.
FORM_LANGUAGE = "ru"


@dataclass(frozen=True)
class Code:
    """A classifier entry: its code and its printed name or symbol."""

    code: str
    name: str


@dataclass(frozen=True)
class TransferLine:
    """One line of the form: what the act's line bills, with its unit's ОКЕИ code and its VAT."""

    description: LocalizedText | None
    unit: LocalizedName | None
    okei: Code | None  # None: the unit is not in the classifier (check reports it)
    quantity: Decimal
    price: Decimal  # per unit, without VAT (column 4)
    vat_rate: Decimal | None
    tax: money.LineTax


@cache
def _okv() -> dict[str, Code]:
    data = yaml.safe_load((CLASSIFIERS / "okv.yaml").read_text(encoding="utf-8"))
    return {currency: Code(str(entry["code"]), str(entry["name"])) for currency, entry in data.items()}


@cache
def _okei() -> dict[str, Code]:
    data = yaml.safe_load((CLASSIFIERS / "okei.yaml").read_text(encoding="utf-8"))
    found: dict[str, Code] = {}
    for entry in data:
        code = Code(str(entry["code"]), str(entry["symbol"]))
        for alias in (entry["symbol"], *entry["aliases"]):
            found[str(alias).lower()] = code
    return found


def currency_code(currency: str) -> Code | None:
    """The ОКВ code and name of ``currency`` (``RUB`` -> 643 "Российский рубль"), None if not listed."""
    return _okv().get(currency.upper())


def unit_code(unit: str) -> Code | None:
    """The ОКЕИ code and symbol of a unit as typed (``усл.`` -> 876 "усл. ед."), None if not listed."""
    return _okei().get(unit.strip().lower())


def act_source(workspace: Workspace, source: SourceDocument) -> SourceDocument | None:
    """The act the document restates, or None when its number names none."""
    document = source.model
    assert isinstance(document, TransferDocument)
    found = workspace.document("act", document.act)
    return found if found is not None and isinstance(found.model, Act) else None


def act_terms(workspace: Workspace, act: SourceDocument) -> Terms:
    """The act's terms: the currency and VAT the document states are the act's."""
    return terms(workspace, act)


def refusal(workspace: Workspace, source: SourceDocument, act: SourceDocument) -> str | None:
    """Why this document cannot be issued for the act's sale (domain/tax.py), or None.

    An УПД of status 2 is a передаточный документ only (a primary document,
    402-ФЗ): any Russian seller may issue it, VAT or not.
    """
    assert workspace.agency is not None
    country = workspace.agency.model.legal.country
    if getattr(source.model, "status", 1) == 2:
        return None if country == "RU" else "an УПД is a Russian primary document; the agency is not Russian"
    vat = act_terms(workspace, act).vat
    return tax.vat_invoice_refusal(country, vat.mode, vat.regime)


def is_vat_invoice(model: TransferDocument) -> bool:
    """Whether the document is a счёт-фактура: a ``vat_invoice``, or an УПД of status 1 (which is one)."""
    return getattr(model, "status", 1) == 1


def vat_invoices_of(workspace: Workspace, act_number: str) -> list[SourceDocument]:
    """The счета-фактуры already issued for the sale act ``act_number`` documents, in workspace order.

    One sale has one счёт-фактура (ст. 169 НК РФ): a ``vat_invoice`` and an
    УПД of status 1 both are one, a void document is none, and an УПД of status
    2 (a передаточный документ only) may accompany either. ``check`` warns of a
    second one and ``new`` refuses to write it, both from this list.
    """
    return [
        document
        for kind in ("upd", "vat_invoice")
        for document in workspace.documents_of(kind)
        if isinstance(document.model, TransferDocument)
        and document.model.act == act_number
        and document.model.void is None
        and is_vat_invoice(document.model)
    ]


def described(project: Project, line: Line) -> LocalizedText | None:
    """A line's description: its own, else its milestone's title."""
    if line.description is not None:
        return line.description
    milestone = project.milestone(line.milestone or "")
    return milestone.title if milestone is not None else None


def lines_of(workspace: Workspace, act: SourceDocument) -> tuple[TransferLine, ...]:
    """The act's lines with their ОКЕИ codes and each line's share of the act's VAT."""
    assert workspace.agency is not None and isinstance(act.model, Act)
    decided = act_terms(workspace, act)
    project: Project = workspace.projects[act.project_id].model
    totals = billing.lines_totals(workspace, act)
    taxes = money.line_taxes(
        totals, prices_include_vat=decided.prices_include_vat, rounding=workspace.agency.model.rounding
    )
    result = []
    for line, amount, share in zip(
        billing.effective_lines(workspace, act.model), totals.lines, taxes, strict=True
    ):
        entered = billing.line_input(workspace, act, decided, line)
        unit = localize(line.unit, FORM_LANGUAGE) if line.unit is not None else ""
        result.append(
            TransferLine(
                description=described(project, line),
                unit=line.unit,
                okei=unit_code(unit) if unit else unit_code("усл."),
                quantity=entered.quantity,
                price=_unit_price(entered, share, decided, totals.currency),
                vat_rate=amount.vat_rate if totals.vat_mode == "standard" else None,
                tax=share,
            )
        )
    return tuple(result)


def _unit_price(entered: money.LineInput, share: money.LineTax, decided: Terms, currency: str) -> Decimal:
    """Column 4: the price per unit without VAT (Правила, пп. «г» п. 2).

    The act's price when it is net and undiscounted; otherwise the line's
    amount without VAT per unit, rounded to the currency's minor units.
    """
    if entered.discount == 0 and not (decided.prices_include_vat and decided.vat.mode == "standard"):
        return entered.unit_price
    exp = Decimal(1).scaleb(-money.minor_units(currency))
    return (share.net / entered.quantity).quantize(exp)


def totals_of(workspace: Workspace, act: SourceDocument) -> money.Totals:
    """The act's totals, as the act prints them."""
    return billing.billing_totals(workspace, act)


def localize_unit(unit: LocalizedName | None) -> str:
    """A unit as the form reads it (its Russian text)."""
    return localize(unit, FORM_LANGUAGE) if unit is not None else ""


def known_units() -> str:
    """The ОКЕИ units of the classifier, for messages: "усл. ед. (876), ч (356), …"."""
    seen = dict.fromkeys(f"{code.name} ({code.code})" for code in _okei().values())
    return ", ".join(seen)
