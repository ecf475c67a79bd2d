"""'Did you mean …?' for a name that is not known: close matches by difflib.

Shared by the messages for unknown fields, unknown ids and unknown country
codes, so that every one of them words its suggestion the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


def close_matches(value: str, candidates: Iterable[str], *, n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Up to ``n`` candidates that look like ``value``, the closest first."""
    import difflib  # only a message for a mistake pays for it

    return difflib.get_close_matches(value, sorted(set(candidates)), n=n, cutoff=cutoff)


def one_of(items: list[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def did_you_mean(value: str, candidates: Iterable[str], n: int = 1) -> str:
    """``did you mean "x"?`` (or ``"x" or "y"`` with ``n`` > 1) when a candidate is close, else ``""``.

    One suggestion by default: among ids and numbers that differ by a digit
    (2026-018, 2026-019), a list would only repeat the known ones.
    """
    quoted = ['"' + match + '"' for match in close_matches(value, candidates, n=n)]
    return f"did you mean {one_of(quoted)}?" if quoted else ""


def unknown_id_message(what: str, value: str, known: Iterable[str], order: Callable[[str], Any] = str) -> str:
    """``unknown milestone "desing"; did you mean "design"? known: content, design``."""
    ordered = sorted(known, key=order)
    choices = ", ".join(ordered) or "none defined"
    suggestion = did_you_mean(value, ordered)
    return f'unknown {what} "{value}"; {suggestion + " " if suggestion else ""}known: {choices}'
