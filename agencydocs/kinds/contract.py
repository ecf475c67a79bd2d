"""A services contract: clauses from the library, milestones, payment schedule, requisites."""

from agencydocs.kinds.base import KindSpec, Starter
from agencydocs.models.documents.contract import Contract

SPEC = KindSpec(
    name="contract",
    model=Contract,
    resolver="agencydocs.resolvers.contract:resolve_contract",
    rules=(
        "agencydocs.rules.contracts:check_contract",
        "agencydocs.rules.relations:check_contract_relations",
    ),
    label_prefix="contract",
    label_keys=("contract_heading", "contract_footer"),
    references=("spec",),
    new=Starter(
        "agencydocs.commands.new_starters:start_contract",
        ("project", "from_proposal", "option"),
        "--project globex-seo",
    ),
)
