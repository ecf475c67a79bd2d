"""``build``: load -> validate -> resolve -> render -> write, and nothing more.

Every file is read and validated before any output is written; a workspace
with errors writes nothing. Documents whose inputs did not change since the
last build (``output/.agencydocs-manifest.json``) are skipped, format by
format; the others are resolved, rendered and written by worker processes
(``workers.py``). ``output/`` is the only folder written, by one build at a
time (``build_lock.py``), and never through a link (``confined.py``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from agencydocs.building.confined import OutputDir, OutputError
from agencydocs.building.dependencies import InputState
from agencydocs.building.lock import build_lock
from agencydocs.building.manifest import MANIFEST_NAME, Entry, Manifest, Output
from agencydocs.building.output_names import output_paths
from agencydocs.building.writing import OutputCollision, OutputPlan
from agencydocs.commands.check import check
from agencydocs.errors import AgencyDocsError, InvalidInput, Problem
from agencydocs.kinds import kind_spec
from agencydocs.rendering import formats as output_formats
from agencydocs.workspace import SourceDocument, Workspace

if TYPE_CHECKING:
    from agencydocs.building.workers import JobResult
    from agencydocs.rendering.pipeline import Renderer

FORMATS = output_formats.FORMAT_NAMES  # every format, in the registry's order
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
    wait: float | None = None,
    on_wait: Callable[[int | None], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    on_document: Callable[[str], None] | None = None,
    index_formats: Sequence[str] = (),
) -> BuildReport:
    """Build the selected documents (all when ``selection`` is empty) of the workspace at ``root``.

    ``wait``/``on_wait``: how long to wait for another build of the same
    workspace (None: until it ends), and what to tell the user meanwhile.
    ``index_formats``: formats the index links even where not built yet
    (``serve`` renders them when asked, and so writes the index a full build writes).

    Raises:
        InvalidInput: the workspace or a template has errors (nothing written), or some
            documents failed to render (the others are written; ``problems`` lists why).
        OutputError: output/ or a file in it cannot be written (one line: the path, the cause).
        BuildLocked: another build still runs after ``wait`` seconds.
    """
    started = time.perf_counter()
    result = check(root)
    if result.errors:
        raise InvalidInput("the workspace has errors; nothing was built", result.problems)
    workspace = result.workspace
    output = OutputDir(root, OUTPUT_DIR)
    report = BuildReport(output.path, warnings=list(result.warnings))
    # Every format's path, built or not: deletions and the index need them all.
    targets = plan_targets(workspace, output.path, FORMATS)
    chosen = [t for t in targets if _selected(t.source, selection) and (shard is None or t in shard)]
    output.prepare()
    with build_lock(output, wait=wait, on_wait=on_wait):
        output.remove_stale_temporaries()
        manifest = load_manifest(output, report)
        # Taken before rendering: a renumbered document's new record replaces
        # the one that names its files under the old number.
        leftovers = deleted_outputs(manifest, targets)
        state = InputState(workspace)
        todo = {
            t.label: [fmt for fmt in formats if fmt in t.outputs]
            if force
            else manifest.stale_formats(t.label, only_formats(t.outputs, formats), state)
            for t in chosen
        }
        stale = [t for t in chosen if todo[t.label]]
        report.skipped = len(chosen) - len(stale)
        needed = sorted({fmt for t in stale for fmt in todo[t.label]})
        renderer = _check_templates(workspace, stale, needed, report) if stale else None
        try:
            render_stale(
                workspace, renderer, stale, todo, state, manifest, jobs, on_start, on_document, report
            )
        except BaseException:
            # Keep the records of what was written before the failure; a second
            # error while doing so (the disk is still full) must not hide the first.
            with contextlib.suppress(AgencyDocsError):
                _finish(workspace, manifest, targets, leftovers, selection, shard, index_formats, report)
            raise
        _finish(workspace, manifest, targets, leftovers, selection, shard, index_formats, report)
    report.seconds = time.perf_counter() - started
    if report.problems:
        raise InvalidInput(
            f"{len(report.problems)} problem(s) while rendering; other documents were built",
            [*report.problems, *report.warnings],  # the build's warnings are shown on failure too
        )
    return report


def load_manifest(output: OutputDir, report: BuildReport) -> Manifest:
    """The last build's manifest; an invalid one is a warning (and a full rebuild)."""
    if output.kind(MANIFEST_NAME) == "folder":
        # It could never be replaced by the new manifest: say so before rendering anything.
        raise OutputError(
            f"{output.show(MANIFEST_NAME)}: is a folder, where the build records what it built; remove it"
        )
    manifest = Manifest.load(output)
    if manifest.warning is not None:
        report.warnings.append(manifest.warning)
    return manifest


def render_stale(
    workspace: Workspace,
    renderer: Renderer | None,
    stale: Sequence[BuildTarget],
    todo: dict[str, list[str]],
    state: InputState,
    manifest: Manifest,
    jobs: int | None,
    on_start: Callable[[int], None] | None,
    on_document: Callable[[str], None] | None,
    report: BuildReport,
    *,
    in_process: bool = False,
) -> None:
    """Render and write the stale formats of ``stale``, recording each result in ``manifest``
    (``in_process``: here, not in worker processes; see ``workers.run_jobs``)."""
    by_index = {t.index: t for t in stale}

    def record(job_result: JobResult) -> None:
        if job_result.output_error is not None:
            raise OutputError(job_result.output_error)
        target = by_index[job_result.index]
        _record(manifest, target, state, todo[target.label], job_result, report)
        if on_document is not None:
            on_document(target.label)

    # Imported here: multiprocessing is start-up time that `status` does not need.
    from agencydocs.building.workers import Job, default_jobs, run_jobs

    jobs_list = [Job(t.index, {fmt: t.outputs[fmt] for fmt in todo[t.label]}, manifest.output) for t in stale]
    run_jobs(
        workspace, jobs_list, jobs or default_jobs(), record, renderer=renderer,
        on_start=None if on_start is None else lambda: on_start(len(stale)), in_process=in_process,
    )  # fmt: skip


def _finish(
    workspace: Workspace,
    manifest: Manifest,
    targets: Sequence[BuildTarget],
    leftovers: dict[str, list[Path]],
    selection: Sequence[Path],
    shard: Shard | None,
    index_formats: Sequence[str],
    report: BuildReport,
) -> None:
    """Remove the outputs of deleted documents, write the index and save the manifest."""
    if not selection and shard is None:
        report.removed = remove_deleted(manifest, targets, leftovers)
    if shard is None:
        _write_index(workspace, manifest, targets, index_formats, report)
    manifest.save()


def plan_targets(workspace: Workspace, output_dir: Path, formats: Sequence[str]) -> list[BuildTarget]:
    """Every document with its output paths; two documents on one path is an error.

    No document is left out: a kind without a spec in ``agencydocs.kinds.KINDS``
    (which the loader cannot produce) raises :class:`~agencydocs.kinds.UnknownKind`
    here instead of being skipped without a word.
    """
    plan = OutputPlan(output_dir)
    targets, problems = [], []
    for index, source in enumerate(workspace.documents):
        kind_spec(source.kind)
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
    for fmt in output_formats.selected(formats):
        problems += fmt.check_workspace(workspace)  # e.g. a logo Word cannot show
    report.warnings.extend(p for p in problems if p.severity == "warning")
    if any(p.severity == "error" for p in problems):
        raise InvalidInput("templates have errors; nothing was built", problems)
    return renderer


def _record(
    manifest: Manifest,
    target: BuildTarget,
    state: InputState,
    formats: list[str],
    result: JobResult,
    report: BuildReport,
) -> None:
    """Record the formats a job wrote and what it read; the document's other formats keep
    their records (and their keys, which name the inputs they were built from)."""
    # A warning (a worker died, the retry rendered the document) does not fail the document.
    report.warnings.extend(p for p in result.problems if p.severity == "warning")
    errors = [p for p in result.problems if p.severity == "error"]
    if errors:
        report.problems.extend(errors)
        manifest.forget(target.label, formats)
        return
    report.documents += 1
    report.written += result.written
    report.unchanged += result.unchanged
    previous = manifest.entries.get(target.label)
    outputs = dict(previous.outputs) if previous is not None else {}
    for fmt, digest in result.digests.items():
        key = state.key(fmt, result.inputs)
        outputs[fmt] = Output(key=key, path=manifest.relative(target.outputs[fmt]), sha256=digest)
    try:
        manifest.entries[target.label] = Entry(
            kind=target.source.kind, number=result.number, title=result.title, note=result.note,
            client=target.client_id, project=target.source.project_id, outputs=outputs,
            inputs=dict(result.inputs.files), listings=dict(result.inputs.listings),
        )  # fmt: skip
    except ValidationError:
        # An input the manifest cannot name (a backslash in a file name): not
        # recorded, so the document is simply built again next time.
        manifest.forget(target.label, list(outputs))


def only_formats(outputs: dict[str, Path], formats: Sequence[str]) -> dict[str, Path]:
    return {fmt: outputs[fmt] for fmt in formats if fmt in outputs}


def deleted_outputs(manifest: Manifest, targets: Sequence[BuildTarget]) -> dict[str, list[Path]]:
    """Recorded output files that no document maps to any more, per manifest entry.

    Those of documents that no longer exist (every entry of theirs is listed,
    even with no file left), and those of documents whose output name changed
    (a new number). Only regular files inside output/ reached without a link
    are listed: the manifest is untrusted, and what it names is checked again
    on deletion.
    """
    current = {t.label for t in targets}
    wanted = {manifest.relative(p) for t in targets for p in t.outputs.values()}
    return leftover_outputs(manifest, wanted, current)


def leftover_outputs(
    manifest: Manifest, wanted: Collection[str], current: Collection[str]
) -> dict[str, list[Path]]:
    """:func:`deleted_outputs`, given the output paths the documents map to (``wanted``,
    relative to output/) and the documents there are (``current``)."""
    found: dict[str, list[Path]] = {}
    for source, entry in manifest.entries.items():
        paths = [
            manifest.output_dir / output.path
            for output in entry.outputs.values()
            if output.path not in wanted and manifest.output.kind(output.path) == "file"
        ]
        if paths or source not in current:
            found[source] = paths
    return found


def remove_deleted(
    manifest: Manifest, targets: Sequence[BuildTarget], leftovers: dict[str, list[Path]]
) -> int:
    """Delete ``leftovers`` and forget deleted documents; returns how many files went."""
    current = {t.label for t in targets}
    removed = 0
    for source, paths in leftovers.items():
        for path in paths:
            # Confined again at delete time: a folder on the way may have become a link since.
            removed += manifest.output.remove(manifest.relative(path))
        if source not in current:
            manifest.entries.pop(source, None)
    return removed


def _write_index(
    workspace: Workspace,
    manifest: Manifest,
    targets: Sequence[BuildTarget],
    index_formats: Sequence[str],
    report: BuildReport,
) -> None:
    """``output/index.html``: the money per project, then every recorded document with its formats."""
    from agencydocs.rendering.index import render_index

    html = render_index(workspace, index_listing(manifest, targets, index_formats))
    if manifest.output.write(INDEX_NAME, html.encode("utf-8")):
        report.written += 1
    else:
        report.unchanged += 1


def index_listing(
    manifest: Manifest, targets: Sequence[BuildTarget], index_formats: Sequence[str]
) -> list[tuple[BuildTarget, Entry]]:
    """The documents the index lists (those the manifest records), each with the outputs it links:
    those built, and those of ``index_formats`` (``serve`` renders them when asked)."""
    listed = []
    for target in targets:
        entry = manifest.entries.get(target.label)
        if entry is not None:
            built = {
                fmt: path
                for fmt, path in target.outputs.items()
                if fmt in entry.outputs or fmt in index_formats
            }
            listed.append((dataclasses.replace(target, outputs=built), entry))
    return listed


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
