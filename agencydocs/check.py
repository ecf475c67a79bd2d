"""``check``: load and validate the whole workspace, collecting every problem."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from agencydocs.errors import Problem, ProblemCollector, sort_problems
from agencydocs.rules import check_workspace_rules
from agencydocs.workspace import Workspace, read_workspace


@dataclass(frozen=True)
class CheckResult:
    workspace: Workspace
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def check(root: Path) -> CheckResult:
    """Validate every file, then (on what is valid) every cross-file rule."""
    collector = ProblemCollector()
    with _cyclic_gc_paused():
        workspace = read_workspace(root, collector)
        check_workspace_rules(workspace, collector)
    return CheckResult(workspace, sort_problems(collector.problems))


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the workspace loads.

    Loading allocates many objects that live on (nodes, models, validators) and
    almost no reference cycles, so the collector, triggered by the allocation
    count, would walk the growing heap again and again for nothing: 15% of a
    cold ``check`` of 1,000 documents. Acyclic garbage is still freed at once
    by reference counting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
