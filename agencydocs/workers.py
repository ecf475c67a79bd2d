"""Rendering jobs, in this process or in a pool of worker processes.

A job resolves one document, renders it in every requested format and writes
the files atomically; it returns what the manifest needs. Workers are forked
after the workspace has been loaded and checked, so they inherit it instead
of reading it again. Output bytes do not depend on which process renders a
document, so ``-j 1`` and ``-j 8`` give identical files.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from agencydocs.confined import OutputDir
from agencydocs.errors import AgencyDocsError, Problem
from agencydocs.workspace import Workspace

if TYPE_CHECKING:
    from agencydocs.rendering.pipeline import Renderer


@dataclass(frozen=True)
class Job:
    index: int  # position of the document in ``workspace.documents``
    outputs: dict[str, Path]  # format -> output path, inside ``output``
    output: OutputDir  # writes there go through it: atomic, confined, never through a link


@dataclass
class JobResult:
    index: int
    title: str = ""
    note: str = ""
    number: str = ""
    written: int = 0
    unchanged: int = 0
    digests: dict[str, str] = field(default_factory=dict)  # format -> sha256
    problems: list[Problem] = field(default_factory=list)


# Set in the parent before forking and inherited by the workers, so they
# share the checked workspace and the templates the parent compiled.
_workspace: Workspace | None = None
_renderer: Renderer | None = None


def run_job(job: Job) -> JobResult:
    """Resolve, render and write one document; template errors become problems."""
    from agencydocs.kinds import resolve
    from agencydocs.rendering.pipeline import Renderer

    global _renderer
    assert _workspace is not None, "set_workspace() must run before jobs"
    if _renderer is None:
        _renderer = Renderer(_workspace.root)
    source = _workspace.documents[job.index]
    result = JobResult(job.index)
    try:
        context = resolve(_workspace, source)
        rendered = _renderer.render(context, list(job.outputs))
    except AgencyDocsError as exc:
        result.problems = exc.problems or [Problem(source.file.display, message=exc.message)]
        return result
    result.title, result.note, result.number = context.title, context.index_note, context.number
    for fmt, path in job.outputs.items():
        data = rendered[fmt]
        result.digests[fmt] = hashlib.sha256(data).hexdigest()
        # An OutputError (disk full, read-only, a link in the way) is not the
        # document's fault: it ends the whole build, with one line.
        if job.output.write(path.relative_to(job.output.path).as_posix(), data):
            result.written += 1
        else:
            result.unchanged += 1
    del rendered, context
    _release_memory()
    return result


def _release_memory() -> None:
    """Give a document's garbage back to the system before the next one.

    Layout trees hold reference cycles, and glibc keeps freed memory in its
    arenas; without this a worker grows ~25% larger over a long build. The
    collection is cheap because ``run_jobs`` froze the workspace and the
    preloaded libraries: unfrozen, every collection walked all of WeasyPrint
    and took longer (27 ms) than rendering an HTML invoice.
    """
    gc.collect()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _load_libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc (macOS, musl): nothing to trim
        return None
    return libc if hasattr(libc, "malloc_trim") else None


_LIBC = _load_libc() if sys.platform.startswith("linux") else None


def set_workspace(workspace: Workspace, renderer: Renderer | None = None) -> None:
    global _workspace, _renderer
    _workspace, _renderer = workspace, renderer


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run_jobs(
    workspace: Workspace,
    jobs: Sequence[Job],
    processes: int,
    on_done: Callable[[JobResult], None],
    renderer: Renderer | None = None,
    on_start: Callable[[], None] | None = None,
) -> None:
    """Run ``jobs``, calling ``on_done`` in this process as each one finishes.

    ``renderer``: one whose templates are already compiled (by the build's
    template check), for the jobs to reuse; by default each process makes its own.
    ``on_start``: called once the workers exist, before the first result. A
    progress display that starts a thread belongs there: forking a process
    while another thread may hold a lock can deadlock the child.
    """
    set_workspace(workspace, renderer)
    from agencydocs.rendering.pipeline import preload

    preload(
        sorted({workspace.documents[job.index].kind for job in jobs}),
        sorted({fmt for job in jobs for fmt in job.outputs}),
    )
    # Objects that exist now (the checked workspace, the libraries) are never
    # garbage: keep the collector off them, so the collection after each
    # document is cheap and, in forked workers, does not touch (and so copy)
    # pages shared with us. Nothing of a document exists yet to be frozen.
    gc.collect()
    gc.freeze()
    try:
        if processes <= 1 or len(jobs) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            if on_start is not None:
                on_start()
            for job in jobs:
                on_done(run_job(job))
            return
        pool = ProcessPoolExecutor(
            max_workers=min(processes, len(jobs)), mp_context=multiprocessing.get_context("fork"),
            initializer=_die_with_parent, initargs=(os.getpid(),),
        )  # fmt: skip
        with pool:
            for result in _as_completed(pool, jobs, on_start):
                on_done(result)
    finally:
        gc.unfreeze()


def _die_with_parent(parent: int) -> None:
    """Make a worker exit when the build process dies, even by ``kill -9``.

    A killed parent cannot stop its pool; without this its workers would wait
    for work forever. Their atomic writes mean no output is left half-written.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def _as_completed(
    pool: ProcessPoolExecutor, jobs: Sequence[Job], on_start: Callable[[], None] | None
) -> Iterator[JobResult]:
    # as_completed() waits on every future once; a wait(FIRST_COMPLETED) loop
    # re-registers on all pending futures per result, O(N^2) work that took a
    # core from the workers in a 1,000-document build.
    futures: list[Future[JobResult]] = [pool.submit(run_job, job) for job in jobs]
    # With "fork" the pool starts all its workers at the first submit.
    if on_start is not None:
        on_start()
    try:
        for future in as_completed(futures):
            yield future.result()
    except BaseException:
        # Ctrl-C or a crash: drop queued jobs; running ones finish their atomic writes.
        for future in futures:
            future.cancel()
        raise
