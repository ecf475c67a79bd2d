"""Document kinds. Adding a kind = one module + one entry in ``DOCUMENT_MODELS``."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from agencydocs.models.documents.act import Act
from agencydocs.models.documents.addendum import Addendum
from agencydocs.models.documents.audit import Audit
from agencydocs.models.documents.brief import Brief
from agencydocs.models.documents.common import BillingDocument, DocumentBase, Line, Period
from agencydocs.models.documents.contract import Contract
from agencydocs.models.documents.invoice import Invoice
from agencydocs.models.documents.proposal import Proposal
from agencydocs.models.documents.report import Report
from agencydocs.models.documents.spec import Spec

DOCUMENT_MODELS: dict[str, type[DocumentBase]] = {
    "invoice": Invoice,
    "act": Act,
    "contract": Contract,
    "addendum": Addendum,
    "spec": Spec,
    "brief": Brief,
    "report": Report,
    "audit": Audit,
    "proposal": Proposal,
}

# For the JSON Schema that editors use; validation dispatches on ``kind`` itself
# so that error locations do not carry the union's tag.
Document = Annotated[
    Invoice | Act | Contract | Addendum | Spec | Brief | Report | Audit | Proposal,
    Field(discriminator="kind"),
]

__all__ = [
    "DOCUMENT_MODELS",
    "Act",
    "Addendum",
    "Audit",
    "BillingDocument",
    "Brief",
    "Contract",
    "Document",
    "DocumentBase",
    "Invoice",
    "Line",
    "Period",
    "Proposal",
    "Report",
    "Spec",
]
