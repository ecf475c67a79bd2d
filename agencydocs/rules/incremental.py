"""Per-document rules run again only when something they read changed (``serve``).

``serve`` checks the whole workspace after every save. Most of a check in a
big workspace is the per-document rules (each kind's ``rules`` in its spec),
and a save changes one file. So a long-lived process may keep, per document,
what its rules reported and what they read — recorded as a build records a
document's inputs (:mod:`agencydocs.reading.reads`): the rules see the
workspace through a :class:`~agencydocs.workspace.view.RecordingWorkspace`,
which notes every document, project, client, payments file and listing they
take, and ``read_file`` notes any other file. At the next check a document
whose recorded files and listings all have the same digests gets its kept
problems back; the others run again. The workspace-wide rules (unique
numbers, gaps, glyphs...) always run.

What the recording cannot see is which files failed their own checks
(``Workspace.invalid``): when that, or the set of valid files, differs from
the last check, everything runs again.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from agencydocs.errors import Problem, ProblemCollector
from agencydocs.reading import reads
from agencydocs.reading.files import HARD_MAX_FILE_SIZE, RefusedFile, read_file
from agencydocs.rules.base import RuleContext
from agencydocs.workspace import SourceDocument, Workspace
from agencydocs.workspace.view import RecordingWorkspace, listing_digest, note_source


@dataclass(frozen=True)
class _Run:
    """One document's rules: the problems they reported and the inputs they read."""

    files: dict[str, str]  # absolute normalised path -> sha256 or "missing"
    listings: dict[str, str]
    problems: tuple[Problem, ...]


class RuleResults:
    """The kept runs of the last check, by document file; one check at a time."""

    def __init__(self) -> None:
        self._runs: dict[str, _Run] = {}
        self._shape: object = None
        self._documents: object = None
        self._listings: dict[str, str] = {}  # listing -> digest at the last check
        # Every input the kept runs recorded, with its digest at the last check.
        self._last_files: dict[str, str] = {}
        self._last_listings: dict[str, str] = {}
        self.ran = 0  # documents whose rules ran in the last check (the others were kept)

    def check(
        self, workspace: Workspace, checker: RuleContext, rules: Callable[[RuleContext, SourceDocument], None]
    ) -> None:
        """Run ``rules(context, document)`` for every document of ``workspace`` whose inputs
        changed, and report the kept problems of the others to ``checker``."""
        loaded = _loaded_digests(workspace)
        shape = (frozenset(loaded), frozenset(workspace.invalid), workspace.unreadable_documents)
        documents = documents_shape(workspace)
        same = shape == self._shape
        if not same:
            self._runs.clear()
        self._shape = shape
        # The listings of documents, numbers, clients and projects follow from the files'
        # set and what they declare: kept while both stay (a folder's is always looked at).
        kept = self._listings if same and documents == self._documents else {}
        current = _Current(workspace, loaded, kept)
        self._documents = documents
        changed_files, changed_listings = self._changed_since_last(current)
        runs: dict[str, _Run] = {}
        self.ran = 0
        for document in workspace.documents:
            key = document.file.display
            run = self._runs.get(key)
            if run is None or not (
                run.files.keys().isdisjoint(changed_files)
                and run.listings.keys().isdisjoint(changed_listings)
            ):
                run = _run(workspace, document, rules)
                self.ran += 1
            runs[key] = run
            checker.out.extend(run.problems)
        self._runs = runs
        self._listings = {
            name: digest for name, digest in current.listings.items() if not name.startswith("folder:")
        }
        self._last_files, self._last_listings = _as_recorded(runs.values())

    def _changed_since_last(self, current: _Current) -> tuple[set[str], set[str]]:
        """The files and listings that some kept run read and that differ now.

        Every kept run recorded its inputs as they were at the last check (a run
        whose input differed then ran again), so a run whose inputs are none of
        these is up to date: one set test per run instead of a digest per input
        (there are ~20 per document).
        """
        if not self._runs:
            return set(), set()
        files = {path for path, digest in self._last_files.items() if current.file(path) != digest}
        listings = {name for name, digest in self._last_listings.items() if current.listing(name) != digest}
        return files, listings


def _run(
    workspace: Workspace, document: SourceDocument, rules: Callable[[RuleContext, SourceDocument], None]
) -> _Run:
    collector = ProblemCollector()
    with reads.recording() as recorder:
        note_source(document)
        rules(RuleContext(RecordingWorkspace(workspace), collector), document)
    return _Run(dict(recorder.files), dict(recorder.listings), tuple(collector.problems))


def _as_recorded(runs: Iterable[_Run]) -> tuple[dict[str, str], dict[str, str]]:
    """The files and listings ``runs`` recorded, with their digests (one per input: all taken at
    the same check, or kept from one where it had the same digest)."""
    files: dict[str, str] = {}
    listings: dict[str, str] = {}
    for run in runs:
        files.update(run.files)
        listings.update(run.listings)
    return files, listings


class _Recorded(Protocol):
    @property
    def files(self) -> dict[str, str]: ...
    @property
    def listings(self) -> dict[str, str]: ...


class _Current:
    """The digests of the workspace as now loaded, each computed once per check."""

    def __init__(
        self, workspace: Workspace, loaded: dict[str, str], listings: dict[str, str] | None = None
    ) -> None:
        self.workspace = workspace
        self.files = dict(loaded)
        self.listings: dict[str, str] = dict(listings or {})

    def unchanged(self, run: _Recorded) -> bool:
        return all(self.file(path) == digest for path, digest in run.files.items()) and all(
            self.listing(name) == digest for name, digest in run.listings.items()
        )

    def file(self, path: str) -> str:
        if path not in self.files:  # not a loaded YAML file: an image, a CSV, a clause library
            try:
                data = read_file(Path(path), root=self.workspace.root, max_bytes=HARD_MAX_FILE_SIZE)
            except RefusedFile:
                self.files[path] = reads.MISSING
            else:
                self.files[path] = hashlib.sha256(data).hexdigest()
        return self.files[path]

    def listing(self, name: str) -> str:
        if name not in self.listings:
            self.listings[name] = listing_digest(self.workspace, name) or ""
        return self.listings[name]


def documents_shape(
    workspace: Workspace,
) -> DocumentsShape:
    """What the listings other than folders' are made of: each document's file, kind, number
    and project, and the client and project ids."""
    documents = frozenset(
        (d.file.display, d.kind, str(getattr(d.model, "number", None)), d.project_id)
        for d in workspace.documents
    )
    return documents, tuple(sorted(workspace.clients)), tuple(sorted(workspace.projects))


def _loaded_digests(workspace: Workspace) -> dict[str, str]:
    """Absolute normalised path -> sha256 of every file the workspace loaded as valid."""
    files = [d.file for d in workspace.documents]
    files += [sourced.file for sourced in workspace.clients.values()]
    files += [sourced.file for sourced in workspace.projects.values()]
    files += [sourced.file for sourced in workspace.payments.values()]
    files += list(workspace.label_files.values())
    if workspace.agency is not None:
        files.append(workspace.agency.file)
    return {os.path.normpath(os.path.abspath(file.path)): file.sha256 for file in files}


T = TypeVar("T")
DocumentsShape = tuple[frozenset[tuple[str, str, str, str]], tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True)
class Kept(Generic[T]):
    """A value computed from the workspace, with what computing it read (as a rule run keeps it)."""

    files: dict[str, str]
    listings: dict[str, str]
    value: T


def compute_recorded(workspace: Workspace, compute: Callable[[Workspace], T]) -> Kept[T]:
    """``compute(view)`` through the recording view: the result and everything it took."""
    with reads.recording() as recorder:
        value = compute(RecordingWorkspace(workspace))
    return Kept(dict(recorder.files), dict(recorder.listings), value)


def current_digests(workspace: Workspace) -> _Current:
    """The workspace now, to ask ``.unchanged(kept)`` of what :func:`compute_recorded` kept."""
    return _Current(workspace, _loaded_digests(workspace))


_kept: RuleResults | None = None


def keep_rule_results() -> None:
    """Keep each document's rule results across checks (for a long-lived process; see above)."""
    global _kept
    if _kept is None:
        _kept = RuleResults()


def kept_rule_results() -> RuleResults | None:
    return _kept
