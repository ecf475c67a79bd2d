"""The one error type of agencydocs and the problems it carries.

Every user-facing failure (bad YAML, invalid field, broken reference, bad
template) becomes a :class:`Problem` with a file, line, column and field path.
Problems are collected for the whole workspace and reported together; the
CLI turns an :class:`AgencyDocsError` into exit code 1 without a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any, Literal

import click

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    file: str
    line: int = 0
    column: int = 0
    field: str = ""
    message: str = ""
    severity: Severity = "error"
    # Other places the problem involves (the first document with a duplicated
    # number): file, line, column. A pull request annotates each of them, so
    # the problem shows on whichever file the change touched.
    related: tuple[tuple[str, int, int], ...] = ()

    def format(self) -> str:
        """Render as ``file:line:col: field: message`` (compiler style)."""
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        prefix = "warning: " if self.severity == "warning" else ""
        field = f"{self.field}: " if self.field else ""
        return f"{where}: {prefix}{field}{self.message}"

    def github_annotation(self) -> str:
        """GitHub Actions workflow commands, shown inline on the file's line in a pull request:
        one line, plus one per related place (naming where the problem is reported)."""
        lines = [self._annotation(self.file, self.line, self.column, self.message)]
        origin = self.file + (f":{self.line}" if self.line else "")
        for file, line, column in self.related:
            lines.append(self._annotation(file, line, column, f"{origin}: {self.message}"))
        return "\n".join(lines)

    def _annotation(self, file: str, line: int, column: int, message: str) -> str:
        level = "warning" if self.severity == "warning" else "error"
        where = f"file={_escape_property(file)}"
        if line:
            where += f",line={line},col={column or 1}"
        title = f",title={_escape_property(self.field)}" if self.field else ""
        return f"::{level} {where}{title}::{_escape_data(message)}"

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        related = data.pop("related")
        if related:
            data["related"] = [{"file": f, "line": line, "column": column} for f, line, column in related]
        return data


def _escape_data(text: str) -> str:
    # GitHub's workflow command encoding: a newline or "%" would end or corrupt the command.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sort by file, then line and column, dropping exact duplicates."""
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.field, p.message))


def problems_to_json(problems: Iterable[Problem]) -> str:
    return json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2)


class AgencyDocsError(click.ClickException):
    """A user error: bad input, bad template, unwritable output. Exits with 1."""

    exit_code = 1

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = sort_problems(problems)

    def format_message(self) -> str:
        lines = [p.format() for p in self.problems]
        if self.message:
            lines.append(self.message)
        return "\n".join(lines)

    def show(self, file: IO[Any] | None = None) -> None:
        """Problems first, one compiler-style line each (editors and CI parse them), then the summary."""
        for problem in self.problems:
            click.echo(problem.format(), err=True, file=file)
        if self.message:
            click.echo(f"Error: {self.message}", err=True, file=file)


class InvalidInput(AgencyDocsError):
    """The workspace has errors; ``problems`` lists every one of them."""


class UsageProblem(AgencyDocsError):
    """A command-line value that names nothing here (a project, template, option): exits 2, a usage error."""

    exit_code = 2


class ProblemCollector:
    """Accumulates problems for one run so that all of them are shown at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(
        self,
        file: str | Path,
        message: str,
        *,
        line: int = 0,
        column: int = 0,
        field: str = "",
        severity: Severity = "error",
        related: tuple[tuple[str, int, int], ...] = (),
    ) -> None:
        self.problems.append(Problem(str(file), line, column, field, message, severity, related))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]
