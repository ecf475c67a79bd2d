"""Files under ``output/``, reached without ever following a symbolic link.

``output/`` is the only folder agencydocs writes, and what lies in it (the
manifest, a link someone placed there) is not trusted. Every read, write and
delete here walks the folders of the path one at a time with ``O_NOFOLLOW``
file descriptors: a path in the manifest cannot lead out with ``..`` or an
absolute name, a link inside ``output/`` is never written or read through,
and swapping a folder for a link halfway through does not redirect the write
(the descriptors already point at the real folders).

Writes are atomic: a temporary file next to the target, named after the
process that owns it, is fsynced and renamed over the target, so a reader
(or a crash) sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

from agencydocs.errors import AgencyDocsError

TEMP_PREFIX = ".agencydocs-tmp-"
MAX_RELATIVE_LENGTH = 1024
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


class OutputError(AgencyDocsError):
    """``output/`` or a file in it cannot be written: one line naming the path and the cause."""


def relative_problem(relative: str) -> str | None:
    """Why ``relative`` is not a plain path inside ``output/`` (None when it is one)."""
    if not relative or len(relative) > MAX_RELATIVE_LENGTH:
        return "empty or too long"
    if "\\" in relative or "\0" in relative:
        return "contains a backslash or a NUL character"
    if relative.startswith("/"):
        return "is an absolute path"
    if any(part in ("", ".", "..") for part in relative.split("/")):
        return "contains '..', '.' or an empty part"
    return None


def reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


class OutputDir:
    """``root/output``: confined, link-free reads, writes and deletes of the files in it."""

    def __init__(self, root: Path, name: str = "output") -> None:
        self.root = root
        self.path = root / name
        self.display = name

    def show(self, relative: str = "") -> str:
        """How a path is named in messages: relative to the workspace, e.g. ``output/acme/x.pdf``."""
        return f"{self.display}/{relative}" if relative else self.display

    def outside_workspace(self) -> bool:
        """True when ``output`` is a link (or under one) leading out of the workspace."""
        real_root = Path(os.path.realpath(self.root))
        return not Path(os.path.realpath(self.path)).is_relative_to(real_root)

    def refuse_outside(self) -> None:
        """Raise OutputError when ``output`` is a link leading out of the workspace."""
        if self.outside_workspace():
            target = os.path.realpath(self.path)
            raise OutputError(
                f"{self.show()}: is a link to {target}, outside the workspace; "
                f"agencydocs reads and writes only inside the workspace (make {self.display}/ a folder)"
            )

    def prepare(self) -> None:
        """Create ``output/`` if needed; refuse one that is a file or a link out of the workspace."""
        self.refuse_outside()
        try:
            self.path.mkdir(exist_ok=True)
        except FileExistsError:
            raise OutputError(f"{self.show()}: is a file, not a folder; move it away to build") from None
        except OSError as exc:
            raise OutputError(f"{self.show()}: cannot create the folder ({reason(exc)})") from None
        if not self.path.is_dir():
            raise OutputError(f"{self.show()}: is not a folder; move it away to build")

    # -- walking -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def _root_fd(self) -> Iterator[int]:
        if self.outside_workspace():
            raise FileNotFoundError(errno.ENOENT, "output leads outside the workspace", str(self.path))
        fd = os.open(self.path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            yield fd
        finally:
            os.close(fd)

    @contextlib.contextmanager
    def parent(self, relative: str, *, create: bool = False) -> Iterator[tuple[int, str]]:
        """A descriptor of the folder holding ``relative`` and the file's name in it.

        Raises:
            FileNotFoundError: a folder is missing (and ``create`` is false).
            NotADirectoryError: a part of the path is a link or a file, or the path is not plain.
        """
        problem = relative_problem(relative)
        if problem is not None:
            raise NotADirectoryError(errno.ENOTDIR, problem, relative)
        *folders, name = relative.split("/")
        with self._root_fd() as root_fd:
            fd = os.dup(root_fd)
            try:
                for done, folder in enumerate(folders, start=1):
                    if create:
                        with contextlib.suppress(FileExistsError):
                            os.mkdir(folder, 0o755, dir_fd=fd)
                    try:
                        next_fd = os.open(folder, _DIR_FLAGS, dir_fd=fd)
                    except OSError as exc:
                        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                            link = "/".join(folders[:done])
                            raise NotADirectoryError(
                                errno.ENOTDIR, "is a link or a file, not a folder", link
                            ) from None
                        raise
                    os.close(fd)
                    fd = next_fd
                yield fd, name
            finally:
                os.close(fd)

    # -- reading -----------------------------------------------------------------------------

    def read(self, relative: str, limit: int | None = None) -> bytes | None:
        """The bytes of a regular file (None when missing, a link, a folder, or over ``limit``)."""
        try:
            with self.parent(relative) as (folder, name):
                fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK, dir_fd=folder)
                with os.fdopen(fd, "rb") as handle:
                    if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                        return None
                    data = handle.read() if limit is None else handle.read(limit + 1)
        except OSError:
            return None
        return None if limit is not None and len(data) > limit else data

    def kind(self, relative: str) -> str:
        """``file``, ``missing``, ``folder``, ``link`` or ``other``, without following links."""
        try:
            with self.parent(relative) as (folder, name):
                mode = os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode
        except FileNotFoundError:
            return "missing"
        except OSError:
            return "other"
        if stat.S_ISREG(mode):
            return "file"
        if stat.S_ISDIR(mode):
            return "folder"
        return "link" if stat.S_ISLNK(mode) else "other"

    def digest(self, relative: str) -> str | None:
        data = self.read(relative)
        return None if data is None else hashlib.sha256(data).hexdigest()

    # -- writing -----------------------------------------------------------------------------

    def write(self, relative: str, data: bytes) -> bool:
        """Write ``data`` atomically; False when the file already had these bytes.

        A link in place of the file is replaced by the file, never written through.

        Raises:
            OutputError: the file cannot be written (a folder on the way is a link or a
                file, the disk is full or read-only, permission denied).
        """
        try:
            with self.parent(relative, create=True) as (folder, name):
                if self._same_bytes(folder, name, data):
                    return False
                self._replace(folder, name, data)
        except NotADirectoryError as exc:
            raise OutputError(
                f"{self.show(str(exc.filename))}: {exc.strerror}; agencydocs writes only real folders "
                f"inside {self.display}/ (remove it)"
            ) from None
        except OSError as exc:
            raise OutputError(f"{self.show(relative)}: cannot write ({reason(exc)})") from None
        return True

    @staticmethod
    def _same_bytes(folder: int, name: str, data: bytes) -> bool:
        try:
            info = os.stat(name, dir_fd=folder, follow_symlinks=False)
        except FileNotFoundError:
            return False
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=folder)
        with os.fdopen(fd, "rb") as handle:
            return handle.read() == data

    @staticmethod
    def _replace(folder: int, name: str, data: bytes) -> None:
        temp = f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        fd = os.open(temp, flags, 0o644, dir_fd=folder)
        try:
            try:
                os.fchmod(fd, 0o644)  # not the umask's: the outputs are published files
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(temp, name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            # Also on KeyboardInterrupt: the old file stays, the temporary one goes.
            with contextlib.suppress(OSError):
                os.unlink(temp, dir_fd=folder)
            raise

    # -- deleting ----------------------------------------------------------------------------

    def remove(self, relative: str) -> bool:
        """Delete a regular file (never a link, never a folder); True when one was deleted."""
        try:
            with self.parent(relative) as (folder, name):
                if not stat.S_ISREG(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode):
                    return False
                os.unlink(name, dir_fd=folder)
        except (FileNotFoundError, NotADirectoryError):
            return False
        except OSError as exc:
            raise OutputError(f"{self.show(relative)}: cannot delete ({reason(exc)})") from None
        return True

    def remove_stale_temporaries(self) -> int:
        """Delete temporary files whose owner process is gone (a build killed mid-write).

        A concurrent writer's temporaries carry a live pid and stay.
        """
        if not self.path.is_dir() or self.outside_workspace():
            return 0
        removed = 0
        for current, dirs, files in os.walk(self.path, followlinks=False):
            here = Path(current).relative_to(self.path).as_posix()
            for name in files:
                if name.startswith(TEMP_PREFIX) and not _owner_alive(name):
                    removed += self.remove(name if here == "." else f"{here}/{name}")
            dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(current, d))]
        return removed


def _owner_alive(temp_name: str) -> bool:
    """True when the process named in ``.agencydocs-tmp-<pid>-<token>`` still runs."""
    pid_text = temp_name[len(TEMP_PREFIX) :].partition("-")[0]
    if not pid_text.isdigit():
        return False  # a name from before temporaries carried their owner: nobody owns it
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True  # another user's process, alive
    return True
