"""Build progress: a rich progress bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class BuildProgress:
    """Context manager fed by ``build``'s ``on_start`` and ``on_document`` callbacks."""

    def __init__(self) -> None:
        self.interactive = sys.stderr.isatty() and "NO_COLOR" not in os.environ and "CI" not in os.environ
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._total = 0
        self._done = 0

    def __enter__(self) -> BuildProgress:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def start(self, total: int) -> None:
        self._total = total
        if self.interactive and total:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=Console(stderr=True), transient=True,
            )  # fmt: skip
            self._progress.start()
            self._task = self._progress.add_task("Building", total=total)

    def advance(self, label: str) -> None:
        self._done += 1
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, advance=1, description=f"Built {label}")
        else:
            click.echo(f"[{self._done}/{self._total}] {label}", err=True)
