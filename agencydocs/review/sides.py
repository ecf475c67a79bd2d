"""One side of a ``diff``: a checked workspace that lists its documents' inputs and shows documents.

:class:`LocalSide` does the work in this process. :class:`ForkedSide` does
the same in a forked child, so that the two revisions are checked, resolved
and rendered on two cores at once; the child answers small, picklable
requests over a pipe (input paths, :class:`View` objects) and never writes
to the terminal.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import sys
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol

from agencydocs.building.dependencies import resolve_recorded
from agencydocs.errors import AgencyDocsError, InvalidInput
from agencydocs.review.git import Side
from agencydocs.workspace import SourceDocument, Workspace


@dataclass(frozen=True)
class View:
    """What one document shows, as plain values that cross a process boundary."""

    kind: str
    number: str
    title: str
    text: tuple[str, ...]  # the rendered document as plain text, one block per line
    money: dict[str, str]  # label -> printed value
    total: str  # the headline total, "" when the document has none


class DocumentSide(Protocol):
    """A side answers ``inputs()``, ``shown(files)``, ``views(files)`` and ``issued()``; ``ask`` starts one
    and returns how to get the answer, so that two sides can work at the same time."""

    label: str

    def ask(self, operation: str, *argument: Any) -> Callable[[], Any]: ...

    def close(self) -> None: ...


class LocalSide:
    """A side checked and rendered in this process."""

    def __init__(self, side: Side) -> None:
        self.label = side.label
        self.workspace = _checked(side)
        self._documents = _renderable(self.workspace)
        self._contexts: dict[str, Any] = {}
        self._renderer: Any = None
        self._real_root = self.workspace.root.resolve()  # agency images come resolved

    def ask(self, operation: str, *argument: Any) -> Callable[[], Any]:
        return lambda: getattr(self, operation)(*argument)  # computed when the answer is wanted

    def inputs(self) -> dict[str, set[str]]:
        """Document file -> the workspace-relative paths of its inputs.

        Resolved without e-invoice XML and QR images (``resolvers/derived.py``):
        they read no file, and they were most of this step's time. The few
        documents compared afterwards are resolved again in full.
        """
        from agencydocs.resolvers.derived import without_derived

        with without_derived():
            return {file: _inputs_of(self.workspace, source)[1] for file, source in self._documents.items()}

    def shown(self, files: list[str]) -> dict[str, tuple[tuple[str, str], ...]]:
        """Document file -> every value of its resolved context (to compare, not to print)."""
        from agencydocs.review.money import leaves

        return {
            file: tuple((path, repr(value)) for path, value in leaves(self._context(file))) for file in files
        }

    def issued(self) -> dict[str, Any]:
        """Document file -> :class:`~agencydocs.review.lock.IssuedRecord` of each issued document."""
        from agencydocs.review.lock import issued_records

        return issued_records(self.workspace)

    def views(self, files: list[str]) -> dict[str, View]:
        """Document file -> what it shows, rendered."""
        return {file: self._view(file) for file in files}

    def close(self) -> None:
        pass

    def _context(self, file: str) -> Any:
        from agencydocs.kinds import resolve

        if file not in self._contexts:
            self._contexts[file] = resolve(self.workspace, self._documents[file])
        return self._contexts[file]

    def _view(self, file: str) -> View:
        from agencydocs.rendering.pipeline import Renderer
        from agencydocs.review.money import headline_total, money_figures
        from agencydocs.review.text import html_plain_text

        ctx = self._context(file)
        if self._renderer is None:
            self._renderer = Renderer(self.workspace.root)
        html = self._renderer.render(ctx, ["html"])["html"].decode("utf-8")
        figures = money_figures(self.workspace, self._documents[file], ctx)
        return View(
            ctx.kind, ctx.number, ctx.title, tuple(html_plain_text(html)), figures, headline_total(ctx)
        )

    def _relative(self, path: Path) -> str:
        for root in (self.workspace.root, self._real_root):
            if path.is_relative_to(root):
                return path.relative_to(root).as_posix()
        return path.as_posix()


def _inputs_of(workspace: Workspace, source: SourceDocument) -> tuple[Any, set[str]]:
    """``source``'s render context and the files resolving it read: the one place ``diff`` asks.

    The inputs are recorded where the resolvers read them, as the build records
    them. An image that only a Markdown field shows is read when the HTML is
    rendered, not resolved, so it is not among them; ``diff`` still lists such a
    document when its YAML (the field naming the image) changes.
    """
    context, recorded = resolve_recorded(workspace, source)
    return context, set(recorded.files)


def _checked(found: Side) -> Workspace:
    from agencydocs.commands.check import check

    if not (found.root / "agency.yaml").is_file() and found.commit is not None:
        # A revision from before the workspace (the pull request that adds it): every document is new.
        return Workspace(found.root)
    result = check(found.root)
    if result.errors:
        raise InvalidInput(
            f"{found.label} has {len(result.errors)} error(s), listed above; diff compares revisions that pass check",
            result.errors,
        )
    return result.workspace


def _renderable(workspace: Workspace) -> dict[str, SourceDocument]:
    from agencydocs.kinds import renderable_kinds

    kinds = set(renderable_kinds())
    return {
        d.file.display: d
        for d in workspace.documents
        if d.kind in kinds and d.project_id in workspace.projects
    }


# --- the same, in a forked child -------------------------------------------------


def _serve(connection: Connection, side: Side) -> None:
    """The child: check ``side``, then answer requests until told to stop."""
    try:
        local = LocalSide(side)
        connection.send(("ok", None))
        while True:
            operation, argument = connection.recv()
            if operation == "stop":
                return
            connection.send(("ok", getattr(local, operation)(*argument)))
    except AgencyDocsError as exc:
        connection.send(("error", (type(exc).__name__, exc.message, list(exc.problems))))
    except OSError as exc:  # said in one line, as the command says it for its own side
        where = f"{exc.filename}: " if exc.filename else ""
        connection.send(("error", ("AgencyDocsError", f"{where}{exc.strerror or exc}", [])))
    except BaseException as exc:  # noqa: BLE001 - a bug in the child must not hang the parent
        connection.send(("crash", f"{type(exc).__name__}: {exc}"))
    finally:
        connection.close()


class ForkedSide:
    """A side checked and rendered in a forked child while this process does the other side."""

    def __init__(self, side: Side) -> None:
        self.label = side.label
        context = multiprocessing.get_context("fork")
        self._connection, child_end = context.Pipe()
        self._process = context.Process(target=_serve, args=(child_end, side), daemon=True)
        self._process.start()
        child_end.close()
        self._ready = False

    def wait_checked(self) -> None:
        """Block until the child has checked its side (raising its errors here)."""
        if not self._ready:
            self._ready = True
            self._receive()

    def ask(self, operation: str, *argument: Any) -> Callable[[], Any]:
        self.wait_checked()
        self._connection.send((operation, argument))
        return self._receive

    def _receive(self) -> Any:
        try:
            status, payload = self._connection.recv()
        except EOFError:
            raise AgencyDocsError(f"reading {self.label} stopped unexpectedly") from None
        if status == "ok":
            return payload
        if status == "error":
            name, message, problems = payload
            raise (InvalidInput if name == "InvalidInput" else AgencyDocsError)(message, problems)
        raise RuntimeError(f"reading {self.label} failed: {payload}")

    def close(self) -> None:
        if self._process.is_alive():
            with contextlib.suppress(OSError):  # the child ended on its own meanwhile
                self._connection.send(("stop", ()))
        self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._connection.close()


def can_fork() -> bool:
    """Linux only: macOS offers fork, but system frameworks loaded before it may crash the child."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
