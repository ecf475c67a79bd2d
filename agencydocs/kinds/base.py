"""The shape of a document kind (:class:`KindSpec`) and of what its resolver returns.

Resolvers and rules are named by import path (``"module:function"``), not
imported: the registry is read by ``check``, which must not pay for (or
import) the rendering side, and rules modules import the workspace, which
imports this registry.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agencydocs import PACKAGE_DIR

if TYPE_CHECKING:
    from agencydocs.models.documents import DocumentBase
    from agencydocs.rules.base import RuleContext
    from agencydocs.workspace import SourceDocument, Workspace

BUILTIN_TEMPLATES = PACKAGE_DIR / "templates"


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
DocumentRule = Callable[["RuleContext", "SourceDocument"], None]


@dataclass(frozen=True)
class Starter:
    """How ``agencydocs new <kind>`` starts a file of a kind.

    ``start`` names (like resolvers, by import path) a function taking one
    ``commands.new_request.NewRequest`` and returning a ``NewResult``;
    ``options`` are the ``new`` options it reads (``id``, ``project``,
    ``client``, ``invoice``, ``period``, ``with_time``, ``from_proposal``,
    ``option``, ``question_set``, ``attach``, ``act``, ``status``): any other one given is a usage error
    naming the kinds it applies to. ``example`` follows ``agencydocs new
    <kind>`` in the command's help.
    """

    start: str
    options: tuple[str, ...] = ("project",)
    example: str = "--project romashka-site"


@dataclass(frozen=True, kw_only=True)
class KindSpec:
    """Everything the tool knows about one document kind, in one object.

    Every registry that used to list kinds by hand (the models, the rules, the
    resolvers, the chart kinds, the reference fields, ``new``'s choices, the
    JSON Schemas, the template groups) is derived from the specs in
    ``agencydocs.kinds.KINDS``, so a kind cannot be known to one and
    forgotten by another.
    """

    name: str  # the ``kind:`` value of its YAML files
    model: type[DocumentBase]  # the pydantic model of one file
    resolver: str  # "module:function" turning a checked document into its RenderContext
    rules: tuple[str, ...]  # "module:function" cross-file rules, run on valid documents only
    label_prefix: str  # its own keys in locales/*.yaml start with "<prefix>_"
    # Keys that shared code composes from the kind's name (``f"{kind}_title"``,
    # ``f"supplier_{kind}"``) or that give its title and footer: every built-in
    # locale must have them (tests/test_kinds.py).
    label_keys: tuple[str, ...]
    # Fields that cite another document by number; the field is named after
    # the kind it cites (``contract: 2026-07`` names a contract).
    references: tuple[str, ...] = ()
    charts: bool = False  # its documents draw charts (matplotlib is preloaded)
    new: Starter | None = None  # how ``agencydocs new <kind>`` starts one; None: it cannot
    # Presented to a client, so also built as 16:9 slides (PDF and PPTX, rendering/slides/):
    # needs a deck builder in rendering/slides/decks.py and a <kind>.slides.html template.
    slides: bool = False
    # The only languages its form exists in, the first printed whatever the client reads (an
    # УПД, a счёт-фактура: Russian tax forms); empty: every language of locales/.
    languages: tuple[str, ...] = ()

    @property
    def numbered(self) -> bool:
        """Whether its documents have a number unique in their series (else named after the file)."""
        return self.model.numbered

    @property
    def template_dir(self) -> str:
        """Its folder under templates/ (built-in and workspace override alike)."""
        return self.name

    @property
    def html_template(self) -> str:
        return f"{self.template_dir}/{self.name}.html"

    def builtin_templates(self, suffix: str) -> list[Path]:
        """Its built-in templates with ``suffix``: ``<kind>.docx`` and per language ``<kind>.<lang>.docx``."""
        folder = BUILTIN_TEMPLATES / self.template_dir
        return sorted(
            path
            for path in folder.glob(f"{self.name}*{suffix}")
            if path.name == f"{self.name}{suffix}" or _language_variant(path.name, self.name, suffix)
        )

    def load_resolver(self) -> Resolver:
        """The resolver function, importing its module."""
        found: Resolver = load(self.resolver)
        return found

    def load_rules(self) -> list[DocumentRule]:
        return [load(path) for path in self.rules]


def _language_variant(file_name: str, kind: str, suffix: str) -> bool:
    middle = file_name[len(kind) : -len(suffix)]
    return middle.startswith(".") and middle[1:].isalpha()


def load(path: str) -> Any:
    """The object at ``"package.module:name"``."""
    module_name, _, name = path.partition(":")
    return getattr(importlib.import_module(module_name), name)
