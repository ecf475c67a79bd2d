"""Text that the document fonts cannot draw is a warning, before it becomes a box in a PDF."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from agencydocs.reading.loading import Loc, format_loc
from agencydocs.rendering.glyphs import describe, missing_characters
from agencydocs.rules.base import RuleContext


def check_glyphs(checker: RuleContext) -> None:
    """Warn, per field, about each character outside the fonts of every file that documents print."""
    workspace = checker.ws
    files = [workspace.agency.file] if workspace.agency is not None else []
    files += [client.file for client in workspace.clients.values()]
    files += [project.file for project in workspace.projects.values()]
    files += [document.file for document in workspace.documents]
    files += list(workspace.label_files.values())  # locales/<lang>.yaml: labels print too
    for file in files:
        lines: list[str] | None = None  # the file's text, read only when it has such a character
        for loc, text in _strings(file.data, ()):
            for char in missing_characters(text):
                if lines is None:
                    lines = file.path.read_text(encoding="utf-8", errors="replace").splitlines()
                line, column = _where(lines, file.position(loc), char)
                checker.out.add(
                    file.display,
                    _message(char),
                    line=line,
                    column=column,
                    field=format_loc(loc),
                    severity="warning",
                )


def _where(lines: list[str], start: tuple[int, int], char: str) -> tuple[int, int]:
    """The line and column of ``char`` itself: its first occurrence from the value's start on.

    A value written with an escape (``"\\U0001F600"``) does not contain the
    character literally: then the value's own position.
    """
    line, column = start
    for number in range(line, len(lines) + 1):
        found = lines[number - 1].find(char, column - 1 if number == line else 0)
        if found >= 0:
            return number, found + 1
    return start


def _message(char: str) -> str:
    shown = f' "{char}"' if char.isprintable() else ""
    return (
        f"character {describe(char)}{shown} is not in the document fonts (Noto Sans subset):"
        " the PDF would show a missing-glyph box"
    )


def _strings(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Every string in a file's data, with its field path."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*loc, index))
