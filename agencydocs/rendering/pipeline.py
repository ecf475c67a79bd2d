"""One object that renders resolved contexts into every format.

It owns what can be reused across documents in one process (the template
lookup, the Jinja environment) and turns template failures into located
problems instead of tracebacks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import jinja2

from agencydocs.errors import AgencyDocsError, InvalidInput, Problem
from agencydocs.kinds import RenderContext
from agencydocs.rendering.limits import OutputTooLarge, RenderTimeLimit, check_size
from agencydocs.rendering.templates import BUILTIN_TEMPLATES, TemplateSource

DEFAULT_OUTPUT_BYTES = 50 * 1024 * 1024

PACKAGE_DIR = BUILTIN_TEMPLATES.parent


class Renderer:
    def __init__(self, root: Path, *, output_bytes: int = DEFAULT_OUTPUT_BYTES) -> None:
        self.root = root
        self.templates = TemplateSource(root)
        self.output_bytes = output_bytes  # largest output file, from limits.output_bytes

    def display(self, path: Path | str | None) -> str:
        """How a template file is named in messages: workspace-relative or built-in."""
        if path is None:
            return "<template>"
        path = Path(path).resolve()
        if path.is_relative_to(self.root):
            return path.relative_to(self.root).as_posix()
        if path.is_relative_to(PACKAGE_DIR):
            return "agencydocs/" + path.relative_to(PACKAGE_DIR).as_posix() + " (built-in)"
        return str(path)

    def check_templates(self, kinds: Sequence[str], formats: Sequence[str]) -> list[Problem]:
        """Compile every template a build will use, reporting syntax errors and split tags.

        The compiled templates stay cached in this renderer: workers forked
        after the check inherit them instead of compiling their own.
        """
        problems: list[Problem] = []
        for kind in kinds:
            if "html" in formats or "pdf" in formats:
                problems += self._check_html(f"{kind}/{kind}.html")
            if "docx" in formats:
                from agencydocs.rendering.docx_check import check_docx_template

                path = self.templates.find(f"{kind}/{kind}.docx")
                problems += check_docx_template(path, display=self.display(path))
        return problems

    def _check_html(self, name: str) -> list[Problem]:
        try:
            self.templates.html_env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            return [
                Problem(
                    self.display(exc.filename),
                    exc.lineno or 0,
                    1,
                    "",
                    f"template syntax error: {exc.message}",
                )
            ]
        except jinja2.TemplateNotFound as exc:
            return [Problem(self.display(None), message=f"template not found: {exc.name}")]
        return []

    def render(self, ctx: RenderContext, formats: Sequence[str]) -> dict[str, bytes]:
        from agencydocs.rendering.html import render_html, template_name

        rendered: dict[str, bytes] = {}
        html = ""
        if {"html", "pdf"} & set(formats):
            with self._template_errors(ctx, template_name(ctx.kind)):
                html = render_html(ctx, self.templates, max_bytes=self.output_bytes)
                rendered["html"] = html.encode("utf-8")
                check_size("html", len(rendered["html"]), self.output_bytes)
        if "pdf" in formats:
            with self._template_errors(ctx, template_name(ctx.kind)):
                rendered["pdf"] = self._pdf(html, ctx)
                check_size("pdf", len(rendered["pdf"]), self.output_bytes)
        if "docx" in formats:
            # Imported only for DOCX: docxtpl, python-docx and lxml are 0.15 s
            # that an HTML or PDF build would pay in every worker.
            from agencydocs.rendering.docx import render_docx

            with self._template_errors(ctx, f"{ctx.kind}/{ctx.kind}.docx"):
                rendered["docx"] = render_docx(ctx, self.templates)
                check_size("docx", len(rendered["docx"]), self.output_bytes)
        return {fmt: rendered[fmt] for fmt in formats}

    def _pdf(self, html: str, ctx: RenderContext) -> bytes:
        from agencydocs.rendering.pdf import render_pdf

        created = dt.date.fromisoformat(ctx.meta["date"])
        return render_pdf(
            html, base_url=self.root.as_uri() + "/", allowed_roots=[self.root, PACKAGE_DIR], created=created
        )

    def _compiled(self, template: str) -> jinja2.Template | None:
        """The compiled HTML template (cached by the environment), or None for a DOCX one."""
        if not template.endswith(".html"):
            return None
        try:
            return self.templates.html_env.get_template(template)
        except jinja2.TemplateError:
            return None

    @contextmanager
    def _template_errors(self, ctx: RenderContext, template: str) -> Iterator[None]:
        """Turn a template failure, or a limit hit while rendering it, into a problem in the template file."""
        try:
            yield
        except AgencyDocsError:
            raise  # already located (docx.py reports its own template errors)
        except (Exception, RenderTimeLimit) as exc:  # noqa: BLE001 - a template can raise anything ({{ 1/0 }})
            path = self.templates.find(template)
            line = getattr(exc, "lineno", 0) or _template_line(exc, path, self._compiled(template))
            raise InvalidInput(
                f"rendering {ctx.kind} {ctx.number} failed",
                [Problem(self.display(path), line, 1 if line else 0, "", _describe(exc))],
            ) from None


def preload(kinds: Sequence[str], formats: Sequence[str]) -> None:
    """Import every library that rendering ``kinds`` in ``formats`` will need.

    Called before worker processes fork: the workers then share these modules'
    memory with the parent instead of each importing its own copy, and the
    objects can be frozen out of the garbage collector once, before any
    document exists (see ``workers.run_jobs``).
    """
    from agencydocs import kinds as kind_registry

    for kind in kinds:
        kind_registry.resolver(kind)
    if {"html", "pdf"} & set(formats):
        import agencydocs.rendering.html
    if "pdf" in formats:
        import agencydocs.rendering.pdf
    if "docx" in formats:
        import agencydocs.rendering.docx  # noqa: F401 - imported for its side effect of loading
    if kind_registry.CHART_KINDS & set(kinds):
        from agencydocs import charts

        charts.preload()


def _describe(exc: BaseException) -> str:
    if isinstance(exc, RenderTimeLimit):
        return (
            f"rendering took longer than the render time limit of {exc.args[0]} s"
            " (limits.render_seconds in agency.yaml)"
        )
    if isinstance(exc, OutputTooLarge):
        return str(exc)
    if isinstance(exc, jinja2.TemplateNotFound):
        return (
            f"template error: no template {exc.name!r} (a template may include only templates"
            " under templates/ and the built-in ones)"
        )
    if isinstance(exc, jinja2.TemplateError):
        return f"template error: {exc}"
    return f"template error: {type(exc).__name__}: {exc}"


def _template_line(exc: BaseException, path: Path, compiled: jinja2.Template | None) -> int:
    """The template line where ``exc`` was raised, from the frames that run the template's code.

    Jinja2 rewrites the traceback of an ``Exception`` so that template frames
    carry the template's own lines. A :class:`RenderTimeLimit` (a
    BaseException) passes through unrewritten: its frames carry lines of the
    generated Python code, which the compiled template maps back.
    """
    line = 0
    traceback = exc.__traceback__
    while traceback is not None:
        if Path(traceback.tb_frame.f_code.co_filename) == path:
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    if line and isinstance(exc, RenderTimeLimit) and compiled is not None:
        return compiled.get_corresponding_lineno(line)
    return line
