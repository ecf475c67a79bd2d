"""``check`` renders the workspace's own templates, so that their mistakes show before a build.

A workspace template (``templates/`` of the workspace: an override of a kind's
``.html`` or ``.docx``, of ``base.html``, a stylesheet) is code the build runs.
A field renamed in an upgrade or a typo (``{{ doc.numbr }}``) would otherwise
fail only inside a build worker. Here each override is rendered, within the
build's limits and in its sandbox, with the contexts of the workspace's own
documents that use it, and its first failure is reported at the template's
line (HTML) or paragraph (DOCX, which has no lines).

Documents of the same *shape* (the same context fields empty or filled, down
to the nested ones) take the same branches of a template: one of each shape
is rendered, so a workspace with 400 monthly invoices renders a handful, and
``check`` stays fast as the workspace grows. A failure that depends on a
value rather than on a field being there shows at the build, at its line.

Built-in templates are not rendered (the test suite covers them); a built-in
kind template is rendered only when it includes or extends an override.

A workspace that uses no document of an override's kind has no context to
render it with. The package ships no sample documents (a second copy of the
example's YAML would drift from the models), so such an override is only
compiled, and a warning says it was not rendered: the check cannot vouch for it.

Nothing is imported from the rendering libraries unless the workspace has a
template override: ``check`` of a plain workspace stays as fast as before.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from agencydocs.errors import Problem
from agencydocs.workspace import TEMPLATES_DIR

if TYPE_CHECKING:
    from agencydocs.kinds import RenderContext
    from agencydocs.models.agency import Limits
    from agencydocs.rendering.pipeline import Renderer
    from agencydocs.workspace import SourceDocument, Workspace

JINJA_SUFFIXES = (".html", ".css")  # text templates: kind templates, skeletons, included stylesheets
DOCX_SUFFIX = ".docx"
INDEX_TEMPLATE = "index.html"  # output/index.html: rendered from the build's list, not a document


def override_names(root: Path) -> set[str]:
    """The workspace's template files, by their name in the lookup (``invoice/invoice.html``).

    Hidden files and folders are eject records (``.agencydocs-templates.json``),
    not templates.
    """
    folder = root / TEMPLATES_DIR
    if not folder.is_dir():
        return set()
    return {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    }


def check_template_overrides(workspace: Workspace, known: Sequence[Problem]) -> list[Problem]:
    """Render every template override of ``workspace`` with the documents that use it.

    ``known`` are the problems found so far: with an error among them,
    nothing is rendered (the templates are checked once the rest is valid).
    """
    if workspace.agency is None or any(problem.severity == "error" for problem in known):
        # Rendering reads what the checks vouch for (a logo that is a pipe would
        # block, a link out of templates/ would be followed): like a build, it
        # waits until the workspace is valid.
        return []
    overrides = override_names(workspace.root)
    if not overrides:
        return []
    from agencydocs.rendering.pipeline import Renderer

    limits = workspace.agency.model.limits
    renderer = Renderer(workspace.root, output_bytes=limits.output_bytes)
    checker = _OverrideChecker(workspace, renderer, limits, overrides)
    from agencydocs.kinds import renderable_kinds

    for kind in renderable_kinds():
        checker.check_kind(kind, [d for d in workspace.documents if d.kind == kind])
    checker.check_unrendered_html()
    return checker.problems


@dataclass
class _OverrideChecker:
    workspace: Workspace
    renderer: Renderer
    limits: Limits
    overrides: set[str]
    problems: list[Problem] = field(default_factory=list)
    rendered: set[str] = field(default_factory=set)  # HTML-side overrides some document rendered
    failed: set[str] = field(default_factory=set)  # template files (as displayed) that failed

    def _display(self, name: str) -> str:
        return self.renderer.display(self.renderer.templates.find(name))

    def check_kind(self, kind: str, documents: list[SourceDocument]) -> None:
        """Render the kind's HTML (if it uses an override) and each DOCX override its documents use."""
        from agencydocs.rendering.html import template_name

        html_overrides = self._overrides_used_by(template_name(kind))
        docx_overrides = [
            path
            for path in self.renderer.templates.variants(kind, DOCX_SUFFIX)
            if self.renderer.templates.is_override(path)
        ]
        if not html_overrides and not docx_overrides:
            return
        contexts = _one_of_each_shape(_contexts(self.workspace, documents))
        # An override that failed with another kind is not rendered again: it
        # would repeat the problem, or run to the time limit once more.
        failed_before = any(self._display(name) in self.failed for name in html_overrides)
        if html_overrides and contexts and not failed_before:
            self._render_each(contexts, self._render_html)
            self.rendered |= html_overrides
        for path in docx_overrides:
            users = [(source, ctx) for source, ctx in contexts if self._docx_of(ctx) == path]
            if not self._docx_syntax(path):
                self._render_each(users, self._render_docx)
            if not users:
                self._not_rendered(
                    self.renderer.display(path), f"no {kind} document of this workspace uses it"
                )

    def check_unrendered_html(self) -> None:
        """Compile the HTML overrides no document rendered, and say they were not rendered.

        ``index.html`` lists the built documents: it has no document context,
        so it is compiled only, without a warning.
        """
        import jinja2

        for name in sorted(self.overrides - self.rendered):
            if not name.endswith(JINJA_SUFFIXES):
                continue  # a DOCX (check_kind saw every one of a kind's), an image…
            display = self._display(name)
            try:
                self.renderer.templates.html_env.get_template(name)
            except jinja2.TemplateSyntaxError as exc:
                where = self.renderer.display(exc.filename) if exc.filename else display
                self.problems.append(
                    Problem(where, exc.lineno, 1, "", f"template syntax error: {exc.message}")
                )
                continue
            except (UnicodeDecodeError, jinja2.TemplateNotFound) as exc:
                self.problems.append(Problem(display, message=f"template error: {exc}"))
                continue
            if name != INDEX_TEMPLATE:
                self._not_rendered(display, "no document of this workspace uses it")

    def _render_each(
        self,
        contexts: list[tuple[SourceDocument, RenderContext]],
        render: Callable[[RenderContext], Problem | None],
    ) -> None:
        """Render with each context until the first failure: the next would most likely repeat it,
        and a template that runs to the time limit must not do so once per document."""
        for source, ctx in contexts:
            problem = render(ctx)
            if problem is not None:
                if problem.file not in self.failed:  # a shared file (base.html) fails once, not per kind
                    self.failed.add(problem.file)
                    message = f"{problem.message} (rendering {source.file.display})"
                    self.problems.append(
                        Problem(problem.file, problem.line, problem.column, problem.field, message)
                    )
                return

    def _render_html(self, ctx: RenderContext) -> Problem | None:
        from agencydocs.rendering.html import render_html
        from agencydocs.rendering.limits import RenderTimeLimit, check_size, time_limit
        from agencydocs.rendering.pipeline import _describe

        try:
            with time_limit(self.limits.render_seconds):
                html = render_html(ctx, self.renderer.templates, max_bytes=self.limits.output_bytes)
                check_size("html", len(html.encode("utf-8")), self.limits.output_bytes)
        except (Exception, RenderTimeLimit) as exc:  # noqa: BLE001 - a template can raise anything
            filename, line = _template_frame(exc)
            if filename is None:
                from agencydocs.rendering.html import template_name

                filename = str(self.renderer.templates.find(template_name(ctx.kind)))
            return Problem(self.renderer.display(filename), line, 1 if line else 0, "", _describe(exc))
        return None

    def _render_docx(self, ctx: RenderContext) -> Problem | None:
        from agencydocs.errors import AgencyDocsError
        from agencydocs.rendering.docx import check_docx_render
        from agencydocs.rendering.limits import RenderTimeLimit, time_limit
        from agencydocs.rendering.override_check_docx import failed_paragraph
        from agencydocs.rendering.pipeline import _describe

        path = self._docx_of(ctx)
        try:
            with time_limit(self.limits.render_seconds):
                check_docx_render(ctx, self.renderer.templates, self.limits.output_bytes)
        except (Exception, RenderTimeLimit) as exc:  # noqa: BLE001 - a template can raise anything
            # render_docx reports a template error without its place; the Jinja
            # error it replaced (its context) still carries the line docxtpl compiled.
            cause = exc.__context__ if isinstance(exc, AgencyDocsError) and exc.__context__ else exc
            message = exc.problems[0].message if isinstance(exc, AgencyDocsError) and exc.problems else ""
            _, line = _template_frame(cause)
            where = failed_paragraph(cause, line) if line else ""
            return Problem(self.renderer.display(path), field=where, message=message or _describe(cause))
        return None

    def _docx_of(self, ctx: RenderContext) -> Path:
        return self.renderer.templates.find_localized(ctx.kind, DOCX_SUFFIX, ctx.locale)

    def _docx_syntax(self, path: Path) -> bool:
        """Lint a DOCX override (split tags, syntax); True when it has errors and cannot render."""
        from agencydocs.rendering.docx_check import check_docx_template

        found = check_docx_template(path, display=self.renderer.display(path))
        self.problems += found
        return any(problem.severity == "error" for problem in found)

    def _overrides_used_by(self, name: str) -> set[str]:
        """The workspace templates that template ``name`` is, includes, imports or extends.

        A reference by a variable (``{% include stylesheet %}``, where a caller
        passes ``"long.css"``) is followed to every string constant of the
        templates read, so that an overridden stylesheet counts without
        rendering every kind for every override. A template with a syntax
        error counts as used: the render then reports it at its line.
        """
        seen: set[str] = set()
        todo = [name]
        constants: set[str] = set()
        dynamic = False
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            parsed = self._references(current)
            if parsed is None:
                continue
            references, found = parsed
            todo += [reference for reference in references if reference is not None]
            dynamic = dynamic or None in references
            constants |= found
            if not todo and dynamic:
                todo, constants = [c for c in constants if c not in seen], set()
        return seen & self.overrides

    def _references(self, name: str) -> tuple[tuple[str | None, ...], frozenset[str]] | None:
        """What template ``name`` names: its references (None for one by a variable) and its
        string constants that look like file names; None when it is no readable template."""
        import jinja2

        from agencydocs.rendering.templates import template_references

        env = self.renderer.templates.html_env
        try:
            source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
            return template_references(source)
        except (jinja2.TemplateNotFound, jinja2.TemplateSyntaxError, OSError, ValueError):
            # Not a template (a constant that is plain text), or one that does not parse:
            # the render reports a missing template or a syntax error at its line.
            return None

    def _not_rendered(self, template: str, why: str) -> None:
        message = f"not rendered at check: {why}, so only its syntax was checked"
        self.problems.append(Problem(template, message=message, severity="warning"))


def _contexts(
    workspace: Workspace, documents: list[SourceDocument]
) -> list[tuple[SourceDocument, RenderContext]]:
    """Each document with its resolved context (its locale picks its DOCX template).

    A document that cannot be resolved is left out: the build reports it,
    and it says nothing about the templates.
    """
    from agencydocs.kinds import resolve
    from agencydocs.resolvers.derived import without_derived

    resolved = []
    for source in documents:
        try:
            # No e-invoice XML (HTML and DOCX templates never show it); a placeholder for the QR code.
            with without_derived(qr="placeholder"):
                resolved.append((source, resolve(workspace, source)))
        except Exception:  # noqa: BLE001, S112 - the build reports a document it cannot resolve
            continue
    return resolved


def _one_of_each_shape(
    contexts: list[tuple[SourceDocument, RenderContext]],
) -> list[tuple[SourceDocument, RenderContext]]:
    """The first context of each shape (see the module's docstring), in the given order."""
    kept: dict[object, tuple[SourceDocument, RenderContext]] = {}
    for source, ctx in contexts:
        kept.setdefault((ctx.locale, _shape(ctx)), (source, ctx))
    return list(kept.values())


def _shape(value: object, depth: int = 0) -> object:
    """Which parts of ``value`` are filled: nested dataclasses and sequences field by field.

    A sequence's shape is the set of its items' shapes (three lines with a
    discount and one without are two shapes, whatever their count).
    """
    if depth > _SHAPE_DEPTH:
        return bool(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return tuple((f.name, _shape(getattr(value, f.name), depth + 1)) for f in dataclasses.fields(value))
    if isinstance(value, (list, tuple)):
        return frozenset(_shape(item, depth + 1) for item in value)
    if isinstance(value, dict):
        return frozenset(
            (key, _shape(item, depth + 1)) for key, item in value.items() if isinstance(key, str)
        )
    return bool(value)


_SHAPE_DEPTH = 6  # deeper than any context nests; a guard against a cycle, not a limit in practice


def _template_frame(exc: BaseException) -> tuple[str | None, int]:
    """The template file and line where ``exc`` was raised: the innermost template frame.

    Jinja2 rewrites the traceback of an ``Exception`` so that template frames
    carry the template's file and line (``None``/``"<template>"`` for a
    template compiled from a string, as docxtpl's are). A :class:`RenderTimeLimit`
    (a BaseException) passes through unrewritten: its frames run the generated
    code, which the compiled template maps back to its lines.
    """
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):  # raised while compiling: it knows its place
        return exc.filename, exc.lineno
    found: tuple[str | None, int] = (None, 0)
    traceback = exc.__traceback__
    while traceback is not None:
        frame = traceback.tb_frame
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            found = (template.filename, template.get_corresponding_lineno(traceback.tb_lineno))
        elif "__jinja_exception__" in frame.f_globals:
            filename = frame.f_code.co_filename
            found = (None if filename == "<template>" else filename, traceback.tb_lineno)
        traceback = traceback.tb_next
    return found
