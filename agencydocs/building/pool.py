"""Forked worker processes that survive the death of any one of them.

``concurrent.futures.ProcessPoolExecutor`` breaks as a whole when one worker
dies (the OOM killer, ``kill -9``): every pending job then fails with
``BrokenProcessPool``, and nobody knows which document killed it. Here each
worker runs one job at a time over its own pipe, so the parent always knows
which job a dead worker held. That job is retried once in a fresh worker (a
neighbour's memory spike may have been the cause), then reported as failed;
the others go on. A retry that succeeds is still told (``on_retry``): a
worker that died is a fault to see, not to hide. A watchdog kills a worker
whose job runs past its time limit plus a grace period: the worker's own
timer cannot interrupt C code. Time a job spends on the worker's own set-up
(starting the Saxon service, compiling a stylesheet: not the document's
work) does not count: the worker says so (:func:`not_counted`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar

J = TypeVar("J")
R = TypeVar("R")

ATTEMPTS = 2  # a job whose worker dies is run once more, in a fresh worker
GRACE_SECONDS = 5.0  # the worker's own timer reports first, with the template line
_STOP_SECONDS = 2.0
_STOP = "agencydocs-pool-stop"  # sent to an idle worker instead of a job: run the finalizer and exit
_NOT_COUNTED = "agencydocs-pool-not-counted"  # sent by a worker, with seconds: not its job's time

# In a worker: its end of the pipe to the parent (for not_counted).
_to_parent: Connection | None = None


@dataclass(frozen=True)
class Failure:
    """Why a job produced no result: its worker died or was stopped by the watchdog."""

    message: str
    retry: bool = False  # a death may be a neighbour's fault; an overrun would just repeat


class _Worker(Generic[J]):
    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.job: J | None = None
        self.started = 0.0

    def give(self, job: J) -> None:
        self.job, self.started = job, time.monotonic()
        self.conn.send(job)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(_STOP_SECONDS)
        self.conn.close()  # a second close does nothing


def run_pool(
    jobs: Sequence[J],
    work: Callable[[J], R],
    processes: int,
    on_result: Callable[[J, R | Failure], None],
    *,
    time_limit: float,
    initializer: Callable[[], None] | None = None,
    on_start: Callable[[], None] | None = None,
    on_retry: Callable[[J, Failure], None] | None = None,
    finalizer: Callable[[], None] | None = None,
) -> None:
    """Run ``work(job)`` for every job in ``processes`` forked workers.

    ``on_result(job, result)`` is called in this process for each job, with
    a :class:`Failure` when the job's worker died twice or outlived
    ``time_limit`` + :data:`GRACE_SECONDS`. ``on_retry(job, failure)`` is
    called when a job's worker died and the job is run again. A worker runs
    ``initializer`` first and ``finalizer`` when told to stop (not when
    killed). Jobs and results are pickled.
    """
    context = multiprocessing.get_context("fork")
    queue: deque[J] = deque(jobs)
    tries: dict[int, int] = {}

    def spawn() -> _Worker[J]:
        parent_end, child_end = context.Pipe()
        process = context.Process(target=_serve, args=(child_end, work, initializer, finalizer), daemon=True)
        process.start()
        child_end.close()
        return _Worker(process, parent_end)

    workers = [spawn() for _ in range(min(processes, len(jobs)))]
    if on_start is not None:
        on_start()
    try:
        while queue or any(w.job is not None for w in workers):
            for worker in workers:
                if worker.job is None and queue:
                    worker.give(queue.popleft())
            busy = [w for w in workers if w.job is not None]
            wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=1.0)
            for index, worker in enumerate(workers):
                failure = _collect(worker, on_result, time_limit)
                if failure is None:
                    continue
                job = worker.job
                assert job is not None
                worker.kill()
                workers[index] = spawn()
                key = id(job)
                tries[key] = tries.get(key, 0) + 1
                if failure.retry and tries[key] < ATTEMPTS:
                    if on_retry is not None:
                        on_retry(job, failure)
                    queue.appendleft(job)
                else:
                    on_result(job, Failure(f"{failure.message}; retried once") if failure.retry else failure)
    finally:
        # Idle workers are told to stop: they run the finalizer and stop what they
        # started; a busy one (Ctrl-C, an error here) is killed at once. Told, not
        # left to see EOF: every worker forked after another holds a copy of our
        # end of that one's pipe, so closing ours would not end its input.
        for worker in workers:
            if worker.job is None:
                with contextlib.suppress(OSError):
                    worker.conn.send(_STOP)
                worker.conn.close()
        for worker in workers:
            if worker.job is None:
                worker.process.join(_STOP_SECONDS)
            worker.kill()


def _collect(
    worker: _Worker[J], on_result: Callable[[J, R | Failure], None], time_limit: float
) -> Failure | None:
    """Hand on the worker's result if it has one; return a Failure if it died or overran."""
    if worker.job is None:
        return None
    try:
        while worker.conn.poll():
            result = worker.conn.recv()
            if isinstance(result, tuple) and result[:1] == (_NOT_COUNTED,):
                worker.started += result[1]  # the watchdog waits that much longer
                continue
            job, worker.job = worker.job, None
            on_result(job, result)
            return None
    except (EOFError, OSError):
        pass  # the pipe closed: the worker is gone
    if not worker.process.is_alive():
        worker.process.join()
        return Failure(_death(worker.process.exitcode), retry=True)
    if time.monotonic() - worker.started > time_limit + GRACE_SECONDS:
        return Failure(
            f"stopped after {time_limit:g} s: the render time limit (limits.render_seconds in agency.yaml)"
        )
    return None


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        number = -exitcode
        name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else "?"
        hint = ", probably out of memory" if number == signal.SIGKILL else ""
        return f"worker killed by signal {number} ({name}){hint}"
    return f"worker exited unexpectedly with code {exitcode}"


def _serve(
    conn: Connection,
    work: Callable[[J], R],
    initializer: Callable[[], None] | None,
    finalizer: Callable[[], None] | None,
) -> None:
    """A worker's loop: receive a job, send its result, until the pipe closes."""
    global _to_parent
    _to_parent = conn
    # Ctrl-C reaches the whole process group; the parent handles it and stops us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            job = _STOP
        if isinstance(job, str) and job == _STOP:  # unpickled: equal, not the same object
            if finalizer is not None:
                finalizer()
            os._exit(0)
        conn.send(work(job))


def not_counted(seconds: float) -> None:
    """In a worker: tell the parent's watchdog that ``seconds`` of the current job were the
    worker's own set-up, not the job's; elsewhere nothing."""
    if _to_parent is not None and seconds > 0:
        with contextlib.suppress(OSError):
            _to_parent.send((_NOT_COUNTED, seconds))
