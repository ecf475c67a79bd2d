"""A technical specification: goals, site map, requirements, acceptance."""

from agencydocs.kinds.base import KindSpec, Starter
from agencydocs.models.documents.spec import Spec

SPEC = KindSpec(
    name="spec",
    model=Spec,
    resolver="agencydocs.resolvers.spec:resolve_spec",
    rules=("agencydocs.rules.specs:check_spec", "agencydocs.rules.minutes:check_minutes_citation"),
    label_prefix="spec",
    label_keys=("spec_title", "spec_title_default", "spec_footer"),
    references=("minutes",),
    new=Starter("agencydocs.commands.new_documents:start_spec"),
)
