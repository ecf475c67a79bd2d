"""Compare the documents of two sides: which changed, their money, their text, and why.

What each document reads is taken from the last build's records where they
are verified current (``recorded.py``), else learnt by resolving it on one
side (:func:`_affected`); only documents with an input among the paths that
differ (or every document, when the workspace's templates, clauses or
briefs differ) are resolved on both; of those, only the ones whose resolved
context (or template) changed are rendered, as HTML turned into plain text.
A document is reported when its text or one of its money figures differs.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from agencydocs.errors import Problem
from agencydocs.review.sides import DocumentSide, Listed, View

# Workspace folders any document may read: a change there may change every document.
WORKSPACE_LIBRARIES = ("templates", "clauses", "briefs", "locales")

Status = Literal["added", "removed", "changed"]
Progress = Callable[[str], None]


@dataclass(frozen=True)
class MoneyChange:
    label: str
    old: str  # "" when the figure is new
    new: str  # "" when the figure is gone


@dataclass(frozen=True)
class DocumentChange:
    """One document that differs between the two sides."""

    status: Status
    file: str  # workspace-relative, as check names it
    kind: str
    number: str
    title: str
    money: tuple[MoneyChange, ...]
    text_diff: tuple[str, ...]  # unified diff lines of the plain text
    inputs: tuple[str, ...]  # the input files that differ
    total: MoneyChange | None = None  # the document's headline total, when it has one


@dataclass
class Comparison:
    base: str
    head: str
    documents: list[DocumentChange] = field(default_factory=list)
    compared: int = 0  # documents on either side
    resolved: int = 0  # documents whose inputs differed, resolved on both sides
    # Changes to documents issued at the base (review/lock.py): errors, diff exits 1.
    locked: list[Problem] = field(default_factory=list)


def library_changes(changed: set[str]) -> list[str]:
    """The changed paths in the workspace's libraries (templates, clauses...), which any document may read."""
    return sorted(p for p in changed if p.split("/", 1)[0] in WORKSPACE_LIBRARIES)


def compare(
    old: DocumentSide,
    new: DocumentSide,
    changed: set[str],
    progress: Progress,
    *,
    exhaustive: bool = False,
    recorded: Mapping[str, Listed] | None = None,
) -> Comparison:
    """The documents that differ between ``old`` and ``new``, given the workspace-relative
    paths that differ between them (``changed``, from git).

    ``exhaustive``: list every document's inputs on both sides, as ``diff`` once
    did, instead of each document's on one side (:func:`_affected`); the tests
    compare the two answers. ``recorded``: what documents read on the ``new``
    side, from records verified current for it (``LocalSide.recorded``); they
    are not resolved to learn it.
    """
    old_files, new_files = _both(old.ask("documents"), new.ask("documents"))
    files = sorted(old_files | new_files)
    result = Comparison(old.label, new.label, compared=len(files))
    # A changed template or clause may change any document: each is then resolved and rendered.
    libraries = library_changes(changed)
    shared = [file for file in files if file in old_files and file in new_files]
    affected = shared if libraries or exhaustive else _affected(old, new, shared, changed, recorded or {})
    causes: dict[str, tuple[str, ...]] = {file: (file,) for file in files if file not in shared}
    if affected:
        progress(f"listing the inputs of {len(affected)} of {len(files)} document(s)")
        old_inputs, new_inputs = _both(old.ask("inputs", affected), new.ask("inputs", affected))
        for file in affected:
            differing = sorted((old_inputs[file].files | new_inputs[file].files) & changed | set(libraries))
            if differing or old_inputs[file].listings != new_inputs[file].listings:
                causes[file] = tuple(differing)
    if not causes:
        return result
    progress(f"resolving {len(causes)} of {len(files)} document(s) whose inputs differ")
    result.resolved = len(causes)
    both = [file for file in causes if file in old_files and file in new_files]
    if not libraries:
        # Same context, same template: the document reads the same; skip rendering it.
        old_shown, new_shown = _both(old.ask("shown", both), new.ask("shown", both))
        for file in both:
            if old_shown[file] == new_shown[file]:
                del causes[file]
    old_views, new_views = _both(
        old.ask("views", [file for file in causes if file in old_files]),
        new.ask("views", [file for file in causes if file in new_files]),
    )
    for file, inputs in causes.items():
        change = _document(file, old_views.get(file), new_views.get(file), inputs)
        if change is not None:
            result.documents.append(change)
    return result


def _affected(
    old: DocumentSide, new: DocumentSide, shared: list[str], changed: set[str], recorded: Mapping[str, Listed]
) -> list[str]:
    """The documents of both sides that may differ: those whose inputs, listed on one side, include
    a changed file or a listing (which documents of a kind exist...) that differs on the other.

    Resolving is deterministic: a document that reads the same files and
    listings on both sides reads them the same way and resolves the same, so
    its inputs on one side tell. Those ``recorded`` (by the last build, for
    the new side) need no resolving: a build's record is a superset of what
    resolving here reads. The others are listed half on each side, the two
    processes at once. Each side is then asked only for the digests of the
    listings that the other side's documents read.
    """
    if not changed:
        return []
    unknown = [file for file in shared if file not in recorded]
    halves = unknown[0::2], unknown[1::2]
    listed_old, listed_new = _both(old.ask("inputs", halves[0]), new.ask("inputs", halves[1]))
    listed = listed_old, {**listed_new, **{file: recorded[file] for file in shared if file in recorded}}
    affected: set[str] = set()
    others: list[dict[str, str]] = [{}, {}]
    for side, inputs in enumerate(listed):
        for file, found in inputs.items():
            if found.files & changed:
                affected.add(file)
            else:
                others[side].update(found.listings)
    # Each side's listings, as the other side sees them: old's are asked of new and new's of old.
    seen_by_old, seen_by_new = _both(
        old.ask("listings", sorted(others[1])), new.ask("listings", sorted(others[0]))
    )
    for side, seen in enumerate((seen_by_new, seen_by_old)):
        for file, found in listed[side].items():
            if file not in affected and any(seen[name] != digest for name, digest in found.listings):
                affected.add(file)
    return sorted(affected)


def _both(old: Callable[[], Any], new: Callable[[], Any]) -> tuple[Any, Any]:
    """Both answers; the new side's is computed here while the old side (forked) computes its own."""
    new_answer = new()
    return old(), new_answer


def _document(
    file: str, before: View | None, after: View | None, inputs: tuple[str, ...]
) -> DocumentChange | None:
    old_text = list(before.text) if before is not None else []
    new_text = list(after.text) if after is not None else []
    money = _money_changes(before.money if before else {}, after.money if after else {})
    if before is not None and after is not None and old_text == new_text and not money:
        return None
    shown = after or before
    assert shown is not None
    status: Status = "added" if before is None else "removed" if after is None else "changed"
    diff = difflib.unified_diff(
        old_text,
        new_text,
        fromfile=f"a/{file}" if before is not None else "/dev/null",
        tofile=f"b/{file}" if after is not None else "/dev/null",
        n=2,
        lineterm="",
    )
    old_total, new_total = before.total if before else "", after.total if after else ""
    total = MoneyChange("total", old_total, new_total) if old_total or new_total else None
    return DocumentChange(
        status, file, shown.kind, shown.number, shown.title, money, tuple(diff), inputs, total
    )


def _money_changes(old: dict[str, str], new: dict[str, str]) -> tuple[MoneyChange, ...]:
    """Every figure whose printed value differs, in the order the new document prints them."""
    order = list(new) + [label for label in old if label not in new]
    return tuple(
        MoneyChange(label, old.get(label, ""), new.get(label, ""))
        for label in order
        if old.get(label, "") != new.get(label, "")
    )
