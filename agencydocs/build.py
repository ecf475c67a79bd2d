"""``build``: load -> validate -> resolve -> render -> write, and nothing more.

Every file is read and validated before any output is written; a workspace
with errors writes nothing. Documents whose inputs did not change since the
last build (``output/.agencydocs-manifest.json``) are skipped; the others are
resolved, rendered and written by worker processes (``workers.py``).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from agencydocs.check import check
from agencydocs.dependencies import DependencyHasher
from agencydocs.errors import AgencyDocsError, InvalidInput, Problem
from agencydocs.kinds import renderable_kinds
from agencydocs.manifest import Entry, Manifest
from agencydocs.output_names import output_paths
from agencydocs.workspace import SourceDocument, Workspace
from agencydocs.writing import OutputCollision, OutputPlan, remove_stale_temporaries, write_atomic

if TYPE_CHECKING:
    from agencydocs.rendering.pipeline import Renderer
    from agencydocs.workers import JobResult

FORMATS = ("html", "pdf", "docx")
OUTPUT_DIR = "output"
INDEX_NAME = "index.html"


@dataclass(frozen=True)
class BuildTarget:
    """One document and where each of its formats goes."""

    index: int  # position in ``workspace.documents``
    source: SourceDocument
    client_id: str
    outputs: dict[str, Path]

    @property
    def label(self) -> str:
        return self.source.file.display


@dataclass(frozen=True)
class Shard:
    """``--shard K/N``: this run builds the K-th of N disjoint, stable parts."""

    number: int
    count: int

    def __contains__(self, target: BuildTarget) -> bool:
        digest = hashlib.sha256(target.source.file.display.encode()).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.number - 1


@dataclass
class BuildReport:
    output_dir: Path
    documents: int = 0  # rendered in this run
    skipped: int = 0  # up to date, not rendered
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    seconds: float = 0.0
    warnings: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def files(self) -> int:
        return self.written + self.unchanged


def build(
    root: Path,
    *,
    selection: Sequence[Path] = (),
    formats: Sequence[str] = FORMATS,
    jobs: int | None = None,
    force: bool = False,
    shard: Shard | None = None,
    on_start: Callable[[int], None] | None = None,
    on_document: Callable[[str], None] | None = None,
) -> BuildReport:
    """Build the selected documents (all when ``selection`` is empty) of the workspace at ``root``.

    Raises:
        InvalidInput: the workspace or a template has errors (nothing written), or some
            documents failed to render (the others are written; ``problems`` lists why).
    """
    started = time.perf_counter()
    result = check(root)
    if result.errors:
        raise InvalidInput("the workspace has errors; nothing was built", result.problems)
    workspace = result.workspace
    output_dir = root / OUTPUT_DIR
    report = BuildReport(output_dir, warnings=list(result.warnings))
    targets = plan_targets(workspace, output_dir, formats)
    chosen = [t for t in targets if _selected(t.source, selection) and (shard is None or t in shard)]
    manifest = Manifest.load(output_dir)
    hasher = DependencyHasher(workspace)
    keys = {t.label: hasher.key(t.source, formats) for t in chosen}
    stale = [t for t in chosen if force or not manifest.is_fresh(t.label, keys[t.label], t.outputs)]
    report.skipped = len(chosen) - len(stale)
    remove_stale_temporaries(output_dir)
    renderer = _check_templates(workspace, stale, formats, report) if stale else None
    by_index = {t.index: t for t in stale}

    def record(job_result: JobResult) -> None:
        target = by_index[job_result.index]
        _record(manifest, target, keys[target.label], job_result, report)
        if on_document is not None:
            on_document(target.label)

    # Imported here: multiprocessing is start-up time that `status` does not need.
    from agencydocs.workers import Job, default_jobs, run_jobs

    try:
        jobs_list = [Job(t.index, t.outputs) for t in stale]
        run_jobs(
            workspace, jobs_list, jobs or default_jobs(), record, renderer=renderer,
            on_start=None if on_start is None else lambda: on_start(len(stale)),
        )  # fmt: skip
    finally:
        if not selection and shard is None:
            report.removed = _remove_deleted(manifest, targets)
        if shard is None:
            _write_index(workspace.root, manifest, targets, output_dir, report)
        manifest.save()
    report.seconds = time.perf_counter() - started
    if report.problems:
        raise InvalidInput(
            f"{len(report.problems)} problem(s) while rendering; other documents were built", report.problems
        )
    return report


def plan_targets(workspace: Workspace, output_dir: Path, formats: Sequence[str]) -> list[BuildTarget]:
    """Every renderable document with its output paths; two documents on one path is an error."""
    plan = OutputPlan(output_dir)
    kinds = renderable_kinds()
    targets, problems = [], []
    for index, source in enumerate(workspace.documents):
        if source.kind not in kinds:
            continue
        client_id = workspace.projects[source.project_id].model.client
        relative = output_paths(workspace, source, formats)
        try:
            outputs = {fmt: plan.claim(path, source.file.display) for fmt, path in relative.items()}
        except OutputCollision as exc:
            line, col = source.file.position(("number",))
            problems.append(Problem(source.file.display, line, col, "number", str(exc)))
            continue
        targets.append(BuildTarget(index, source, client_id, outputs))
    if problems:
        raise InvalidInput("output file names collide; nothing was built", problems)
    return targets


def _check_templates(
    workspace: Workspace, targets: Sequence[BuildTarget], formats: Sequence[str], report: BuildReport
) -> Renderer:
    """Compile the templates the targets need; the renderer keeps them for the jobs."""
    from agencydocs.rendering.pipeline import Renderer

    renderer = Renderer(workspace.root)
    problems = renderer.check_templates(sorted({t.source.kind for t in targets}), formats)
    report.warnings.extend(p for p in problems if p.severity == "warning")
    if any(p.severity == "error" for p in problems):
        raise InvalidInput("templates have errors; nothing was built", problems)
    return renderer


def _record(
    manifest: Manifest, target: BuildTarget, key: str, result: JobResult, report: BuildReport
) -> None:
    if result.problems:
        report.problems.extend(result.problems)
        manifest.entries.pop(target.label, None)
        return
    report.documents += 1
    report.written += result.written
    report.unchanged += result.unchanged
    outputs = {
        target.outputs[fmt].relative_to(report.output_dir).as_posix(): digest
        for fmt, digest in result.digests.items()
    }
    manifest.entries[target.label] = Entry(
        key=key, kind=target.source.kind, number=result.number, title=result.title, note=result.note,
        client=target.client_id, project=target.source.project_id, outputs=outputs,
    )  # fmt: skip


def deleted_outputs(manifest: Manifest, targets: Sequence[BuildTarget]) -> dict[str, list[Path]]:
    """Output files, per manifest entry, of documents that no longer exist (or no longer map there)."""
    output_dir = manifest.output_dir
    current = {t.label for t in targets}
    wanted = {p.relative_to(output_dir).as_posix() for t in targets for p in t.outputs.values()}
    return {
        source: [
            output_dir / relative
            for relative in entry.outputs
            if relative not in wanted and (output_dir / relative).is_file()
        ]
        for source, entry in manifest.entries.items()
        if source not in current
    }


def _remove_deleted(manifest: Manifest, targets: Sequence[BuildTarget]) -> int:
    """Delete the outputs of deleted documents and forget them; returns how many files went."""
    removed = 0
    for source, paths in deleted_outputs(manifest, targets).items():
        for path in paths:
            path.unlink()
            removed += 1
        del manifest.entries[source]
    return removed


def _write_index(
    root: Path, manifest: Manifest, targets: Sequence[BuildTarget], output_dir: Path, report: BuildReport
) -> None:
    from agencydocs.rendering.index import render_index

    listed = [(t, manifest.entries[t.label]) for t in targets if t.label in manifest.entries]
    html = render_index(root, listed)
    if write_atomic(output_dir / INDEX_NAME, html.encode("utf-8")):
        report.written += 1
    else:
        report.unchanged += 1


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


def parse_shard(text: str) -> Shard:
    """``"2/4"`` -> Shard(2, 4); raises ValueError with a readable message."""
    number, _, count = text.partition("/")
    if not (number.isdigit() and count.isdigit() and 1 <= int(number) <= int(count)):
        raise ValueError(f"expected K/N with 1 <= K <= N, got {text!r}")
    return Shard(int(number), int(count))
