"""Transfer documents of Russian VAT law: the УПД and the счёт-фактура, each drawn up from an act.

Both are generated from an act (``act:``): its lines, units and totals are
the document's, so nothing about the services is typed twice. What the act
does not know is asked here: the payment documents of line (5), the
advance invoices of line (5б), a government contract id of line (8).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from agencydocs.models.base import Date, DocNumber, Money, Name, StrictModel, Text
from agencydocs.models.documents.common import DocumentBase


class PaperReference(StrictModel):
    """A document cited by number and date: a payment order (line 5) or an advance счёт-фактура (line 5б)."""

    number: Name
    date: Date


class TransferDocument(DocumentBase):
    """What an УПД and a счёт-фактура share: a number, a date, the act they are drawn up from."""

    number: DocNumber
    date: Date
    act: DocNumber = Field(description="Number of the act whose services, figures and parties this states")
    payments: list[PaperReference] = Field(
        default_factory=list,
        description="Line (5): the payment documents (платёжные поручения) of an advance paid before it",
    )
    advance_invoices: list[PaperReference] = Field(
        default_factory=list,
        description="Line (5б): the advance счета-фактуры whose advance is set off here "
        "(пп. 4 п. 5 ст. 169 НК РФ as of 2026)",
    )
    government_contract: Name | None = Field(
        None, description="Line (8): the government contract identifier (ИГК), when there is one"
    )
    total: Money | None = Field(
        None, description="The total with VAT you expect; check says so when the act's total differs"
    )
    notes: Text | None = None
    issued: Date | None = Field(
        None, description="Date the document was handed to the client; without it the document is a draft"
    )
    void: Text | None = Field(None, description="Reason the document was cancelled; it then counts nowhere")


class Upd(TransferDocument):
    """Универсальный передаточный документ (письмо ФНС от 21.10.2013 № ММВ-20-3/96@)."""

    kind: Literal["upd"]
    status: int = Field(
        1,
        ge=1,
        le=2,
        description="1: счёт-фактура and передаточный документ (акт) in one; "
        "2: передаточный документ (акт) only, e.g. by a seller without VAT",
    )


class VatInvoice(TransferDocument):
    """Счёт-фактура (приложение № 1 к постановлению Правительства РФ от 26.12.2011 № 1137)."""

    kind: Literal["vat_invoice"]
