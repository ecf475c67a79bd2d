"""The PDF format: the document's HTML laid out by WeasyPrint (``rendering/pdf.py``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from agencydocs.rendering.formats import Format
from agencydocs.rendering.formats.html import check_html_template

if TYPE_CHECKING:
    from agencydocs.errors import Problem
    from agencydocs.kinds import RenderContext
    from agencydocs.rendering.pipeline import Renderer


class PdfFormat(Format):
    name: ClassVar[str] = "pdf"
    template_suffix: ClassVar[str] = ".html"  # the PDF is made from the HTML template's output
    needs_html: ClassVar[bool] = True

    def preload(self) -> None:
        import agencydocs.rendering.html
        import agencydocs.rendering.pdf  # noqa: F401 - imported for its side effect of loading

    def check_template(self, renderer: Renderer, kind: str) -> list[Problem]:
        return check_html_template(renderer, self.template(kind))

    def render(self, renderer: Renderer, ctx: RenderContext, html: str) -> bytes:
        from agencydocs.rendering.pdf import render_pdf
        from agencydocs.rendering.pipeline import PACKAGE_DIR

        created = dt.date.fromisoformat(ctx.meta["date"])
        einvoice = getattr(ctx, "einvoice", None)
        facturx = einvoice is not None and einvoice[0] == "factur-x"
        # Files the HTML links (fonts, images) resolve in the workspace or the package only.
        pdf = render_pdf(
            html,
            base_url=renderer.root.as_uri() + "/",
            allowed_roots=[renderer.root, PACKAGE_DIR],
            created=created,
            variant="pdf/a-3b" if facturx else None,
        )
        if not facturx:
            return pdf
        from agencydocs.einvoice.pdfa import embed_facturx

        assert einvoice is not None
        metadata = {key: ctx.meta.get(key, "") for key in ("author", "title", "subject")}
        metadata["keywords"] = "Factur-X, ZUGFeRD, EN 16931"
        return embed_facturx(pdf, einvoice[1], created=created, metadata=metadata, lang=ctx.locale)
