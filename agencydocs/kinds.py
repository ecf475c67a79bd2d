"""Which document kinds are rendered, and by which resolver.

Adding a kind takes: a model in ``models/documents/`` (registered in
``DOCUMENT_MODELS``), a resolver that turns a checked document into a frozen
context subclassing :class:`RenderContext`, the templates
``templates/<kind>/<kind>.html`` and ``.docx``, and one line in ``RESOLVERS``.
Resolvers are imported lazily so that ``check`` stays fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agencydocs.workspace import SourceDocument, Workspace


@dataclass(frozen=True, kw_only=True)
class RenderContext:
    """The header every kind's context starts with: what the build, the
    renderers and the index need. A kind's context subclasses it with the
    values its templates place, every one already formatted."""

    kind: str
    number: str  # the document number, or the file's name for kinds without numbers
    title: str
    locale: str
    footer: str  # a short identification printed on every page
    brand_color: str  # a checked #rrggbb value
    logo: str | None  # data: URI
    labels: Mapping[str, str]  # the template labels in ``locale``
    meta: Mapping[str, str] = field(default_factory=dict)  # title, author, subject, date (ISO)

    @property
    def index_note(self) -> str:
        """A short note for output/index.html (a total, a period, a status)."""
        return ""


Resolver = Callable[["Workspace", "SourceDocument"], RenderContext]

RESOLVERS: dict[str, str] = {
    "invoice": "agencydocs.resolvers.billing:resolve_document",
    "act": "agencydocs.resolvers.billing:resolve_document",
    "contract": "agencydocs.resolvers.contract:resolve_contract",
    "addendum": "agencydocs.resolvers.addendum:resolve_addendum",
    "spec": "agencydocs.resolvers.spec:resolve_spec",
    "brief": "agencydocs.resolvers.brief:resolve_brief",
    "report": "agencydocs.resolvers.report:resolve_report",
    "audit": "agencydocs.resolvers.audit:resolve_audit",
    "proposal": "agencydocs.resolvers.proposal:resolve_proposal",
}


# Kinds whose documents draw charts (matplotlib).
CHART_KINDS = frozenset({"report", "audit"})


def renderable_kinds() -> tuple[str, ...]:
    return tuple(RESOLVERS)


def resolver(kind: str) -> Resolver:
    """The resolver function of ``kind``, importing its module."""
    module_name, _, function = RESOLVERS[kind].partition(":")
    found: Resolver = getattr(importlib.import_module(module_name), function)
    return found


def resolve(workspace: Workspace, source: SourceDocument) -> RenderContext:
    """Resolve one checked document with its kind's resolver."""
    return resolver(source.kind)(workspace, source)
