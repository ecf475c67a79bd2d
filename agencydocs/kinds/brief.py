"""A brief: a question set, blank for the client to fill in or filled with the answers."""

from agencydocs.kinds.base import KindSpec, Starter
from agencydocs.models.documents.brief import Brief

SPEC = KindSpec(
    name="brief",
    model=Brief,
    resolver="agencydocs.resolvers.brief:resolve_brief",
    rules=("agencydocs.rules.specs:check_brief",),
    label_prefix="brief",
    label_keys=("brief_footer",),
    new=Starter(
        "agencydocs.commands.new_documents:start_brief",
        ("project", "question_set"),
        "--project globex-seo --question-set seo",
    ),
)
