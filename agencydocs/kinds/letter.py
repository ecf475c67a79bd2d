"""An official letter on the agency's letterhead: outgoing number, addressee, subject, body, enclosures."""

from agencydocs.kinds.base import KindSpec, Starter
from agencydocs.models.documents.letter import Letter

SPEC = KindSpec(
    name="letter",
    model=Letter,
    resolver="agencydocs.resolvers.letter:resolve_letter",
    rules=("agencydocs.rules.letters:check_letter",),
    label_prefix="letter",
    label_keys=("letter_title", "letter_footer"),
    new=Starter(
        "agencydocs.commands.new_letter:start_letter",
        ("client", "project", "attach"),
        "--client romashka --attach 2026-021 --attach 2026-011",
    ),
)
