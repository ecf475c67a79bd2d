"""The document kinds: one :class:`KindSpec` per kind, in the ordered registry ``KINDS``.

Adding a kind = its model (``models/documents/<kind>.py``), resolver
(``resolvers/<kind>.py``), rules (``rules/``), templates
(``templates/<kind>/``), labels (``locales/*.yaml``) and an example
document, described by one module here exposing ``SPEC``, plus one line in
``_KIND_MODULES`` below. Every other table of kinds is derived from it; resolvers and
rules are imported only when used, so ``check`` stays free of rendering
libraries.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from agencydocs.kinds.base import DocumentRule, KindSpec, RenderContext, Resolver

if TYPE_CHECKING:
    from agencydocs.models.documents import DocumentBase
    from agencydocs.workspace import SourceDocument, Workspace

# The registration: one module of this package per kind, named after it. The
# order is the one of `agencydocs new`'s choices and of the document schema.
_KIND_MODULES = (
    "invoice",
    "act",
    "credit_note",
    "upd",
    "vat_invoice",
    "contract",
    "addendum",
    "spec",
    "brief",
    "report",
    "audit",
    "proposal",
    "reminder",
    "claim",
    "statement",
    "minutes",
    "letter",
)


def _registered(module: str) -> KindSpec:
    """The ``SPEC`` of ``agencydocs/kinds/<module>.py``, which must describe the kind ``module``."""
    found = getattr(importlib.import_module(f"agencydocs.kinds.{module}"), "SPEC", None)
    if not isinstance(found, KindSpec) or found.name != module:
        raise TypeError(f"agencydocs/kinds/{module}.py must define SPEC = KindSpec(name={module!r}, ...)")
    return found


KINDS: tuple[KindSpec, ...] = tuple(_registered(module) for module in _KIND_MODULES)

_BY_NAME: dict[str, KindSpec] = {kind.name: kind for kind in KINDS}


class UnknownKind(LookupError):
    """A kind name with no spec in ``KINDS``: a programming error, never bad input
    (the loader refuses an unknown ``kind:`` with a located problem first)."""


def kind_spec(name: str) -> KindSpec:
    """The spec of the kind called ``name``."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownKind(
            f"no document kind {name!r} in agencydocs.kinds.KINDS ({', '.join(_BY_NAME)})"
        ) from None


def kind_names() -> tuple[str, ...]:
    return tuple(_BY_NAME)


# Derived tables, for the code that looks a kind up by name.
DOCUMENT_MODELS: dict[str, type[DocumentBase]] = {kind.name: kind.model for kind in KINDS}
RESOLVERS: dict[str, str] = {kind.name: kind.resolver for kind in KINDS}
CHART_KINDS = frozenset(kind.name for kind in KINDS if kind.charts)
NEW_KINDS: tuple[str, ...] = tuple(kind.name for kind in KINDS if kind.new)
# Every field that cites a document by number, in registry order (contract, invoice, spec).
REFERENCE_FIELDS: tuple[str, ...] = tuple(dict.fromkeys(field for kind in KINDS for field in kind.references))


def renderable_kinds() -> tuple[str, ...]:
    """Every kind: each spec has a resolver, so none is left out of a build."""
    return kind_names()


def resolver(kind: str) -> Resolver:
    """The resolver function of ``kind``, importing its module."""
    return kind_spec(kind).load_resolver()


def resolve(workspace: Workspace, source: SourceDocument) -> RenderContext:
    """Resolve one checked document with its kind's resolver."""
    return resolver(source.kind)(workspace, source)


__all__ = [
    "CHART_KINDS",
    "DOCUMENT_MODELS",
    "KINDS",
    "NEW_KINDS",
    "REFERENCE_FIELDS",
    "RESOLVERS",
    "DocumentRule",
    "KindSpec",
    "RenderContext",
    "Resolver",
    "UnknownKind",
    "kind_names",
    "kind_spec",
    "renderable_kinds",
    "resolve",
    "resolver",
]
