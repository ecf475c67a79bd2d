"""Write stage: safe output names and collision checks.

Rendering happens in memory; the files reach the disk through
``confined.OutputDir``: atomically, and never through a link. A ``kill -9``
in the few milliseconds between creating and renaming a temporary file can
leave it behind; every build starts by removing the leftovers of processes
that are gone (a temporary file's name carries its owner's pid).
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from pathlib import Path

from agencydocs.building.confined import TEMP_PREFIX

__all__ = ["TEMP_PREFIX", "OutputCollision", "OutputPlan", "safe_name"]
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class OutputCollision(Exception):
    """Two documents would be written to the same output file."""


@functools.lru_cache(maxsize=65_536)  # asked for every document's client, project and number on every check
def safe_name(text: str) -> str:
    """One safe file-name part: ``FV/2024/03/001`` -> ``FV-2024-03-001``, ``../x`` -> ``x``.

    An ASCII name keeps its letters as they are (existing outputs keep their
    names). Cyrillic is transliterated as in ICAO Doc 9303, the scheme of
    Russian passports (``Счёт-А-1`` -> ``Schet-A-1``); accented Latin loses
    its accents (é -> e); any other letter or digit becomes its code point
    (``Ω`` -> ``u03a9``) rather than vanish, so that numbers differing only in
    such characters still get names of their own.
    """
    if not text.isascii():
        text = _to_ascii(text)
    name = _UNSAFE.sub("-", text).strip("-.")
    name = re.sub(r"-{2,}", "-", name)
    return name or "untitled"


def _to_ascii(text: str) -> str:
    import iuliia  # imported on first use: loading its schemes costs start-up time

    latin = unicodedata.normalize("NFKD", iuliia.ICAO_DOC_9303.translate(unicodedata.normalize("NFC", text)))
    return "".join(_ascii_char(char) for char in latin)


def _ascii_char(char: str) -> str:
    if char.isascii():
        return char
    category = unicodedata.category(char)
    if category == "Mn":  # a combining accent split off by NFKD
        return ""
    if category[0] in "LN":
        return f"u{ord(char):04x}"
    return "-"


class OutputPlan:
    """Claims output paths up front so that collisions are errors before any write."""

    def __init__(self, output_dir: Path) -> None:
        self.output_dir = output_dir
        self._owners: dict[Path, str] = {}

    def claim(self, relative: str, owner: str) -> Path:
        path = self.output_dir / relative
        key = Path(os.path.normcase(path))
        if key in self._owners and self._owners[key] != owner:
            raise OutputCollision(f"{owner} and {self._owners[key]} would both be written to {relative}")
        self._owners[key] = owner
        return path
