"""Document number patterns: the next free number of a series.

A pattern is a ``str.format`` template over ``year``, ``seq``, ``client`` and
``project``, e.g. ``{year}-{seq:03}`` or ``{client}/{seq}``. Numbers in the
workspace that match the pattern for the same year (and client or project,
when the pattern names them) form the series; the next number continues it.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass

DEFAULT_PATTERN = "{year}-{seq:03}"
_FIELD_REGEX = {
    "year": r"(?P<year>\d{4})",
    "seq": r"(?P<seq>\d+)",
    "client": r"(?P<client>[a-z0-9-]+)",
    "project": r"(?P<project>[a-z0-9-]+)",
}


class PatternError(ValueError):
    """A numbering pattern uses an unknown field or has no {seq}; the message leaves the pattern out."""


def validate_pattern(pattern: str) -> None:
    """Raise :class:`PatternError` unless ``pattern`` parses and formats a number."""
    pattern_regex(pattern)
    try:
        pattern.format(year=2026, seq=1, client="client", project="project")
    except (ValueError, TypeError) as exc:
        raise PatternError(f"cannot make a number: {exc}") from None


def pattern_regex(pattern: str) -> re.Pattern[str]:
    parts = []
    fields = set()
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as exc:  # an unmatched brace
        raise PatternError(f"is not a valid template: {exc}") from None
    for literal, field, _spec, _conv in parsed:
        parts.append(re.escape(literal))
        if field is None:
            continue
        if field not in _FIELD_REGEX:
            known = ", ".join(f"{{{name}}}" for name in _FIELD_REGEX)
            raise PatternError(f"unknown field {{{field}}}; known: {known}")
        if field in fields:
            raise PatternError(f"field {{{field}}} appears twice")
        fields.add(field)
        parts.append(_FIELD_REGEX[field])
    if "seq" not in fields:
        raise PatternError("needs a {seq} field")
    return re.compile("^" + "".join(parts) + "$", re.ASCII)  # ASCII digits only: int() reads any script


def next_number(pattern: str, existing: Iterable[str], *, year: int, client: str, project: str) -> str:
    """The number after the highest one of the same series (1 when the series is new)."""
    regex = pattern_regex(pattern)
    scope = {"year": str(year), "client": client, "project": project}
    highest = 0
    for number in existing:
        match = regex.match(number)
        if match is None:
            continue
        groups = match.groupdict()
        if all(groups[key] == value for key, value in scope.items() if key in groups):
            highest = max(highest, int(groups["seq"]))
    return pattern.format(year=year, seq=highest + 1, client=client, project=project)


@dataclass(frozen=True)
class Gap:
    """Numbers missing from a series just before an existing number."""

    before: str  # the existing number after the hole
    first: str  # the first missing number
    last: str  # the last missing number (equal to ``first`` for one)
    count: int

    def describe(self) -> str:
        """``2026-015 is missing`` / ``2026-015 and 2026-016 are missing`` / ``2026-015 … 2026-017 are missing``."""
        if self.count == 1:
            return f"{self.first} is missing"
        joiner = " and " if self.count == 2 else " … "
        return f"{self.first}{joiner}{self.last} are missing"


def find_gaps(pattern: str, numbers: Iterable[str]) -> list[Gap]:
    """Holes between the numbers of each series ``pattern`` defines, in number order.

    A series is one year (and client or project, when the pattern names them).
    Its first number in the workspace is not preceded by a gap: the numbers
    before it belong to documents made before the workspace existed.
    """
    regex = pattern_regex(pattern)
    series: dict[tuple[tuple[str, str], ...], dict[int, str]] = {}
    for number in numbers:
        match = regex.match(number)
        if match is None:
            continue
        groups = match.groupdict()
        scope = tuple(sorted((key, value) for key, value in groups.items() if key != "seq"))
        series.setdefault(scope, {}).setdefault(int(groups["seq"]), number)
    gaps = []
    for scope, by_seq in sorted(series.items()):
        ordered = sorted(by_seq)
        for previous, current in zip(ordered, ordered[1:], strict=False):
            if current - previous > 1:
                first, last = (_format(pattern, seq, dict(scope)) for seq in (previous + 1, current - 1))
                gaps.append(Gap(by_seq[current], first, last, current - previous - 1))
    return gaps


def _format(pattern: str, seq: int, scope: dict[str, str]) -> str:
    """The number ``seq`` of the series ``scope`` (the pattern's other fields, as matched)."""
    year = int(scope["year"]) if "year" in scope else 0
    return pattern.format(seq=seq, year=year, client=scope.get("client"), project=scope.get("project"))
