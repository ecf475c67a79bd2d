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
import os
import signal
import sys
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from agencydocs.errors import (
    AgencyDocsError,
    InvalidInput,
    Problem,
    ProblemCollector,
    UsageProblem,
    sort_problems,
)
from agencydocs.review.git import Side
from agencydocs.workspace import SourceDocument, Workspace

if TYPE_CHECKING:
    from agencydocs.commands.check import CheckResult


@dataclass(frozen=True)
class View:
    """What one document shows, as plain values that cross a process boundary."""

    kind: str
    number: str
    title: str
    text: tuple[str, ...]  # the rendered document as plain text, one block per line
    money: dict[str, str]  # label -> printed value
    total: str  # the headline total, "" when the document has none


@dataclass(frozen=True)
class Listed:
    """What resolving one document read: workspace-relative files, and listings by name -> digest."""

    files: frozenset[str]
    listings: tuple[tuple[str, str], ...]


class DocumentSide(Protocol):
    """A side answers ``documents()``, ``inputs(files)``, ``recorded(manifest_root)``,
    ``listings(names)``, ``shown(files)``, ``views(files)`` and ``issued()``; ``ask`` starts one and returns how to get the answer, so
    that two sides can work at the same time."""

    label: str

    def ask(self, operation: str, *argument: Any) -> Callable[[], Any]: ...

    def close(self) -> None: ...


class LocalSide:
    """A side checked and rendered in this process.

    Every document is resolved without e-invoice XML and QR images
    (``resolvers/derived.py``): they read no file, neither one is part of the
    HTML text or money figures compared, and the XML's validation alone
    (lxml, Factur-X's schemas, Saxon) costs seconds of imports.
    """

    def __init__(self, side: Side) -> None:
        self.label = side.label
        self._partial_check = _checked(side)  # without the rules of each document
        self.workspace = self._partial_check.workspace
        self._documents = _renderable(self.workspace)
        self._ruled: set[str] = set()  # documents whose own rules passed
        self._contexts: dict[str, tuple[Any, Listed]] = {}
        self._renderer: Any = None
        self._roots = _root_prefixes(self.workspace.root)

    def ask(self, operation: str, *argument: Any) -> Callable[[], Any]:
        return lambda: getattr(self, operation)(*argument)  # computed when the answer is wanted

    def documents(self) -> frozenset[str]:
        """The workspace-relative files of the documents this side renders."""
        return frozenset(self._documents)

    def inputs(self, files: list[str]) -> dict[str, Listed]:
        """Document file -> what resolving it read (its inputs, kept for ``shown`` and ``views``)."""
        return {file: self._resolved(file)[1] for file in files}

    def recorded(self, manifest_root: Path) -> dict[str, Listed]:
        """Document file -> what resolving it reads, for the documents whose record in the last
        build's manifest (under ``manifest_root/output/``) is current for this side
        (``review/recorded.py``); the others are not in the answer."""
        from agencydocs.review.recorded import verified_inputs

        return verified_inputs(self.workspace, self._documents, manifest_root)

    def listings(self, names: list[str]) -> dict[str, str]:
        """Listing name -> its digest in this side's workspace (as a recorder notes it)."""
        from agencydocs.workspace.view import listing_digest

        return {name: listing_digest(self.workspace, name) or "" for name in names}

    def shown(self, files: list[str]) -> dict[str, tuple[tuple[str, str], ...]]:
        """Document file -> every value of its resolved context (to compare, not to print)."""
        from agencydocs.review.money import leaves

        return {
            file: tuple((path, repr(value)) for path, value in leaves(self._shown(file))) for file in files
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

    def _resolved(self, file: str) -> tuple[Any, Listed]:
        """``file``'s render context and what resolving it read, once per document.

        The inputs are recorded where the resolvers read them, as a build records
        them. An image that only a Markdown field shows is read when the HTML is
        rendered, not resolved, so it is not among them; ``diff`` still lists
        such a document when its YAML (the field naming the image) changes.
        """
        from agencydocs.building.dependencies import recording_document
        from agencydocs.kinds import resolve
        from agencydocs.resolvers.derived import without_derived

        if file not in self._contexts:
            try:
                with (
                    without_derived(),
                    recording_document(self.workspace, self._documents[file]) as (view, recorder),
                ):
                    context = resolve(view, self._documents[file])
            except Exception:
                self._refuse_if_invalid()  # resolvers may assume what a rule elsewhere would refuse
                raise
            listed = Listed(_relative(self._roots, recorder.files), tuple(sorted(recorder.listings.items())))
            self._contexts[file] = (context, listed)
        return self._contexts[file]

    def _shown(self, file: str) -> Any:
        """``file``'s render context, to compare and show: once its own rules passed.

        A side is read and validated with its workspace-wide rules only
        (:func:`_checked`); the rules of a document run here, for the
        documents diff compares, before their contexts are used: running every
        document's rules was a third of each side's work in a 1,000-document
        workspace, for the handful of documents a change reaches. An error
        refuses the side with every error ``check`` finds. Listing what a
        document reads (``inputs``) needs no rules: where the resolvers fail
        on what a rule would refuse, the side's errors are reported then.
        """
        from agencydocs.rules import document_problems

        if file not in self._ruled:
            if any(p.severity == "error" for p in document_problems(self.workspace, self._documents[file])):
                self._refuse_if_invalid()
            self._ruled.add(file)
        return self._resolved(file)[0]

    def _refuse_if_invalid(self) -> None:
        """Raise :class:`InvalidInput` with every error ``check`` finds in this side, if it finds any."""
        errors = _every_error(self._partial_check)
        if errors:
            raise InvalidInput(_errors_message(self.label, len(errors)), errors)

    def _view(self, file: str) -> View:
        from agencydocs.rendering.pipeline import Renderer
        from agencydocs.review.money import headline_total, money_figures
        from agencydocs.review.text import html_plain_text

        ctx = self._shown(file)
        if self._renderer is None:
            self._renderer = Renderer(self.workspace.root)
        html = self._renderer.render(ctx, ["html"])["html"].decode("utf-8")
        figures = money_figures(self.workspace, self._documents[file], ctx)
        return View(
            ctx.kind, ctx.number, ctx.title, tuple(html_plain_text(html)), figures, headline_total(ctx)
        )


def _root_prefixes(root: Path) -> tuple[str, ...]:
    """The workspace folder as recorded paths start with it: as given, and with links resolved
    (agency images come resolved), each ending in the separator."""
    return tuple(
        dict.fromkeys(os.path.join(base, "") for base in (os.path.abspath(root), os.path.realpath(root)))
    )


def _relative(roots: tuple[str, ...], recorded: Iterable[str]) -> frozenset[str]:
    """The recorded paths (absolute, normalised) inside the workspace, as POSIX paths relative to it.

    What ``reads.workspace_relative`` computes, by slicing: it ran for every
    input of every document and was a tenth of listing them.
    """
    found = set()
    for path in recorded:
        for root in roots:
            if path.startswith(root):
                found.add(path[len(root) :].replace(os.sep, "/"))
                break
    return frozenset(found)


def _checked(found: Side) -> CheckResult:
    """The side's workspace, read and validated, with its workspace-wide rules passed.

    Each document's own rules run when diff first resolves it
    (``LocalSide._rules_pass``). A side with an error anywhere is refused
    with every error ``check`` finds, as ``check`` lists them.
    """
    from agencydocs.commands.check import CheckResult, check

    if not (found.root / "agency.yaml").is_file() and found.commit is not None:
        # A revision from before the workspace (the pull request that adds it): every document is new.
        return CheckResult(Workspace(found.root), [])
    result = check(found.root, document_rules=False)
    if result.errors:
        errors = _every_error(result)
        raise InvalidInput(_errors_message(found.label, len(errors)), errors)
    return result


def _every_error(partial: CheckResult) -> list[Problem]:
    """The errors of a check run without the document rules, and of every document's rules."""
    from agencydocs.rules import check_document_rules

    collector = ProblemCollector()
    collector.extend(partial.problems)
    check_document_rules(partial.workspace, collector)
    return [p for p in sort_problems(collector.problems) if p.severity == "error"]


def _errors_message(label: str, count: int) -> str:
    return f"{label} has {count} error(s), listed above; diff compares revisions that pass check"


def _renderable(workspace: Workspace) -> dict[str, SourceDocument]:
    from agencydocs.kinds import renderable_kinds

    kinds = set(renderable_kinds())
    return {
        d.file.display: d
        for d in workspace.documents
        if d.kind in kinds and d.project_id in workspace.projects
    }


# --- the same, in a forked child -------------------------------------------------


def _serve(connection: Connection, opened: Callable[[], AbstractContextManager[Side]]) -> None:
    """The child: open its side (a revision checked out, removed at the end), check it, then
    answer requests until told to stop."""
    signal.signal(signal.SIGTERM, _terminated)
    try:
        with opened() as side:
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


def _terminated(_signal: int, _frame: object) -> None:
    raise SystemExit(1)  # unwinds through ``opened``'s exit: its temporary checkout is removed


class ForkedSide:
    """A side checked and rendered in a forked child while this process does the other side.

    The child opens the side itself (``opened``, e.g. ``git.side``: the
    revision checked out into a temporary folder, removed when the child
    stops): writing a 1,000-document checkout takes 0.15 s that this process
    spends on its own side meanwhile.
    """

    def __init__(self, label: str, opened: Callable[[], AbstractContextManager[Side]]) -> None:
        self.label = label
        context = multiprocessing.get_context("fork")
        self._connection, child_end = context.Pipe()
        self._process = context.Process(target=_serve, args=(child_end, opened), daemon=True)
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
            error = {"InvalidInput": InvalidInput, "UsageProblem": UsageProblem}.get(name, AgencyDocsError)
            raise error(message, problems)
        raise RuntimeError(f"reading {self.label} failed: {payload}")

    def close(self) -> None:
        if self._process.is_alive():
            with contextlib.suppress(OSError):  # the child ended on its own meanwhile
                self._connection.send(("stop", ()))
        self._process.join(timeout=10)
        if self._process.is_alive():  # still busy: SIGTERM lets it remove its checkout first
            self._process.terminate()
            self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._connection.close()


def can_fork() -> bool:
    """Linux only: macOS offers fork, but system frameworks loaded before it may crash the child."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
