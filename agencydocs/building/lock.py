"""One writer of ``output/`` at a time: ``output/.agencydocs-lock``.

Two builds writing the same folder would interleave their manifests and
index; the second one waits for the first (or, with ``--wait SECONDS``, gives
up). The lock is ``flock(2)`` on a file in ``output/``: the kernel releases
it when its holder exits, even by ``kill -9``, so a crashed build never
leaves a stale lock to clean up by hand (a lock file that merely exists
would). The file holds the holder's pid, for the message only, and the
holder removes it when done, so that a finished build leaves in ``output/``
only files that the same input reproduces byte for byte. A waiter that then
finds its file removed locks the new one (see :func:`_lock_current`).
``status`` reads without the lock: every file it reads is replaced atomically.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator

from agencydocs.building.confined import OutputDir, OutputError, reason
from agencydocs.errors import AgencyDocsError

LOCK_NAME = ".agencydocs-lock"
POLL_SECONDS = 0.1


class BuildLocked(AgencyDocsError):
    """Another build holds the lock and ``--wait`` ran out."""


@contextlib.contextmanager
def build_lock(
    output: OutputDir, *, wait: float | None = None, on_wait: Callable[[int | None], None] | None = None
) -> Iterator[None]:
    """Hold the build lock of ``output`` (created if needed) for the ``with`` block.

    ``wait``: seconds to wait for another holder (None: as long as it takes).
    ``on_wait``: called once, with the holder's pid, when the lock is taken.

    Raises:
        BuildLocked: still held by another build after ``wait`` seconds.
        OutputError: the lock file cannot be created (output/ read-only, a link, ...).
    """
    fd = _lock_current(output, wait, on_wait)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        with contextlib.suppress(OutputError):  # never hide why the build ended
            output.remove(LOCK_NAME)  # while still holding it: nobody can lock a file on its way out
        os.close(fd)  # releases the lock


def _lock_current(output: OutputDir, wait: float | None, on_wait: Callable[[int | None], None] | None) -> int:
    """Lock the lock file that is in ``output/`` now and return its descriptor.

    The holder removes its file when it is done; a waiter that got the lock
    on that removed file holds nothing, so it opens the current one and
    locks again (the usual check: the locked descriptor is the file on disk).
    """
    deadline = None if wait is None else time.monotonic() + wait
    told = False
    while True:
        fd = _open(output)
        try:
            if not _try_lock(fd):
                holder = _holder(fd)
                if on_wait is not None and not told:
                    on_wait(holder)
                    told = True
                _wait(fd, deadline, holder, wait)
            if _is_current(output, fd):
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)


def _is_current(output: OutputDir, fd: int) -> bool:
    try:
        with output.parent(LOCK_NAME) as (folder, name):
            on_disk = os.stat(name, dir_fd=folder, follow_symlinks=False)
    except OSError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def _open(output: OutputDir) -> int:
    try:
        with output.parent(LOCK_NAME) as (folder, name):
            flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
            return os.open(name, flags, 0o644, dir_fd=folder)
    except OSError as exc:
        raise OutputError(f"{output.show(LOCK_NAME)}: cannot create the build lock ({reason(exc)})") from None


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _wait(fd: int, deadline: float | None, holder: int | None, wait: float | None) -> None:
    if deadline is None:
        fcntl.flock(fd, fcntl.LOCK_EX)
        return
    while not _try_lock(fd):
        if time.monotonic() >= deadline:
            raise BuildLocked(f"another build ({_pid(holder)}) is running; gave up after {wait:g} s (--wait)")
        time.sleep(POLL_SECONDS)


def _holder(fd: int) -> int | None:
    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


def _pid(holder: int | None) -> str:
    return f"pid {holder}" if holder is not None else "pid unknown"


def waiting_message(holder: int | None) -> str:
    return f"waiting for another build ({_pid(holder)}) to finish..."
