"""One object that renders resolved contexts into every format.

It owns what can be reused across documents in one process (the template
lookup, the Jinja environment) and turns template failures into located
problems instead of tracebacks.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import jinja2

from agencydocs.errors import AgencyDocsError, InvalidInput, Problem
from agencydocs.kinds import RenderContext
from agencydocs.rendering import formats as output_formats
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

        Each template is checked once, even when two formats render from it
        (HTML and PDF). The compiled templates stay cached in this renderer:
        workers forked after the check inherit them instead of compiling their own.
        """
        problems: list[Problem] = []
        for kind in kinds:
            checked: set[str] = set()
            for fmt in output_formats.selected(formats):
                if fmt.template(kind) not in checked:
                    checked.add(fmt.template(kind))
                    problems += fmt.check_template(self, kind)
        return problems

    def render(self, ctx: RenderContext, formats: Sequence[str]) -> dict[str, bytes]:
        """The output of ``ctx`` in each of ``formats``; the HTML is rendered once for all that need it."""
        chosen = output_formats.selected(formats)
        html = self._html(ctx) if any(fmt.needs_html for fmt in chosen) else ""
        rendered: dict[str, bytes] = {}
        for fmt in chosen:
            with self._template_errors(ctx, fmt.template(ctx.kind)):
                rendered[fmt.name] = fmt.render(self, ctx, html)
                check_size(fmt.name, len(rendered[fmt.name]), self.output_bytes)
        return {fmt: rendered[fmt] for fmt in formats}

    def _html(self, ctx: RenderContext) -> str:
        """The document's HTML, within the output size limit even when only the PDF is wanted."""
        from agencydocs.rendering.html import render_html, template_name

        with self._template_errors(ctx, template_name(ctx.kind)):
            html = render_html(ctx, self.templates, max_bytes=self.output_bytes)
            check_size("html", len(html.encode("utf-8")), self.output_bytes)
        return html

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
    """Import every library that rendering ``kinds`` in ``formats`` will need, and read the labels.

    Called before worker processes fork: the workers then share these modules'
    memory with the parent instead of each importing its own copy, and the
    objects can be frozen out of the garbage collector once, before any
    document exists (see ``workers.run_jobs``).
    """
    from agencydocs import kinds as kind_registry
    from agencydocs.i18n.labels import labels_for
    from agencydocs.models.base import SUPPORTED_LOCALES

    for kind in kinds:
        kind_registry.resolver(kind)
    for locale in SUPPORTED_LOCALES:  # read lazily, by each worker for its first document otherwise
        labels_for(locale)
    for fmt in output_formats.selected(formats):
        fmt.preload()
    if kind_registry.CHART_KINDS & set(kinds):
        from agencydocs.rendering import charts

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
