"""An act (certificate of completion): the services an invoice billed, accepted by the client."""

from agencydocs.kinds.base import KindSpec, Starter
from agencydocs.models.documents.act import Act

SPEC = KindSpec(
    name="act",
    model=Act,
    resolver="agencydocs.resolvers.billing:resolve_document",
    rules=(
        "agencydocs.rules.billing:check_billing",
        "agencydocs.rules.amounts:check_billing_amounts",
        "agencydocs.rules.relations:check_billing_relations",
        "agencydocs.rules.prices:check_prices",
        "agencydocs.rules.issuance:check_issuance",
    ),
    label_prefix="act",
    label_keys=("act_title", "act_footer", "supplier_act", "customer_act", "summary_act", "total_act"),
    references=("contract", "invoice"),
    new=Starter(
        "agencydocs.commands.new_starters:start_act",
        ("project", "invoice"),
        "--project romashka-site --invoice 2026-019",
    ),
)
