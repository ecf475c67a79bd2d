"""Rules of contracts, addenda and the clause library.

Contracts: the clause set exists in each language, ``omit`` / ``include`` /
``replace`` name clause ids the set has (a new clause's id must be new),
placeholders in the contract's own texts are known, every clause has a text
in each language of a bilingual contract, and the spec and milestones exist.
Addenda: the contract exists, and every milestone a change names is in the
project (and, for removals and moved deadlines, in the contract's scope).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import cast

from agencydocs.domain import scope
from agencydocs.domain.clauses import TermGap, term_gaps
from agencydocs.domain.jurisdiction import RUSSIA, Forum
from agencydocs.domain.terms import terms
from agencydocs.models import Project
from agencydocs.models.base import LocalizedText
from agencydocs.models.documents.addendum import Addendum
from agencydocs.models.documents.contract import Contract, NewClause
from agencydocs.reading.loading import LoadedFile, Loc
from agencydocs.rules.base import RuleContext
from agencydocs.rules.billing import check_reverse_charge
from agencydocs.rules.specs import check_requirement_refs, requirement_ids
from agencydocs.workspace import SourceDocument
from agencydocs.workspace.clause_library import (
    BUILTIN_CLAUSES,
    ClauseSet,
    load_clause_library,
    placeholder_problems,
)


def check_clause_library(checker: RuleContext) -> None:
    """Problems of the workspace's own clause files (``clauses/*.yaml``): their own, then the terms
    of every set they change (a built-in set alone is proven by the test suite)."""
    library = load_clause_library(checker.ws.root)
    checker.out.extend(library.problems)
    if library.problems:
        return
    for clause_set in library.sets.values():
        files = _workspace_files(clause_set)
        if files:
            # A built-in clause left without its definition: most likely by a file's remove:.
            removing = next((file for file in files if "remove" in file.data), files[0])
            for gap in term_gaps(clause_set):
                _report_gap(checker, clause_set, gap, removing)


def _workspace_files(clause_set: ClauseSet) -> list[LoadedFile]:
    """The workspace's files that make or change ``clause_set`` (its base's included), in order."""
    return [file for file in clause_set.files if not file.path.is_relative_to(BUILTIN_CLAUSES)]


def _report_gap(checker: RuleContext, clause_set: ClauseSet, gap: TermGap, fallback: LoadedFile) -> None:
    """At the clause's ``uses:`` when a workspace file wrote it, else at the top of the set's file
    (a built-in clause whose definition the workspace removed)."""
    origin = gap.clause.origin
    file, loc = origin.file, (*origin.loc[:-1], "uses")
    if file.path.is_relative_to(BUILTIN_CLAUSES):
        file, loc = fallback, ("remove",) if "remove" in fallback.data else ()
    conditions = [f"{', '.join(gap.filled)} filled"] if gap.filled else []
    conditions += [f"{', '.join(gap.included)} included"] if gap.included else []
    when = f" with {' and '.join(conditions)}" if conditions else ""
    checker.report(
        file,
        loc,
        f'clause "{gap.clause.id}" uses the term "{gap.term}", which no clause of the '
        f'{clause_set.language} set "{clause_set.name}" defines in a contract billed by {gap.billing}{when}; '
        f"let a clause that contract keeps define it (defines: [{gap.term}]) or drop it from uses:",
        "warning",
    )


def check_contract(checker: RuleContext, document: SourceDocument) -> None:
    contract = document.model
    assert isinstance(contract, Contract)
    file = document.file
    project = checker.ws.projects.get(document.project_id)
    if contract.spec is not None:
        checker.reference(file, ("spec",), "spec", contract.spec, checker.ws.numbered("spec"))
    if project is not None:
        _check_milestones(checker, file, contract, project.model)
    check_reverse_charge(checker, document)
    decided = terms(checker.ws, document)
    sets = _clause_sets(checker, file, contract, decided.clause_set, decided.languages)
    if sets:
        _check_clause_ids(checker, file, contract, sets)
        _check_jurisdiction(checker, file, contract, sets, decided.forum)


def _check_jurisdiction(
    checker: RuleContext, file: LoadedFile, contract: Contract, sets: list[ClauseSet], chosen: Forum
) -> None:
    """Warn when the clause set is written for another country's law, or nobody chose law and court.

    A Russian set cites the Civil Code of the Russian Federation: wrong for an
    agency elsewhere. An agency outside Russia that leaves both law and court
    to the country default should say what it wants (agency.yaml or the
    contract), since a German Gerichtsstand holds only between merchants and
    the international default names no particular court.
    """
    agency = checker.ws.agency.model if checker.ws.agency is not None else None
    if agency is None:
        return
    country = agency.legal.country.upper()
    loc: Loc = ("clause_set",) if "clause_set" in contract.model_fields_set else ("languages",)
    for clause_set in sets:
        if clause_set.jurisdiction == RUSSIA and chosen.jurisdiction != RUSSIA:
            checker.report(
                file,
                loc,
                f'clause set "{clause_set.name}" ({clause_set.language}) is written for Russian law, '
                f"but the agency is in {country}; use clause_set: international or a set for its country's law",
                "warning",
            )
            break
    if country != "RU" and chosen.defaulted:
        checker.report(
            file,
            ("court",),
            f"law and court are left to the defaults for an agency in {country}; "
            "set law: and court: in this contract or in agency.yaml",
            "warning",
        )


def _check_milestones(checker: RuleContext, file: LoadedFile, contract: Contract, project: Project) -> None:
    known = [m.id for m in project.milestones]
    for index, milestone in enumerate(contract.milestones or []):
        checker.reference(file, ("milestones", index), "milestone", milestone, known)
    for index, terms_ in enumerate(contract.payments):
        checker.reference(file, ("payments", index, "milestone"), "milestone", terms_.milestone, known)


def _clause_sets(
    checker: RuleContext, file: LoadedFile, contract: Contract, name: str, languages: Sequence[str]
) -> list[ClauseSet]:
    library = load_clause_library(checker.ws.root)
    sets = []
    for index, language in enumerate(languages):
        found = library.get(name, language)
        if found is None:
            known = sorted({name for name, lang in library.sets if lang == language})
            loc: Loc = ("clause_set",) if "clause_set" in contract.model_fields_set else ("languages", index)
            checker.report(
                file,
                loc,
                f'no clause set "{name}" in language {language}; known: {", ".join(known) or "none"}',
            )
            return []
        sets.append(found)
    return sets


def _check_clause_ids(
    checker: RuleContext, file: LoadedFile, contract: Contract, sets: list[ClauseSet]
) -> None:
    primary = sets[0]
    known = primary.ids()
    added = {item.id for item in contract.include if isinstance(item, NewClause)}
    for index, item_id in enumerate(contract.omit):
        _known_id(checker, file, ("omit", index), item_id, known | added)
    for index, item in enumerate(contract.include):
        if isinstance(item, str):
            _known_id(checker, file, ("include", index), item, known)
        else:
            _check_new_clause(checker, file, ("include", index), item, primary, added, len(sets))
    for clause_id, text in contract.replace.items():
        if _known_id(checker, file, ("replace", clause_id), clause_id, known | added):
            _check_text(checker, file, ("replace", clause_id), text, len(sets))
    for clause_set in sets[1:]:
        missing = [
            c.id
            for _, c in primary.clauses()
            if clause_set.find(c.id) is None and c.id not in contract.replace
        ]
        missing += [s.id for s in primary.sections if clause_set.section(s.id) is None]
        if missing:
            checker.report(
                file,
                ("languages",),
                f'clause set "{primary.name}" has no {clause_set.language} text for: {", ".join(missing)}; '
                f"add them to clauses/*.yaml or replace them with text in both languages",
            )


def _known_id(checker: RuleContext, file: LoadedFile, loc: Loc, item_id: str, known: Iterable[str]) -> bool:
    known = set(known)
    if item_id in known:
        return True
    close = difflib.get_close_matches(item_id, sorted(known), n=1)
    hint = f'did you mean "{close[0]}"?' if close else "see the clause set for the ids"
    checker.report(file, loc, f'unknown clause id "{item_id}"; {hint}')
    return False


def _check_new_clause(
    checker: RuleContext,
    file: LoadedFile,
    loc: Loc,
    item: NewClause,
    primary: ClauseSet,
    added: set[str],
    languages: int,
) -> None:
    if item.id in primary.ids():
        checker.report(
            file, (*loc, "id"), f'clause id "{item.id}" already exists; use replace to change its text'
        )
    section = primary.section(item.section)
    if section is None:
        _known_id(checker, file, (*loc, "section"), item.section, (s.id for s in primary.sections))
    elif item.after is not None:
        siblings = {c.id for c in section.clauses} | added
        _known_id(checker, file, (*loc, "after"), item.after, siblings)
    _check_text(checker, file, (*loc, "text"), item.text, languages)


def _check_text(
    checker: RuleContext, file: LoadedFile, loc: Loc, text: LocalizedText, languages: int
) -> None:
    texts = {"": text} if isinstance(text, str) else text
    for language, value in texts.items():
        for message in placeholder_problems(value):
            checker.report(file, (*loc, language) if language else loc, message)
    if languages > 1 and isinstance(text, str):
        checker.report(
            file, loc, "a bilingual contract needs this text in each language: {ru: …, en: …}", "warning"
        )


def check_addendum(checker: RuleContext, document: SourceDocument) -> None:
    addendum = document.model
    assert isinstance(addendum, Addendum)
    file = document.file
    contracts = checker.ws.numbered("contract")
    if not checker.reference(file, ("contract",), "contract", addendum.contract, contracts):
        return
    contract_doc = contracts[addendum.contract]
    contract = contract_doc.model
    assert isinstance(contract, Contract)
    if addendum.date < contract.date:
        checker.report(
            file,
            ("date",),
            f"addendum is dated before its contract ({contract.date})",
            related=[(contract_doc.file, ("date",))],
        )
    project = checker.ws.projects.get(contract_doc.project_id)
    if project is None:
        return
    known = [m.id for m in project.model.milestones]
    for index, item in enumerate(addendum.add):
        if item.milestone is not None:
            checker.reference(file, ("add", index, "milestone"), "milestone", item.milestone, known)
        check_requirement_refs(
            checker, file, ("add", index, "requirements"), item.requirements, requirement_ids(checker.ws)
        )
    in_scope = _scope_keys(checker, contract_doc, document, known)
    for index, milestone in enumerate(addendum.remove):
        if checker.reference(file, ("remove", index), "milestone", milestone, known):
            _in_scope(checker, file, ("remove", index), milestone, in_scope)
    for index, change in enumerate(addendum.deadlines):
        if checker.reference(file, ("deadlines", index, "milestone"), "milestone", change.milestone, known):
            _in_scope(checker, file, ("deadlines", index, "milestone"), change.milestone, in_scope)
    for index, terms_ in enumerate(addendum.payments):
        checker.reference(file, ("payments", index, "milestone"), "milestone", terms_.milestone, known)


def _scope_keys(
    checker: RuleContext, contract_doc: SourceDocument, document: SourceDocument, known: list[str]
) -> set[str] | None:
    """Milestones in scope just before this addendum; None when earlier files are broken."""
    contract = cast(Contract, contract_doc.model)  # check_addendum asserts it
    chain = scope.addenda_of(checker.ws, contract.number)
    if not all(m in known for a in chain for m in _named_milestones(a.model)):
        return None
    earlier = [a for a in chain if a is not document][: chain.index(document)]
    last = earlier[-1] if earlier else None
    return {item.key for item in scope.scope_until(checker.ws, contract_doc, last)}


def _named_milestones(addendum: object) -> list[str]:
    assert isinstance(addendum, Addendum)
    return [i.milestone for i in addendum.add if i.milestone] + list(addendum.remove)


def _in_scope(
    checker: RuleContext, file: LoadedFile, loc: Loc, milestone: str, scope: set[str] | None
) -> None:
    if scope is not None and milestone not in scope:
        checker.report(file, loc, f'milestone "{milestone}" is not in the contract\'s scope at this point')
