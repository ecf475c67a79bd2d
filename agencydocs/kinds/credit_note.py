"""A credit note: reduces the price an issued invoice billed, with VAT by the invoice's regime (#15 item 4)."""

from agencydocs.kinds.base import KindSpec, Starter
from agencydocs.models.documents.credit_note import CreditNote

SPEC = KindSpec(
    name="credit_note",
    model=CreditNote,
    resolver="agencydocs.resolvers.credit_note:resolve_credit_note",
    rules=("agencydocs.rules.credit_notes:check_credit_note", "agencydocs.rules.issuance:check_issuance"),
    label_prefix="credit_note",
    label_keys=(
        "credit_note_title",
        "credit_note_footer",
        "supplier_credit_note",
        "customer_credit_note",
        "summary_credit_note",
        "total_credit_note",
    ),
    references=("invoice",),
    new=Starter("agencydocs.commands.new_credit_note:start_credit_note", ("invoice",), "--invoice 2026-020"),
)
