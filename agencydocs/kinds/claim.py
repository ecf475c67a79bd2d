"""A pre-trial claim (претензия): the debt under a contract, the penalty day by day, the deadline, what follows."""

from agencydocs.kinds.base import KindSpec, Starter
from agencydocs.models.documents.dunning import Claim

SPEC = KindSpec(
    name="claim",
    model=Claim,
    resolver="agencydocs.resolvers.claim:resolve_claim",
    rules=("agencydocs.rules.dunning:check_claim",),
    label_prefix="claim",
    label_keys=("claim_title", "claim_footer"),
    references=("contract",),
    new=Starter("agencydocs.commands.new_dunning:start_collection", ("client",), "--client romashka"),
)
