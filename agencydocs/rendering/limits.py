"""Bounds on one document's rendering: wall time and output size.

A workspace template is code the build runs: ``{% for i in range(10**5) %}``
nested three deep, or a string repeated a billion times, would keep a worker
busy or fill the memory. Each document gets ``limits.render_seconds`` (an
interval timer raises :class:`RenderTimeLimit` in the renderer, and the pool's
watchdog kills a worker stuck in C code) and ``limits.output_bytes`` per
output file (counted while the HTML template streams, checked for every
format before writing).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class RenderTimeLimit(BaseException):
    """The document took longer than its render time limit.

    A BaseException, like KeyboardInterrupt: library code that catches
    ``Exception`` (WeasyPrint does, around resources) must not swallow it.
    """


class OutputTooLarge(Exception):
    """A rendered output exceeds ``limits.output_bytes``."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`RenderTimeLimit` in this thread once ``seconds`` have passed.

    The timer fires again every second after the first expiry, in case a
    library swallowed the first exception. Only the main thread can receive
    signals; elsewhere (never in a build) the block runs unbounded.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum: int, frame: FrameType | None) -> None:
        raise RenderTimeLimit(seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_size(fmt: str, size: int, max_bytes: int) -> None:
    """Raise :class:`OutputTooLarge` when ``size`` exceeds ``max_bytes``."""
    if size > max_bytes:
        raise OutputTooLarge(
            f"the {fmt.upper()} output exceeds the output size limit of {max_bytes:,} bytes"
            " (limits.output_bytes in agency.yaml)"
        )


def join_limited(chunks: Iterator[str], max_bytes: int, fmt: str = "html") -> str:
    """Join streamed template output, stopping as soon as it passes ``max_bytes``.

    The error is thrown into the template's generator, so that it is raised
    at the template line that was printing (Jinja2 then locates it). Counting
    characters undercounts UTF-8 bytes by up to 4x, so the joined text is
    checked again once encoded by the caller.
    """
    parts: list[str] = []
    total = 0
    for chunk in chunks:
        total += len(chunk)
        try:
            check_size(fmt, total, max_bytes)
        except OutputTooLarge as exc:
            throw = getattr(chunks, "throw", None)  # Jinja2's generate() returns a generator
            if throw is not None:
                throw(exc)
            raise
        parts.append(chunk)
    return "".join(parts)
