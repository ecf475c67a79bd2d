"""A site audit: findings by area and severity, figures, recommendations."""

from agencydocs.kinds.base import KindSpec, Starter
from agencydocs.models.documents.audit import Audit

SPEC = KindSpec(
    name="audit",
    model=Audit,
    resolver="agencydocs.resolvers.audit:resolve_audit",
    rules=("agencydocs.rules.reports:check_audit",),
    label_prefix="audit",
    label_keys=("audit_title", "audit_footer"),
    charts=True,
    new=Starter("agencydocs.commands.new_documents:start_audit"),
    slides=True,
)
