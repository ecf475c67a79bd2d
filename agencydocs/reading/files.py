"""The one way to read a file of the workspace: confined, regular, capped.

Every workspace file agencydocs reads (YAML, CSV time sheets, images) goes
through :func:`read_file`, so the rules exist once:

* the file, or a folder on the way to it, may be a symbolic link only if it
  resolves inside the workspace: a link to ``/etc/passwd`` or ``~/.ssh`` would
  otherwise put a secret into a document sent to a client;
* it must be a regular file: a named pipe would block the run forever, a
  device (``/dev/zero``) never ends, a folder named ``x.yaml`` is a mistake.
  The type is read with ``lstat``/``stat`` before opening, and the file is
  opened with ``O_NONBLOCK`` and checked again on the open descriptor, so a
  file swapped for a pipe in between cannot block either;
* it is at most ``max_bytes`` long, checked before reading and while reading
  (``/proc`` files report size 0).

:func:`find_yaml_files` lists what a folder holds for the loader *without*
filtering, so that a pipe or a folder named ``x.yaml`` is reported rather
than silently skipped. Images are checked by :mod:`agencydocs.reading.images`.
"""

from __future__ import annotations

import errno
import functools
import os
import stat
from pathlib import Path

from agencydocs.reading import reads

# Where the limits live, named in messages so the user knows what to raise.
YAML_LIMIT = "limits.max_file_size"
IMAGE_LIMIT = "limits.max_image_size"
_READ_CHUNK = 1024 * 1024
_LOOP = "is a symbolic link that loops back on itself; replace it with the file"
# Renderers re-read files that ``check`` accepted under the agency's own limit;
# this is their backstop (the highest limit an agency may set).
HARD_MAX_FILE_SIZE = 64 * 1024 * 1024


class RefusedFile(Exception):
    """A workspace file that may not be read; the message says why and how to fix it."""


def outside_link(root: Path, path: Path, what: str = "file") -> str | None:
    """Why ``path`` leads out of ``root`` through a symbolic link, or None when it stays inside.

    The message names the link (the file itself, or the folder that is the
    link) and where it points, for a user who symlinked a shared file.
    """
    root = Path(_real_root(root))
    resolved = _resolve(path)
    if resolved is None:
        return _LOOP
    if resolved.is_relative_to(root):
        return None  # the common case: one realpath, no walk
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = ()
    current = root
    for index, part in enumerate(parts):
        current = current / part
        target = _resolve(current) if current.is_symlink() else None
        if target is None or target.is_relative_to(root):
            continue
        if index == len(parts) - 1:
            return f"is a symbolic link to {target} outside the workspace; copy the {what} into the workspace instead"
        folder = current.relative_to(root).as_posix()
        return (
            f"is in {folder}, a symbolic link to {target} outside the workspace; "
            "copy the folder into the workspace instead"
        )
    return f"resolves to {resolved} outside the workspace; copy the {what} into the workspace instead"


@functools.lru_cache(maxsize=8)
def _real_root(root: Path) -> str:
    return os.path.realpath(root)


def _resolve(path: Path) -> Path | None:
    try:
        return Path(os.path.realpath(path))
    except (OSError, RuntimeError):  # realpath leaves a loop as it is; this is for odd file systems
        return None


def not_regular(mode: int) -> str | None:
    """Why a file of this ``st_mode`` may not be read, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file; rename or remove it"
    if stat.S_ISFIFO(mode):
        what = "a named pipe (FIFO)"
    elif stat.S_ISSOCK(mode):
        what = "a socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "a device"
    else:
        what = "a special file"
    return f"is {what}, not a regular file; replace it with a regular file"


def read_file(path: Path, *, root: Path | None, max_bytes: int, limit: str = YAML_LIMIT) -> bytes:
    """The content of ``path``, refused (:class:`RefusedFile`) unless it is safe to read.

    ``root`` is the workspace the file must stay in (None for the package's own
    built-in files); ``limit`` names the setting that raises ``max_bytes``.
    A workspace file read while a document is built is noted as its input
    (:mod:`agencydocs.reading.reads`), refused ones too: one that appears
    or becomes readable changes the document.
    """
    try:
        data = _read_confined(path, root, max_bytes, limit)
    except RefusedFile:
        if root is not None:
            reads.note_digest(path, reads.MISSING)
        raise
    if root is not None:
        reads.note_bytes(path, data)
    return data


def _read_confined(path: Path, root: Path | None, max_bytes: int, limit: str) -> bytes:
    try:
        real, mode = _real_path(os.fspath(path))
    except (OSError, RuntimeError) as exc:
        if getattr(exc, "errno", None) == errno.ELOOP:
            raise RefusedFile(_LOOP) from None
        leaves = outside_link(root, path) if root is not None else None  # a dangling link out: say so
        raise RefusedFile(leaves or f"cannot read file: {getattr(exc, 'strerror', None) or exc}") from None
    if root is not None and not real.startswith(os.path.join(_real_root(root), "")):
        raise RefusedFile(outside_link(root, path) or f"resolves to {real} outside the workspace")
    problem = not_regular(mode)
    if problem is not None:
        raise RefusedFile(problem)
    return _read_capped(real, max_bytes, limit)


def _real_path(path: str) -> tuple[str, int]:
    """The path with every link resolved, and the ``st_mode`` of what it names; never opens.

    A path that is not itself a link costs one ``lstat``: its folder's real
    path is remembered for the current reading of the workspace.
    """
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        real = os.path.realpath(path, strict=True)
        return real, os.stat(real).st_mode
    folder, name = os.path.split(path)
    real_folder = _real_folders.get(folder)
    if real_folder is None:
        real_folder = _real_folders[folder] = os.path.realpath(folder, strict=True)
    return os.path.join(real_folder, name), info.st_mode


# Folder -> real path, for one reading of the workspace (see forget_folders).
_real_folders: dict[str, str] = {}


def forget_folders() -> None:
    """Start a new reading of the workspace: folders may have been replaced by links since."""
    _real_folders.clear()
    _real_root.cache_clear()


def _read_capped(real: str, max_bytes: int, limit: str) -> bytes:
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(real, flags)
    except OSError as exc:
        raise RefusedFile(f"cannot read file: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        problem = not_regular(info.st_mode)  # swapped for a pipe since the lstat above
        if problem is not None:
            raise RefusedFile(problem)
        if info.st_size > max_bytes:
            raise RefusedFile(_too_big(info.st_size, max_bytes, limit))
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:  # not trusting st_size: /proc files report 0, a file may grow
            chunk = os.read(fd, min(_READ_CHUNK, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > max_bytes:
        raise RefusedFile(_too_big(size, max_bytes, limit, grew=True))
    return b"".join(chunks)


def _too_big(size: int, max_bytes: int, limit: str, grew: bool = False) -> str:
    what = "file is over" if grew else f"file is {size} bytes, over"
    return f"{what} the limit of {max_bytes} bytes ({limit} in agency.yaml)"


def find_yaml_files(
    folder: Path, root: Path, *, recursive: bool
) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The ``*.yaml`` entries of ``folder`` (whatever their type), and the folders refused on the way.

    Every entry named ``*.yaml`` is returned, pipes and folders included, for
    :func:`read_file` to report. Sub-folders are searched when ``recursive``;
    a symlinked folder is not descended into (as ``Path.rglob``), and is
    refused when it leads outside ``root``.
    """
    found: list[Path] = []
    refused: list[tuple[Path, str]] = []
    leaves = outside_link(root, folder, "folder")
    if leaves is not None:
        refused.append((folder, leaves))
        return found, refused
    pending = [folder] if folder.is_dir() else []
    while pending:  # a loop, not recursion: folders may nest deeper than Python's stack
        current = pending.pop()
        for entry in sorted(os.scandir(current), key=lambda e: e.name, reverse=True):
            path = Path(entry.path)
            if entry.name.endswith(".yaml"):
                found.append(path)
            elif recursive and entry.is_dir() and not entry.is_symlink():
                pending.append(path)
            elif recursive and entry.is_dir():  # a symlinked folder: not descended into, as Path.rglob
                leaves = outside_link(root, path, "folder")
                if leaves is not None:
                    refused.append((path, leaves))
    return sorted(found), sorted(refused)


def folder_listing(root: Path, relative: str) -> str:
    """The digest of the ``*.yaml`` names in the workspace folder ``relative`` (a listing input).

    A folder that leads out of the workspace lists nothing: it is never read.
    """
    folder = root / relative
    paths, _ = find_yaml_files(folder, root, recursive=False)
    return reads.names_digest([path.name for path in paths])


def note_folder(root: Path, relative: str) -> None:
    """Note that the document being built depends on which files ``relative`` holds."""
    if reads.active() is not None:
        reads.note_listing(f"folder:{relative}", folder_listing(root, relative))


def file_stamp(path: Path) -> tuple[int, int]:
    """(modification time, size) for a cache key; never blocks (stat, not open), never raises."""
    try:
        info = path.stat()
    except (OSError, RuntimeError):
        try:
            info = path.lstat()
        except OSError:
            return (0, -1)
    return (info.st_mtime_ns, info.st_size)
