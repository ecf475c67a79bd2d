"""The harness itself: a change outside output/ is caught, one inside is not."""

from __future__ import annotations

import logging
import os
import time
import warnings
from pathlib import Path

import pytest

from agencydocs.commands import check as check_command
from tests.hostile.harness import GuardedWorkspace


def test_guard_sees_a_change_outside_output(guarded: GuardedWorkspace) -> None:
    guarded.arm()
    (guarded.outside / "precious.txt").unlink()
    with pytest.raises(AssertionError, match="precious.txt"):
        guarded.assert_untouched()
    guarded.before = None  # the teardown check has been exercised here


def test_guard_ignores_output(guarded: GuardedWorkspace) -> None:
    guarded.arm()
    guarded.output.mkdir()
    (guarded.output / "x.html").write_text("x", encoding="utf-8")
    guarded.assert_untouched()


def test_check_of_the_example_is_clean_and_confined(guarded: GuardedWorkspace) -> None:
    outcome = guarded.run("check")
    assert outcome.exit_code == 0, outcome.output


# The harness runs the CLI in a forked child, which inherits this process's modules,
# monkeypatches included: a patched ``check`` stands in for a fault of the product.


def test_a_traceback_in_the_child_fails_the_test(
    guarded: GuardedWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(root: Path, **_options: object) -> None:
        raise RuntimeError("a bug in the product")

    monkeypatch.setattr(check_command, "check", broken)
    with pytest.raises(AssertionError, match=r"(?s)Traceback \(most recent call last\).*RuntimeError: a bug"):
        guarded.run("check")


def test_a_hang_is_killed_with_its_workers_and_fails_the_test(
    guarded: GuardedWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    guarded.output.mkdir()
    pids = guarded.output / "pids"

    def hanging(root: Path, **_options: object) -> None:
        if os.fork() == 0:  # a build worker, stuck as well
            time.sleep(600)
            os._exit(0)
        with pids.open("a", encoding="utf-8") as file:
            file.write(f"{os.getpid()}\n")
        time.sleep(600)

    monkeypatch.setattr(check_command, "check", hanging)
    started = time.monotonic()
    with pytest.raises(AssertionError, match="hung: killed after 1 s"):
        guarded.run("check", timeout=1)
    assert time.monotonic() - started < 60
    [child] = [int(pid) for pid in pids.read_text(encoding="utf-8").split()]
    deadline = time.monotonic() + 10  # the kill is sent; the worker may take a moment to die
    while _running_in_group(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _running_in_group(child) == []


def _running_in_group(group: int) -> list[int]:
    """The processes of process group ``group`` that are alive (not zombies waiting to be reaped)."""
    running = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text(encoding="utf-8").rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        state, process_group = fields[0], int(fields[2])
        if process_group == group and state not in "ZX":
            running.append(int(stat.parent.name))
    return running


def test_warnings_and_log_records_reach_stderr_as_in_a_fresh_interpreter(
    guarded: GuardedWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = check_command.check

    def noisy(root: Path, **_options: object) -> check_command.CheckResult:
        warnings.warn("a warning of a library", UserWarning, stacklevel=1)
        logging.getLogger("agencydocs.rendering.pdf").warning("a log record of a library")
        return real(root)

    monkeypatch.setattr(check_command, "check", noisy)
    outcome = guarded.run("check")
    assert outcome.exit_code == 0, outcome.output
    assert "UserWarning: a warning of a library" in outcome.stderr
    assert "a log record of a library\n" in outcome.stderr
