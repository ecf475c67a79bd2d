"""The agency itself: ``agency.yaml`` at the workspace root."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from agencydocs.domain.numbering import DEFAULT_PATTERN, PatternError, validate_pattern
from agencydocs.models.base import (
    Currency,
    Date,
    Id,
    LocaleCode,
    LocalizedName,
    LocalizedText,
    Money,
    Percent,
    PositiveMoney,
    StrictModel,
    field_error,
)
from agencydocs.models.legal import BankAccount, LegalEntity, Signatory

RoundingMode = Literal["half-up", "half-even", "half-down", "up", "down"]


class TaxPeriod(StrictModel):
    """The tax regime in force from a date: a VAT rate, or no VAT with its legal wording.

    Rates and wording change by law (Russian VAT is 22% from 2026, 20% before),
    so they are dated data, never constants in code.
    """

    since: Date
    vat_rate: Percent | None = Field(
        None, description="Default VAT rate in percent; omit for a no-VAT regime"
    )
    no_vat_wording: LocalizedText | None = Field(
        None, description='Wording for a no-VAT regime, e.g. "Без НДС (п. 2 ст. 346.11 НК РФ)"'
    )

    @model_validator(mode="after")
    def _one_regime(self) -> Self:
        if self.vat_rate is None and self.no_vat_wording is None:
            raise PydanticCustomError("tax", "give either vat_rate or no_vat_wording")
        return self


class Person(StrictModel):
    """A member of the agency's team."""

    id: Id
    name: LocalizedName
    role: LocalizedName
    email: str | None = None
    hourly_rate: Money | None = None


class CatalogueService(StrictModel):
    """A service the agency sells at a list price: proposal lines cite it as ``service: <id>``."""

    id: Id
    name: LocalizedName
    description: LocalizedText | None = None
    unit: LocalizedName | None = Field(None, description="e.g. месяц / month, час / hour")
    prices: dict[Currency, PositiveMoney] = Field(
        min_length=1, description="Unit price per currency, net of VAT: {RUB: 90000.00, EUR: 950.00}"
    )


def _valid_pattern(pattern: str) -> str:
    try:
        validate_pattern(pattern)
    except PatternError as exc:
        raise PydanticCustomError("numbering_pattern", str(exc)) from None
    return pattern


NumberPattern = Annotated[
    str,
    AfterValidator(_valid_pattern),
    Field(
        description="str.format template over {year}, {seq}, {client} and {project}, e.g. '{year}-{seq:03}'"
    ),
]


class NumberingSeries(StrictModel):
    """How one kind's documents are numbered: the pattern, and whether holes in a series are fine."""

    pattern: NumberPattern = DEFAULT_PATTERN
    gaps: Literal["warn", "allowed"] = Field(
        "warn",
        description="warn: check reports numbers missing between two of a series (an error with "
        "--strict); allowed: the series may have holes (e.g. numbers kept for documents made elsewhere)",
    )


class Limits(StrictModel):
    """Bounds that keep hostile or broken input from exhausting the machine."""

    max_file_size: int = Field(
        1024 * 1024, ge=1024, le=64 * 1024 * 1024, description="Largest YAML file, bytes"
    )
    render_seconds: int = Field(
        60, ge=1, le=3600, description="Longest time one document may take to render (all its formats)"
    )
    output_bytes: int = Field(
        50 * 1024 * 1024, ge=64 * 1024, le=2**31, description="Largest output file of one document, bytes"
    )
    max_image_size: int = Field(
        5 * 1024 * 1024,
        ge=1024,
        le=64 * 1024 * 1024,
        description="Largest image (logo, seal, signature, Markdown image), bytes",
    )


class Agency(StrictModel):
    """The agency: legal details, bank accounts, signatories, tax regime, team."""

    legal: LegalEntity
    bank_accounts: list[BankAccount] = Field(min_length=1)
    signatory: Signatory
    chief_accountant: Signatory | None = None
    logo: str | None = Field(None, description="Path inside the workspace to a PNG/SVG logo")
    seal: bool = Field(False, description="Whether the agency uses a seal (prints М.П.)")
    seal_image: str | None = None
    brand_color: str = Field("#1f4e79", pattern=r"^#[0-9a-fA-F]{6}$")
    locale: LocaleCode = "ru"
    currency: Currency = "RUB"
    rounding: RoundingMode = "half-up"
    tax: list[TaxPeriod] = Field(min_length=1, description="Tax regime periods, oldest first")
    numbering: dict[str, NumberPattern | NumberingSeries] = Field(
        default_factory=dict,
        description="Per document kind: a number pattern, e.g. invoice: '{year}-{seq:03}', or "
        "{pattern: '{year}-{seq:03}', gaps: allowed}",
    )
    team: list[Person] = Field(default_factory=list)
    services: list[CatalogueService] = Field(
        default_factory=list, description="Services catalogue: list prices that proposals take"
    )
    limits: Limits = Field(default_factory=Limits)
    law: LocalizedName | None = Field(
        None,
        description="Governing law of the agency's contracts unless a contract names one, worded to follow "
        "'governed by' / 'в соответствии с' / 'unterliegt'; default: the law of the agency's country",
    )
    court: LocalizedName | None = Field(
        None,
        description="Court or arbitration of the agency's contracts unless a contract names one; default "
        "from the agency's country (RU: the arbitrazh court at its seat; DE: the court of its seat; "
        "other: the courts at its seat)",
    )

    @field_validator("tax")
    @classmethod
    def _sorted(cls, periods: list[TaxPeriod]) -> list[TaxPeriod]:
        for index in range(1, len(periods)):
            if periods[index].since <= periods[index - 1].since:
                message = "tax periods must be in date order with distinct dates"
                raise field_error("tax", message, index, "since")
        return periods

    def tax_period(self, on: date) -> TaxPeriod | None:
        """The regime in force on a date (None when the date precedes every period)."""
        current = None
        for period in self.tax:
            if period.since <= on:
                current = period
        return current

    def numbering_series(self, kind: str) -> NumberingSeries:
        """How ``kind`` is numbered (the default pattern when agency.yaml names no pattern)."""
        series = self.numbering.get(kind)
        if isinstance(series, str):
            return NumberingSeries(pattern=series)
        return series or NumberingSeries()

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.team if p.id == person_id), None)

    def service(self, service_id: str) -> CatalogueService | None:
        return next((s for s in self.services if s.id == service_id), None)

    def bank_account(self, currency: str, account_id: str | None = None) -> BankAccount | None:
        if account_id:
            return next((a for a in self.bank_accounts if a.id == account_id), None)
        matching = [a for a in self.bank_accounts if a.currency in (currency, None)]
        return matching[0] if matching else None


__all__ = ["Agency", "CatalogueService", "Decimal", "NumberingSeries", "Person", "RoundingMode", "TaxPeriod"]
