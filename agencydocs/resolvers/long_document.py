"""Building blocks of long documents (contract, addendum, spec, brief).

Headings are numbered here, in the resolver, and reach the templates as
strings ("1.", "1.1.", "1.1.1."), so HTML, PDF and DOCX number them the
same way (no CSS counters, no Word list numbering). The templates
``long.html`` / ``long_macros.html`` (HTML) and ``<kind>/<kind>.<lang>.docx``
(DOCX) place these values; see the note at the top of ``long.html``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from agencydocs.context import Row, Signature

MAX_LEVEL = 3


@dataclass(frozen=True)
class Heading:
    """A numbered heading; the table of contents lists them."""

    number: str  # "1.", "1.1.", "1.1.1."
    title: str
    level: int  # 1..3
    anchor: str  # HTML id, e.g. "s-1-1"


@dataclass(frozen=True)
class PartyBlock:
    """One party in the requisites and signature table at the end of a document."""

    role: str  # "Исполнитель" / "Contractor"
    name: str  # full legal name
    rows: tuple[Row, ...]  # address, tax ids, bank details, e-mail
    signature: Signature
    seal: bool = False  # print "М.П." under the signature line


@dataclass
class Numberer:
    """Hands out heading numbers in document order: 1., 1.1., 1.1.1., 2. …

    ``next(1)`` starts a new section; ``next(2)`` a clause in it, ``next(3)``
    a sub-clause. A deeper level resets every level below it.
    """

    prefix: str = "s"
    counters: list[int] = field(default_factory=lambda: [0] * MAX_LEVEL)

    def next(self, level: int) -> tuple[str, str]:
        """The number ("2.1.") and HTML anchor ("s-2-1") of the next heading at ``level``."""
        if not 1 <= level <= MAX_LEVEL:
            raise ValueError(f"heading level must be 1..{MAX_LEVEL}, got {level}")
        self.counters[level - 1] += 1
        for deeper in range(level, MAX_LEVEL):
            self.counters[deeper] = 0
        path = self.counters[:level]
        return number_text(path), f"{self.prefix}-{'-'.join(map(str, path))}"

    def heading(self, level: int, title: str) -> Heading:
        number, anchor = self.next(level)
        return Heading(number, title, level, anchor)


def number_text(path: list[int] | tuple[int, ...]) -> str:
    """``[1, 2]`` -> ``"1.2."`` (Russian and English contracts both end with a dot)."""
    return "".join(f"{part}." for part in path)
