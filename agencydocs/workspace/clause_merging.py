"""Loading and merging clause files into the sets of :mod:`agencydocs.workspace.clause_library`.

Built-in files load first, then the workspace's ``clauses/*.yaml``; a file
for a known set changes it by id, a file with ``base:`` starts a new set as a
copy of another (it waits until its base is loaded). Every text's
placeholders and every term name are checked, with file and line.
"""

from __future__ import annotations

import dataclasses
import difflib
from pathlib import Path

from agencydocs.errors import Problem
from agencydocs.reading.loading import LoadedFile, LoadError, Loc, format_loc, load_yaml_file
from agencydocs.reading.validation import validate_model
from agencydocs.workspace.clause_library import (
    BUILTIN_CLAUSES,
    PLACEHOLDERS,
    TERMS,
    WORKSPACE_CLAUSES,
    ClauseEntry,
    ClauseLibrary,
    ClauseSet,
    ClauseSetFile,
    LibraryClause,
    LibrarySection,
    Origin,
    SectionEntry,
    files_in,
    placeholder_problems,
)


def load_sets(root: Path | None) -> ClauseLibrary:
    """Built-in sets overlaid with the workspace's, and the problems of the workspace's files."""
    sets: dict[tuple[str, str], ClauseSet] = {}
    builtin = [(p, f"agencydocs/clauses/{p.name} (built-in)") for p in files_in(BUILTIN_CLAUSES)]
    problems = _mergefiles_in(sets, builtin, None)
    if problems:  # a broken built-in is our bug, not the user's
        raise RuntimeError("; ".join(p.format() for p in problems))
    found: list[Problem] = []
    if root is not None:
        own = [(p, p.relative_to(root).as_posix()) for p in files_in(root / WORKSPACE_CLAUSES)]
        found = _mergefiles_in(sets, own, root)
    return ClauseLibrary(sets, tuple(found))


def _mergefiles_in(
    sets: dict[tuple[str, str], ClauseSet], files: list[tuple[Path, str]], root: Path | None
) -> list[Problem]:
    """Merge files in name order, except that a set built on a ``base`` waits for its base."""
    problems: list[Problem] = []
    waiting: list[tuple[LoadedFile, ClauseSetFile]] = []
    for path, display in files:
        try:
            loaded = load_yaml_file(path, display, root=root)
        except LoadError as exc:
            problems += exc.problems
            continue
        model, invalid = validate_model(ClauseSetFile, loaded)
        if model is None:
            problems += invalid
        else:
            waiting.append((loaded, model))
    while waiting:
        ready = [item for item in waiting if _base_ready(sets, item[1])]
        if not ready:  # what is left names a base no file defines
            for loaded, model in waiting:
                line, col = loaded.position(("base",))
                known = sorted({name for name, lang in sets if lang == model.language})
                message = (
                    f'unknown base set "{model.base}" in language {model.language}; known: {", ".join(known)}'
                )
                problems.append(Problem(loaded.display, line, col, "base", message))
            break
        for loaded, model in ready:
            problems += _merge_model(sets, loaded, model)
        waiting = [item for item in waiting if item not in ready]
    return problems


def _base_ready(sets: dict[tuple[str, str], ClauseSet], model: ClauseSetFile) -> bool:
    key = (model.name, model.language)
    return model.base is None or key in sets or (model.base, model.language) in sets


def _merge_model(
    sets: dict[tuple[str, str], ClauseSet], loaded: LoadedFile, model: ClauseSetFile
) -> list[Problem]:
    key = (model.name, model.language)
    if key not in sets:
        base = sets.get((model.base, model.language)) if model.base else None
        sets[key] = _copy_set(base, model.name) if base else ClauseSet(model.name, model.language)
    merger = _Merger(loaded)
    merger.merge(sets[key], model)
    return merger.problems


def _copy_set(base: ClauseSet, name: str) -> ClauseSet:
    """A new set ``name`` with ``base``'s texts, which the new set's file then changes."""
    return dataclasses.replace(
        base,
        name=name,
        defaults=dict(base.defaults),
        sections=[dataclasses.replace(s, clauses=_copy_clauses(s.clauses)) for s in base.sections],
    )


def _copy_clauses(clauses: list[ClauseEntry]) -> list[ClauseEntry]:
    return [dataclasses.replace(c, children=_copy_clauses(c.children)) for c in clauses]


class _Merger:
    """Applies one file to a set, collecting located problems."""

    def __init__(self, file: LoadedFile) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def report(self, loc: Loc, message: str) -> None:
        line, col = self.file.position(loc)
        self.problems.append(Problem(self.file.display, line, col, format_loc(loc), message))

    def check_text(self, text: str | None, loc: Loc) -> None:
        for message in placeholder_problems(text or ""):
            self.report(loc, message)

    def check_terms(self, names: list[str], loc: Loc) -> None:
        for index, name in enumerate(names):
            if name not in TERMS:
                close = difflib.get_close_matches(name, TERMS, n=1)
                hint = f'did you mean "{close[0]}"?' if close else f"known: {', '.join(TERMS)}"
                self.report((*loc, index), f'unknown term "{name}"; {hint}')

    def merge(self, target: ClauseSet, model: ClauseSetFile) -> None:
        target.files = (*target.files, self.file)
        if model.title:
            target.title = model.title
        if model.preamble:
            self.check_text(model.preamble, ("preamble",))
            target.preamble, target.preamble_origin = model.preamble, Origin(self.file, ("preamble",))
        target.defaults.update(model.defaults)
        if model.jurisdiction is not None:
            target.jurisdiction = model.jurisdiction
        if "defines" in model.model_fields_set:
            target.defines = tuple(model.defines)
            self.check_terms(model.defines, ("defines",))
        for name in model.defaults:
            if name not in PLACEHOLDERS:
                self.report(("defaults", name), f'unknown placeholder "{name}"')
        for index, removed in enumerate(model.remove):
            self._remove(target, removed, ("remove", index))
        for index, section in enumerate(model.sections):
            self._section(target, section, ("sections", index))

    def _remove(self, target: ClauseSet, item_id: str, loc: Loc) -> None:
        section = target.section(item_id)
        if section is not None:
            target.sections.remove(section)
            return
        found = target.find(item_id)
        if found is None:
            self.report(loc, f'unknown clause or section id "{item_id}"')
        else:
            holder, index = found
            del holder[index]

    def _section(self, target: ClauseSet, section: LibrarySection, loc: Loc) -> None:
        existing = target.section(section.id)
        if existing is None:
            if not section.title:
                self.report((*loc, "title"), f'new section "{section.id}" needs a title')
                return
            existing = SectionEntry(section.id, section.title, Origin(self.file, (*loc, "title")))
            self.check_text(section.title, (*loc, "title"))
            ids = [s.id for s in target.sections]
            position = self._position(ids, section.after, (*loc, "after"))
            target.sections.insert(position, existing)
        elif section.title:
            self.check_text(section.title, (*loc, "title"))
            existing.title, existing.origin = section.title, Origin(self.file, (*loc, "title"))
        for index, clause in enumerate(section.clauses):
            self._clause(target, existing.clauses, clause, (*loc, "clauses", index))

    def _clause(
        self, target: ClauseSet, siblings: list[ClauseEntry], clause: LibraryClause, loc: Loc
    ) -> None:
        self.check_text(clause.text, (*loc, "text"))
        for key in ("requires", "unless"):
            for index, name in enumerate(getattr(clause, key)):
                if name not in PLACEHOLDERS:
                    self.report((*loc, key, index), f'unknown placeholder "{name}"')
        self.check_terms(clause.defines, (*loc, "defines"))
        self.check_terms(clause.uses, (*loc, "uses"))
        found = target.find(clause.id)
        if found is not None:
            entry = found[0][found[1]]
            self._update(entry, clause, loc)
        else:
            if clause.text is None:
                self.report(loc, f'new clause "{clause.id}" needs a text')
                return
            entry = ClauseEntry(clause.id, clause.text, Origin(self.file, (*loc, "text")))
            self._update(entry, clause, loc)
            position = self._position([c.id for c in siblings], clause.after, (*loc, "after"))
            siblings.insert(position, entry)
        for index, child in enumerate(clause.clauses):
            self._clause(target, entry.children, child, (*loc, "clauses", index))

    def _update(self, entry: ClauseEntry, clause: LibraryClause, loc: Loc) -> None:
        given = clause.model_fields_set
        if clause.text is not None:
            entry.text, entry.origin = clause.text, Origin(self.file, (*loc, "text"))
        if "optional" in given:
            entry.optional = clause.optional
        if "requires" in given:
            entry.requires = tuple(clause.requires)
        if "unless" in given:
            entry.unless = tuple(clause.unless)
        for key in ("billing", "defines", "uses"):
            if key in given:
                setattr(entry, key, tuple(getattr(clause, key)))

    def _position(self, ids: list[str], after: str | None, loc: Loc) -> int:
        if after is None:
            return len(ids)
        if after not in ids:
            self.report(loc, f'unknown id "{after}" here; known: {", ".join(ids) or "none"}')
            return len(ids)
        return ids.index(after) + 1
