"""Invisible characters that make a value read differently from what it is.

Two families, two policies (issue #10, "Trojan Source"):

* **Direction controls** (U+202A-U+202E embeddings and overrides, U+2066-U+2069
  isolates) reorder what a reader sees: ``40817810\u202e0001`` displays with
  its tail reversed, so an account number, an amount or a name in a document
  differs from the one that is copied and paid. No field of a business
  document needs them (right-to-left text displays correctly without them),
  so the loader refuses them in *every* value and key.
* **Zero-width characters** (U+200B ZERO WIDTH SPACE, U+200C ZWNJ, U+200D ZWJ,
  U+2060 WORD JOINER, U+FEFF inside the text) are invisible but change the
  value: an INN, a document number or an IBAN with one inside looks right and
  is wrong. They are refused in every field except free text and names
  (the ``Text`` and ``Name`` types of :mod:`agencydocs.models.base`), where they are
  legitimate: ZWJ joins emoji sequences (woman + ZWJ + laptop) and Indic scripts, ZWNJ is part
  of Persian spelling, and a zero-width space marks where a long word may
  break. The loader records where they occur and ``validation`` applies
  the policy with the field's type.
"""

from __future__ import annotations

import re
import unicodedata

DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
ANY_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060\ufeff]")

Found = tuple[int, int, str]  # 1-based line and column of the character, and the character


def describe(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``."""
    control = "CONTROL CHARACTER" if unicodedata.category(char) == "Cc" else "UNNAMED CHARACTER"
    return f"U+{ord(char):04X} {unicodedata.name(char, control)}"


def direction_message(char: str) -> str:
    return (
        f"contains {describe(char)}, which can make the text read differently from what is copied; remove it"
    )


def zero_width_message(char: str) -> str:
    return (
        f"contains {describe(char)}, an invisible character that makes the value differ from what "
        "is shown; remove it (allowed only in free text and names)"
    )


def locate(lines: list[str], first_line: int, last_line: int, char: str) -> tuple[int, int] | None:
    """1-based line and column of ``char`` in the source lines ``first_line``..``last_line`` (0-based).

    None when it is not there as typed (it was written as an escape, ``"\\u202e"``).
    """
    for number in range(first_line, min(last_line, len(lines) - 1) + 1):
        column = lines[number].find(char)
        if column >= 0:
            return number + 1, column + 1
    return None


def _unprintable(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") or ANY_INVISIBLE.match(char) is not None


def printable(text: str) -> str:
    """``text`` with control, format and invisible characters written as ``\\uXXXX``.

    For names that go into a one-line message: a file named ``a\\nb.yaml`` would
    otherwise split its problem over two lines, and one with U+202E would
    show its line number reversed.
    """
    if text.isprintable() and not ANY_INVISIBLE.search(text):
        return text
    return "".join(f"\\u{ord(c):04x}" if _unprintable(c) else c for c in text)


def unprintable_in_name(name: str) -> str | None:
    """Why a file name is refused (it holds a control or invisible character), or None."""
    bad = next((c for c in name if _unprintable(c)), None)
    if bad is None:
        return None
    return f"the file name contains {describe(bad)}; rename the file"
