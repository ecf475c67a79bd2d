"""Meeting minutes: participants, agenda, discussion, decisions, action items, approval."""

from agencydocs.kinds.base import KindSpec, Starter
from agencydocs.models.documents.minutes import Minutes

SPEC = KindSpec(
    name="minutes",
    model=Minutes,
    resolver="agencydocs.resolvers.minutes:resolve_minutes",
    rules=("agencydocs.rules.minutes:check_minutes",),
    label_prefix="minutes",
    label_keys=("minutes_title", "minutes_footer"),
    new=Starter("agencydocs.commands.new_minutes:start_minutes", ("project",), "--project romashka-site"),
)
