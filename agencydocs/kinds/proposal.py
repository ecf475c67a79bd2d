"""A commercial proposal: options with priced lines, a timeline, add-ons, terms."""

from agencydocs.kinds.base import KindSpec, Starter
from agencydocs.models.documents.proposal import Proposal

SPEC = KindSpec(
    name="proposal",
    model=Proposal,
    resolver="agencydocs.resolvers.proposal:resolve_proposal",
    rules=(
        "agencydocs.rules.reports:check_proposal",
        "agencydocs.rules.amounts:check_proposal_amounts",
    ),
    label_prefix="proposal",
    label_keys=("proposal_title", "proposal_footer"),
    new=Starter("agencydocs.commands.new_documents:start_proposal"),
    slides=True,
)
