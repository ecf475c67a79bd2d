"""The HTML format: the kind's Jinja2 template, rendered in the sandbox (``rendering/html.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import jinja2

from agencydocs.errors import Problem
from agencydocs.rendering.formats import Format

if TYPE_CHECKING:
    from agencydocs.kinds import RenderContext
    from agencydocs.rendering.pipeline import Renderer


class HtmlFormat(Format):
    name: ClassVar[str] = "html"
    template_suffix: ClassVar[str] = ".html"
    needs_html: ClassVar[bool] = True  # its output is the HTML the pipeline rendered

    def preload(self) -> None:
        import agencydocs.rendering.html  # noqa: F401 - imported for its side effect of loading

    def check_template(self, renderer: Renderer, kind: str) -> list[Problem]:
        return check_html_template(renderer, self.template(kind))

    def render(self, renderer: Renderer, ctx: RenderContext, html: str) -> bytes:
        return html.encode("utf-8")


def check_html_template(renderer: Renderer, name: str) -> list[Problem]:
    """Compile the HTML template ``name``; the renderer's environment keeps it compiled for the jobs."""
    try:
        renderer.templates.html_env.get_template(name)
    except jinja2.TemplateSyntaxError as exc:
        return [
            Problem(
                renderer.display(exc.filename),
                exc.lineno or 0,
                1,
                "",
                f"template syntax error: {exc.message}",
            )
        ]
    except jinja2.TemplateNotFound as exc:
        return [Problem(renderer.display(None), message=f"template not found: {exc.name}")]
    return []
