"""Contract (договор): parties, scope, price and terms from the project and a clause library.

Invoices and acts cite a contract by ``number`` (number, date and title are
printed on them). The contract's clauses come from a clause set
(``clause_set``, default ``services``: ``agencydocs/clauses/<lang>-services.yaml``,
overridable in the workspace's ``clauses/``); ``omit``, ``include`` and
``replace`` adjust it by clause id. Price and payment schedule are derived
from the project's milestones (all of them, minus those an addendum adds,
unless ``milestones`` lists them) with optional advance percentages.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from agencydocs.models.base import (
    Date,
    DocNumber,
    Id,
    LocaleCode,
    LocalizedName,
    LocalizedText,
    Percent,
    PositiveMoney,
    StrictModel,
    field_error,
)
from agencydocs.models.documents.common import DocumentBase, VatMode

CLAUSE_ID_PATTERN = r"^[a-z][a-z0-9-]{0,40}(\.[a-z0-9][a-z0-9-]{0,40}){0,3}$"
ClauseId = Annotated[
    str,
    Field(
        pattern=CLAUSE_ID_PATTERN,
        description="Clause or section id from the clause library, e.g. ip.transfer",
        examples=["ip.transfer"],
    ),
]
ClauseText = Annotated[
    LocalizedText,
    Field(description="Markdown; {client.name}-style placeholders are filled with resolved values"),
]


class NewClause(StrictModel):
    """A clause the contract adds to a section of its clause set."""

    id: ClauseId = Field(description="A new id, unique in the clause set")
    section: ClauseId = Field(description="Id of the section it goes into")
    after: ClauseId | None = Field(None, description="Clause id it follows; default: end of the section")
    text: ClauseText


class MilestoneTerms(StrictModel):
    """Payment terms of one milestone, overriding the contract's ``advance``."""

    milestone: Id
    advance: Percent = Field(description="Advance paid before the stage starts, percent of its price")


class Fee(StrictModel):
    """A recurring or unit fee (a retainer per month, a rate per hour)."""

    description: LocalizedName
    price: PositiveMoney
    unit: LocalizedName = Field(description="e.g. месяц / month / hour")


class Contract(DocumentBase):
    """A services contract; every field but number and date has a default."""

    kind: Literal["contract"]
    number: DocNumber
    date: Date
    city: LocalizedName | None = None
    title: LocalizedName | None = Field(None, description="e.g. Договор оказания услуг; default from the set")
    languages: list[LocaleCode] | None = Field(
        None,
        min_length=1,
        max_length=2,
        description="One language, or two printed side by side; default: the client's",
    )
    prevailing_language: LocaleCode | None = Field(
        None,
        description="Of a bilingual contract, the language whose text prevails where the two differ; "
        "default: the agency's language",
    )
    clause_set: Id | None = Field(
        None,
        description="Clause set name: clauses/<lang>-<name>.yaml. Default from the agency's country: "
        "services (Russian law in ru and en, German law in de) for an agency in Russia, or in Germany "
        "writing in German; international (en, ru) for any other",
    )
    spec: DocNumber | None = Field(None, description="Number of the technical specification (kind: spec)")
    milestones: list[Id] | None = Field(
        None, description="Project milestones in scope; default: all but those added by addenda"
    )
    billing: Literal["stages", "monthly"] | None = Field(
        None,
        description="stages: milestones are priced stages (stage clauses, acceptance per stage, warranty "
        "period); monthly: milestones are monthly fees (monthly scope, report and act). Default from the "
        "project: a monthly budget, or no milestones but fees or hourly rates, mean monthly; else stages",
    )
    warranty_days: int = Field(
        90, ge=1, le=1095, description="Warranty period after the last stage's act, calendar days (stages)"
    )
    advance: Percent = Field(Decimal(0), description="Advance before each stage, percent of its price")
    payments: list[MilestoneTerms] = Field(default_factory=list)
    fees: list[Fee] = Field(default_factory=list, description="Recurring fees and rates (retainers)")
    vat: VatMode | None = Field(
        None,
        description="VAT regime of the contract and of the invoices and acts citing it "
        "(unless they set their own); default from the agency's tax regime and the client",
    )
    payment_days: int = Field(5, ge=1, le=120, description="Business days to pay an invoice")
    acceptance_days: int = Field(5, ge=1, le=60, description="Business days to sign or reject an act")
    penalty_rate: Percent = Field(Decimal("0.1"), description="Penalty per day of delay, percent")
    penalty_cap: Percent = Field(Decimal(10), description="Penalty cap, percent of the overdue amount")
    valid_until: Date | None = Field(None, description="Default: until both parties perform in full")
    court: LocalizedName | None = Field(
        None,
        description="Where disputes go, worded to follow 'referred to' / 'рассмотрению в' / 'Gerichtsstand ist' "
        "(e.g. {ru: Арбитражном суде города Москвы, en: the Arbitrazh Court of the City of Moscow}); "
        "default: agency.yaml court, else from the agency's country (RU: the arbitrazh court at the agency's "
        "seat; DE: the court of the agency's seat, § 38 ZPO; other: the courts of the agency's seat)",
    )
    law: LocalizedName | None = Field(
        None,
        description="Governing law, worded to follow 'governed by' / 'в соответствии с' / 'unterliegt' "
        "(e.g. {ru: законодательством Российской Федерации, en: the laws of the Russian Federation}); "
        "default: agency.yaml law, else the law of the agency's country",
    )
    toc: bool = Field(False, description="Print a table of contents")
    omit: list[ClauseId] = Field(default_factory=list, description="Clause or section ids to leave out")
    include: list[ClauseId | NewClause] = Field(
        default_factory=list, description="Optional library clauses by id, or new clauses"
    )
    replace: dict[ClauseId, ClauseText] = Field(default_factory=dict, description="New text by clause id")

    @model_validator(mode="after")
    def _distinct_languages(self) -> Self:
        for index, language in enumerate(self.languages or []):
            if language in (self.languages or [])[:index]:
                raise field_error("languages", "languages must be different", "languages", index)
        if self.prevailing_language is not None and self.prevailing_language not in (self.languages or []):
            raise field_error(
                "prevailing_language",
                "must be one of the contract's languages (languages: [ru, en])",
                "prevailing_language",
            )
        return self

    def advance_for(self, milestone_id: str) -> Percent:
        """The advance percentage of a milestone: its own terms, else the contract's."""
        for terms in self.payments:
            if terms.milestone == milestone_id:
                return terms.advance
        return self.advance
