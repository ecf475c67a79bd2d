"""An addendum to a contract: scope, deadlines and payments added or removed."""

from agencydocs.kinds.base import KindSpec, Starter
from agencydocs.models.documents.addendum import Addendum

SPEC = KindSpec(
    name="addendum",
    model=Addendum,
    resolver="agencydocs.resolvers.addendum:resolve_addendum",
    rules=(
        "agencydocs.rules.contracts:check_addendum",
        "agencydocs.rules.minutes:check_minutes_citation",
    ),
    label_prefix="addendum",
    label_keys=("addendum_heading", "addendum_footer"),
    references=("contract", "minutes"),
    new=Starter("agencydocs.commands.new_documents:start_addendum"),
)
