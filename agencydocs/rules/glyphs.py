"""Text that the document fonts cannot draw is a warning, before it becomes a box in a PDF."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from agencydocs.reading.loading import LoadedFile, Loc, format_loc
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
        for line, column, field, message in _file_warnings(file):
            checker.out.add(file.display, message, line=line, column=column, field=field, severity="warning")


# The warnings of a file, by its name and the digest of its bytes: a long-lived
# process (serve, the tests) checks the same files again and again, and this
# rule reads every string of every file. The fonts cannot change meanwhile.
_warnings_of: dict[tuple[str, str], tuple[tuple[int, int, str, str], ...]] = {}
_KEPT_FILES = 20_000


def _file_warnings(file: LoadedFile) -> tuple[tuple[int, int, str, str], ...]:
    """(line, column, field, message) of each character of ``file`` outside the fonts."""
    key = (file.display, file.sha256)
    if file.sha256 and key in _warnings_of:
        return _warnings_of[key]
    found = []
    lines: list[str] | None = None  # the file's text, read only when it has such a character
    for loc, text in _strings(file.data, ()):
        for char in missing_characters(text):
            if lines is None:
                lines = file.path.read_text(encoding="utf-8", errors="replace").splitlines()
            line, column = _where(lines, file.position(loc), char)
            found.append((line, column, format_loc(loc), _message(char)))
    if file.sha256:
        if len(_warnings_of) >= _KEPT_FILES:
            _warnings_of.clear()
        _warnings_of[key] = tuple(found)
    return tuple(found)


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
