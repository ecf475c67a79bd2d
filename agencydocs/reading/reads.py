"""Noting what a document was built from, where it is read (Sphinx's ``env.note_dependency``).

While a document is resolved and rendered, a :class:`Recorder` is active:

* :func:`agencydocs.reading.files.read_file` notes every file it reads (a
  time-sheet CSV, an image, a clause library or question set file) with the
  SHA-256 of the bytes it returned, or ``"missing"`` when it refused;
* :class:`agencydocs.workspace.view.RecordingWorkspace` notes the documents,
  projects, clients, agency and label overrides a resolver takes from the
  loaded workspace, and the *listings* it depends on (which documents of a
  kind exist, which files a folder holds): a file that appears is an input too.

The build stores what was noted per document in the manifest; the next build
renders the document again when one of those digests differs. Nothing here
imports the rest of the package: ``files.py`` reports to it.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

MISSING = "missing"  # the digest of a file that could not be read (absent, refused)


@dataclass
class Recorder:
    """The inputs noted while one document is resolved and rendered."""

    files: dict[str, str] = field(default_factory=dict)  # absolute normalised path -> sha256 or MISSING
    listings: dict[str, str] = field(default_factory=dict)  # listing name -> sha256

    def note_file(self, path: Path | str, digest: str) -> None:
        self.files[normalised(path)] = digest

    def note_listing(self, name: str, digest: str) -> None:
        self.listings[name] = digest

    def merge(self, other: Recorder) -> None:
        self.files.update(other.files)
        self.listings.update(other.listings)

    def relative_files(self, root: Path) -> dict[str, str]:
        """The files noted inside ``root``, by POSIX path relative to it (package files are left out)."""
        found = {}
        for path, digest in self.files.items():
            relative = workspace_relative(root, path)
            if relative is not None:
                found[relative] = digest
        return dict(sorted(found.items()))


def normalised(path: Path | str) -> str:
    """``path`` absolute and normalised, as recorders key files.

    A resolved document notes its sources dozens of times (every client,
    project and document it takes): an absolute path's normal form is kept,
    where ``abspath`` would ask the system for the working folder each time.
    """
    text = os.fspath(path)
    return _normalised_absolute(text) if os.path.isabs(text) else os.path.normpath(os.path.abspath(text))


@functools.lru_cache(maxsize=1 << 16)
def _normalised_absolute(path: str) -> str:
    return os.path.normpath(path)


def workspace_relative(root: Path, path: Path | str) -> str | None:
    """``path`` as a POSIX path relative to the workspace ``root`` (as given or with links
    resolved, as image paths are), or None when it is outside."""
    path = os.path.normpath(os.path.abspath(path))
    for base in (os.path.normpath(os.path.abspath(root)), os.path.realpath(root)):
        if path.startswith(base + os.sep):
            return Path(os.path.relpath(path, base)).as_posix()
    return None


# The recorders in force, innermost last: a cache filling itself (``capture``)
# sits inside a document's recorder.
_active: list[Recorder] = []


def active() -> Recorder | None:
    return _active[-1] if _active else None


@contextmanager
def recording(recorder: Recorder | None = None) -> Iterator[Recorder]:
    """Note every input read inside the ``with`` block into ``recorder`` (a new one by default)."""
    recorder = recorder if recorder is not None else Recorder()
    _active.append(recorder)
    try:
        yield recorder
    finally:
        _active.remove(recorder)


def capture() -> AbstractContextManager[Recorder]:
    """Record what a cached loader reads, to :func:`replay` on every later use of the cache."""
    return recording()


def replay(captured: Recorder) -> None:
    """A cached result is being used: its inputs are inputs of the document being built."""
    recorder = active()
    if recorder is not None:
        recorder.merge(captured)


def note_bytes(path: Path | str, data: bytes) -> None:
    recorder = active()
    if recorder is not None:
        recorder.note_file(path, hashlib.sha256(data).hexdigest())


def note_digest(path: Path | str, digest: str) -> None:
    recorder = active()
    if recorder is not None:
        recorder.note_file(path, digest)


def note_listing(name: str, digest: str) -> None:
    recorder = active()
    if recorder is not None:
        recorder.note_listing(name, digest)


def names_digest(names: list[str]) -> str:
    """The digest of a listing: which names it holds, in order."""
    return hashlib.sha256("\n".join(names).encode("utf-8", "surrogateescape")).hexdigest()
