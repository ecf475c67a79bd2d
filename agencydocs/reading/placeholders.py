"""Placeholders that ``agencydocs init`` writes where only the agency knows the value.

A scaffolded ``agency.yaml`` holds ``"FILL IN: the INN (10 digits)"`` rather
than a made-up tax id that would pass its checksum and end up on an invoice.
``check`` reports each such value, at its line, until it is replaced; the
errors a placeholder causes besides (a bad checksum, a missing kpp) are
left out, since they would only repeat it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from agencydocs.errors import Problem
from agencydocs.reading.loading import LoadedFile, Loc, format_loc

MARKER = "FILL IN:"


def placeholder(hint: str) -> str:
    """The placeholder text for a value described by ``hint``."""
    return f"{MARKER} {hint}"


def _found(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str) and value.startswith(MARKER):
        yield loc, value.removeprefix(MARKER).strip()
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _found(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _found(item, (*loc, index))


def placeholder_problems(loaded: LoadedFile) -> list[Problem]:
    """One problem per placeholder left in ``loaded``, at the placeholder's line."""
    problems = []
    for loc, hint in _found(loaded.data, ()):
        line, column = loaded.position(loc)
        message = f"placeholder left by agencydocs init or new: fill in {hint}"
        problems.append(Problem(loaded.display, line, column, format_loc(loc), message))
    return problems


def shadowed_by(placeholders: list[Problem], problem: Problem) -> bool:
    """Whether ``problem`` is only a consequence of a placeholder (at it, or at the object holding it)."""
    return any(
        problem.field == p.field
        or not problem.field
        or p.field.startswith(problem.field + ".")
        or p.field.startswith(problem.field + "[")
        for p in placeholders
    )
