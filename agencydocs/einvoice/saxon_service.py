"""The Saxon process: runs compiled schematron stylesheets for its parent over a pipe.

Saxon/C is a GraalVM native image, and a GraalVM isolate does not survive
``fork``: its threads (the "Reference Handler") stay behind in the parent,
and a forked child that uses the inherited isolate may crash (a build worker
died with SIGSEGV in the schematron). Build workers are forked, and the
processes that fork them (a test, ``serve``, ``check``) may have run an
invoice's rules first. So no agencydocs process loads Saxon itself: each one
that validates starts this small program (``python -m
agencydocs.einvoice.saxon_service``, a fresh interpreter, never a fork), which
compiles each stylesheet once and answers requests until its stdin closes.

The protocol is length-prefixed bytes (:func:`frame`): a request is
the stylesheet's path then the XML; the answer one status byte,
:data:`REPORT` (the SVRL report follows) or :data:`ERROR` (Saxon's message).
"""

from __future__ import annotations

import ctypes
import functools
import os
import signal
import struct
import sys
from typing import IO, Any

REPORT = b"R"
ERROR = b"E"
_LENGTH = struct.Struct(">I")
_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def frame(data: bytes) -> bytes:
    """``data`` with its length in front (4 bytes, big-endian)."""
    return _LENGTH.pack(len(data)) + data


def read_frame(stream: IO[bytes]) -> bytes | None:
    """The next frame of ``stream``; None at its end (the parent closed the pipe)."""
    header = stream.read(_LENGTH.size)
    if len(header) < _LENGTH.size:
        return None
    (length,) = _LENGTH.unpack(header)
    data = stream.read(length)
    if len(data) < length:
        return None
    return data


@functools.cache
def _processor() -> Any:
    from saxonche import PySaxonProcessor

    return PySaxonProcessor(license=False)


@functools.cache
def _executable(stylesheet: str) -> Any:
    """The compiled stylesheet: compiling the 700 kB EN 16931 rules takes about a second."""
    return _processor().new_xslt30_processor().compile_stylesheet(stylesheet_file=stylesheet)


def transform(stylesheet: str, xml: bytes) -> bytes:
    """The SVRL report of ``xml`` under ``stylesheet``."""
    document = _processor().parse_xml(xml_text=xml.decode("utf-8"))
    return str(_executable(stylesheet).transform_to_string(xdm_node=document)).encode("utf-8")


def serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """Answer every request of ``requests`` until it ends."""
    while (stylesheet := read_frame(requests)) is not None and (xml := read_frame(requests)) is not None:
        try:
            status, payload = REPORT, transform(stylesheet.decode("utf-8"), xml)
        except Exception as exc:  # noqa: BLE001 - Saxon's errors go back to the caller, the service stays
            status, payload = ERROR, f"{type(exc).__name__}: {exc}".encode()
        answers.write(status + frame(payload))
        answers.flush()


def _die_with(parent: int) -> None:
    """Exit when ``parent`` dies, even by ``kill -9`` (Linux); elsewhere stdin's EOF does it."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def main(argv: list[str]) -> None:
    """``saxon_service [PARENT_PID]``: with a pid, die with that parent process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it closes our stdin
    if argv:
        _die_with(int(argv[0]))
    # The answers go to a private copy of stdout; anything Saxon prints goes to stderr.
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    main(sys.argv[1:])
