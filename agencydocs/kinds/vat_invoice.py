"""A счёт-фактура (VAT invoice of Russian law, постановление № 1137) for the services of an act."""

from agencydocs.kinds.base import KindSpec, Starter
from agencydocs.models.documents.transfer import VatInvoice

SPEC = KindSpec(
    name="vat_invoice",
    model=VatInvoice,
    resolver="agencydocs.resolvers.transfer:resolve_transfer",
    rules=("agencydocs.rules.transfer:check_transfer", "agencydocs.rules.issuance:check_issuance"),
    label_prefix="vat_invoice",
    label_keys=("vat_invoice_title", "vat_invoice_footer"),
    references=("act",),
    new=Starter("agencydocs.commands.new_upd:start_transfer", ("act",), "--act 2026-011"),
    # A Russian tax form (п. 8 ст. 169 НК РФ): printed in Russian whatever the client reads.
    languages=("ru",),
)
