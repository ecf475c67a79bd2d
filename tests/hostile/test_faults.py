"""Faults on the output side: output/ unusable, a disk that fills or fails, kill -9, two builds at once.

Each fault ends in one line naming the path and the cause (exit 1), leaves no
partial or temporary file, and leaves a manifest that describes the files on
disk; the next build then succeeds. The read-only and full-disk cases mount a
real tmpfs on output/ (the tests run as root, where chmod stops nothing);
faults in the middle of a write are injected in-process.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import re
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from agencydocs.building.builder import build
from agencydocs.building.confined import TEMP_PREFIX, OutputDir, OutputError
from agencydocs.building.lock import build_lock
from tests.helpers import replace_in_file
from tests.hostile.built import (
    FOLDER,
    STEMS,
    assert_manifest_consistent,
    assert_manifest_valid,
    outputs,
    shrink,
    temporaries,
)
from tests.hostile.harness import GuardedWorkspace, run_agencydocs

CLIENT = "clients/initech.yaml"  # every document of the shrunk workspace prints the client's name


def _rename_client(root: Path) -> None:
    """An edit that changes every document's output."""
    replace_in_file(root / CLIENT, "Initech Inc.", "Initech LLC")


@contextlib.contextmanager
def _tmpfs(path: Path, size: str) -> Iterator[None]:
    path.mkdir(exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], check=True)
    try:
        yield
    finally:
        subprocess.run(["umount", str(path)], check=True)


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not line.startswith("[")]  # not progress lines


def test_output_being_a_file(ready: GuardedWorkspace) -> None:
    for path in sorted(ready.output.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    ready.output.rmdir()
    ready.output.write_text("not a folder\n", encoding="utf-8")
    outcome = ready.run("build", "--format", "html")
    assert outcome.exit_code == 1
    assert outcome.stderr.splitlines() == ["Error: output: is a file, not a folder; move it away to build"]
    status = ready.run("status")
    assert (status.exit_code, status.stderr) == (0, "")
    assert ready.output.read_text(encoding="utf-8") == "not a folder\n"


def test_read_only_output(ready: GuardedWorkspace, built: Path) -> None:
    _rename_client(ready.root)
    with _tmpfs(ready.output, "1m"):
        copy_output_into(built, ready.output)
        before = outputs(ready.root)
        subprocess.run(["mount", "-o", "remount,ro", str(ready.output)], check=True)
        outcome = ready.run("build", "--format", "html")
        assert outcome.exit_code == 1
        assert outcome.stderr.splitlines() == [
            "Error: output/.agencydocs-lock: cannot create the build lock (Read-only file system)"
        ]
        status = ready.run("status")  # reading a read-only output/ is fine
        assert status.exit_code == 0 and "3 document(s) to render" in status.stdout
        assert outputs(ready.root) == before


def test_full_disk(ready: GuardedWorkspace, built: Path) -> None:
    reference = outputs(built)
    for path in sorted(ready.output.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    # 64 KiB: room for the first two HTML files (~50 KiB), not the third.
    with _tmpfs(ready.output, "64k"):
        # -j2: the error is raised in a worker process and must still end as one line.
        outcome = ready.run("build", "--format", "html", "-j2")
        assert outcome.exit_code == 1
        [error] = _error_lines(outcome.stderr)
        assert re.fullmatch(
            rf"Error: output/{FOLDER}/({'|'.join(STEMS)})\.html: cannot write \(No space left on device\)",
            error,
        ), error
        assert temporaries(ready.root) == []
        written = outputs(ready.root)
        assert written and all(reference[path] == data for path, data in written.items())
        if (ready.output / ".agencydocs-manifest.json").exists():
            assert_manifest_valid(ready.root)


def copy_output_into(built: Path, target: Path) -> None:
    """Copy the built output/ into an existing (mounted) folder."""
    for path in sorted((built / "output").rglob("*")):
        destination = target / path.relative_to(built / "output")
        if path.is_dir():
            destination.mkdir()
        else:
            destination.write_bytes(path.read_bytes())


@pytest.mark.parametrize(
    ("call", "error"),
    [
        ("write", errno.ENOSPC),  # the disk fills up halfway through a file
        ("fsync", errno.EIO),  # the disk fails
        ("replace", errno.EACCES),  # permission denied
    ],
)
def test_a_write_failing_mid_build_leaves_old_files_and_a_true_manifest(
    ready: GuardedWorkspace, built: Path, monkeypatch: pytest.MonkeyPatch, call: str, error: int
) -> None:
    root = ready.root
    _rename_client(root)
    ready.arm()
    old = outputs(root)
    real = getattr(os, call)
    temp_calls = 0

    def failing(*args: object, **kwargs: object) -> object:
        # Only writes of temporary output files fail, and only from the second document on.
        nonlocal temp_calls
        first = args[0]
        name = os.readlink(f"/proc/self/fd/{first}") if isinstance(first, int) else str(first)
        if TEMP_PREFIX in name:
            temp_calls += 1
            if temp_calls == 2:  # once: the index and the manifest are written after it
                if call == "write":
                    real(first, bytes(args[1])[:100])  # half a file reaches the disk first
                raise OSError(error, os.strerror(error))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, call, failing)
    with pytest.raises(OutputError) as caught:
        build(root, formats=["html"], jobs=1)
    monkeypatch.undo()
    assert caught.value.message == f"output/{FOLDER}/{STEMS[1]}.html: cannot write ({os.strerror(error)})"
    assert temporaries(root) == []
    now = outputs(root)
    assert b"Initech LLC" in now[f"{FOLDER}/{STEMS[0]}.html"]  # written before the fault
    assert {path: now[path] for path in list(now)[1:]} == {path: old[path] for path in list(old)[1:]}
    assert_manifest_consistent(root, documents=3)
    rendered: list[str] = []
    build(root, formats=["html"], jobs=1, on_document=rendered.append)
    assert len(rendered) == 2


@pytest.mark.slow  # real interpreters killed at set moments, builds in every format
def test_kill_minus_nine_at_random_moments(guarded: GuardedWorkspace, tmp_path: Path) -> None:
    root = shrink(guarded.root)
    formats = "html,pdf,docx"
    build(root, formats=formats.split(","), jobs=1)
    old = outputs(root)
    _rename_client(root)
    guarded.arm()
    delays = random.Random(20261130).sample([0.4, 0.9, 1.5, 2.2, 3.0, 3.8], 3)
    snapshots = []
    for delay in delays:
        process = subprocess.Popen(
            [sys.executable, "-m", "agencydocs", "build", "--format", formats, "-j2"],
            cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        _wait_until_no_process_builds(root)
        _assert_whole(root / "output")
        assert_manifest_valid(root)
        snapshots.append((delay, outputs(root)))
    outcome = run_agencydocs(["build", "--format", formats, "-j2"], root)
    assert outcome.exit_code == 0, outcome.output
    new = outputs(root)
    assert set(new) == set(old) and temporaries(root) == []
    for delay, snapshot in snapshots:
        for path, data in snapshot.items():
            assert data in (old[path], new[path]), f"{path} after kill -9 at {delay} s is neither old nor new"
    assert_manifest_consistent(root, documents=3)


def _wait_until_no_process_builds(root: Path, timeout: float = 10.0) -> None:
    """Workers die with their build (PR_SET_PDEATHSIG); give the kernel a moment."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = [p for p in Path("/proc").glob("[0-9]*") if _cwd_is(p, root)]
        if not alive:
            return
        time.sleep(0.1)
    raise AssertionError(f"processes still building in {root}")


def _cwd_is(process: Path, root: Path) -> bool:
    try:
        return Path(os.readlink(process / "cwd")) == root
    except OSError:
        return False


def _assert_whole(output: Path) -> None:
    for path in output.rglob("*.docx"):
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None, path
    for path in output.rglob("*.pdf"):
        assert path.read_bytes().startswith(b"%PDF-") and path.read_bytes().rstrip().endswith(b"%%EOF"), path
    for path in output.rglob("*.html"):
        assert path.read_bytes().rstrip().endswith(b"</html>"), path


def test_two_builds_at_once_and_status_meanwhile(ready: GuardedWorkspace) -> None:
    root = ready.root
    _rename_client(root)
    ready.arm()
    command = [sys.executable, "-m", "agencydocs", "build", "--format", "html,docx", "-j1"]
    builds = [
        subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    statuses = 0
    while any(process.poll() is None for process in builds):
        assert ready.run("status").exit_code == 0  # never crashes on a half-built output/
        statuses += 1
    results = [process.communicate() for process in builds]
    assert [process.returncode for process in builds] == [0, 0], results
    assert statuses >= 1
    # Serialised by the lock: the second build found everything up to date.
    rendered = sorted(int(re.match(r"Built (\d+) document", out).group(1)) for out, _ in results)  # type: ignore[union-attr]
    assert rendered == [0, 3]
    _assert_whole(root / "output")
    assert_manifest_consistent(root, documents=3)


def test_wait_gives_up_while_another_build_holds_the_lock(ready: GuardedWorkspace) -> None:
    with build_lock(OutputDir(ready.root)):
        outcome = ready.run("build", "--format", "html", "--wait", "1")
    assert outcome.exit_code == 1
    assert outcome.stderr.splitlines() == [
        f"waiting for another build (pid {os.getpid()}) to finish...",
        f"Error: another build (pid {os.getpid()}) is running; gave up after 1 s (--wait)",
    ]


def test_a_second_build_waits_for_the_first(ready: GuardedWorkspace) -> None:
    ready.arm()
    lock = build_lock(OutputDir(ready.root))
    lock.__enter__()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "agencydocs", "build", "--format", "html"],
            cwd=ready.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert process.stderr is not None
        assert process.stderr.readline() == f"waiting for another build (pid {os.getpid()}) to finish...\n"
        assert process.poll() is None
    finally:
        lock.__exit__(None, None, None)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert stdout.startswith("Built 0 document(s), 3 up to date")


def test_only_temporaries_of_dead_processes_are_removed(ready: GuardedWorkspace) -> None:
    folder = ready.output / FOLDER
    dead = subprocess.Popen(["true"])
    dead.wait()
    alive = subprocess.Popen(["sleep", "60"])
    try:
        names = {
            "alive": f"{TEMP_PREFIX}{alive.pid}-0001",
            "dead": f"{TEMP_PREFIX}{dead.pid}-0002",
            "legacy": f"{TEMP_PREFIX}x7k2p",  # from before temporaries were named after their owner
        }
        for name in names.values():
            (folder / name).write_bytes(b"half")
        ready.arm()
        build(ready.root, formats=["html"], jobs=1)
        assert sorted(p.name for p in temporaries(ready.root)) == [names["alive"]]
    finally:
        alive.kill()
        alive.wait()
