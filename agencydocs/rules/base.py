"""The context every cross-file rule receives."""

from __future__ import annotations

from collections.abc import Iterable

from agencydocs.errors import ProblemCollector, Severity
from agencydocs.loading import LoadedFile, Loc, format_loc
from agencydocs.workspace import Workspace


class RuleContext:
    """What a rule needs: the workspace, a way to report, and reference lookups."""

    def __init__(self, workspace: Workspace, collector: ProblemCollector) -> None:
        self.ws = workspace
        self.out = collector

    def report(self, file: LoadedFile, loc: Loc, message: str, severity: Severity = "error") -> None:
        line, col = file.position(loc)
        self.out.add(file.display, message, line=line, column=col, field=format_loc(loc), severity=severity)

    def reference(self, file: LoadedFile, loc: Loc, what: str, value: str, known: Iterable[str]) -> bool:
        candidates = known if isinstance(known, set | frozenset | dict) else set(known)
        if value in candidates:
            return True
        if (what, value) in self.ws.invalid:
            return False  # the file exists; its own problems are already reported
        choices = ", ".join(sorted(candidates)) if candidates else "none defined"
        self.report(file, loc, f'unknown {what} "{value}"; known: {choices}')
        return False
