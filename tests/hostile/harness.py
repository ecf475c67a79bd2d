"""The hostile-input suite's harness: run the real CLI as a process and watch the disk around it.

Every case asserts the exact outcome (refused with ``file:line`` or rendered
literally), that no traceback was printed, that nothing hung past a timeout,
and that no file outside ``output/`` was created, changed or deleted: the
whole folder around the workspace is hashed before and after.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import CliResult

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
    """Run ``agencydocs ARGS`` in a fresh interpreter; fail the test on a traceback or a hang."""
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    completed = subprocess.run(
        [sys.executable, "-m", "agencydocs", *args],
        cwd=cwd, env=environment, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    outcome = Outcome(completed.returncode, completed.stdout, completed.stderr)
    assert "Traceback (most recent call last)" not in outcome.output, outcome.output
    assert outcome.exit_code in (0, 1, 2), outcome.output
    return outcome


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
