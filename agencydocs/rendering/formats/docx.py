"""The DOCX format: the kind's docxtpl template (``rendering/docx.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from agencydocs.errors import InvalidInput, Problem
from agencydocs.rendering.formats import Format

if TYPE_CHECKING:
    from agencydocs.kinds import RenderContext
    from agencydocs.rendering.pipeline import Renderer
    from agencydocs.workspace import Workspace


class DocxFormat(Format):
    name: ClassVar[str] = "docx"
    template_suffix: ClassVar[str] = ".docx"

    # docxtpl, python-docx and lxml are imported in the methods: 0.15 s that
    # an HTML or PDF build would otherwise pay in every worker.

    def preload(self) -> None:
        import agencydocs.rendering.docx  # noqa: F401 - imported for its side effect of loading

    def check_template(self, renderer: Renderer, kind: str) -> list[Problem]:
        from agencydocs.rendering.docx_check import check_docx_template

        problems: list[Problem] = []
        for path in renderer.templates.variants(kind, self.template_suffix):  # every language's file
            problems += check_docx_template(path, display=renderer.display(path))
        return problems

    def check_workspace(self, workspace: Workspace) -> list[Problem]:
        """Convert an SVG logo for Word once, here: an SVG that cannot be drawn is one
        problem before anything is built (not one per document), and the workers
        forked afterwards inherit the cached PNG instead of converting it each."""
        from agencydocs.rendering.logo import logo_raster
        from agencydocs.resolvers.parties import data_uri

        if workspace.agency is None:
            return []
        try:
            logo_raster(data_uri(workspace.root, workspace.agency.model.logo))
        except InvalidInput as exc:
            return exc.problems
        return []

    def render(self, renderer: Renderer, ctx: RenderContext, html: str) -> bytes:
        from agencydocs.rendering.docx import render_docx

        return render_docx(ctx, renderer.templates)
