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

DEFAULT_PATTERN = "{year}-{seq:03}"
_FIELD_REGEX = {
    "year": r"(?P<year>\d{4})",
    "seq": r"(?P<seq>\d+)",
    "client": r"(?P<client>[a-z0-9-]+)",
    "project": r"(?P<project>[a-z0-9-]+)",
}


class PatternError(ValueError):
    """A numbering pattern uses an unknown field or has no {seq}."""


def pattern_regex(pattern: str) -> re.Pattern[str]:
    parts = []
    fields = set()
    for literal, field, _spec, _conv in string.Formatter().parse(pattern):
        parts.append(re.escape(literal))
        if field is None:
            continue
        if field not in _FIELD_REGEX:
            raise PatternError(f"unknown field {{{field}}} in numbering pattern {pattern!r}")
        if field in fields:
            raise PatternError(f"field {{{field}}} appears twice in numbering pattern {pattern!r}")
        fields.add(field)
        parts.append(_FIELD_REGEX[field])
    if "seq" not in fields:
        raise PatternError(f"numbering pattern {pattern!r} needs a {{seq}} field")
    return re.compile("^" + "".join(parts) + "$")


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
