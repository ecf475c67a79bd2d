"""The HTML format: the kind's Jinja2 template, rendered in the sandbox (``rendering/html.py``)."""

from __future__ import annotations

import contextlib
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
    """Compile the HTML template ``name`` and the templates it names; the renderer's environment
    keeps them compiled for the jobs."""
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
    compile_references(renderer.templates.html_env, name)
    return []


def compile_references(env: jinja2.Environment, name: str) -> None:
    """Compile the templates that ``name`` extends, includes and imports, and theirs.

    Jinja compiles those when a document is rendered, so a forked worker
    compiled the skeleton and the partials again for its first document
    (most of the time ``serve`` spent rendering one saved invoice); compiled
    here, before the workers fork, they are inherited. Best effort: a
    referenced template that is missing or broken fails the documents that
    render it, with its own line, as before.
    """
    from agencydocs.rendering.templates import template_references

    seen, todo = {name}, [name]
    while todo:
        try:
            source, _, _ = env.loader.get_source(env, todo.pop())  # type: ignore[union-attr]
            references = template_references(source)[0]
        except (jinja2.TemplateError, OSError, ValueError):
            continue
        for reference in references:
            if reference is None or reference in seen:
                continue
            seen.add(reference)
            with contextlib.suppress(jinja2.TemplateError, OSError, ValueError):
                env.get_template(reference)
                todo.append(reference)
