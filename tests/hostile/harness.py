"""The hostile-input suite's harness: run the real CLI as a process and watch the disk around it.

Every case asserts the exact outcome (refused with ``file:line`` or rendered
literally), that no traceback was printed, that nothing hung past a timeout,
and that no file outside ``output/`` was created, changed or deleted: the
whole folder around the workspace is hashed before and after.

The CLI runs in a forked copy of the test process, not a fresh interpreter:
a fresh ``python -m agencydocs`` spends most of a case importing (WeasyPrint
alone takes a second), and 234 cases made the hostile suite the slowest part
of the tests. The child is still a process of its own, as the real command
is: its own working folder, environment, standard streams (captured in files)
and process group, ``agencydocs.cli.main`` reading ``sys.argv`` as
``python -m agencydocs`` does, and ``os._exit`` with the exit code, so
nothing of the test process runs after it. A traceback, a death by a signal or
an exit code other than 0, 1, 2 fails the test; a run past its timeout is
killed with its whole process group (build workers too) and fails the test.
Tests that must see a cold start (lazy imports, ``pre-commit``) or kill a
build at random start a real interpreter themselves.
"""

from __future__ import annotations

import contextlib
import faulthandler
import functools
import hashlib
import importlib
import io
import locale
import logging
import os
import pkgutil
import select
import signal
import sys
import tempfile
import threading
import time
import traceback
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NoReturn

from tests.helpers import CliResult, example_workspace, run_cli

# Long enough for a cold build of a small workspace on a busy 2-core machine;
# a hang is anything beyond it.
DEFAULT_TIMEOUT = 120


@dataclass(frozen=True)
class Outcome(CliResult):
    """What a CLI run in its own process printed, and its exit code."""

    @property
    def own_problem_lines(self) -> list[str]:
        """The problem lines without the documents that only say an input of theirs has errors
        (``uses client "x", which has errors``: tests/test_cascading.py pins those)."""
        return [line for line in self.problem_lines if not line.endswith(", which has errors")]


def run_agencydocs(
    args: Sequence[str], cwd: Path, *, timeout: float = DEFAULT_TIMEOUT, env: dict[str, str] | None = None
) -> Outcome:
    """Run ``agencydocs ARGS`` in a child process; fail the test on a traceback or a hang."""
    _preload()
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        sys.stdout.flush(), sys.stderr.flush()  # or the child would print the parent's buffers again
        pid = os.fork()
        if pid == 0:
            _run_child(list(args), cwd, environment, stdout.fileno(), stderr.fileno())
        _own_group(pid)
        status = _wait(pid, timeout)
        outcome = Outcome(_exit_code(status), _text(stdout), _text(stderr))
    assert status is not None, f"agencydocs {' '.join(args)} hung: killed after {timeout} s\n{outcome.output}"
    assert "Traceback (most recent call last)" not in outcome.output, outcome.output
    assert outcome.exit_code in (0, 1, 2), outcome.output
    return outcome


@functools.cache
def _preload() -> None:
    """Import every module of agencydocs and check a copy of the example, once, before any fork.

    So that each run pays for its work, not for imports or for what the first
    run of a process builds and keeps (pydantic schemas, Babel's locale data,
    the built-in labels). Those caches hold built-in data only; whatever a run
    reads from its workspace is keyed by that workspace's own path. Without
    this, how warm a child starts would depend on which tests its pytest
    worker happened to run before.
    """
    import agencydocs

    for module in pkgutil.walk_packages(agencydocs.__path__, "agencydocs."):
        if not module.name.endswith(".__main__"):  # that one would run the CLI
            importlib.import_module(module.name)
    with tempfile.TemporaryDirectory() as folder:
        result = run_cli(["check"], cwd=example_workspace(Path(folder)))
        assert result.exit_code == 0, result.output


def _own_group(pid: int) -> None:
    """Put ``pid`` in a process group of its own (the child does it too: whoever runs first)."""
    with contextlib.suppress(OSError):  # the child has already done it, or has already exited
        os.setpgid(pid, pid)


def _run_child(args: list[str], cwd: Path, environment: dict[str, str], stdout: int, stderr: int) -> NoReturn:
    """In the forked child: become ``python -m agencydocs ARGS`` and exit; never returns."""
    code = 1
    try:
        _own_group(0)
        _redirect_streams(stdout, stderr)
        _undo_pytest()
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(environment)
        sys.argv = ["agencydocs", *args]
        from agencydocs.cli import main

        main()
        code = 0
    except SystemExit as exc:
        code = _system_exit_code(exc)
    except BaseException:  # what the interpreter would print, so the test sees the traceback
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):  # the exit code still tells; nowhere else to report
                stream.flush()
        os._exit(code)


def _redirect_streams(stdout: int, stderr: int) -> None:
    """Standard input from /dev/null, output and errors into the files, as ``subprocess.run`` sets up."""
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(stdout, 1)
    os.dup2(stderr, 2)
    encoding = locale.getpreferredencoding(False)
    sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding=encoding)
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding=encoding)
    sys.stderr = io.TextIOWrapper(
        io.FileIO(2, "w", closefd=False), encoding=encoding, errors="backslashreplace", line_buffering=True
    )


def _undo_pytest() -> None:
    """Take back what pytest set up in this process, so that the child reports as a fresh
    interpreter does: warnings, log records and exceptions in threads go to its stderr."""
    faulthandler.disable()  # pytest's, writing to the test's stderr
    root = logging.getLogger()
    for handler in list(root.handlers):  # pytest's capturing handlers: the last-resort one prints
        root.removeHandler(handler)
    root.setLevel(logging.WARNING)
    logging.disable(logging.NOTSET)
    warnings.resetwarnings()  # the interpreter's default filters, most specific first
    for category in (ResourceWarning, ImportWarning, PendingDeprecationWarning, DeprecationWarning):
        warnings.simplefilter("ignore", category)
    warnings.filterwarnings("default", category=DeprecationWarning, module="__main__")
    warnings.showwarning = _show_warning  # pytest records them instead
    sys.excepthook = sys.__excepthook__
    sys.unraisablehook = sys.__unraisablehook__
    threading.excepthook = threading.__excepthook__


def _show_warning(  # noqa: PLR0913 - the signature of warnings.showwarning
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: object = None,
    line: str | None = None,
) -> None:
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def _system_exit_code(exc: SystemExit) -> int:
    """The exit status the interpreter makes of ``SystemExit``: a message is printed and means 1."""
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code & 0xFF
    print(exc.code, file=sys.stderr)
    return 1


def _wait(pid: int, timeout: float) -> int | None:
    """The wait status of ``pid``, or None when it ran past ``timeout`` and was killed with its group."""
    deadline = time.monotonic() + timeout
    pidfd = os.pidfd_open(pid)
    try:
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return status
            left = deadline - time.monotonic()
            if left <= 0:
                break
            select.select([pidfd], [], [], left)
    finally:
        os.close(pidfd)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None


def _exit_code(status: int | None) -> int:
    """As ``subprocess``: the exit code, or minus the number of the signal that killed the process."""
    return -signal.SIGKILL if status is None else os.waitstatus_to_exitcode(status)


def _text(file: IO[bytes]) -> str:
    """A captured stream, decoded as ``subprocess.run(text=True)`` does (universal newlines, strict)."""
    file.seek(0)
    return io.TextIOWrapper(io.BytesIO(file.read()), encoding=locale.getpreferredencoding(False)).read()


def tree_digest(root: Path, *, skip: Sequence[Path] = ()) -> dict[str, str]:
    """Path -> SHA-256 (or link target, or ``dir``) of everything under ``root`` except ``skip``.

    Symlinks are recorded by target and never followed, so a link pointing out
    of the tree is watched without walking what it points to.
    """
    skipped = {path.resolve() if not path.is_symlink() else path for path in skip}
    digest: dict[str, str] = {}
    for current, dirs, files in os.walk(root, followlinks=False):
        here = Path(current)
        dirs[:] = [d for d in dirs if here / d not in skipped and (here / d).resolve() not in skipped]
        for name in [*dirs, *files]:
            path = here / name
            relative = path.relative_to(root).as_posix()
            if path.is_symlink():
                digest[relative] = "-> " + os.readlink(path)
            elif path.is_dir():
                digest[relative] = "dir"
            elif path.is_file():
                digest[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                digest[relative] = "special"
    return digest


class GuardedWorkspace:
    """A workspace under ``tmp`` and, once armed, a hash of everything in ``tmp`` but ``output/``."""

    def __init__(self, tmp: Path, root: Path) -> None:
        self.tmp = tmp
        self.root = root
        self.output = root / "output"
        self.outside = tmp / "outside"
        self.outside.mkdir(exist_ok=True)
        (self.outside / "precious.txt").write_text("must survive\n", encoding="utf-8")
        self.before: dict[str, str] | None = None

    def arm(self) -> None:
        """Take the reference state: call after writing the hostile input, before running."""
        self.before = tree_digest(self.tmp, skip=[self.output])

    def run(self, *args: str, timeout: float = DEFAULT_TIMEOUT, env: dict[str, str] | None = None) -> Outcome:
        """Arm (if not yet) and run ``agencydocs ARGS`` in the workspace."""
        if self.before is None:
            self.arm()
        return run_agencydocs(args, self.root, timeout=timeout, env=env)

    def assert_untouched(self) -> None:
        if self.before is None:
            return
        after = tree_digest(self.tmp, skip=[self.output])
        changed = sorted(set(self.before.items()) ^ set(after.items()))
        assert not changed, f"files outside output/ changed: {changed}"
