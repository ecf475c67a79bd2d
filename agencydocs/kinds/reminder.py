"""A payment reminder: the client's overdue invoices, amounts open, days overdue, bank details and QR."""

from agencydocs.kinds.base import KindSpec, Starter
from agencydocs.models.documents.dunning import Reminder

SPEC = KindSpec(
    name="reminder",
    model=Reminder,
    resolver="agencydocs.resolvers.reminder:resolve_reminder",
    rules=("agencydocs.rules.dunning:check_reminder",),
    label_prefix="reminder",
    label_keys=("reminder_title", "reminder_footer"),
    new=Starter("agencydocs.commands.new_dunning:start_collection", ("client",), "--client globex"),
)
