"""Output formats as objects: one class per format, found through a lazy registry.

Shaped like Sphinx's builders: a format is a :class:`Format` subclass that
knows its name, whether it is made from the rendered HTML, which libraries to
import before workers fork, how to check its templates and how to render one
document. Adding a format is one module in this package and one line in
:data:`FORMATS`.

The registry names each class by its import path and imports it only when it
is used: the CLI validates ``--format`` from the names alone, so ``check`` and
``--help`` start without importing Jinja, WeasyPrint or docxtpl.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from agencydocs.errors import Problem
    from agencydocs.kinds import RenderContext
    from agencydocs.rendering.pipeline import Renderer
    from agencydocs.workspace import SourceDocument, Workspace

# name -> "module:Class". The order is the default --format list, and the
# order in which formats are checked and rendered (HTML before the PDF made from it).
FORMATS: dict[str, str] = {
    "html": "agencydocs.rendering.formats.html:HtmlFormat",
    "pdf": "agencydocs.rendering.formats.pdf:PdfFormat",
    "docx": "agencydocs.rendering.formats.docx:DocxFormat",
    "xml": "agencydocs.rendering.formats.xml:XmlFormat",
    "slides": "agencydocs.rendering.formats.slides:SlidesPdfFormat",
    "pptx": "agencydocs.rendering.formats.slides:SlidesPptxFormat",
}
FORMAT_NAMES: tuple[str, ...] = tuple(FORMATS)

# The output file's suffix where it is not ".<name>": the slides' PDF must not
# take the document's own ".pdf". Kept here, not on the classes, because the
# manifest checks recorded paths without importing any format.
FILE_SUFFIXES: dict[str, str] = {"slides": ".slides.pdf"}

# Formats that come along when one is asked for: a deck is the PDF to show and
# the PPTX to edit, so ``--format slides`` builds both.
COMPANIONS: dict[str, tuple[str, ...]] = {"slides": ("pptx",)}


def file_suffix(name: str) -> str:
    """The suffix of ``name``'s output files: ``.pdf``, ``.slides.pdf``."""
    return FILE_SUFFIXES.get(name, f".{name}")


def with_companions(names: Iterable[str]) -> tuple[str, ...]:
    """``names`` and the formats that come along with them, without repeats, in the order asked."""
    return tuple(dict.fromkeys(fmt for name in names for fmt in (name, *COMPANIONS.get(name, ()))))


class Format:
    """One output format. Subclasses set the class attributes and implement
    :meth:`check_template` and :meth:`render`; they import their rendering
    library inside the methods, so that loading the class stays cheap."""

    name: ClassVar[str]  # the --format name, the output file's suffix and the manifest's key
    template_suffix: ClassVar[str]  # a kind's template is <kind>/<kind><suffix>
    # Made from the document's HTML: the pipeline renders the HTML once for
    # every format that needs it and passes it to render().
    needs_html: ClassVar[bool] = False

    def applies(self, workspace: Workspace, source: SourceDocument) -> bool:
        """Whether ``source`` has an output in this format (every document, unless a format says not)."""
        return True

    def template(self, kind: str) -> str:
        """The template this format renders ``kind`` from, e.g. ``invoice/invoice.html``."""
        return f"{kind}/{kind}{self.template_suffix}"

    def preload(self) -> None:
        """Import the libraries rendering will need (called before workers fork, to share them)."""

    def check_template(self, renderer: Renderer, kind: str) -> list[Problem]:
        """Compile :meth:`template` of ``kind``: its syntax errors, before anything is built."""
        raise NotImplementedError

    def check_workspace(self, workspace: Workspace) -> list[Problem]:
        """Problems of the workspace that only this format has (none by default)."""
        return []

    def render(self, renderer: Renderer, ctx: RenderContext, html: str) -> bytes:
        """The output file of one document; ``html`` is its HTML when :attr:`needs_html`, else ``""``."""
        raise NotImplementedError


@cache
def get(name: str) -> Format:
    """The format called ``name``, its module imported on first use."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}; known: {', '.join(FORMATS)}")
    module_name, _, class_name = FORMATS[name].partition(":")
    format_class: type[Format] = getattr(importlib.import_module(module_name), class_name)
    return format_class()


def selected(names: Iterable[str]) -> list[Format]:
    """The formats of ``names``, in registry order (whatever order they were asked in)."""
    wanted = set(names)
    for name in sorted(wanted - FORMATS.keys()):
        get(name)  # raises, naming the known formats
    return [get(name) for name in FORMATS if name in wanted]
