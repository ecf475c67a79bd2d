"""A client: ``clients/<id>.yaml``."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator

from agencydocs.models.base import Currency, Id, LocaleCode, StrictModel, field_error
from agencydocs.models.legal import BankAccount, Contact, LegalEntity, Signatory


class Client(StrictModel):
    """A client company: legal details, contacts, language, currency and terms."""

    id: Id = Field(description="Must equal the file name without .yaml")
    legal: LegalEntity
    contacts: list[Contact] = Field(default_factory=list)
    signatory: Signatory | None = None
    bank_accounts: list[BankAccount] = Field(default_factory=list)
    locale: LocaleCode = "ru"
    currency: Currency = "RUB"
    payment_terms_days: int = Field(10, ge=0, le=365, description="Days from invoice date to due date")
    reverse_charge: bool = Field(False, description="EU B2B: invoices carry no VAT and say 'Reverse charge'")
    einvoice: Literal["factur-x", "xrechnung"] | None = Field(
        None,
        description="Structured e-invoice of every invoice to this client: factur-x (Factur-X/ZUGFeRD "
        "EN 16931 XML inside a PDF/A-3b) or xrechnung (a separate XRechnung CII .xml)",
    )
    leitweg_id: str | None = Field(
        None,
        pattern=r"^[0-9]{2,12}(-[0-9A-Za-z]{1,30})?-[0-9]{2}$",
        description="Leitweg-ID of a German public buyer (XRechnung buyer reference BT-10), e.g. 991-12345-67",
    )

    @model_validator(mode="after")
    def _contact_ids_unique(self) -> Self:
        # Meeting minutes name contacts by id: two with one id could not be told apart.
        seen: set[str] = set()
        for index, contact in enumerate(self.contacts):
            if contact.id is not None and contact.id in seen:
                raise field_error("client", "another contact has this id", "contacts", index, "id")
            if contact.id is not None:
                seen.add(contact.id)
        return self
