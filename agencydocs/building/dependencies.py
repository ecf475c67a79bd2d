"""What a document was built from, recorded where it is read, and whether that is still so.

Nothing here lists a document's inputs by hand. A worker resolves and
renders a document inside :func:`recording_document`: the resolver gets a
:class:`~agencydocs.workspace.view.RecordingWorkspace`, and every file read
goes through :func:`agencydocs.reading.files.read_file`; both note what
they touch (:mod:`agencydocs.reading.reads`). The manifest keeps, per
document, those inputs (workspace-relative path -> SHA-256, or ``"missing"``)
and listings (which documents of a kind exist, which files a folder holds).

A format of a document is up to date when its recorded key equals
:meth:`InputState.key` (the tool's version; the package's code, templates,
locales and fonts; the workspace's ``templates/``; the format; the recorded
inputs) and every recorded input and listing still has its digest. So an
input a resolver starts to read is recorded by the first build that runs the
new code, and a file that changes, appears or disappears afterwards makes
the document stale.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from agencydocs import __version__
from agencydocs import package_digest as _package_digest  # the tests stand a changed release in
from agencydocs.reading import reads
from agencydocs.reading.files import HARD_MAX_FILE_SIZE, RefusedFile, read_file
from agencydocs.reading.loading import LoadedFile
from agencydocs.workspace import TEMPLATES_DIR, SourceDocument, Workspace
from agencydocs.workspace.view import RecordingWorkspace, listing_digest, note_source

if TYPE_CHECKING:
    from agencydocs.building.manifest import Entry
    from agencydocs.kinds import RenderContext


@dataclass(frozen=True)
class RecordedInputs:
    """What one build of a document read: files by workspace-relative path, and listings by name."""

    files: Mapping[str, str] = field(default_factory=dict)
    listings: Mapping[str, str] = field(default_factory=dict)

    def digest(self) -> str:
        """One hash of everything recorded, for the format keys."""
        text = json.dumps([dict(self.files), dict(self.listings)], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


@contextmanager
def recording_document(
    workspace: Workspace, source: SourceDocument
) -> Iterator[tuple[RecordingWorkspace, reads.Recorder]]:
    """Resolve ``source`` with the view this yields and render it inside the block; then
    :func:`recorded` turns the recorder into its inputs (see :func:`resolve_recorded`)."""
    with reads.recording() as recorder:
        note_source(source)  # resolvers get it directly, not through the view
        yield RecordingWorkspace(workspace), recorder


def recorded(workspace: Workspace, recorder: reads.Recorder) -> RecordedInputs:
    return RecordedInputs(recorder.relative_files(workspace.root), dict(sorted(recorder.listings.items())))


def resolve_recorded(workspace: Workspace, source: SourceDocument) -> tuple[RenderContext, RecordedInputs]:
    """``source``'s render context and what resolving it read (rendering may add Markdown images)."""
    from agencydocs.kinds import resolve

    with recording_document(workspace, source) as (view, recorder):
        context = resolve(view, source)
    return context, recorded(workspace, recorder)


def recorded_inputs(workspace: Workspace, source: SourceDocument) -> dict[str, str]:
    """The workspace files ``source`` is built from (relative path -> SHA-256 or ``"missing"``).

    Found by resolving it and rendering its HTML (which reads every image its
    Markdown shows) as a build does; for ``agencydocs diff`` and tests.
    """
    from agencydocs.kinds import resolve
    from agencydocs.rendering.pipeline import Renderer

    with recording_document(workspace, source) as (view, recorder):
        Renderer(workspace.root).render(resolve(view, source), ["html"])
    return dict(recorded(workspace, recorder).files)


class InputState:
    """The workspace as it is now, to compare with what a document was built from.

    Each file is hashed at most once: YAML files as ``read_workspace`` loaded
    them (the bytes the build will resolve), any other recorded file read
    from disk through ``read_file`` (confined to the workspace, never
    following a link out, capped), a refused or absent one as ``"missing"``.
    """

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.static_key = static_key(workspace.root)
        self._loaded = _loaded_digests(workspace)
        self._digests: dict[str, str] = dict(self._loaded)
        self._listings: dict[str, str | None] = {}

    def loaded_digests(self) -> dict[str, str]:
        """The digests of the YAML files the workspace loaded, by relative path (not those read since)."""
        return self._loaded

    def key(self, fmt: str, inputs: RecordedInputs) -> str:
        """The key of a format built from ``inputs`` with this tool, these templates and fonts."""
        text = f"{self.static_key}\n{fmt}\n{inputs.digest()}"
        return hashlib.sha256(text.encode()).hexdigest()

    def entry_key(self, fmt: str, entry: Entry) -> str:
        return self.key(fmt, RecordedInputs(entry.inputs, entry.listings))

    def unchanged(self, inputs: RecordedInputs) -> bool:
        """Whether every recorded input and listing still has its recorded digest."""
        return all(self.file_digest(path) == digest for path, digest in inputs.files.items()) and all(
            self.listing(name) == digest for name, digest in inputs.listings.items()
        )

    def unchanged_entry(self, entry: Entry) -> bool:
        return self.unchanged(RecordedInputs(entry.inputs, entry.listings))

    def file_digest(self, relative: str) -> str:
        """The digest of the workspace file ``relative`` (a validated plain relative path)."""
        if relative not in self._digests:
            try:
                data = read_file(
                    self.workspace.root / relative, root=self.workspace.root, max_bytes=HARD_MAX_FILE_SIZE
                )
            except RefusedFile:
                self._digests[relative] = reads.MISSING
            else:
                self._digests[relative] = hashlib.sha256(data).hexdigest()
        return self._digests[relative]

    def listing(self, name: str) -> str | None:
        if name not in self._listings:
            self._listings[name] = listing_digest(self.workspace, name)
        return self._listings[name]


def _loaded_digests(workspace: Workspace) -> dict[str, str]:
    """The digests of the YAML files ``read_workspace`` loaded, by relative path."""
    files: list[LoadedFile] = [d.file for d in workspace.documents]
    files += [client.file for client in workspace.clients.values()]
    files += [project.file for project in workspace.projects.values()]
    files += list(workspace.label_files.values())
    if workspace.agency is not None:
        files.append(workspace.agency.file)
    found = {}
    # reads.workspace_relative, with the common case (a file under the root as given) done
    # by slicing: the general one costs 0.3 ms a file, and every build asks for every file.
    base = os.path.normpath(os.path.abspath(workspace.root)) + os.sep
    for file in files:
        path = os.path.normpath(os.path.abspath(file.path))
        if path.startswith(base):
            relative: str | None = path[len(base) :].replace(os.sep, "/")
        else:
            relative = reads.workspace_relative(workspace.root, file.path)
        if relative is not None:
            found[relative] = file.sha256
    return found


def static_key(root: Path) -> str:
    """What every document is built with: this release, its files, the workspace's templates."""
    digest = hashlib.sha256(__version__.encode())
    digest.update(_package_digest().encode())
    folder = root / TEMPLATES_DIR
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = path.relative_to(root).as_posix()
            digest.update(f"\n{rel}={_file_digest(path)}".encode())
    return digest.hexdigest()


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
