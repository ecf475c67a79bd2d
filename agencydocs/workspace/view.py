"""The workspace as a resolver sees it: every part it takes is noted as an input of the document.

:class:`RecordingWorkspace` is a :class:`~agencydocs.workspace.Workspace` (so
resolvers keep their signatures) over the loaded one, whose ``agency``,
``clients``, ``projects``, ``documents`` and ``labels()`` note the file
behind what they return in the active :class:`~agencydocs.reading.reads.Recorder`.
Questions about which documents exist note a *listing*: a contract depends on
its addenda, so an addendum that appears must rebuild it although no file it
read changed. :func:`listing_digest` computes a listing again for the next
build's up-to-date test, from the workspace then loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from pathlib import Path
from typing import Any, NoReturn, TypeVar, cast

from agencydocs.i18n.labels import Labels
from agencydocs.i18n.overrides import LOCALES_DIR
from agencydocs.models import Agency, Client, Project
from agencydocs.models.payments import PaymentsFile
from agencydocs.reading import reads
from agencydocs.reading.files import folder_listing
from agencydocs.reading.loading import LoadedFile
from agencydocs.workspace import AGENCY_FILE, PAYMENTS_DIR, Sourced, SourceDocument, Workspace

_V = TypeVar("_V", bound="Sourced[Any]")
_T = TypeVar("_T")


def memoized(workspace: Workspace, key: Hashable, compute: Callable[[], _T]) -> _T:
    """``compute()``, once per loaded workspace and ``key``; later calls get the same value.

    What computing it noted (the files, documents and listings it took through
    a recording view, the files it read) is noted again on every later use
    (``reads.capture``/``replay``): a document that asks a memoized value
    depends on what it was made from as if it had computed it. A value made
    through a recording view is kept apart from one made through the plain
    workspace (which notes nothing of what it takes), and so is one made
    before documents were added to the workspace.
    """
    recording = isinstance(workspace, RecordingWorkspace)
    base = workspace._base if isinstance(workspace, RecordingWorkspace) else workspace  # (narrows the type)
    full_key = (key, recording, len(base.documents))
    found = base._memo.get(full_key)
    if found is None:
        with reads.capture() as captured:
            value = compute()
        # ``compute`` is kept too: what it refers to (the document whose id is in a key) stays
        # alive, so that no other object takes its id meanwhile.
        found = base._memo[full_key] = (value, captured, compute)
    reads.replay(cast(reads.Recorder, found[1]))
    return cast(_T, found[0])


class RecordingWorkspace(Workspace):
    """A read-only view of ``base`` that notes what is taken from it (see the module docstring)."""

    def __init__(self, base: Workspace) -> None:  # no super().__init__: every field is read from ``base``
        self._base = base
        self._clients: dict[str, Sourced[Client]] = _RecordingDict(base.clients, "clients")
        self._projects: dict[str, Sourced[Project]] = _RecordingDict(base.projects, "projects")

    # The loaded parts, each noting its file.

    @property
    def root(self) -> Path:  # type: ignore[override]
        return self._base.root

    @property
    def agency(self) -> Sourced[Agency] | None:  # type: ignore[override]
        agency = self._base.agency
        if agency is not None:
            note_source(agency)
        else:
            reads.note_digest(self._base.root / AGENCY_FILE, reads.MISSING)
        return agency

    @property
    def clients(self) -> dict[str, Sourced[Client]]:  # type: ignore[override]
        return self._clients

    @property
    def projects(self) -> dict[str, Sourced[Project]]:  # type: ignore[override]
        return self._projects

    @property
    def documents(self) -> list[SourceDocument]:  # type: ignore[override]
        """All documents: the resolver may look at any of them, so each is an input."""
        reads.note_listing("documents", listing_digest(self._base, "documents") or "")
        for document in self._base.documents:
            note_source(document)
        return list(self._base.documents)

    @property
    def payments(self) -> dict[str, Sourced[PaymentsFile]]:  # type: ignore[override]
        """Every payments file (reminders, claims and statements read the ledger), and their listing."""
        listing = f"folder:{PAYMENTS_DIR}"
        reads.note_listing(listing, listing_digest(self._base, listing) or "")
        for sourced in self._base.payments.values():
            note_source(sourced)
        return self._base.payments

    def payments_of(self, client: str) -> Sourced[PaymentsFile] | None:
        """One client's payments file: only it is an input (or its absence, should it appear)."""
        sourced = self._base.payments.get(client)
        if sourced is not None:
            note_source(sourced)
        else:
            reads.note_digest(self._base.root / PAYMENTS_DIR / f"{client}.yaml", reads.MISSING)
        return sourced

    @property
    def label_overrides(self) -> dict[str, dict[str, str]]:  # type: ignore[override]
        for locale in self._base.label_overrides:
            self._note_locale(locale)
        return self._base.label_overrides

    @property
    def label_files(self) -> dict[str, LoadedFile]:  # type: ignore[override]
        for locale in self._base.label_files:
            self._note_locale(locale)
        return self._base.label_files

    @property
    def invalid(self) -> set[tuple[str, str]]:  # type: ignore[override]
        return self._base.invalid

    @property
    def files_read(self) -> int:  # type: ignore[override]
        return self._base.files_read

    def __setattr__(self, name: str, value: object) -> None:
        if not name.startswith("_"):
            _read_only(name)
        object.__setattr__(self, name, value)

    # Questions about the loaded parts.

    def labels(self, locale: str) -> Labels:
        self._note_locale(locale)
        return self._base.labels(locale)

    def numbered(self, kind: str) -> Mapping[str, SourceDocument]:
        return _RecordingNumbered(self, kind, self._base.numbered(kind))

    def document(self, kind: str, number: str | None) -> SourceDocument | None:
        found = self._base.document(kind, number)
        if found is not None:
            note_source(found)
        elif number is not None:  # one that appears later would be found
            self._note_documents(kind, None, ())
        return found

    def documents_of(self, kind: str, project_id: str | None = None) -> list[SourceDocument]:
        found = self._base.documents_of(kind, project_id)
        self._note_documents(kind, project_id, found)
        return found

    def _note_documents(self, kind: str, project_id: str | None, found: Iterable[SourceDocument]) -> None:
        name = f"documents:{kind}" if project_id is None else f"documents:{kind}:{project_id}"
        reads.note_listing(name, listing_digest(self._base, name) or "")
        for document in found:
            note_source(document)

    def _note_locale(self, locale: str) -> None:
        loaded = self._base.label_files.get(locale)
        if loaded is not None:
            reads.note_digest(loaded.path, loaded.sha256)
        else:  # the agency may write one later
            reads.note_digest(self._base.root / LOCALES_DIR / f"{locale}.yaml", reads.MISSING)


def note_source(sourced: Sourced[Any] | SourceDocument) -> None:
    """Note the YAML file a model was loaded from, as it was read."""
    reads.note_digest(sourced.file.path, sourced.file.sha256)


class _RecordingDict(dict[str, _V]):
    """``clients`` or ``projects``: each entry taken notes its file; looking at them all notes each
    and the listing (a new client or project changes what is there)."""

    def __init__(self, base: dict[str, _V], listing: str) -> None:
        super().__init__(base)
        self._listing = listing
        self._workspace_keys = sorted(base)

    def _all(self) -> None:
        reads.note_listing(self._listing, reads.names_digest(self._workspace_keys))
        for value in super().values():
            note_source(value)

    def __getitem__(self, key: str) -> _V:
        value = super().__getitem__(key)
        note_source(value)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        if key in self:  # notes the entry, or the listing: one that appears would be found
            return self[key]
        return default

    def __contains__(self, key: object) -> bool:
        found = super().__contains__(key)
        if found:
            note_source(super().__getitem__(key))  # type: ignore[index]
        else:
            reads.note_listing(self._listing, reads.names_digest(self._workspace_keys))
        return found

    def __iter__(self) -> Iterator[str]:
        self._all()
        return super().__iter__()

    def keys(self) -> KeysView[str]:  # type: ignore[override]
        self._all()
        return super().keys()

    def values(self) -> ValuesView[_V]:  # type: ignore[override]
        self._all()
        return super().values()

    def items(self) -> ItemsView[str, _V]:  # type: ignore[override]
        self._all()
        return super().items()

    def __setitem__(self, key: str, value: _V) -> NoReturn:
        _read_only(self._listing)


class _RecordingNumbered(Mapping[str, SourceDocument]):
    """``numbered(kind)``: a document looked up by number notes that document and the files of the
    kind that carry that number (one that appears may be found instead: a number used twice keeps
    its first); going through them all notes each and the kind's listing. So editing one invoice
    leaves the acts of the others up to date, and a letter enclosing invoice 7 does not depend on
    the invoices it does not name."""

    def __init__(self, view: RecordingWorkspace, kind: str, found: Mapping[str, SourceDocument]) -> None:
        self._view, self._kind, self._found = view, kind, found

    def __getitem__(self, number: str) -> SourceDocument:
        document = self._lookup(number)
        if document is None:
            raise KeyError(number)
        return document

    def __contains__(self, number: object) -> bool:
        return isinstance(number, str) and self._lookup(number) is not None

    def _lookup(self, number: str) -> SourceDocument | None:
        document = self._found.get(number)
        name = f"number:{self._kind}:{number}"
        reads.note_listing(name, listing_digest(self._view._base, name) or "")
        if document is not None:
            note_source(document)
        return document

    def __iter__(self) -> Iterator[str]:
        self._view._note_documents(self._kind, None, self._found.values())
        return iter(self._found)

    def __len__(self) -> int:
        self._view._note_documents(self._kind, None, self._found.values())
        return len(self._found)


def _read_only(name: str) -> NoReturn:
    raise TypeError(f"a resolver may not change the workspace ({name})")


def listing_digest(workspace: Workspace, name: str) -> str | None:
    """The digest of the listing ``name`` in ``workspace`` now; None for a name this release never writes.

    ``documents``: every document (file and kind); ``documents:<kind>[:<project>]``:
    the files of the documents of a kind (in a project); ``clients``,
    ``projects``: their ids; ``folder:<path>``: the YAML files of a workspace folder;
    ``number:<kind>:<number>``: the files of the documents of a kind with that number.
    """
    kind, _, rest = name.partition(":")
    if name == "documents":
        return reads.names_digest(sorted(f"{d.file.display}\t{d.kind}" for d in workspace.documents))
    if kind == "documents" and rest:
        wanted, _, project_id = rest.partition(":")
        # Through the index: rules and resolvers ask this for every document they look up.
        found = Workspace.documents_of(workspace, wanted, project_id or None)
        return reads.names_digest(sorted(d.file.display for d in found))
    if kind == "number" and rest:
        wanted, _, number = rest.partition(":")
        return reads.names_digest(
            sorted(
                d.file.display
                for d in Workspace.documents_of(workspace, wanted)
                if getattr(d.model, "number", None) == number
            )
        )
    if name in ("clients", "projects"):
        return reads.names_digest(sorted(getattr(workspace, name)))
    if kind == "folder" and rest:
        return folder_listing(workspace.root, rest)
    return None
