"""Contract header (the clause library arrives with issue #4).

Invoices and acts cite their contract by number; this model gives them the
number, date and title to print and lets ``check`` verify the reference.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from agencydocs.models.base import Date, DocNumber, LocalizedName
from agencydocs.models.documents.common import DocumentBase


class Contract(DocumentBase):
    kind: Literal["contract"]
    number: DocNumber
    date: Date
    city: LocalizedName | None = None
    title: LocalizedName | None = Field(None, description="e.g. Договор оказания услуг")
