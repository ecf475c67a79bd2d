"""``build --format html`` for a long-lived process (``serve``): the same output, work in proportion to a save.

A build decides, for every document, whether its recorded inputs changed
(every entry's key and every output file's hash), names every output, loads
and saves the manifest and recomputes the index's money table: in a
1,000-document workspace that is seconds, for a save that changes one
invoice. :class:`LiveBuild` keeps all of that between its builds:

- the manifest, loaded once (again only when another process wrote it
  meanwhile: its stat changed) and saved from per-entry JSON kept as text;
- the output names, per document, computed again when its file, its
  project's or its client's changed;
- the staleness decision: after a build it knows every remaining document
  is up to date, so at the next one a document is a candidate only when one
  of its recorded inputs is among the changed files (the loaded YAML files
  whose digests differ, plus the paths the watcher reported), when one of
  its recorded listings changed, or when it is new or renamed; the
  candidates get the manifest's full decision. Anything the changed paths
  cannot tell (the first build, a change of the tool's templates or the
  workspace's ``templates/``, no paths given) decides for every document, as
  ``build`` does;
- the index's money table per client (``rendering.index.MoneyTable``).

An output file edited by hand while ``serve`` runs is not noticed until a
``build`` (or a restart): ``output/`` is not watched.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from agencydocs.building.builder import (
    OUTPUT_DIR,
    BuildReport,
    BuildTarget,
    deleted_outputs,
    index_listing,
    leftover_outputs,
    load_manifest,
    only_formats,
    plan_targets,
    remove_deleted,
    render_stale,
)
from agencydocs.building.confined import OutputDir
from agencydocs.building.dependencies import InputState
from agencydocs.building.lock import build_lock
from agencydocs.building.manifest import FORMAT_VERSION, MANIFEST_NAME, Entry, Manifest
from agencydocs.building.output_names import output_paths
from agencydocs.commands.check import check
from agencydocs.errors import AgencyDocsError, InvalidInput
from agencydocs.rendering import formats as output_formats
from agencydocs.rendering.index import MoneyTable
from agencydocs.rules.incremental import DocumentsShape, documents_shape
from agencydocs.workspace import Workspace
from agencydocs.workspace.kept_reads import KeptReads

if TYPE_CHECKING:
    from agencydocs.rendering.pipeline import Renderer

FORMATS = output_formats.FORMAT_NAMES
INDEX_NAME = "index.html"
# A save changes a few pages. Up to this many, when every HTML template is a built-in one, they
# are rendered in this process: starting a worker (forking, and the copy-on-write faults of its
# first document) took 10 times as long as rendering an invoice's HTML (5 ms). A worker guards
# against what a workspace's template may do (loop for hours, fill the memory); built-in templates
# over validated files cannot, and output sizes are still bounded. `build` always uses workers.
IN_PROCESS_PAGES = 4


@dataclass
class _Kept:
    """What the last successful build left: the manifest as written and the workspace it saw."""

    manifest: Manifest
    manifest_stat: tuple[int, int, int] | None
    static_key: str
    loaded: dict[str, str]  # workspace-relative YAML path -> sha256
    shape: DocumentsShape  # what the listings other than folders' are made of
    listings: dict[str, str | None]  # every recorded listing's digest


class LiveBuild:
    """Builds the HTML of the workspace at ``root`` again and again, keeping what a build can reuse."""

    def __init__(self, root: Path, *, index_formats: Sequence[str] = ()) -> None:
        self.root = root
        self.output = OutputDir(root, OUTPUT_DIR)
        self.index_formats = tuple(index_formats)
        self.money = MoneyTable()
        self.candidates = 0  # documents the last build decided about (the others were known up to date)
        self._kept: _Kept | None = None
        self._changed: set[str] | None = None  # reported since the last build; None: unknown
        self._names: dict[str, tuple[tuple[str, ...], dict[str, str], dict[str, Path]]] = {}
        self._inputs: dict[str, set[str]] = {}  # recorded input -> documents, for the kept manifest
        self._listed: dict[str, set[str]] = {}  # recorded listing -> documents
        self._indexed: dict[str, Entry] = {}  # the entries those two maps were made from
        self._json: dict[str, tuple[Entry, str]] = {}  # document -> its entry and the entry's JSON
        self._kept_renderer: tuple[str, Renderer] | None = None
        self._html_is_builtin = False  # of the kept renderer's templates (see IN_PROCESS_PAGES)
        self._reads = KeptReads()  # the workspace's folders as the last check read them

    # -- what changed ----------------------------------------------------------------------------

    def note_changed(self, paths: Iterable[Path] | None) -> None:
        """The files saved since the last build (as the watcher reports them); None: unknown."""
        if paths is None or self._changed is None:
            self._changed = None if paths is None else set()
            if paths is None:
                return
        assert self._changed is not None
        for path in paths:
            absolute = Path(os.path.abspath(path))
            if absolute.is_relative_to(self.root):
                self._changed.add(absolute.relative_to(self.root).as_posix())
            else:
                self._changed = None  # a built-in template, clause or locale: the key tells
                return

    # -- one build -------------------------------------------------------------------------------

    def build(
        self,
        *,
        jobs: int | None = None,
        on_wait: Callable[[int | None], None] | None = None,
        on_document: Callable[[str], None] | None = None,
        on_written: Callable[[Sequence[str] | None], None] | None = None,
    ) -> BuildReport:
        """``build(formats=("html",), index_formats=...)``, with what the last call kept; same errors.

        ``on_written(pages)``: called as soon as pages are on disk with other bytes than before,
        with their paths in ``output/`` (None: every page may have changed, as when documents
        were removed): once the documents' pages are written, before the index is (1,000 rows
        take longer than rendering a saved invoice), then for the index; all before the
        manifest is saved. ``serve`` tells the open pages to reload then. Not called when a
        document failed to render.
        """
        started = time.perf_counter()
        result = check(self.root, kept_reads=self._reads)
        if result.errors:
            raise InvalidInput("the workspace has errors; nothing was built", result.problems)
        workspace = result.workspace
        report = BuildReport(self.output.path, warnings=list(result.warnings))
        targets = self._plan(workspace)
        self.output.prepare()
        with build_lock(self.output, wait=None, on_wait=on_wait):
            kept = self._kept_if_current()
            if kept is None:  # else no other process wrote output/ since our last build
                self.output.remove_stale_temporaries()
            manifest = kept.manifest if kept is not None else load_manifest(self.output, report)
            self._kept = None  # until this build has saved its manifest
            state = InputState(workspace)
            candidates, listings_compared = self._candidates(workspace, targets, manifest, state, kept)
            self.candidates = len(targets) if candidates is None else len(candidates)
            html = ("html",)
            todo = {
                t.label: manifest.stale_formats(t.label, only_formats(t.outputs, html), state)
                if candidates is None or t.label in candidates
                else []
                for t in targets
            }
            stale = [t for t in targets if todo[t.label]]
            report.skipped = len(targets) - len(stale)
            renderer = self._renderer(state.static_key)
            if stale:
                self._check_templates(workspace, renderer, stale, report)
            leftovers = (
                self._leftovers(manifest, targets) if kept is not None else deleted_outputs(manifest, targets)
            )
            before = {t.label: _html_digest(manifest, t.label) for t in stale}
            in_process = len(stale) <= IN_PROCESS_PAGES and self._html_is_builtin
            try:
                render_stale(
                    workspace, renderer, stale, todo, state, manifest, jobs, None, on_document, report,
                    in_process=in_process,
                )  # fmt: skip
            except BaseException:
                # As build does: keep the records of what was written; a second error
                # (the disk is still full) must not hide the first. Nothing is kept.
                with contextlib.suppress(AgencyDocsError):
                    self._finish(workspace, manifest, targets, leftovers, report)
                raise
            pages = self._changed_pages(manifest, before)
            if on_written is not None and pages and not report.problems:
                on_written(pages)
            stat = self._finish(workspace, manifest, targets, leftovers, report, on_written)
            self._index_inputs(manifest)
            self._kept = _Kept(
                manifest, stat, state.static_key, state.loaded_digests(), documents_shape(workspace),
                self._listings(state, kept, listings_compared),
            )  # fmt: skip
            self._changed = set()
        report.seconds = time.perf_counter() - started
        if report.problems:
            raise InvalidInput(
                f"{len(report.problems)} problem(s) while rendering; other documents were built",
                report.problems,
            )
        return report

    def _finish(
        self,
        workspace: Workspace,
        manifest: Manifest,
        targets: Sequence[BuildTarget],
        leftovers: dict[str, list[Path]],
        report: BuildReport,
        on_written: Callable[[Sequence[str] | None], None] | None = None,
    ) -> tuple[int, int, int] | None:
        """Remove the outputs of deleted documents, write the index and save the manifest."""
        report.removed = remove_deleted(manifest, targets, leftovers)
        index_written = self._write_index(workspace, manifest, targets, report)
        if on_written is not None and not report.problems and (report.removed or index_written):
            on_written(None if report.removed else [INDEX_NAME])
        return self._save(manifest)

    def _listings(self, state: InputState, kept: _Kept | None, compared: bool) -> dict[str, str | None]:
        """Every recorded listing's digest now: those kept, unless this build compared them all."""
        listings = dict(kept.listings) if kept is not None and not compared else {}
        for name in self._listed:
            if name not in listings:
                listings[name] = state.listing(name)
        return listings

    def _changed_pages(self, manifest: Manifest, before: dict[str, str | None]) -> list[str]:
        """The pages (in output/) of the documents of ``before`` whose HTML now has another digest."""
        return [
            self._names[label][1]["html"]
            for label, digest in before.items()
            if _html_digest(manifest, label) != digest
        ]

    def _renderer(self, static_key: str) -> Renderer:
        """A renderer whose compiled templates are kept while the templates (``static_key``) stay;
        whether its HTML templates are all built-in ones is decided with it."""
        if self._kept_renderer is None or self._kept_renderer[0] != static_key:
            from agencydocs.rendering.pipeline import Renderer

            renderer = Renderer(self.root)
            self._kept_renderer = (static_key, renderer)
            self._html_is_builtin = renderer.templates.html_is_builtin()
        return self._kept_renderer[1]

    @staticmethod
    def _check_templates(
        workspace: Workspace, renderer: Renderer, stale: Sequence[BuildTarget], report: BuildReport
    ) -> None:
        """``builder._check_templates`` with the kept renderer (compiled templates are not compiled again)."""
        problems = renderer.check_templates(sorted({t.source.kind for t in stale}), ("html",))
        for fmt in output_formats.selected(("html",)):
            problems += fmt.check_workspace(workspace)
        report.warnings.extend(p for p in problems if p.severity == "warning")
        if any(p.severity == "error" for p in problems):
            raise InvalidInput("templates have errors; nothing was built", problems)

    def _kept_if_current(self) -> _Kept | None:
        """The kept state, unless another process wrote the manifest since (then it is read again)."""
        kept = self._kept
        if kept is None or _stat(self.output, MANIFEST_NAME) != kept.manifest_stat:
            self._json.clear()
            return None
        return kept

    # -- output names ----------------------------------------------------------------------------

    def _plan(self, workspace: Workspace) -> list[BuildTarget]:
        """``plan_targets`` (every format: the index and deletions need them), names kept per document."""
        names: dict[str, tuple[tuple[str, ...], dict[str, str], dict[str, Path]]] = {}
        owners: dict[str, str] = {}
        targets = []
        for index, source in enumerate(workspace.documents):
            label = source.file.display
            project = workspace.projects[source.project_id]
            client = workspace.clients.get(project.model.client)
            key = (source.file.sha256, project.file.sha256, client.file.sha256 if client is not None else "")
            found = self._names.get(label)
            if found is None or found[0] != key:
                relative = output_paths(workspace, source, FORMATS)
                found = (key, relative, {fmt: self.output.path / path for fmt, path in relative.items()})
            names[label] = found
            for path in found[1].values():
                if owners.setdefault(os.path.normcase(path), label) != label:
                    return plan_targets(workspace, self.output.path, FORMATS)  # says which two collide
            targets.append(BuildTarget(index, source, project.model.client, found[2]))
        self._names = names
        return targets

    # -- staleness -------------------------------------------------------------------------------

    def _candidates(
        self,
        workspace: Workspace,
        targets: Sequence[BuildTarget],
        manifest: Manifest,
        state: InputState,
        kept: _Kept | None,
    ) -> tuple[set[str] | None, bool]:
        """The documents that may be stale (None: every one, nothing kept to compare with), and
        whether every listing was compared."""
        self._index_inputs(manifest)
        if kept is None or self._changed is None or state.static_key != kept.static_key:
            return None, True
        loaded = state.loaded_digests()
        changed = set(self._changed)
        changed.update(
            path for path in loaded.keys() | kept.loaded.keys() if loaded.get(path) != kept.loaded.get(path)
        )
        found = {label for path in changed for label in self._inputs.get(path, ())}
        compared = (
            documents_shape(workspace) != kept.shape
            or loaded.keys() != kept.loaded.keys()
            or not changed <= loaded.keys()
        )
        if compared:
            # Documents came, went or were renumbered, or a file that is not a loaded YAML one
            # changed (a folder listing may differ): every listing is compared.
            found.update(
                label
                for name, labels in self._listed.items()
                if state.listing(name) != kept.listings.get(name)
                for label in labels
            )
        for target in targets:
            entry = manifest.entries.get(target.label)
            html = entry.outputs.get("html") if entry is not None else None
            if html is None or html.path != self._names[target.label][1].get("html"):
                found.add(target.label)  # new, renamed, or its last rendering failed
        return found, compared

    def _index_inputs(self, manifest: Manifest) -> None:
        """Keep ``_inputs`` and ``_listed`` true to the manifest's entries (only changed ones are redone)."""
        entries = manifest.entries
        for label in [label for label in self._indexed if entries.get(label) is not self._indexed[label]]:
            self._unindex(label)
        for label, entry in entries.items():
            if label not in self._indexed:
                for path in entry.inputs:
                    self._inputs.setdefault(path, set()).add(label)
                for name in entry.listings:
                    self._listed.setdefault(name, set()).add(label)
                self._indexed[label] = entry

    def _unindex(self, label: str) -> None:
        entry = self._indexed.pop(label)
        for path in entry.inputs:
            self._inputs[path].discard(label)
        for name in entry.listings:
            self._listed[name].discard(label)
            if not self._listed[name]:
                del self._listed[name]

    def _leftovers(self, manifest: Manifest, targets: Sequence[BuildTarget]) -> dict[str, list[Path]]:
        """``deleted_outputs``, from the kept names instead of every output path made relative again."""
        wanted = {path for label in self._names for path in self._names[label][1].values()}
        return leftover_outputs(manifest, wanted, self._names)

    # -- index and manifest ----------------------------------------------------------------------

    def _write_index(
        self, workspace: Workspace, manifest: Manifest, targets: Sequence[BuildTarget], report: BuildReport
    ) -> bool:
        """``builder._write_index`` with the kept money table; whether the index changed."""
        from agencydocs.rendering.index import render_index

        listed = index_listing(manifest, targets, self.index_formats)
        assert self._kept_renderer is not None
        html = render_index(workspace, listed, self.money, self._kept_renderer[1].templates)
        if self.output.write(INDEX_NAME, html.encode("utf-8")):
            report.written += 1
            return True
        report.unchanged += 1
        return False

    def _save(self, manifest: Manifest) -> tuple[int, int, int] | None:
        """``Manifest.save``, the same bytes, re-serialising only the entries that changed."""
        parts = []
        kept: dict[str, tuple[Entry, str]] = {}
        for label in sorted(manifest.entries):
            entry = manifest.entries[label]
            found = self._json.get(label)
            if found is None or found[0] is not entry:
                text = json.dumps(entry.model_dump(mode="json"), ensure_ascii=False, indent=1, sort_keys=True)
                found = (entry, json.dumps(label, ensure_ascii=False) + ": " + text.replace("\n", "\n  "))
            kept[label] = found
            parts.append(found[1])
        self._json = kept
        # json.dumps({"documents": ..., "format": ...}, indent=1, sort_keys=True), assembled.
        documents = "{\n  " + ",\n  ".join(parts) + "\n }" if parts else "{}"
        text = f'{{\n "documents": {documents},\n "format": {FORMAT_VERSION}\n}}\n'
        manifest.output.write(MANIFEST_NAME, text.encode("utf-8"))
        return _stat(self.output, MANIFEST_NAME)


def _html_digest(manifest: Manifest, label: str) -> str | None:
    """The recorded digest of the document's HTML page, None when it has none yet."""
    entry = manifest.entries.get(label)
    html = entry.outputs.get("html") if entry is not None else None
    return html.sha256 if html is not None else None


def _stat(output: OutputDir, name: str) -> tuple[int, int, int] | None:
    """Who wrote ``output/name`` last, as far as a stat tells (inode, size, modification time)."""
    try:
        found = os.lstat(output.path / name)
    except OSError:
        return None
    return (found.st_ino, found.st_size, found.st_mtime_ns)
