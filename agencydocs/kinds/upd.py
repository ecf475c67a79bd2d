"""An УПД (универсальный передаточный документ): the act's services as счёт-фактура and transfer document in one."""

from agencydocs.kinds.base import KindSpec, Starter
from agencydocs.models.documents.transfer import Upd

SPEC = KindSpec(
    name="upd",
    model=Upd,
    resolver="agencydocs.resolvers.transfer:resolve_transfer",
    rules=("agencydocs.rules.transfer:check_transfer", "agencydocs.rules.issuance:check_issuance"),
    label_prefix="upd",
    label_keys=("upd_title", "upd_footer"),
    references=("act",),
    new=Starter("agencydocs.commands.new_upd:start_transfer", ("act", "status"), "--act 2026-011"),
    # The ФНС's form is Russian, as is the счёт-фактура it contains (п. 8 ст. 169 НК РФ: the
    # buyer deducts VAT on a document in Russian): a German-reading client gets it in Russian too.
    languages=("ru",),
)
