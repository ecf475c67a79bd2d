"""Document kinds. Adding a kind = one module + one entry in ``DOCUMENT_MODELS``."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from agencydocs.models.documents.act import Act
from agencydocs.models.documents.common import BillingDocument, DocumentBase, Line, Period
from agencydocs.models.documents.contract import Contract
from agencydocs.models.documents.invoice import Invoice

DOCUMENT_MODELS: dict[str, type[DocumentBase]] = {
    "invoice": Invoice,
    "act": Act,
    "contract": Contract,
}

# For the JSON Schema that editors use; validation dispatches on ``kind`` itself
# so that error locations do not carry the union's tag.
Document = Annotated[Invoice | Act | Contract, Field(discriminator="kind")]

__all__ = [
    "DOCUMENT_MODELS",
    "Act",
    "BillingDocument",
    "Contract",
    "Document",
    "DocumentBase",
    "Invoice",
    "Line",
    "Period",
]
