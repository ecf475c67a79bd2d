"""Write stage: safe output names, collision checks and atomic file writes.

Rendering happens in memory; a file only touches the disk as a temporary
file in the target folder that is fsynced and renamed over the old one, so a
reader (or a crash) sees the old file or the new one, never half of one.
A ``kill -9`` in the few milliseconds between creating and renaming a
temporary file can leave it behind; every build starts by removing such
leftovers (they carry a fixed prefix).
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

TEMP_PREFIX = ".agencydocs-tmp-"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class OutputCollision(Exception):
    """Two documents would be written to the same output file."""


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


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically. Returns False when the file already had these bytes."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except BaseException:
        # Also on KeyboardInterrupt: the old file stays, the temporary one goes.
        Path(temp_name).unlink(missing_ok=True)
        raise
    return True


def remove_stale_temporaries(output_dir: Path) -> int:
    """Delete temporary files left by a build that was killed mid-write."""
    removed = 0
    for stale in _temporaries(output_dir):
        stale.unlink(missing_ok=True)
        removed += 1
    return removed


def _temporaries(output_dir: Path) -> Iterator[Path]:
    if output_dir.is_dir():
        yield from output_dir.rglob(f"{TEMP_PREFIX}*")
