"""Write stage: safe output names and collision checks.

Rendering happens in memory; the files reach the disk through
``confined.OutputDir``: atomically, and never through a link. A ``kill -9``
in the few milliseconds between creating and renaming a temporary file can
leave it behind; every build starts by removing the leftovers of processes
that are gone (a temporary file's name carries its owner's pid).
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from agencydocs.confined import TEMP_PREFIX

__all__ = ["TEMP_PREFIX", "OutputCollision", "OutputPlan", "safe_name"]
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class OutputCollision(Exception):
    """Two documents would be written to the same output file."""


def safe_name(text: str) -> str:
    """One safe file-name part: ``FV/2024/03/001`` -> ``FV-2024-03-001``, ``../x`` -> ``x``.

    Non-ASCII letters are transliterated where Unicode allows it (é -> e) and
    replaced otherwise, so names work on every file system and in URLs.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    name = _UNSAFE.sub("-", ascii_text).strip("-.")
    name = re.sub(r"-{2,}", "-", name)
    return name or "untitled"


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
