"""``build``: load -> validate -> resolve -> render -> write, and nothing more.

Every file is read and validated, and every document resolved, before any
output is written; a workspace with errors writes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from agencydocs.check import check
from agencydocs.errors import AgencyDocsError, InvalidInput, Problem
from agencydocs.kinds import RenderContext, renderable_kinds, resolve
from agencydocs.workspace import SourceDocument, Workspace
from agencydocs.writing import OutputCollision, OutputPlan, remove_stale_temporaries, safe_name, write_atomic

if TYPE_CHECKING:
    from agencydocs.rendering.pipeline import Renderer

FORMATS = ("html", "pdf", "docx")
OUTPUT_DIR = "output"


@dataclass(frozen=True)
class BuildTarget:
    """One document to render and where each of its formats goes."""

    source: SourceDocument
    context: RenderContext
    client_id: str
    outputs: dict[str, Path]

    @property
    def label(self) -> str:
        return f"{self.source.kind} {self.context.number}"


@dataclass
class BuildReport:
    output_dir: Path
    documents: int = 0
    written: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    warnings: list[Problem] = field(default_factory=list)

    @property
    def files(self) -> int:
        return self.written + self.unchanged


ProgressCallback = Callable[[BuildTarget], None]


def build(
    root: Path,
    *,
    selection: Sequence[Path] = (),
    formats: Sequence[str] = FORMATS,
    on_start: Callable[[int], None] | None = None,
    on_document: ProgressCallback | None = None,
) -> BuildReport:
    """Build the selected documents (all when ``selection`` is empty) of the workspace at ``root``."""
    started = time.perf_counter()
    result = check(root)
    if result.errors:
        raise InvalidInput("the workspace has errors; nothing was built", result.problems)
    workspace = result.workspace
    output_dir = root / OUTPUT_DIR
    targets = plan_targets(workspace, output_dir, formats)
    selected = [t for t in targets if _selected(t.source, selection)]
    report = BuildReport(output_dir, warnings=result.warnings)
    remove_stale_temporaries(output_dir)
    if on_start is not None:
        on_start(len(selected))
    from agencydocs.rendering.pipeline import Renderer  # heavy imports only when rendering

    renderer = Renderer(workspace.root)
    template_problems = renderer.check_templates(sorted({t.source.kind for t in selected}), formats)
    report.warnings.extend(p for p in template_problems if p.severity == "warning")
    if any(p.severity == "error" for p in template_problems):
        raise InvalidInput("templates have errors; nothing was built", template_problems)
    for target in selected:
        _write_target(renderer, target, formats, report)
        if on_document is not None:
            on_document(target)
    _write_index(renderer, targets, output_dir, report)
    report.seconds = time.perf_counter() - started
    return report


def _write_target(
    renderer: Renderer, target: BuildTarget, formats: Sequence[str], report: BuildReport
) -> None:
    rendered = renderer.render(target.context, formats)
    for fmt in formats:
        if write_atomic(target.outputs[fmt], rendered[fmt]):
            report.written += 1
        else:
            report.unchanged += 1
    report.documents += 1


def _write_index(
    renderer: Renderer, targets: list[BuildTarget], output_dir: Path, report: BuildReport
) -> None:
    html = renderer.render_index(targets, output_dir)
    if write_atomic(output_dir / "index.html", html.encode("utf-8")):
        report.written += 1
    else:
        report.unchanged += 1


def plan_targets(workspace: Workspace, output_dir: Path, formats: Sequence[str]) -> list[BuildTarget]:
    """Resolve every renderable document and claim its output paths (collisions are errors)."""
    plan = OutputPlan(output_dir)
    targets = []
    problems = []
    kinds = renderable_kinds()
    for source in workspace.documents:
        if source.kind not in kinds:
            continue
        context = resolve(workspace, source)
        client_id = workspace.projects[source.project_id].model.client
        stem = f"{source.kind}-{safe_name(context.number or source.file.path.stem)}"
        folder = f"{safe_name(client_id)}/{safe_name(source.project_id)}"
        try:
            outputs = {fmt: plan.claim(f"{folder}/{stem}.{fmt}", source.file.display) for fmt in formats}
        except OutputCollision as exc:
            line, col = source.file.position(("number",))
            problems.append(Problem(source.file.display, line, col, "number", str(exc)))
            continue
        targets.append(BuildTarget(source, context, client_id, outputs))
    if problems:
        raise InvalidInput("output file names collide; nothing was built", problems)
    return targets


def _selected(source: SourceDocument, selection: Sequence[Path]) -> bool:
    if not selection:
        return True
    path = source.file.path.resolve()
    return any(path == chosen or path.is_relative_to(chosen) for chosen in selection)


def resolve_selection(root: Path, paths: Sequence[Path]) -> list[Path]:
    """Turn command-line paths into absolute paths inside the workspace."""
    chosen = []
    for path in paths:
        absolute = path.resolve()
        if not absolute.exists():
            raise AgencyDocsError(f"{path}: no such file or folder")
        if not absolute.is_relative_to(root):
            raise AgencyDocsError(f"{path}: is outside the workspace {root}")
        chosen.append(absolute)
    return chosen
