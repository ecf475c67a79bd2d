"""Which document kinds are rendered, and by which resolver.

Adding a kind takes: a model in ``models/documents/`` (registered in
``DOCUMENT_MODELS``), a resolver that turns a checked document into a frozen
context satisfying :class:`RenderContext`, the templates
``templates/<kind>/<kind>.html`` and ``.docx``, and one line in ``RESOLVERS``.
Resolvers are imported lazily so that ``check`` stays fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from agencydocs.workspace import SourceDocument, Workspace


class RenderContext(Protocol):
    """What the build, the renderers and the index need from any kind's context."""

    kind: str
    number: str  # the document number, or the file's name for kinds without numbers
    title: str
    locale: str
    footer: str
    brand_color: str
    logo: str | None
    meta: Mapping[str, str]  # title, author, subject, date (ISO, drives file timestamps)

    @property
    def index_note(self) -> str:
        """A short note for output/index.html (a total, a period, a status)."""
        ...


Resolver = Callable[["Workspace", "SourceDocument"], RenderContext]

RESOLVERS: dict[str, str] = {
    "invoice": "agencydocs.resolve:resolve_document",
    "act": "agencydocs.resolve:resolve_document",
    "contract": "agencydocs.resolvers.contract:resolve_contract",
    "addendum": "agencydocs.resolvers.addendum:resolve_addendum",
    "spec": "agencydocs.resolvers.spec:resolve_spec",
    "brief": "agencydocs.resolvers.brief:resolve_brief",
    "report": "agencydocs.resolvers.report:resolve_report",
    "audit": "agencydocs.resolvers.audit:resolve_audit",
    "proposal": "agencydocs.resolvers.proposal:resolve_proposal",
}


def renderable_kinds() -> tuple[str, ...]:
    return tuple(RESOLVERS)


def resolve(workspace: Workspace, source: SourceDocument) -> RenderContext:
    """Resolve one checked document with its kind's resolver."""
    module_name, _, function = RESOLVERS[source.kind].partition(":")
    resolver: Resolver = getattr(importlib.import_module(module_name), function)
    return resolver(workspace, source)
