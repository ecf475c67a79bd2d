"""Document models, one module per kind; ``agencydocs.kinds`` registers them."""

from __future__ import annotations

from agencydocs.models.documents.act import Act
from agencydocs.models.documents.addendum import Addendum
from agencydocs.models.documents.audit import Audit
from agencydocs.models.documents.brief import Brief
from agencydocs.models.documents.common import BillingDocument, DocumentBase, Line, Period
from agencydocs.models.documents.contract import Contract
from agencydocs.models.documents.credit_note import CreditLine, CreditNote
from agencydocs.models.documents.dunning import Claim, Reminder, Statement
from agencydocs.models.documents.invoice import Invoice
from agencydocs.models.documents.letter import Attachment, Letter
from agencydocs.models.documents.minutes import Minutes
from agencydocs.models.documents.proposal import Proposal
from agencydocs.models.documents.report import Report
from agencydocs.models.documents.spec import Spec
from agencydocs.models.documents.transfer import PaperReference, TransferDocument, Upd, VatInvoice

__all__ = [
    "Act",
    "Attachment",
    "Addendum",
    "Audit",
    "BillingDocument",
    "Brief",
    "Claim",
    "Contract",
    "CreditLine",
    "CreditNote",
    "DocumentBase",
    "Invoice",
    "Letter",
    "Line",
    "Minutes",
    "Period",
    "Proposal",
    "Reminder",
    "Report",
    "Spec",
    "Statement",
    "TransferDocument",
    "Upd",
    "VatInvoice",
    "PaperReference",
]
