"""Workspace label overrides: ``locales/<lang>.yaml`` replaces built-in labels by key.

An agency words a label its own way ("Bill" instead of "Invoice") without
ejecting a template. Each file is checked on its own, like every workspace
YAML: keys must be labels the built-in locale has, values text, and an
override keeps the placeholders (``{number}``) of its built-in label and uses
no other than the code fills: an unknown one would fail at render time.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from agencydocs.errors import Problem
from agencydocs.i18n.labels import labels_for
from agencydocs.models.base import SUPPORTED_LOCALES
from agencydocs.reading.invisible import zero_width_message
from agencydocs.reading.loading import LoadedFile
from agencydocs.suggestions import did_you_mean, unknown_id_message

LOCALES_DIR = "locales"  # the workspace folder of label overrides

# One placeholder as ``string.Formatter.parse`` reports it: name, format spec, conversion.
Placeholder = tuple[str, str, str]


def check_override_file(loaded: LoadedFile) -> tuple[dict[str, str], list[Problem]]:
    """The valid overrides of one ``locales/<lang>.yaml`` and the problems of the others."""
    locale = loaded.path.stem
    if locale not in SUPPORTED_LOCALES:
        message = unknown_id_message("language", locale, SUPPORTED_LOCALES)
        return {}, [Problem(loaded.display, 1, 1, "", f"{message} (the file name is the language)")]
    builtin = labels_for(locale)
    overrides: dict[str, str] = {}
    problems: list[Problem] = []
    for key, value in loaded.data.items():
        problem = _check_label(loaded, builtin, key, value)
        if problem is None:
            overrides[key] = value
        else:
            problems.append(problem)
    return overrides, problems


def _check_label(loaded: LoadedFile, builtin: Mapping[str, str], key: str, value: Any) -> Problem | None:
    if key not in builtin:
        line, col = loaded.key_position((key,))
        suggestion = did_you_mean(key, builtin)
        hint = suggestion or f"see agencydocs/locales/{loaded.path.stem}.yaml for the labels"
        return Problem(loaded.display, line, col, key, f'unknown label "{key}"; {hint}')
    line, col = loaded.position((key,))
    if not isinstance(value, str) or not value.strip():
        return Problem(loaded.display, line, col, key, "must be non-empty text")
    if (key,) in loaded.invisible:  # a zero-width character would print invisibly in every document
        line, col, char = loaded.invisible[(key,)]
        return Problem(loaded.display, line, col, key, zero_width_message(char))
    return _check_placeholders(loaded, key, value, (line, col), builtin[key])


def _check_placeholders(
    loaded: LoadedFile, key: str, value: str, where: tuple[int, int], builtin: str
) -> Problem | None:
    """Keep every placeholder of the built-in label; use only those some built-in locale uses.

    The code passes the same values to a label in every language (the Russian
    invoice title shows ``{date}``, the English one does not), so an English
    override may add ``{date}``, but not a name the code never fills.
    """
    line, col = where
    allowed = takes_placeholders(key)
    found = _placeholders(value)
    if found is None:
        return Problem(loaded.display, line, col, key, 'unbalanced "{" or "}" in the label')
    if not allowed and ("{" in value or "}" in value):
        # Printed as is (never formatted): "{{" would show doubled, "{x}" as typed.
        return Problem(loaded.display, line, col, key, 'this label takes no placeholders: no "{" or "}"')
    unknown = found - allowed
    if unknown:
        message = f"unknown placeholder {_names(unknown)}; this label takes {_names(allowed)}"
        return Problem(loaded.display, line, col, key, message)
    lost = (_placeholders(builtin) or set()) - found
    if lost:
        return Problem(loaded.display, line, col, key, f"must keep the placeholder(s) {_names(lost)}")
    return None


@cache
def takes_placeholders(key: str) -> frozenset[Placeholder]:
    """The placeholders the built-in labels of ``key`` use, in any language."""
    return frozenset().union(
        *(_placeholders(labels_for(lang).get(key, "")) or set() for lang in SUPPORTED_LOCALES)
    )


def _placeholders(text: str) -> set[Placeholder] | None:
    """The ``{name}`` fields of ``text``; ``None`` when its braces do not parse.

    The whole field is compared, not just its name: ``{number.__class__}`` or
    ``{number:>999999}`` would reach into our values or blow up the output.
    """
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return None
    return {(name, spec or "", conversion or "") for _, name, spec, conversion in parsed if name is not None}


def _names(placeholders: Iterable[Placeholder]) -> str:
    """``{date}, {number}``; a field with a format spec or conversion shows as written."""
    return ", ".join(
        sorted(
            "{" + name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}"
            for name, spec, conv in placeholders
        )
    )
