"""The XML format: an invoice's XRechnung (CII), for the invoices that ask for it (``einvoice: xrechnung``).

Only those invoices have an ``.xml`` output; the XML is built and validated
by the resolver (``resolvers/einvoice.py``), so rendering writes its bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from agencydocs.rendering.formats import Format

if TYPE_CHECKING:
    from agencydocs.errors import Problem
    from agencydocs.kinds import RenderContext
    from agencydocs.rendering.pipeline import Renderer
    from agencydocs.workspace import SourceDocument, Workspace


class XmlFormat(Format):
    name: ClassVar[str] = "xml"
    template_suffix: ClassVar[str] = ".xml"  # no template: the XML is written from the resolved figures

    def applies(self, workspace: Workspace, source: SourceDocument) -> bool:
        from agencydocs.einvoice.profile import profile_of

        project = workspace.projects.get(source.project_id)
        client = workspace.clients.get(project.model.client) if project is not None else None
        if client is None:
            return False
        return profile_of(source.model, client.model) == "xrechnung"  # type: ignore[arg-type]

    def check_template(self, renderer: Renderer, kind: str) -> list[Problem]:
        return []

    def render(self, renderer: Renderer, ctx: RenderContext, html: str) -> bytes:
        einvoice = getattr(ctx, "einvoice", None)
        assert einvoice is not None and einvoice[0] == "xrechnung", (
            "only XRechnung invoices have an XML output"
        )
        return bytes(einvoice[1])
