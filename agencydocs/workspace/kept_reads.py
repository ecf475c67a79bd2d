"""Reading the workspace again in a long-lived process: only the folders whose files changed.

``serve`` checks the whole workspace after every save. The parse of each
file is kept by its bytes (``reading/loading.py``), but every file was still
read and hashed to find the one that changed: most of a check of a
1,000-document workspace. Here, what reading each folder added to the
workspace (its clients, its project and documents, the problems found,
files that failed) is kept with the folder's stamp
(``reading/stamps.py``), and taken as it is while the stamp stays the same.
The folders are the units the workspace is read in: ``locales/``,
``clients/``, each project folder with its sub-folders, ``payments/``;
``agency.yaml`` is always read (it holds the file size limit every folder
is read with).

The result is the workspace a full reading gives, in the same order
(``tests/test_kept_reads.py`` compares them after edits of every kind).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from agencydocs.errors import Problem
from agencydocs.reading.stamps import Stamp, folder_stamp

if TYPE_CHECKING:
    from agencydocs.workspace import Workspace, _Reader

# Workspace fields a reading fills; the others are the root, the agency and caches.
_NOT_FROM_FOLDERS = ("root", "agency")


@dataclass(frozen=True)
class _Part:
    """What reading one folder added to the workspace, and the stamp of the folder it was read from."""

    stamp: Stamp
    max_bytes: int
    found: Workspace
    problems: tuple[Problem, ...]


class KeptReads:
    """The folders of one workspace as the last reading in this process found them."""

    def __init__(self) -> None:
        self.parts: dict[Path, _Part] = {}
        self.reused = 0  # folders taken as kept by the last reading (for tests and benchmarks)


class FolderReader:
    """Reads the workspace folder by folder for ``reader``, taking unchanged folders from ``kept``."""

    def __init__(self, reader: _Reader, kept: KeptReads | None) -> None:
        self.reader = reader
        self.kept = kept
        self._parts: dict[Path, _Part] = {}
        if kept is not None:
            kept.reused = 0

    def read(
        self, folder: Path, read_folder: Callable[[_Reader, Path], None], *, recursive: bool = False
    ) -> None:
        """``read_folder(reader, folder)``, or what it added last time if the folder's stamp is the same."""
        if self.kept is None:
            read_folder(self.reader, folder)
            return
        stamp = folder_stamp(folder, recursive=recursive)
        part = self.kept.parts.get(folder)
        if (
            part is not None
            and stamp is not None
            and (part.stamp, part.max_bytes) == (stamp, self.reader.max_bytes)
        ):
            self.kept.reused += 1
        else:
            scratch = self.reader.scratch()
            read_folder(scratch, folder)
            found, problems = scratch.workspace, tuple(scratch.collector.problems)
            part = _Part(stamp or (), self.reader.max_bytes, found, problems)
        if stamp is not None:  # else a stamp cannot tell: read it again next time
            self._parts[folder] = part
        _add(part.found, self.reader.workspace)
        self.reader.collector.extend(part.problems)

    def close(self) -> None:
        """Keep the folders of this reading only (a deleted project folder's part is dropped)."""
        if self.kept is not None:
            self.kept.parts = self._parts


def _add(found: Workspace, workspace: Workspace) -> None:
    """Add what reading one folder found to ``workspace``, as if it had been read into it.

    By field type, so that a field added to ``Workspace`` later is not forgotten
    here: mappings are updated, lists extended, sets joined, counts added.
    """
    for spec in dataclasses.fields(found):
        if spec.name in _NOT_FROM_FOLDERS or not spec.init:
            continue
        value, target = getattr(found, spec.name), getattr(workspace, spec.name)
        if isinstance(value, dict):
            target.update(value)
        elif isinstance(value, list):
            target.extend(value)
        elif isinstance(value, set):
            target |= value
        elif isinstance(value, int):
            setattr(workspace, spec.name, target + value)
        else:  # pragma: no cover - a new kind of field: say which, rather than lose it
            raise TypeError(f"Workspace.{spec.name}: do not know how to add a {type(value).__name__}")
