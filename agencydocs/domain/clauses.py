"""Which clauses of a set a contract carries, and whether every term they use is defined.

A clause is chosen by the contract's billing model (stages or monthly), by
``omit`` / ``include`` (an optional clause only when included), and by the
placeholders it ``requires`` or is written ``unless`` (a schedule clause only
when the contract has a payment schedule). A clause that ``uses`` a defined
term ("Акт", "Specification") needs a chosen clause (or the preamble) that
``defines`` it, or the contract speaks of something it never introduced.

The resolver assembles contracts with :func:`wanted`; ``check`` runs
:func:`term_gaps` over the workspace's own clause files, so an edited set
that leaves a term undefined in some contract is found before any contract
uses that combination.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass

from agencydocs.workspace.clause_library import ClauseEntry, ClauseSet

BILLING_MODELS = ("stages", "monthly")  # domain/terms.py billing_model() decides between them


def wanted(
    entry: ClauseEntry,
    values: Mapping[str, str],
    billing: str,
    omit: Collection[str] = (),
    include: Collection[str] = (),
) -> bool:
    """Whether a library clause goes into a contract: its billing model, ``omit``/``include``, placeholders."""
    if entry.id in omit or not entry.serves(billing):
        return False
    if entry.optional and entry.id not in include:
        return False
    if any(not values.get(name) for name in entry.requires):
        return False
    return not any(values.get(name) for name in entry.unless)


def undefined_terms(
    clause_set: ClauseSet, values: Mapping[str, str], billing: str, include: Collection[str] = ()
) -> list[tuple[str, str]]:
    """(clause id, term) for each defined term a clause uses that no chosen clause defines.

    The preamble's ``defines`` count; a term defined anywhere in the chosen
    clauses counts wherever it is used (a definition may follow its first use
    in a heading-free list, as in "Акт" defined in 5.1 and used in 3.4).
    """
    chosen = [entry for _, entry in clause_set.clauses() if wanted(entry, values, billing, (), include)]
    defined = set(clause_set.defines).union(*(entry.defines for entry in chosen))
    return [(entry.id, term) for entry in chosen for term in entry.uses if term not in defined]


@dataclass(frozen=True)
class TermGap:
    """A clause that uses a term no chosen clause defines, in the simplest contract where that happens."""

    clause: ClauseEntry
    term: str
    billing: str
    filled: tuple[str, ...]  # the placeholders that contract fills (the others are empty)
    included: tuple[str, ...]  # the optional clauses it includes


def term_gaps(clause_set: ClauseSet) -> list[TermGap]:
    """Every (clause, term) left undefined by some contract the set can make, once each.

    Every billing model and every combination of the placeholders that switch
    clauses on or off (and of the optional clauses) is tried, the simplest
    first, so each gap is named with the fewest conditions that produce it.
    Seven switches and one optional clause make 512 contracts: milliseconds.
    """
    found: dict[tuple[str, str], TermGap] = {}
    clauses = {entry.id: entry for _, entry in clause_set.clauses()}
    for billing, filled, included in _contracts(clause_set):
        values = dict.fromkeys(filled, "x")
        for clause_id, term in undefined_terms(clause_set, values, billing, included):
            found.setdefault((clause_id, term), TermGap(clauses[clause_id], term, billing, filled, included))
    return list(found.values())


def _contracts(clause_set: ClauseSet) -> Iterator[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(billing model, filled placeholders, included optional clauses), fewest conditions first."""
    entries = [entry for _, entry in clause_set.clauses()]
    switches = sorted({name for entry in entries for name in (*entry.requires, *entry.unless)})
    optional = sorted(entry.id for entry in entries if entry.optional)
    conditions = [*switches, *optional]
    for count in range(len(conditions) + 1):
        for chosen in itertools.combinations(conditions, count):
            for billing in BILLING_MODELS:
                yield (
                    billing,
                    tuple(c for c in chosen if c in switches),
                    tuple(c for c in chosen if c not in switches),
                )
