"""Slides: a 16:9 PDF (``.slides.pdf``) and an editable PPTX of the same deck (``rendering/slides/``).

Two formats, one deck: ``--format slides`` brings ``pptx`` along
(``COMPANIONS``). Both apply only to the kinds whose spec says
``slides=True`` (proposals, reports, audits); asked for any other document
they simply have no output, as ``xml`` has none for most invoices.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from agencydocs.rendering.formats import Format
from agencydocs.rendering.formats.html import check_html_template

if TYPE_CHECKING:
    from agencydocs.errors import Problem
    from agencydocs.kinds import RenderContext
    from agencydocs.rendering.pipeline import Renderer
    from agencydocs.workspace import SourceDocument, Workspace


class _SlidesFormat(Format):
    template_suffix: ClassVar[str] = ".slides.html"

    def applies(self, workspace: Workspace, source: SourceDocument) -> bool:
        from agencydocs.kinds import kind_spec

        return kind_spec(source.kind).slides


class SlidesPdfFormat(_SlidesFormat):
    """The deck laid out by ``<kind>/<kind>.slides.html`` and printed by WeasyPrint."""

    name: ClassVar[str] = "slides"

    def preload(self) -> None:
        import agencydocs.rendering.pdf
        import agencydocs.rendering.slides.decks  # noqa: F401 - imported for its side effect of loading

    def check_template(self, renderer: Renderer, kind: str) -> list[Problem]:
        from agencydocs.kinds import kind_spec

        # A build checks every format for every kind it renders; kinds without slides have no template.
        return check_html_template(renderer, self.template(kind)) if kind_spec(kind).slides else []

    def render(self, renderer: Renderer, ctx: RenderContext, html: str) -> bytes:
        from agencydocs.rendering.html import brand_color
        from agencydocs.rendering.limits import join_limited
        from agencydocs.rendering.pdf import render_pdf
        from agencydocs.rendering.pipeline import PACKAGE_DIR
        from agencydocs.rendering.slides import deck_of

        template = renderer.templates.html_env.get_template(self.template(ctx.kind))
        variables = {"deck": deck_of(ctx), "doc": ctx, "brand_color": brand_color(ctx.brand_color)}
        slides_html = join_limited(template.generate(variables), renderer.output_bytes)
        return render_pdf(
            slides_html,
            base_url=renderer.root.as_uri() + "/",
            allowed_roots=[renderer.root, PACKAGE_DIR],
            created=dt.date.fromisoformat(ctx.meta["date"]),
        )


class SlidesPptxFormat(_SlidesFormat):
    """The same deck drawn with python-pptx: every text editable."""

    name: ClassVar[str] = "pptx"

    def preload(self) -> None:
        import agencydocs.rendering.slides.decks
        import agencydocs.rendering.slides.pptx  # noqa: F401 - imported for its side effect of loading

    def template(self, kind: str) -> str:
        # No template of its own: the PPTX is drawn from the deck, which the
        # slides' HTML template lays out too (and ``check`` compiles).
        return f"{kind}/{kind}.slides.html"

    def check_template(self, renderer: Renderer, kind: str) -> list[Problem]:
        return []

    def render(self, renderer: Renderer, ctx: RenderContext, html: str) -> bytes:
        from agencydocs.rendering.slides import deck_of
        from agencydocs.rendering.slides.pptx import render_pptx

        return render_pptx(deck_of(ctx))
