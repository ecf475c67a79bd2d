"""This process's Saxon service (``saxon_service.py``): started on first use, restarted when dead.

One service per process, keyed by its pid: a forked child never talks to its
parent's service (the answers would interleave) but starts its own, with
``subprocess`` (fork + exec: nothing of this process is shared). A service
that dies, hangs past the timeout or answers nonsense is killed and reaped,
and the request fails with :class:`SaxonFailed`, which a build reports as a
problem of the invoice; the next request starts a fresh service. Starting it
and compiling a stylesheet (a second or two, once per process) pause the
render time limit: they are not the work of the document that comes first.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from agencydocs.einvoice.saxon_service import ERROR, REPORT, frame
from agencydocs.errors import AgencyDocsError

# Longest wait for one answer; in a build the render time limit usually interrupts first.
TIMEOUT_SECONDS = 120.0
_STOP_SECONDS = 2.0
_PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the folder holding this agencydocs/
# Windows cannot select() on a pipe: there a hung service waits for the user's Ctrl-C.
_SELECTABLE_PIPES = sys.platform != "win32"


class SaxonFailed(AgencyDocsError):
    """The schematron could not be run: the service died or hung, or Saxon rejected the XML."""


class _Broken(Exception):
    """The service stopped answering: it hung or wrote something else (the reason), or died (no reason)."""


class _Service:
    def __init__(self) -> None:
        # PR_SET_PDEATHSIG fires when the starting *thread* ends, so only a service started
        # by the main thread uses it; any service ends on stdin's EOF when we close or die.
        command = [sys.executable, "-m", "agencydocs.einvoice.saxon_service"]
        if threading.current_thread() is threading.main_thread():
            command.append(str(os.getpid()))
        self.process = subprocess.Popen(  # noqa: S603 - our own module, run by this interpreter
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
            # ``-m`` imports from the working directory first: run where this very copy of
            # agencydocs is found, never where the user stands (a folder named agencydocs).
            cwd=_PACKAGE_ROOT,
        )
        self.owner = os.getpid()
        self.compiled: set[Path] = set()  # the stylesheets it has compiled

    def ask(self, stylesheet: Path, xml: bytes, timeout: float) -> tuple[bytes, bytes]:
        """Send one request and read its answer: (status, payload)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            self.process.stdin.write(frame(str(stylesheet).encode("utf-8")) + frame(xml))
        except BrokenPipeError:
            raise _Broken("") from None
        read = _Reader(self.process.stdout.fileno(), time.monotonic() + timeout, timeout)
        status = read(1)
        if status not in (REPORT, ERROR):
            raise _Broken(f"answered {status!r} and was stopped")
        return status, read(int.from_bytes(read(4), "big"))

    def kill(self) -> str:
        """Kill and reap the service at once (it is out of step); say how it ended."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._close_pipes()
        return _ending(self.process.returncode)

    def stop(self) -> None:
        """End the service the polite way: close its input, then kill it if it lingers."""
        self._close_pipes()
        try:
            self.process.wait(_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.kill()

    def forget(self) -> None:
        """In a forked child: close the inherited pipes (the parent's service must see EOF
        when the parent closes its end); the process is the parent's to reap."""
        self._close_pipes()  # unbuffered: nothing of the parent's is flushed

    def _close_pipes(self) -> None:
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


class _Reader:
    """Reads exact sizes from a pipe before a deadline."""

    def __init__(self, fd: int, deadline: float, timeout: float) -> None:
        self.fd, self.deadline, self.timeout = fd, deadline, timeout

    def __call__(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            remaining = self.deadline - time.monotonic()
            if _SELECTABLE_PIPES and (remaining <= 0 or not select.select([self.fd], [], [], remaining)[0]):
                raise _Broken(f"gave no answer within {self.timeout:g} s and was stopped")
            chunk = os.read(self.fd, size - len(data))
            if not chunk:
                raise _Broken("")
            data += chunk
        return data


_service: _Service | None = None
_lock = threading.Lock()


def transform(stylesheet: Path, xml: bytes, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The SVRL report of ``xml`` under ``stylesheet``, computed by this process's service.

    Raises:
        SaxonFailed: the service died or hung (it is killed; the next call starts
            another), or Saxon rejected the XML.
    """
    global _service
    with _lock:
        if _service is None or _service.owner != os.getpid():
            _service = _Service()
        service = _service
        try:
            # Starting the service and compiling a stylesheet (a second or two) is once per
            # process, not the work of the document that happens to come first.
            setup = stylesheet not in service.compiled
            with _render_timer_paused() if setup else contextlib.nullcontext():
                status, payload = service.ask(stylesheet, xml, timeout)
            service.compiled.add(stylesheet)
        except BaseException as exc:
            # Half a request or half an answer may sit in the pipes (a timeout, the
            # render time limit, Ctrl-C): this service is out of step for good.
            _service = None
            ending = service.kill()
            if isinstance(exc, _Broken):
                reason = str(exc) or f"died: it {ending}"
                raise SaxonFailed(
                    f"the schematron validator (Saxon) {reason}; the e-invoice could not be validated"
                    " (build again; if it persists, report it)"
                ) from None
            raise
    if status == ERROR:
        raise SaxonFailed(f"the schematron validator (Saxon) rejected the e-invoice XML: {payload.decode()}")
    return payload


@contextlib.contextmanager
def _render_timer_paused() -> Iterator[None]:
    """Stop the interval timer that enforces the render time limit (rendering/limits.py)
    meanwhile, and tell a build's watchdog (``building/pool.py``) not to count that time;
    our own timeout still bounds the wait."""
    from agencydocs.building.pool import not_counted

    timer = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    delay, interval = signal.setitimer(signal.ITIMER_REAL, 0) if timer else (0.0, 0.0)
    started = time.monotonic()
    try:
        yield
    finally:
        not_counted(time.monotonic() - started)
        if delay > 0:
            signal.setitimer(signal.ITIMER_REAL, delay, interval)


def stop() -> None:
    """Stop this process's service, if it has one (at exit; tests)."""
    global _service
    with _lock:
        service, _service = _service, None
    if service is not None and service.owner == os.getpid():
        service.stop()


def service_pid() -> int | None:
    """The pid of this process's running service, if any (tests)."""
    service = _service
    return service.process.pid if service is not None and service.owner == os.getpid() else None


def _after_fork_in_child() -> None:
    global _service, _lock
    _lock = threading.Lock()  # another thread may have held it at the fork
    if _service is not None:
        _service.forget()
        _service = None


def _ending(returncode: int | None) -> str:
    if returncode is not None and returncode < 0:
        number = -returncode
        name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else "?"
        return f"was killed by signal {number} ({name})"
    return f"exited with code {returncode}"


atexit.register(stop)
if hasattr(os, "register_at_fork"):  # Unix: where there is fork
    os.register_at_fork(after_in_child=_after_fork_in_child)
