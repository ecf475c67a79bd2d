"""Parsed and validated YAML files kept on disk between commands, by their bytes.

Reading a workspace parses and validates every file: two thirds of a cold
``check`` of 1,000 documents (and of each side of a ``diff``), the same work
for the same bytes command after command: CI's build and then its diff,
``check`` and then ``build`` on a laptop. Both steps are functions of the
bytes alone (no validator reads anything else), so a file whose bytes were
read before gets its parse (:class:`~agencydocs.reading.loading.LoadedFile`:
data and positions) and its validations (model and problems) back.

The key of a file is a SHA-256 over what decides them: the package's files
(``agencydocs.package_digest``), the versions of the libraries that parse
and validate, the Python version, the name the problems print (the file's
workspace-relative path) and the file's own SHA-256. A file that fails to
parse is not kept (its errors are found again).

Where: ``$XDG_CACHE_HOME/agencydocs/`` (default ``~/.cache/agencydocs/``), one
SQLite file. Never in the workspace: a kept entry is a pickle, and loading a
pickle runs code, so the store is used only in a folder that this user owns
and nobody else may write to (the same trust as Python's own ``__pycache__``),
and it is never a link. ``AGENCYDOCS_NO_CACHE=1`` turns it off. Any fault of
the store (a locked, corrupt or read-only file) makes a command read without
it, never fail. Entries not used for 30 days, and the least recently used
beyond 200,000, are dropped when one is written.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
import sqlite3
import stat
import sys
import threading
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from agencydocs.errors import Problem
from agencydocs.reading.loading import LoadedFile

STORE_NAME = "parses.sqlite3"
DISABLE_VARIABLE = "AGENCYDOCS_NO_CACHE"
UNUSED_DAYS = 30
MAX_ENTRIES = 200_000  # files (~3 KB each): beyond that the least recently used go
# The libraries whose behaviour decides a parse or a validation (yaml: parsing; the others validate).
LIBRARIES = ("PyYAML", "pydantic", "pydantic-core", "python-stdnum", "schwifty", "pycountry", "babel")

Validation = tuple[Any, list[Problem]]  # the model (None when invalid) and the problems


@dataclasses.dataclass
class _Entry:
    loaded: LoadedFile
    validations: dict[str, Validation]  # model's module.qualname -> what validating gave
    changed: bool = False  # new, or a validation added: written at the end
    stale: bool = False  # last used on an earlier day: its day is moved on at the end


class ParseStore:
    """The store of one command: entries read on first use, new ones written at :meth:`close`."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        # By (the name problems print, the file's SHA-256); the stored key hashes them with the release.
        self._entries: dict[tuple[str, str], _Entry] = {}
        self._pid = os.getpid()

    def loaded(self, path: Path, display: str, sha256: str) -> LoadedFile | None:
        """The kept parse of the file with these bytes, as read from ``path``; None when not kept."""
        entry = self._entry(display, sha256)
        return None if entry is None else dataclasses.replace(entry.loaded, path=path)

    def keep_loaded(self, loaded: LoadedFile) -> None:
        key = (loaded.display, loaded.sha256)
        if key not in self._entries:
            self._entries[key] = _Entry(dataclasses.replace(loaded, path=Path()), {}, changed=True)

    def validated(self, model: type, loaded: LoadedFile) -> Validation | None:
        entry = self._entry(loaded.display, loaded.sha256)
        found = None if entry is None else entry.validations.get(_model_name(model))
        return None if found is None else (found[0], list(found[1]))

    def keep_validated(self, model: type, loaded: LoadedFile, result: Validation) -> None:
        entry = self._entries.get((loaded.display, loaded.sha256))
        if entry is not None:  # a file's validations are kept with its parse
            entry.validations[_model_name(model)] = (result[0], list(result[1]))
            entry.changed = True

    def close(self) -> None:
        """Write the new and grown entries (one transaction) and let go of the file."""
        if os.getpid() != self._pid:
            return  # a forked child: the parent owns the connection
        changed = [(_key(*name), entry) for name, entry in self._entries.items() if entry.changed]
        used = [_key(*name) for name, entry in self._entries.items() if entry.stale and not entry.changed]
        today = _today()
        with contextlib.suppress(Exception):  # a cache: a write that fails is only a parse to do again
            if changed or used:
                rows = [
                    (key, pickle.dumps((e.loaded, e.validations), protocol=5), today) for key, e in changed
                ]
                with self._connection:
                    self._connection.executemany("INSERT OR REPLACE INTO parses VALUES (?, ?, ?)", rows)
                    self._connection.executemany(
                        "UPDATE parses SET used = ? WHERE key = ?", [(today, k) for k in used]
                    )
                    self._prune(today)
        with contextlib.suppress(sqlite3.Error):
            self._connection.close()

    def _prune(self, today: int) -> None:
        """Drop the entries unused for UNUSED_DAYS, and the least recently used beyond MAX_ENTRIES."""
        self._connection.execute("DELETE FROM parses WHERE used < ?", (today - UNUSED_DAYS,))
        (count,) = self._connection.execute("SELECT COUNT(*) FROM parses").fetchone()
        if count > MAX_ENTRIES:
            self._connection.execute(
                "DELETE FROM parses WHERE key IN (SELECT key FROM parses ORDER BY used LIMIT ?)",
                (count - MAX_ENTRIES,),
            )

    def _entry(self, display: str, sha256: str) -> _Entry | None:
        key = (display, sha256)
        if key not in self._entries:
            found = self._select(_key(display, sha256))
            if found is None:
                return None
            self._entries[key] = found
        return self._entries[key]

    def _select(self, key: str) -> _Entry | None:
        try:
            row = self._connection.execute("SELECT entry, used FROM parses WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            loaded, validations = pickle.loads(row[0])  # noqa: S301 - our own folder, see the module docstring
        except Exception:  # noqa: BLE001 - a cache: whatever fails (the file, an entry), the file is read
            return None
        if not isinstance(loaded, LoadedFile) or not isinstance(validations, dict):
            return None
        return _Entry(loaded, validations, stale=row[1] < _today())


@contextlib.contextmanager
def opened() -> Iterator[ParseStore | None]:
    """The store for one command in this thread (None where there is none to use), written when it ends."""
    outer = active()
    if outer is not None:  # nested: the outer command's store
        yield outer
        return
    store = _open()
    _thread.store = store
    try:
        yield store
    finally:
        _thread.store = None
        if store is not None:
            store.close()


def active() -> ParseStore | None:
    """The store of the command running in this thread, if it has one (see :func:`opened`)."""
    store: ParseStore | None = getattr(_thread, "store", None)
    return store


# Per thread: `serve` checks in its watcher thread; an SQLite connection stays in its thread.
_thread = threading.local()


def _open() -> ParseStore | None:
    if os.environ.get(DISABLE_VARIABLE, "") not in ("", "0"):
        return None
    folder = _private_folder()
    if folder is None:
        return None
    path = folder / STORE_NAME
    for _attempt in range(2):
        try:
            connection = sqlite3.connect(path, timeout=1.0)
        except sqlite3.Error:
            return None
        try:
            connection.execute("PRAGMA synchronous = OFF")  # a cache: a lost write is read again
            connection.execute(
                "CREATE TABLE IF NOT EXISTS parses"
                " (key TEXT PRIMARY KEY, entry BLOB NOT NULL, used INTEGER NOT NULL)"
            )
        except sqlite3.DatabaseError as exc:
            connection.close()
            if "not a database" not in str(exc) and "malformed" not in str(exc):
                return None  # locked, read-only...: this command reads without it
            with contextlib.suppress(OSError):
                path.unlink()  # damaged (a crash mid-write with synchronous off): start again
            continue
        if _ours(path):
            return ParseStore(connection)
        connection.close()
        return None
    return None


def _private_folder() -> Path | None:
    """``$XDG_CACHE_HOME/agencydocs`` (made if missing), if only this user may write there."""
    if not hasattr(os, "getuid"):
        return None  # no owner to check (Windows): no store
    try:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except (RuntimeError, KeyError):  # no home folder to be found
        return None
    folder = Path(base) / "agencydocs"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = folder.lstat()
    except OSError:
        return None
    private = not status.st_mode & 0o022  # no one else may add, replace or remove an entry
    return folder if stat.S_ISDIR(status.st_mode) and status.st_uid == os.getuid() and private else None


def _ours(path: Path) -> bool:
    """Whether ``path`` is a regular file of this user (not a link)."""
    try:
        status = path.lstat()
    except OSError:
        return False
    return stat.S_ISREG(status.st_mode) and status.st_uid == os.getuid()


def _key(display: str, sha256: str) -> str:
    return hashlib.sha256(f"{_release()}\n{display}\n{sha256}".encode()).hexdigest()


@cache
def _release() -> str:
    """What parses and validates: this package's files, its libraries' versions, the Python version."""
    from importlib.metadata import PackageNotFoundError, version

    from agencydocs import package_digest

    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            versions.append(f"{name}=?")
    return "\n".join([package_digest(), sys.version, *versions])


def _model_name(model: type) -> str:
    return f"{model.__module__}.{model.__qualname__}"


def _today() -> int:
    return int(time.time() // 86400)
