"""An invoice: billable lines, VAT and payment details (the Russian 1C layout or the international one)."""

from agencydocs.kinds.base import KindSpec, Starter
from agencydocs.models.documents.invoice import Invoice

SPEC = KindSpec(
    name="invoice",
    model=Invoice,
    resolver="agencydocs.resolvers.billing:resolve_document",
    rules=(
        "agencydocs.rules.billing:check_billing",
        "agencydocs.rules.amounts:check_billing_amounts",
        "agencydocs.rules.relations:check_billing_relations",
        "agencydocs.rules.prices:check_prices",
        "agencydocs.rules.einvoice:check_einvoice",
        "agencydocs.rules.issuance:check_issuance",
    ),
    label_prefix="invoice",
    label_keys=("invoice_title", "invoice_footer", "supplier_invoice", "customer_invoice", "summary_invoice"),
    references=("contract",),
    new=Starter(
        "agencydocs.commands.new_starters:start_invoice",
        ("project", "period", "with_time"),
        "--project globex-seo --period 2026-11 --with-time",
    ),
)
