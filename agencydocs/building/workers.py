"""Rendering jobs, in forked worker processes (in this process where fork is missing).

A job resolves one document, renders it in every requested format and writes
the files atomically; it returns what the manifest needs. It runs within the
workspace's ``limits`` (render time, output size); any failure, a dead worker
included (``worker_pool.py``), fails that document alone. Workers are forked
after the workspace has been loaded and checked, so they inherit it instead
of reading it again. Output bytes do not depend on which process renders a
document, so ``-j 1`` and ``-j 8`` give identical files.
"""

from __future__ import annotations

import ctypes
import dataclasses
import gc
import hashlib
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from agencydocs.building.confined import OutputDir, OutputError
from agencydocs.building.dependencies import RecordedInputs
from agencydocs.building.pool import Failure, run_pool
from agencydocs.errors import AgencyDocsError, Problem
from agencydocs.models.agency import Limits
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
    # What resolving and rendering read (build.dependencies): the manifest keeps it.
    inputs: RecordedInputs = field(default_factory=RecordedInputs)
    problems: list[Problem] = field(default_factory=list)
    # A write that failed for a reason outside the document (disk full,
    # read-only, a link in the way): the parent ends the whole build with it.
    output_error: str | None = None


# Set in the parent before forking and inherited by the workers, so they
# share the checked workspace and the templates the parent compiled.
_workspace: Workspace | None = None
_renderer: Renderer | None = None


def run_job(job: Job) -> JobResult:
    """Resolve, render and write one document within its limits; failures become problems.

    Whatever goes wrong (a template error, a limit hit, a bug) fails this
    document only, with its YAML path in the message, and never a traceback.
    """
    from agencydocs.rendering.limits import RenderTimeLimit, time_limit

    assert _workspace is not None, "set_workspace() must run before jobs"
    source = _workspace.documents[job.index]
    result = JobResult(job.index)
    try:
        with time_limit(_limits().render_seconds):
            _render_job(job, result)
    except OutputError as exc:
        result.output_error = exc.message
    except AgencyDocsError as exc:
        problems = exc.problems or [Problem(source.file.display, message=exc.message)]
        result.problems = [_for_document(p, source.file.display) for p in problems]
    except RenderTimeLimit:
        result.problems = [Problem(source.file.display, message=_timeout_message())]
    except Exception as exc:  # noqa: BLE001 - one document's failure must not end the build
        result.problems = [
            Problem(source.file.display, message=f"rendering failed: {type(exc).__name__}: {exc}")
        ]
    return result


def _render_job(job: Job, result: JobResult) -> None:
    from agencydocs.building.dependencies import recorded, recording_document
    from agencydocs.kinds import resolve
    from agencydocs.rendering.pipeline import Renderer

    global _renderer
    assert _workspace is not None
    if _renderer is None:
        _renderer = Renderer(_workspace.root)
    _renderer.output_bytes = _limits().output_bytes
    source = _workspace.documents[job.index]
    # Resolved through the recording view and rendered within the recording
    # (Markdown images are read by the templates): every input is noted.
    with recording_document(_workspace, source) as (view, recorder):
        context = resolve(view, source)
        rendered = _renderer.render(context, list(job.outputs))
    result.inputs = recorded(_workspace, recorder)
    result.title, result.note, result.number = context.title, context.index_note, context.number
    for fmt, path in job.outputs.items():
        data = rendered[fmt]
        result.digests[fmt] = hashlib.sha256(data).hexdigest()
        # An OutputError (disk full, read-only, a link in the way) is not the
        # document's fault: run_job hands it to the parent, which ends the build.
        if job.output.write(path.relative_to(job.output.path).as_posix(), data):
            result.written += 1
        else:
            result.unchanged += 1
    del rendered, context
    _release_memory()


def _limits() -> Limits:
    agency = _workspace.agency if _workspace is not None else None
    return agency.model.limits if agency is not None else Limits()


def _timeout_message() -> str:
    return (
        f"rendering took longer than the render time limit of {_limits().render_seconds} s"
        " (limits.render_seconds in agency.yaml)"
    )


def _for_document(problem: Problem, document: str) -> Problem:
    """A problem found in a template names the document being rendered too."""
    if problem.file == document:
        return problem
    return dataclasses.replace(problem, message=f"{problem.message} (rendering {document})")


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
    *,
    in_process: bool = False,
) -> None:
    """Run ``jobs``, calling ``on_done`` in this process as each one finishes.

    ``renderer``: one whose templates are already compiled (by the build's
    template check), for the jobs to reuse; by default each process makes its own.
    ``on_start``: called once the workers exist, before the first result. A
    progress display that starts a thread belongs there: forking a process
    while another thread may hold a lock can deadlock the child.
    ``in_process``: render here, not in workers (see ``LiveBuild``: a few HTML
    pages from built-in templates, where a worker's start costs more than them).
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
    # pages shared with us. Nothing of a document exists yet to be frozen. Only the young
    # generations are collected first: a full collection walks the whole heap (0.3-0.6 s
    # in a 1,000-document workspace, on every rebuild of serve), and what garbage is left in
    # the old one is frozen with the rest and collected after gc.unfreeze().
    gc.collect(1)
    gc.freeze()
    try:
        if in_process or "fork" not in multiprocessing.get_all_start_methods():
            # Asked to (serve's few built-in pages), or no fork (macOS spawn, Windows):
            # render here, within the limits this thread can enforce.
            if on_start is not None:
                on_start()
            for job in jobs:
                on_done(run_job(job))
            return
        # Even one job runs in a worker: a document that exhausts the memory
        # (and is killed for it) or hangs in C code must not take the build along.
        deaths: dict[int, Failure] = {}  # job index -> how its first worker died

        def on_retry(job: Job, death: Failure) -> None:
            deaths[job.index] = death

        run_pool(
            jobs, run_job, processes,
            lambda job, result: on_done(_as_result(job, result, deaths.pop(job.index, None))),
            time_limit=_limits().render_seconds, initializer=partial(_die_with_parent, os.getpid()),
            on_start=on_start, on_retry=on_retry, finalizer=_stop_helpers,
        )  # fmt: skip
    finally:
        gc.unfreeze()


def _as_result(job: Job, result: JobResult | Failure, death: Failure | None = None) -> JobResult:
    """The job's result; a worker that died under it before is a warning even when the retry succeeded."""
    assert _workspace is not None
    document = _workspace.documents[job.index].file.display
    if not isinstance(result, JobResult):
        return JobResult(job.index, problems=[Problem(document, message=result.message)])
    if death is not None:
        message = f"{death.message}; the document was rendered again in a fresh worker"
        result.problems.append(Problem(document, message=message, severity="warning"))
    return result


def _stop_helpers() -> None:
    """A worker's last act: stop the processes it started (the Saxon service), and reap them."""
    saxon_client = sys.modules.get("agencydocs.einvoice.saxon_client")
    if saxon_client is not None:
        saxon_client.stop()


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
