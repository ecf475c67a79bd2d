"""Act of completed work (акт оказанных услуг)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from agencydocs.models.base import DocNumber
from agencydocs.models.documents.common import BillingDocument, Line, Period


class Act(BillingDocument):
    """Confirms work done; lines default to those of the invoice it names."""

    kind: Literal["act"]
    invoice: DocNumber | None = Field(None, description="Number of the invoice this act closes")
    period: Period | None = None
    lines: list[Line] | None = Field(None, description="Omit to take the invoice's lines")
