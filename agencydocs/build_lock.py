"""One writer of ``output/`` at a time: ``output/.agencydocs-lock``.

Two builds writing the same folder would interleave their manifests and
index; the second one waits for the first (or, with ``--wait SECONDS``, gives
up). The lock is ``flock(2)`` on a file in ``output/``: the kernel releases
it when its holder exits, even by ``kill -9``, so a crashed build never
leaves a stale lock to clean up by hand (a lock file that merely exists
would). The file holds the holder's pid, for the message only. ``status``
reads without the lock: every file it reads is replaced atomically.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator

from agencydocs.confined import OutputDir, OutputError, reason
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
    fd = _open(output)
    try:
        if not _try_lock(fd):
            holder = _holder(fd)
            if on_wait is not None:
                on_wait(holder)
            _wait(fd, wait, holder)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


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


def _wait(fd: int, wait: float | None, holder: int | None) -> None:
    if wait is None:
        fcntl.flock(fd, fcntl.LOCK_EX)
        return
    deadline = time.monotonic() + wait
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
