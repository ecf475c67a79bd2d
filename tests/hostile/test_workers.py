"""A worker that dies (OOM killer, ``kill -9``) or hangs in C code fails only its document.

The build runs in this process (the CLI through CliRunner) and forks its
workers, which inherit the monkeypatched job function: the fault is injected
in the worker only, with no hook in the product code.
"""

from __future__ import annotations

import faulthandler
import os
import re
import signal
import time
from pathlib import Path

import pytest

from agencydocs.building import workers
from tests.helpers import example_workspace, replace_in_file, run_cli

# Builds in this process with forked workers, some waiting for the watchdog.
pytestmark = pytest.mark.slow

INVOICE = "projects/globex-seo/invoice-2026-018.yaml"
ACT = "projects/globex-seo/act-2026-015.yaml"
OUT = "output/globex/globex-seo"
# Faults that kill the worker: the OOM killer's SIGKILL, a crash in C code (Saxon/C did once).
FATAL_SIGNALS = {"kill": signal.SIGKILL, "segv": signal.SIGSEGV}


def _inject(monkeypatch: pytest.MonkeyPatch, attempts: Path, fault: str, times: int) -> None:
    """Make the worker rendering INVOICE suffer ``fault`` on its first ``times`` attempts."""
    real = workers.run_job

    def faulty(job: workers.Job) -> workers.JobResult:
        assert workers._workspace is not None
        if workers._workspace.documents[job.index].file.display == INVOICE:
            attempts.mkdir(exist_ok=True)
            number = len(list(attempts.iterdir())) + 1
            (attempts / f"{number}-{os.getpid()}").touch()
            if number <= times:
                if fault in FATAL_SIGNALS:
                    faulthandler.disable()  # pytest's: no stack dump for a crash on purpose
                    os.kill(os.getpid(), FATAL_SIGNALS[fault])
                # Stuck where no Python signal handler runs: the render timer cannot fire.
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
                time.sleep(600)
        return real(job)

    monkeypatch.setattr(workers, "run_job", faulty)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_worker_killed_twice_fails_only_its_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    root = example_workspace(tmp_path)
    attempts = tmp_path / "attempts"
    _inject(monkeypatch, attempts, "kill", times=2)
    result = run_cli(["build", INVOICE, ACT, "--format", "html", "-j", jobs], cwd=root)
    assert result.exit_code == 1, result.output
    assert result.problem_lines[-2:] == [
        f"{INVOICE}: worker killed by signal 9 (SIGKILL), probably out of memory; retried once",
        "Error: 1 problem(s) while rendering; other documents were built",
    ], result.stderr
    assert "Traceback" not in result.output and "BrokenProcessPool" not in result.output
    # Two attempts, each in its own (fresh) worker process.
    pids = {name.split("-")[1] for name in os.listdir(attempts)}
    assert len(os.listdir(attempts)) == 2 and len(pids) == 2
    assert (root / OUT / "act-2026-015.html").is_file()
    assert not (root / OUT / "invoice-2026-018.html").exists()


@pytest.mark.parametrize(
    ("fault", "death"),
    [
        ("kill", "worker killed by signal 9 (SIGKILL), probably out of memory"),
        ("segv", "worker killed by signal 11 (SIGSEGV)"),
    ],
)
def test_a_worker_killed_once_is_retried_the_document_built_and_the_death_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str, death: str
) -> None:
    root = example_workspace(tmp_path)
    attempts = tmp_path / "attempts"
    _inject(monkeypatch, attempts, fault, times=1)
    result = run_cli(["build", INVOICE, ACT, "--format", "html", "-j", "2"], cwd=root)
    assert result.exit_code == 0, result.output  # a warning does not fail the build
    progress = re.compile(r"\[\d+/\d+\] ")  # "[1/2] <document>" lines, when stderr is no terminal
    assert [line for line in result.problem_lines if not progress.match(line)] == [
        f"{INVOICE}: warning: {death}; the document was rendered again in a fresh worker"
    ], result.stderr
    assert result.stdout.startswith("Built 2 document(s)"), result.stdout
    assert len(os.listdir(attempts)) == 2
    assert (root / OUT / "invoice-2026-018.html").read_text(encoding="utf-8").count("2026-018") >= 1
    assert (root / OUT / "act-2026-015.html").is_file()


def test_a_worker_stuck_beyond_its_time_limit_is_killed_by_the_watchdog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = example_workspace(tmp_path)
    with (root / "agency.yaml").open("a", encoding="utf-8") as agency:
        agency.write("\nlimits:\n  render_seconds: 1\n")
    attempts = tmp_path / "attempts"
    _inject(monkeypatch, attempts, "hang", times=1)
    started = time.monotonic()
    result = run_cli(["build", INVOICE, ACT, "--format", "html", "-j", "2"], cwd=root)
    assert time.monotonic() - started < 60
    assert result.exit_code == 1, result.output
    assert result.problem_lines[-2:] == [
        f"{INVOICE}: stopped after 1 s: the render time limit (limits.render_seconds in agency.yaml)",
        "Error: 1 problem(s) while rendering; other documents were built",
    ], result.stderr
    assert len(os.listdir(attempts)) == 1  # an overrun is not retried: it would overrun again
    assert (root / OUT / "act-2026-015.html").is_file()


def test_without_fork_the_time_limit_holds_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # macOS and Windows have no fork: documents render in the build process, still within the limit.
    root = example_workspace(tmp_path)
    with (root / "agency.yaml").open("a", encoding="utf-8") as agency:
        agency.write("\nlimits:\n  render_seconds: 1\n")
    template = root / "templates/invoice/invoice.html"
    template.parent.mkdir(parents=True, exist_ok=True)
    loop = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    template.write_text(f"<p>start</p>\n{loop}\n", encoding="utf-8")
    # No e-invoice: starting the Saxon service and compiling the rules take about a second
    # of the limit on a busy machine, and the limit must strike in the template.
    replace_in_file(root / "clients/globex.yaml", "einvoice: factur-x\n", "")
    monkeypatch.setattr(workers.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    result = run_cli(["build", INVOICE, ACT, "--format", "html", "-j", "2"], cwd=root)
    assert result.exit_code == 1, result.output
    assert result.problem_lines[-2:] == [
        "templates/invoice/invoice.html:2:1: rendering took longer than the render time limit of 1 s"
        f" (limits.render_seconds in agency.yaml) (rendering {INVOICE})",
        "Error: 1 problem(s) while rendering; other documents were built",
    ], result.stderr
    assert (root / OUT / "act-2026-015.html").is_file()
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # the timer is off again


def _square(number: int) -> int:
    return number * number


def _leave_a_mark(folder: Path) -> None:
    (folder / str(os.getpid())).touch()


def test_every_worker_runs_its_finalizer_when_the_pool_ends(tmp_path: Path) -> None:
    """Idle workers are told to stop, so each one stops what it started (its Saxon service).

    A worker forked after another holds a copy of the parent's end of that
    one's pipe: closing the parent's end alone never ended its input, and
    each worker was killed, finalizer unrun, after waiting out the stop time.
    """
    from functools import partial

    from agencydocs.building.pool import run_pool

    results: dict[int, int] = {}
    run_pool(
        [2, 3, 4], _square, 2, lambda job, result: results.__setitem__(job, result),
        time_limit=10, finalizer=partial(_leave_a_mark, tmp_path),
    )  # fmt: skip
    assert results == {2: 4, 3: 9, 4: 16}
    assert (
        len(list(tmp_path.iterdir())) == 2
    )  # both workers ran it, each in its own process (a kill runs none)


def _sleep_after_setup(setup: float) -> str:
    """A job whose worker spends ``setup`` seconds of its own first (as starting Saxon is)."""
    from agencydocs.building.pool import not_counted

    not_counted(setup)
    time.sleep(1.5)
    return "done"


def test_a_workers_own_set_up_does_not_count_against_the_watchdog(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker's render timer pauses while it starts the Saxon service; the parent's watchdog
    must not kill it for that time either."""
    from agencydocs.building import pool

    monkeypatch.setattr(pool, "GRACE_SECONDS", 0.3)
    results: dict[float, object] = {}
    pool.run_pool(
        [0.0, 2.0],
        _sleep_after_setup,
        2,
        lambda job, result: results.__setitem__(job, result),
        time_limit=0.5,
    )
    assert results[2.0] == "done"
    stopped = results[0.0]
    assert isinstance(stopped, pool.Failure) and stopped.message.startswith("stopped after 0.5 s")
