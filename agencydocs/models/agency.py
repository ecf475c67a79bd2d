"""The agency itself: ``agency.yaml`` at the workspace root."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal, Self

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

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


class Limits(StrictModel):
    max_file_size: int = Field(
        1024 * 1024, ge=1024, le=64 * 1024 * 1024, description="Largest YAML file, bytes"
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
    numbering: dict[str, str] = Field(
        default_factory=dict,
        description="Number pattern per document kind, e.g. invoice: '{year}-{seq:03}'",
    )
    team: list[Person] = Field(default_factory=list)
    services: list[CatalogueService] = Field(
        default_factory=list, description="Services catalogue: list prices that proposals take"
    )
    limits: Limits = Field(default_factory=Limits)

    @field_validator("tax")
    @classmethod
    def _sorted(cls, periods: list[TaxPeriod]) -> list[TaxPeriod]:
        dates = [p.since for p in periods]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise PydanticCustomError("tax", "tax periods must be in date order with distinct dates")
        return periods

    def tax_period(self, on: date) -> TaxPeriod | None:
        """The regime in force on a date (None when the date precedes every period)."""
        current = None
        for period in self.tax:
            if period.since <= on:
                current = period
        return current

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.team if p.id == person_id), None)

    def service(self, service_id: str) -> CatalogueService | None:
        return next((s for s in self.services if s.id == service_id), None)

    def bank_account(self, currency: str, account_id: str | None = None) -> BankAccount | None:
        if account_id:
            return next((a for a in self.bank_accounts if a.id == account_id), None)
        matching = [a for a in self.bank_accounts if a.currency in (currency, None)]
        return matching[0] if matching else None


__all__ = ["Agency", "CatalogueService", "Decimal", "Person", "RoundingMode", "TaxPeriod"]
