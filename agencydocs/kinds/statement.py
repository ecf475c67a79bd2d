"""A reconciliation statement (акт сверки): opening balance, acts and payments, closing balance, two halves."""

from agencydocs.kinds.base import KindSpec
from agencydocs.models.documents.dunning import Statement

SPEC = KindSpec(
    name="statement",
    model=Statement,
    resolver="agencydocs.resolvers.statement:resolve_statement",
    rules=("agencydocs.rules.dunning:check_statement",),
    label_prefix="statement",
    label_keys=("statement_title", "statement_footer"),
    references=("contract",),
)
