"""Which characters the document fonts can draw.

The PDF uses the vendored Noto Sans subset (``agencydocs/fonts``). A character
outside it (an emoji, CJK) would print as a missing-glyph box, or in a system
font that differs between machines. ``check`` warns about such characters
(``rules/glyphs.py``) from the code points listed in ``fonts/coverage.txt``:
reading the fonts' cmap with fontTools at every ``check`` would cost more
than the rest of its start-up. ``python -m agencydocs.rendering.glyphs`` rewrites the
list after the fonts change; a test keeps the two in step.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

from agencydocs import PACKAGE_DIR

FONTS_DIR = PACKAGE_DIR / "fonts"
COVERAGE_FILE = FONTS_DIR / "coverage.txt"
# Tab and line ends are layout, not glyphs: never drawn, never missing.
_LAYOUT = frozenset({0x09, 0x0A, 0x0D})


def font_code_points(fonts_dir: Path = FONTS_DIR) -> frozenset[int]:
    """The code points that every vendored font maps to a glyph (read with fontTools)."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # no stubs

    sets = [frozenset(TTFont(path, lazy=True).getBestCmap()) for path in sorted(fonts_dir.glob("*.ttf"))]
    return frozenset.intersection(*sets)


def coverage_text(code_points: frozenset[int]) -> str:
    """The coverage file's text: one ``XXXX-YYYY`` range of code points per line."""
    lines = [
        "# Code points drawn by every font in this folder; `python -m agencydocs.rendering.glyphs` rewrites it."
    ]
    for start, end in _ranges(sorted(code_points)):
        lines.append(f"{start:04X}-{end:04X}")
    return "\n".join(lines) + "\n"


def _ranges(points: list[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for point in points:
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1] = (ranges[-1][0], point)
        else:
            ranges.append((point, point))
    return ranges


@cache
def _missing_pattern() -> re.Pattern[str]:
    """A regex matching any one character that the fonts cannot draw."""
    ranges = []
    for line in COVERAGE_FILE.read_text(encoding="ascii").splitlines():
        if line and not line.startswith("#"):
            start, _, end = line.partition("-")
            ranges.append((int(start, 16), int(end, 16)))
    ranges += [(point, point) for point in _LAYOUT]
    allowed = "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[^{allowed}]")


def missing_characters(text: str) -> list[str]:
    """The distinct characters of ``text`` that the fonts cannot draw, in order of appearance."""
    return list(dict.fromkeys(_missing_pattern().findall(text)))


def describe(char: str) -> str:
    """``U+1F600 GRINNING FACE``: how a character is named in messages."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def main() -> None:
    """Rewrite ``fonts/coverage.txt`` from the fonts."""
    COVERAGE_FILE.write_text(coverage_text(font_code_points()), encoding="ascii")
    print(COVERAGE_FILE)


if __name__ == "__main__":
    main()
