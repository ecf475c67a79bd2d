"""``check``: load and validate the whole workspace, collecting every problem."""

from __future__ import annotations

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
    workspace = read_workspace(root, collector)
    check_workspace_rules(workspace, collector)
    return CheckResult(workspace, sort_problems(collector.problems))
