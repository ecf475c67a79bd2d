"""Assemble a contract's clauses: its clause set, adjusted by ``omit``, ``include`` and ``replace``.

The first language's set gives the structure; every other language looks
each clause up by id (``check`` reports ids missing from it). Sections and
clauses are numbered here (1., 1.1., 1.1.1.), and placeholders are filled,
one mapping of Markdown-safe strings per language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from agencydocs.domain.clauses import wanted
from agencydocs.i18n.typography import typeset
from agencydocs.models.base import localize
from agencydocs.models.documents.contract import Contract, NewClause
from agencydocs.resolvers.long_document import Heading, Numberer
from agencydocs.workspace.clause_library import ClauseEntry, ClauseSet, fill


@dataclass(frozen=True)
class ClauseView:
    """A numbered clause: Markdown text per language, placeholders filled."""

    id: str
    number: str  # "2.1." or "2.1.1."
    level: int  # 2 clause, 3 sub-clause
    texts: tuple[str, ...]


@dataclass(frozen=True)
class SectionView:
    id: str
    heading: Heading  # first language
    titles: tuple[str, ...]  # per language
    clauses: tuple[ClauseView, ...]


@dataclass(frozen=True)
class _Picked:
    """A clause chosen for the contract, before numbering."""

    id: str
    level: int
    texts: dict[str, str]  # language -> text with placeholders


def included_ids(contract: Contract) -> set[str]:
    return {item for item in contract.include if isinstance(item, str)}


def new_clauses(contract: Contract) -> list[NewClause]:
    return [item for item in contract.include if isinstance(item, NewClause)]


def assemble(
    contract: Contract,
    sets: Sequence[ClauseSet],
    values: Sequence[Mapping[str, str]],
    numberer: Numberer,
    billing: str,
) -> tuple[SectionView, ...]:
    """Numbered sections of a checked contract; ``sets`` and ``values`` are per language.

    ``billing`` (stages or monthly, from domain/terms.py) keeps the clauses
    written for that billing model.
    """
    languages = [s.language for s in sets]
    sections = []
    for section in sets[0].sections:
        if section.id in contract.omit:
            continue
        picked = _pick(contract, sets, section.clauses, values[0], 2, billing)
        for added in new_clauses(contract):
            if added.section == section.id:
                texts = {lang: localize(added.text, lang) for lang in languages}
                ids = [p.id for p in picked]
                at = ids.index(added.after) + 1 if added.after in ids else len(picked)
                picked.insert(at, _Picked(added.id, 2, texts))
        if not picked:
            continue
        titles = tuple(_title(s, section.id) for s in sets)
        heading = numberer.heading(1, titles[0])
        clauses = []
        for item in picked:
            number, _ = numberer.next(item.level)
            filled = tuple(
                typeset(fill(item.texts[lang], values[i]), lang) for i, lang in enumerate(languages)
            )
            clauses.append(ClauseView(item.id, number, item.level, filled))
        sections.append(SectionView(section.id, heading, titles, tuple(clauses)))
    return tuple(sections)


def _pick(
    contract: Contract,
    sets: Sequence[ClauseSet],
    entries: list[ClauseEntry],
    values: Mapping[str, str],
    level: int,
    billing: str,
) -> list[_Picked]:
    picked: list[_Picked] = []
    for entry in entries:
        if not wanted(entry, values, billing, contract.omit, included_ids(contract)):
            continue
        texts = {}
        for clause_set in sets:
            replacement = contract.replace.get(entry.id)
            if replacement is not None:
                texts[clause_set.language] = localize(replacement, clause_set.language)
            else:
                found = clause_set.find(entry.id)
                texts[clause_set.language] = found[0][found[1]].text if found else entry.text
        picked.append(_Picked(entry.id, level, texts))
        if level < 3:
            picked += _pick(contract, sets, entry.children, values, level + 1, billing)
    return picked


def _title(clause_set: ClauseSet, section_id: str) -> str:
    section = clause_set.section(section_id)
    return section.title if section is not None else section_id
