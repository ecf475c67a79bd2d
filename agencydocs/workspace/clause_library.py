"""Clause library: built-in ``agencydocs/clauses/*.yaml`` overlaid with a workspace's ``clauses/*.yaml``.

A clause set is named by ``name`` and ``language`` (``services`` in ``ru``
and ``en`` are built in). A workspace file for an existing set extends or
overrides it: a section or clause with a known id changes that item (only the
fields given), a new id is added (after ``after``, or at the end), ``remove``
drops ids. A file for a new set defines it whole. Files go through the strict
loader and pydantic; every text's placeholders are checked against
:data:`PLACEHOLDERS`, so a typo is a ``check`` error with file and line.

Placeholders are ``{name}`` (``{{`` and ``}}`` for literal braces), filled by
:func:`fill` from a fixed mapping of preformatted strings — never a template
engine, never attribute access.
"""

from __future__ import annotations

import difflib
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field

from agencydocs import PACKAGE_DIR
from agencydocs.errors import Problem
from agencydocs.models.base import Id, LocaleCode, Name, StrictModel, Text
from agencydocs.models.documents.contract import ClauseId
from agencydocs.reading import reads
from agencydocs.reading.files import file_stamp, find_yaml_files, note_folder
from agencydocs.reading.loading import LoadedFile, Loc

BUILTIN_CLAUSES = PACKAGE_DIR / "clauses"
WORKSPACE_CLAUSES = "clauses"

PLACEHOLDERS: dict[str, str] = {
    "contract.number": "contract number",
    "contract.date": "contract date, long form",
    "contract.city": "place of signing",
    "contract.title": "contract title",
    "contract.price": "price of the scope, net of VAT",
    "contract.vat_note": "VAT wording: amount and rate, exemption, or reverse charge",
    "contract.total": "total including VAT",
    "contract.total_words": "total in words",
    "contract.valid_until": "end date, empty when valid until performance",
    "contract.court": "court or arbitration for disputes",
    "contract.law": "governing law",
    "contract.languages": "the languages of a bilingual contract (ru: русском и английском), empty in one language",
    "contract.prevailing_language": "the language that prevails (ru: русском), empty in one language",
    "agency.name": "the agency's full legal name",
    "agency.short_name": "the agency's short name",
    "agency.represented": "who signs for the agency and on what authority",
    "agency.signatory": "the agency's signatory",
    "client.name": "the client's full legal name",
    "client.short_name": "the client's short name",
    "client.represented": "who signs for the client and on what authority",
    "client.signatory": "the client's signatory",
    "project.title": "project title",
    "project.start": "project start date",
    "project.deadline": "project deadline, empty if none",
    "spec.ref": "the specification's number and date, empty without one",
    "payment.schedule": "payment schedule table (Markdown)",
    "payment.rates": "table of fees and hourly rates (Markdown), empty without any",
    "payment.advance": "advance percentage when all stages share one, empty without advances",
    "payment.days": "business days to pay an invoice",
    "acceptance.days": "business days to sign or reject an act",
    "warranty.days": "calendar days of the warranty period after the last stage",
    "penalty.rate": "penalty per day, percent",
    "penalty.cap": "penalty cap, percent",
}


# Defined terms a clause may introduce ("(далее — «Этап»)") or rely on. A
# contract must never use a capitalised term it does not define: the test
# tests/test_clause_terms.py walks every set, language and billing model.
TERMS: dict[str, str] = {
    "services": "the Services (Услуги, Leistungen)",
    "stage": "a stage of a stage-based contract (Этап, Phase)",
    "specification": "the technical specification (Техническое задание, Pflichtenheft)",
    "act": "the certificate of completion (Акт, Abnahmeprotokoll)",
    "reporting-period": "the calendar month of monthly services (Отчётный период, Abrechnungszeitraum)",
    "warranty-period": "the warranty period after the last stage (Гарантийный срок, Gewährleistungsfrist)",
}

BillingModel = Literal["stages", "monthly"]
Jurisdiction = Literal["ru", "de", "intl"]


class LibraryClause(StrictModel):
    """A clause; ``clauses`` are its sub-clauses (numbered 1.1.1.)."""

    id: ClauseId
    text: Text | None = Field(None, description="Markdown with {placeholders}; required for a new clause")
    optional: bool = Field(False, description="Only in contracts that include it by id")
    requires: list[Name] = Field(default_factory=list, description="Placeholders that must be non-empty")
    unless: list[Name] = Field(default_factory=list, description="Placeholders that must be empty")
    billing: list[BillingModel] = Field(
        default_factory=list,
        description="Billing models whose contracts carry this clause (stages, monthly); default: both",
    )
    defines: list[Name] = Field(default_factory=list, description="Terms this clause defines (see TERMS)")
    uses: list[Name] = Field(default_factory=list, description="Defined terms this clause relies on")
    source: Text | None = Field(None, description="The statute or commentary the wording follows")
    after: ClauseId | None = Field(None, description="Where a new clause goes: after this sibling id")
    clauses: list[LibraryClause] = Field(default_factory=list)


class LibrarySection(StrictModel):
    id: ClauseId
    title: Name | None = Field(None, description="Required for a new section")
    after: ClauseId | None = Field(None, description="Where a new section goes: after this section id")
    clauses: list[LibraryClause] = Field(default_factory=list)


class ClauseSetFile(StrictModel):
    """One file of a clause set."""

    name: Id = Field(description="Set name, e.g. services")
    language: LocaleCode
    base: Id | None = Field(
        None, description="A new set starts as a copy of this set in the same language, e.g. services"
    )
    title: Name | None = Field(None, description="Default document title")
    preamble: Text | None = Field(None, description="Markdown paragraph naming the parties")
    defaults: dict[str, Name] = Field(
        default_factory=dict, description="Values for contract.court, contract.law"
    )
    jurisdiction: Jurisdiction | None = Field(
        None, description="The law the texts are written for: ru (Russia), de (Germany), intl (any)"
    )
    defines: list[Name] = Field(default_factory=list, description="Terms the preamble defines")
    remove: list[ClauseId] = Field(default_factory=list, description="Ids of clauses or sections to drop")
    sections: list[LibrarySection] = Field(default_factory=list)


@dataclass(frozen=True)
class Origin:
    """Where a text came from, for messages."""

    file: LoadedFile
    loc: Loc


@dataclass
class ClauseEntry:
    id: str
    text: str
    origin: Origin
    optional: bool = False
    requires: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    billing: tuple[str, ...] = ()  # empty: every billing model
    defines: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    children: list[ClauseEntry] = field(default_factory=list)

    def serves(self, billing: str) -> bool:
        """The clause belongs in a contract billed by ``billing`` (stages or monthly)."""
        return not self.billing or billing in self.billing


@dataclass
class SectionEntry:
    id: str
    title: str
    origin: Origin
    clauses: list[ClauseEntry] = field(default_factory=list)


@dataclass
class ClauseSet:
    """A merged clause set of one language."""

    name: str
    language: str
    title: str = ""
    preamble: str = ""
    preamble_origin: Origin | None = None
    defaults: dict[str, str] = field(default_factory=dict)
    jurisdiction: str | None = None
    defines: tuple[str, ...] = ()  # by the preamble
    sections: list[SectionEntry] = field(default_factory=list)
    files: tuple[LoadedFile, ...] = ()  # every file merged into the set (a base's too), in order

    def clauses(self) -> Iterator[tuple[SectionEntry, ClauseEntry]]:
        """Every clause and sub-clause in order, with its section."""
        for section in self.sections:
            stack = list(reversed(section.clauses))
            while stack:
                clause = stack.pop()
                yield section, clause
                stack.extend(reversed(clause.children))

    def ids(self) -> set[str]:
        return {s.id for s in self.sections} | {c.id for _, c in self.clauses()}

    def find(self, clause_id: str) -> tuple[list[ClauseEntry], int] | None:
        """The list holding the clause ``clause_id`` and its index there."""
        for section in self.sections:
            found = _find_in(section.clauses, clause_id)
            if found is not None:
                return found
        return None

    def section(self, section_id: str) -> SectionEntry | None:
        return next((s for s in self.sections if s.id == section_id), None)


@dataclass(frozen=True)
class ClauseLibrary:
    sets: dict[tuple[str, str], ClauseSet]  # (name, language) -> set
    problems: tuple[Problem, ...]  # of the workspace's files

    def get(self, name: str, language: str) -> ClauseSet | None:
        return self.sets.get((name, language))


def _find_in(clauses: list[ClauseEntry], clause_id: str) -> tuple[list[ClauseEntry], int] | None:
    for index, clause in enumerate(clauses):
        if clause.id == clause_id:
            return clauses, index
        found = _find_in(clause.children, clause_id)
        if found is not None:
            return found
    return None


# Placeholders.


def placeholder_problems(text: str) -> list[str]:
    """Messages for unknown or malformed placeholders in ``text`` (empty when fine)."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        return [f"malformed placeholder ({exc}); write {{{{ and }}}} for literal braces"]
    messages = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion:
            messages.append(f'placeholder "{{{name}}}" must be a plain name, without ":" or "!"')
        elif name not in PLACEHOLDERS:
            close = difflib.get_close_matches(name, PLACEHOLDERS, n=1)
            hint = f"did you mean {{{close[0]}}}?" if close else f"known: {', '.join(PLACEHOLDERS)}"
            messages.append(f'unknown placeholder "{{{name}}}"; {hint}')
    return messages


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace each ``{name}`` of a checked text by ``values[name]``; ``{{``/``}}`` become braces.

    A value ending in a dot ("1 июля 2026 г.") swallows the full stop that
    follows it in the text, so sentences never end in "г..".
    """
    parts: list[str] = []
    ends_with_dot = False
    for literal, name, _, _ in string.Formatter().parse(text):
        if ends_with_dot and literal.startswith("."):
            literal = literal[1:]
        parts.append(literal)
        value = values[name] if name is not None else ""
        parts.append(value)
        ends_with_dot = value.endswith(".") if name is not None else False
    return "".join(parts)


# Loading.

# The loaded files, and what loading read (replayed to the document being built on every use).
_cache: dict[tuple[object, ...], tuple[ClauseLibrary, reads.Recorder]] = {}


def load_clause_library(root: Path | None) -> ClauseLibrary:
    """Built-in sets overlaid with the workspace's; cached on file names, sizes and times."""
    paths = [*files_in(BUILTIN_CLAUSES), *(files_in(root / WORKSPACE_CLAUSES) if root else [])]
    key = (root, *((p, *file_stamp(p)) for p in paths))
    if key not in _cache:
        from agencydocs.workspace.clause_merging import load_sets  # it builds on this module's types

        _cache.clear()
        with reads.capture() as captured:
            _cache[key] = (load_sets(root), captured)
    loaded, captured = _cache[key]
    reads.replay(captured)
    if root is not None:
        note_folder(root, WORKSPACE_CLAUSES)  # a file added there changes the sets
    return loaded


def files_in(folder: Path) -> list[Path]:
    """The ``*.yaml`` entries of ``folder``, pipes and folders included (loading reports them)."""
    return find_yaml_files(folder, folder, recursive=False)[0]  # links out: refused when read
