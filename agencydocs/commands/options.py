"""What every command shares: the ``-C`` option, finding the workspace, printing problems."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from agencydocs.errors import AgencyDocsError, Problem

# Said where a workspace has no documents, so a new user learns the next step.
NEW_DOCUMENT_HINT = "start one with `agencydocs new invoice -p PROJECT`"

F = TypeVar("F", bound=Callable[..., Any])


def workspace_root(ctx: click.Context) -> Path:
    """The workspace of this run: ``-C DIR``, else the current folder or the nearest one above."""
    from agencydocs.workspace import WorkspaceNotFound, find_workspace

    explicit = ctx.obj.get("workspace") if ctx.obj else None
    try:
        return find_workspace(explicit=explicit)
    except WorkspaceNotFound as exc:
        raise click.UsageError(str(exc)) from None


def _remember_workspace(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    # Every context of one run shares the root's obj, so the -C given last wins,
    # wherever it stands: `agencydocs -C DIR check` and `agencydocs check -C DIR`.
    if value is not None:
        ctx.ensure_object(dict)["workspace"] = value


def workspace_option(command: F) -> F:
    """``-C/--workspace DIR``, accepted by the group and by every command, before or after its name."""
    return click.option(
        "-C",
        "--workspace",
        type=click.Path(file_okay=False, path_type=Path),
        expose_value=False,
        callback=_remember_workspace,
        help="Workspace folder (holding agency.yaml). Default: the current folder or the nearest one above.",
    )(command)


def print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(problem.format(), err=True)


@contextlib.contextmanager
def os_errors_as_messages() -> Iterator[None]:
    """An OSError the core did not expect (a disk error while reading) is one line, not a traceback."""
    try:
        yield
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        raise AgencyDocsError(f"{where}{exc.strerror or exc}") from None


def as_of_option(command: F) -> F:
    """``--as-of DATE``: money figures as of that day (default: today), as a ``date``."""
    return click.option(
        "--as-of",
        "as_of",
        type=click.DateTime(["%Y-%m-%d"]),
        default=None,
        callback=lambda _ctx, _param, value: value.date() if value is not None else None,
        help="Figures as of this date, YYYY-MM-DD. Default: today.",
    )(command)
