"""The context every cross-file rule receives."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from agencydocs.errors import ProblemCollector, Severity
from agencydocs.reading.loading import LoadedFile, Loc, format_loc
from agencydocs.suggestions import unknown_id_message
from agencydocs.workspace import Workspace


class RuleContext:
    """What a rule needs: the workspace, a way to report, and reference lookups."""

    def __init__(self, workspace: Workspace, collector: ProblemCollector) -> None:
        self.ws = workspace
        self.out = collector

    def report(
        self,
        file: LoadedFile,
        loc: Loc,
        message: str,
        severity: Severity = "error",
        *,
        related: Sequence[tuple[LoadedFile, Loc]] = (),
    ) -> None:
        """Report at ``loc`` of ``file``; ``related``: the other places the problem involves."""
        line, col = file.position(loc)
        others = tuple((other.display, *other.position(other_loc)) for other, other_loc in related)
        self.out.add(
            file.display,
            message,
            line=line,
            column=col,
            field=format_loc(loc),
            severity=severity,
            related=others,
        )

    def reference(self, file: LoadedFile, loc: Loc, what: str, value: str, known: Iterable[str]) -> bool:
        """Whether ``value`` is one of ``known``; if not, report it (with the close ones)."""
        # A mapping is asked for ``value`` alone (a recording one then notes that document only).
        candidates = known if isinstance(known, set | frozenset | dict | Mapping) else set(known)
        if value in candidates:
            return True
        if (what, value) in self.ws.invalid:
            # The file exists and its own problems are reported there: point at it, once.
            self.report(file, loc, f'uses {what} "{value}", which has errors')
            return False
        self.report(file, loc, unknown_id_message(what, value, candidates))
        return False
