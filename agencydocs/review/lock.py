"""The issued lock: an invoice, act or credit note sent to the client (``issued: DATE``) is not edited.

Once a document is issued the client's accountant has booked it, so what it
says (its lines, amounts, parties, dates, currency, contract) must stay as
sent: a correction is a new document, a credit note citing it. ``diff`` and
``check --against REF`` compare each document issued at the earlier revision
with the later one and report every difference as an error at the changed
field. Only ``void`` (cancelling the document, with a reason) may be added.

A document issued only at the later revision is not locked yet: the change
that issues it may still fix it. Both sides are reduced to
:class:`IssuedRecord` values (plain, picklable: ``diff`` may read the
earlier revision in a forked process).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agencydocs.errors import Problem
from agencydocs.reading.loading import Loc, format_loc
from agencydocs.workspace import SourceDocument, Workspace

# Fields that may change after issue: cancelling the document is how an issued one is withdrawn.
UNLOCKED_FIELDS = frozenset({"void"})
_ABSENT = "(none)"


@dataclass(frozen=True)
class IssuedRecord:
    """What an issued document says: its own fields, and the figures other files decide."""

    file: str
    kind: str
    number: str
    issued: str  # ISO date
    fields: tuple[tuple[Loc, str], ...]  # every locked field of the file, flattened
    figures: tuple[tuple[str, str], ...]  # computed: the client billed, the currency and total


def issued_records(workspace: Workspace) -> dict[str, IssuedRecord]:
    """File -> record of every issued document of ``workspace``."""
    found = {}
    for source in workspace.documents:
        issued = getattr(source.model, "issued", None)
        number = getattr(source.model, "number", None)
        if issued is None or not isinstance(number, str):
            continue
        found[source.file.display] = IssuedRecord(
            file=source.file.display,
            kind=source.kind,
            number=number,
            issued=issued.isoformat(),
            fields=tuple(_flatten(source.model.model_dump(mode="json", exclude=set(UNLOCKED_FIELDS)))),
            figures=tuple(_figures(workspace, source)),
        )
    return found


def _flatten(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten(item, (*loc, key))
    elif isinstance(value, list):
        yield loc + ("#",), str(len(value))  # a line added or removed shows as a changed count
        for index, item in enumerate(value):
            yield from _flatten(item, (*loc, index))
    else:
        yield loc, _ABSENT if value is None else str(value)


def _figures(workspace: Workspace, source: SourceDocument) -> Iterator[tuple[str, str]]:
    """What the document prints but other files decide: its client (a party), currency and total."""
    from agencydocs.domain.ledger import client_of, document_total

    yield "client", client_of(workspace, source) or _ABSENT
    total = document_total(workspace, source)
    if total is not None:
        yield "currency", total[0]
        yield "total", f"{total[1]:f}"


def lock_problems(earlier: dict[str, IssuedRecord], workspace: Workspace, revision: str) -> list[Problem]:
    """An error for every change to a document issued in ``earlier`` (the workspace at ``revision``)."""
    later = issued_records(workspace)
    sources = {source.file.display: source for source in workspace.documents}
    by_number = {(s.kind, getattr(s.model, "number", None)): s for s in workspace.documents}
    problems: list[Problem] = []
    for file, old in sorted(earlier.items()):
        source = sources.get(file)
        if source is None or source.kind != old.kind:
            source = by_number.get((old.kind, old.number))  # moved to another file
        if source is None:
            if not (workspace.root / file).exists():  # a file that fails its own checks is reported there
                problems.append(_deleted(old, revision))
            continue
        new = later.get(source.file.display)
        problems.extend(_changes(old, new, source, revision))
    return problems


def _deleted(old: IssuedRecord, revision: str) -> Problem:
    return Problem(
        old.file,
        message=(
            f"{_named(old)} was issued on {old.issued} (at {revision}) and is deleted; "
            "an issued document stays: set `void: <reason>` to cancel it, or correct it with a credit note"
        ),
    )


def _changes(
    old: IssuedRecord, new: IssuedRecord | None, source: SourceDocument, revision: str
) -> Iterator[Problem]:
    file = source.file
    advice = "an issued document is not edited: corrections go into a credit note citing it"
    intro = f"{_named(old)} was issued on {old.issued} (at {revision})"
    old_fields = dict(old.fields)
    new_fields = dict(new.fields) if new is not None else dict(_current_fields(source))
    changed = False
    for loc in list(old_fields) + [loc for loc in new_fields if loc not in old_fields]:
        before, after = old_fields.get(loc, _ABSENT), new_fields.get(loc, _ABSENT)
        if before == after:
            continue
        changed = True
        at = loc[:-1] if loc and loc[-1] == "#" else loc
        what = "number of entries" if at != loc else "value"
        line, column = file.position(at)
        yield Problem(
            file.display,
            line,
            column,
            format_loc(at) or "document",
            f"{intro}; its {what} changed from {before} to {after}; {advice}",
        )
    if changed or new is None:
        return  # a figure follows from the fields already named
    for (name, before), (_same, after) in zip(old.figures, new.figures, strict=False):
        if before != after:
            yield Problem(
                file.display,
                1,
                1,
                name,
                f"{intro}; its {name} changed from {before} to {after} (through a file it reads); {advice}",
            )


def _named(record: IssuedRecord) -> str:
    """``invoice 2026-020``, ``credit note CN-2026-001``."""
    return f"{record.kind.replace('_', ' ')} {record.number}"


def _current_fields(source: SourceDocument) -> Iterator[tuple[Loc, str]]:
    """The fields of a document that is no longer issued (``issued`` removed counts as a change)."""
    return _flatten(source.model.model_dump(mode="json", exclude=set(UNLOCKED_FIELDS)))


def issued_lock_against(root: Path, revision: str, workspace: Workspace) -> list[Problem]:
    """``check --against REVISION``: the lock's errors of ``workspace`` (the working tree at ``root``).

    The revision is checked out into a temporary folder, as ``diff`` does it;
    an unknown revision or a folder outside git is a usage error (exit 2).
    Documents the revision cannot read (its own errors) are not locked.
    """
    from agencydocs.errors import ProblemCollector
    from agencydocs.review.git import Repository
    from agencydocs.rules import check_workspace_rules  # noqa: F401 - loads the kinds' rules first
    from agencydocs.workspace import read_workspace

    repository = Repository.of(root)
    with repository.materialised(revision) as side:
        if not (side.root / "agency.yaml").is_file():
            return []  # the revision predates the workspace: nothing was issued
        earlier = issued_records(read_workspace(side.root, ProblemCollector()))
        return lock_problems(earlier, workspace, side.label)
