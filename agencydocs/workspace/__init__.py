"""Find the workspace, read every file in it, and validate each one.

This is the first pipeline stage. It reads *everything* before anything is
written, collects every problem instead of stopping at the first, and
returns typed models together with their source files (for positions).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from agencydocs.errors import Problem, ProblemCollector
from agencydocs.i18n.labels import Labels
from agencydocs.i18n.overrides import LOCALES_DIR, check_override_file
from agencydocs.kinds import DOCUMENT_MODELS
from agencydocs.models import Agency, Client, DocumentBase, Project
from agencydocs.models.payments import PaymentsFile
from agencydocs.reading.files import find_yaml_files, forget_folders, outside_link
from agencydocs.reading.invisible import printable, unprintable_in_name, zero_width_message
from agencydocs.reading.loading import DEFAULT_MAX_FILE_SIZE, LoadedFile, LoadError, load_yaml_file
from agencydocs.reading.validation import validate_model
from agencydocs.workspace.kept_reads import FolderReader, KeptReads

AGENCY_FILE = "agency.yaml"
CLIENTS_DIR = "clients"
PROJECTS_DIR = "projects"
PROJECT_FILE = "project.yaml"
PAYMENTS_DIR = "payments"  # payments/<client-id>.yaml: what each client paid
TEMPLATES_DIR = "templates"  # workspace overrides of the built-in templates

T = TypeVar("T")
_M = TypeVar("_M", bound=BaseModel)


class WorkspaceNotFound(Exception):
    """No agency.yaml in the given folder or above the current one."""


@dataclass(frozen=True)
class Sourced(Generic[T]):
    """A validated model and the file it came from."""

    model: T
    file: LoadedFile


@dataclass(frozen=True)
class SourceDocument:
    """A validated document, the project folder it lives in and its source file."""

    model: DocumentBase
    file: LoadedFile
    project_id: str

    @property
    def kind(self) -> str:
        return self.model.kind


@dataclass
class Workspace:
    """Everything read from a workspace; partially filled when files are invalid.

    Filled by :func:`read_workspace` and not changed afterwards: what is decided
    from it (a document's terms) is kept for its life (``view.memoized``).
    """

    root: Path
    agency: Sourced[Agency] | None = None
    clients: dict[str, Sourced[Client]] = field(default_factory=dict)
    projects: dict[str, Sourced[Project]] = field(default_factory=dict)
    documents: list[SourceDocument] = field(default_factory=list)
    payments: dict[str, Sourced[PaymentsFile]] = field(default_factory=dict)  # client id -> its file
    # locale -> the valid labels of the workspace's locales/<locale>.yaml, and that file
    label_overrides: dict[str, dict[str, str]] = field(default_factory=dict)
    label_files: dict[str, LoadedFile] = field(default_factory=dict)
    files_read: int = 0  # every YAML file found, valid or not
    # ("client", id) or (kind, number) of files that exist but failed their own
    # checks: references to them are not reported again as unknown.
    invalid: set[tuple[str, str]] = field(default_factory=set)
    # Document files that failed their own checks, kind or number unknown: a
    # number they may carry is not reported as unknown elsewhere (payments).
    unreadable_documents: int = 0
    # kind -> number -> document, built on first use after loading (see ``numbered``).
    _numbered: dict[str, dict[str, SourceDocument]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _numbered_size: int = field(default=-1, init=False, repr=False, compare=False)
    # (kind, project id or None) -> documents, built on first use after loading (see ``documents_of``).
    _of_kind: dict[tuple[str, str | None], list[SourceDocument]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _of_kind_size: int = field(default=-1, init=False, repr=False, compare=False)
    # Values decided from the loaded workspace, kept for its life (see ``view.memoized``).
    _memo: dict[object, tuple[object, object, object]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def labels(self, locale: str) -> Labels:
        """The labels of ``locale``: built-in, with this workspace's overrides."""
        return Labels(locale, self.label_overrides.get(locale))

    def display(self, path: Path) -> str:
        """The path as messages show it: relative, and always on one line."""
        return printable(path.relative_to(self.root).as_posix())

    def numbered(self, kind: str) -> Mapping[str, SourceDocument]:
        """Documents of ``kind`` by number. A number used twice keeps its first
        document; ``check`` reports the later ones."""
        if self._numbered_size != len(self.documents):  # documents added since the last call
            index: dict[str, dict[str, SourceDocument]] = {}
            for document in self.documents:
                number = getattr(document.model, "number", None)
                if isinstance(number, str):
                    index.setdefault(document.kind, {}).setdefault(number, document)
            self._numbered, self._numbered_size = index, len(self.documents)
        return self._numbered.get(kind, {})

    def document(self, kind: str, number: str | None) -> SourceDocument | None:
        """The document of ``kind`` numbered ``number``, if there is one."""
        return None if number is None else self.numbered(kind).get(number)

    def payments_of(self, client: str) -> Sourced[PaymentsFile] | None:
        """``payments/<client>.yaml``, when it exists and is valid."""
        return self.payments.get(client)

    def documents_of(self, kind: str, project_id: str | None = None) -> list[SourceDocument]:
        """The documents of ``kind`` (in the project ``project_id``), in workspace order.

        Resolvers ask this rather than scanning ``documents``: a build then
        records these documents as inputs, not every document of the workspace.
        """
        # Indexed: the rules ask this for every document, and a scan each time made
        # `check` quadratic (seconds in a 1,000-document workspace).
        if self._of_kind_size != len(self.documents):  # documents added since the last call
            index: dict[tuple[str, str | None], list[SourceDocument]] = {}
            for document in self.documents:
                index.setdefault((document.kind, None), []).append(document)
                index.setdefault((document.kind, document.project_id), []).append(document)
            self._of_kind, self._of_kind_size = index, len(self.documents)
        return list(self._of_kind.get((kind, project_id), ()))


def find_workspace(start: Path | None = None, explicit: Path | None = None) -> Path:
    """The folder holding agency.yaml: ``explicit``, or ``start`` and its parents."""
    if explicit is not None:
        if (explicit / AGENCY_FILE).is_file():
            return explicit.resolve()
        raise WorkspaceNotFound(f"{explicit} has no {AGENCY_FILE}")
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / AGENCY_FILE).is_file():
            return folder
    raise WorkspaceNotFound(f"no {AGENCY_FILE} in {here} or any folder above it; use -C DIR")


def read_workspace(root: Path, collector: ProblemCollector, kept: KeptReads | None = None) -> Workspace:
    """Load and validate every file of the workspace, per file (no cross-file rules).

    ``kept``: what earlier readings in this process found, folder by folder
    (``serve``): a folder whose stamp did not change is taken from there, not read.
    """
    forget_folders()
    workspace = Workspace(root)
    reader = _Reader(workspace, collector)
    agency_path = root / AGENCY_FILE
    workspace.agency = reader.read(agency_path, Agency)
    if workspace.agency is not None:
        reader.max_bytes = workspace.agency.model.limits.max_file_size
    folders = reader.folders(kept)
    folders.read(root / LOCALES_DIR, _read_locales)
    folders.read(root / CLIENTS_DIR, _read_clients)
    for project_dir in reader.project_dirs(root / PROJECTS_DIR):
        folders.read(project_dir, _Reader.read_project, recursive=True)
    folders.read(root / PAYMENTS_DIR, _read_payments)
    folders.close()
    return workspace


def _read_locales(reader: _Reader, folder: Path) -> None:
    for path in reader.yaml_files(folder, recursive=False):
        reader.read_label_overrides(path)


def _read_clients(reader: _Reader, folder: Path) -> None:
    workspace = reader.workspace
    for path in reader.yaml_files(folder, recursive=False):
        client = reader.read(path, Client)
        if client is not None:
            workspace.clients[path.stem] = client
        else:
            workspace.invalid.add(("client", path.stem))


def _read_payments(reader: _Reader, folder: Path) -> None:
    for path in reader.yaml_files(folder, recursive=False):
        payments = reader.read(path, PaymentsFile)
        if payments is not None:
            reader.workspace.payments[path.stem] = payments


class _Reader:
    def __init__(self, workspace: Workspace, collector: ProblemCollector) -> None:
        self.workspace = workspace
        self.collector = collector
        self.max_bytes = DEFAULT_MAX_FILE_SIZE

    def load(self, path: Path) -> LoadedFile | None:
        self.workspace.files_read += 1
        try:
            return load_yaml_file(
                path, self.workspace.display(path), self.max_bytes, root=self.workspace.root
            )
        except LoadError as exc:
            self.collector.extend(exc.problems)
            kind, number = (exc.data or {}).get("kind"), (exc.data or {}).get("number")
            if isinstance(kind, str) and isinstance(number, str):
                self.workspace.invalid.add((kind, number))
            return None

    def read(self, path: Path, model: type[_M]) -> Sourced[_M] | None:
        loaded = self.load(path)
        if loaded is None:
            return None
        value, problems = validate_model(model, loaded)
        self.collector.extend(problems)
        return None if value is None else Sourced(value, loaded)

    def read_label_overrides(self, path: Path) -> None:
        loaded = self.load(path)
        if loaded is not None:
            overrides, problems = check_override_file(loaded)
            self.collector.extend(problems)
            self.workspace.label_overrides[path.stem] = overrides
            self.workspace.label_files[path.stem] = loaded

    def yaml_files(self, folder: Path, *, recursive: bool) -> list[Path]:
        """Every ``*.yaml`` entry of ``folder`` (even a pipe: loading reports it); refuses links out."""
        paths, refused = find_yaml_files(folder, self.workspace.root, recursive=recursive)
        for path, message in refused:
            self.collector.add(self.workspace.display(path), message)
        named = []
        for path in paths:
            bad_name = unprintable_in_name(path.name)
            if bad_name is None:
                named.append(path)
            else:
                self.collector.add(self.workspace.display(path), bad_name)
        return named

    def project_dirs(self, projects: Path) -> list[Path]:
        """The project folders, but none that is a symbolic link out of the workspace."""
        root = self.workspace.root
        leaves = outside_link(root, projects, "folder")
        if leaves is None and projects.is_dir():
            candidates = sorted(p for p in projects.iterdir() if p.is_dir())
        else:
            candidates = []
            if leaves is not None:
                self.collector.add(self.workspace.display(projects), leaves)
        kept = []
        for folder in candidates:
            leaves = outside_link(root, folder, "folder")
            if leaves is None:
                kept.append(folder)
            else:
                self.collector.add(self.workspace.display(folder), leaves)
        return kept

    def folders(self, kept: KeptReads | None) -> FolderReader:
        return FolderReader(self, kept)

    def scratch(self) -> _Reader:
        """A reader of the same workspace folder into an empty workspace (to keep what one folder adds)."""
        reader = _Reader(Workspace(self.workspace.root), ProblemCollector())
        reader.max_bytes = self.max_bytes
        return reader

    def read_project(self, project_dir: Path) -> None:
        project_file = project_dir / PROJECT_FILE
        if not os.path.lexists(project_file):  # not is_file(): a pipe or a folder is reported by loading
            self.collector.add(self.workspace.display(project_dir), f"project folder has no {PROJECT_FILE}")
        else:
            project = self.read(project_file, Project)
            if project is not None:
                self.workspace.projects[project_dir.name] = project
        for path in self.yaml_files(project_dir, recursive=True):
            if path != project_file:
                self.read_document(path, project_dir.name)

    def read_document(self, path: Path, project_id: str) -> None:
        loaded = self.load(path)
        if loaded is None:
            self.workspace.unreadable_documents += 1
            return
        kind = loaded.data.get("kind")
        number = loaded.data.get("number")
        model = DOCUMENT_MODELS.get(kind) if isinstance(kind, str) else None
        if model is None:
            self.collector.extend([_unknown_kind(loaded, kind)])
            self.workspace.unreadable_documents += 1
            return
        value, problems = validate_model(model, loaded)
        self.collector.extend(problems)
        if value is not None:
            self.workspace.documents.append(SourceDocument(value, loaded, project_id))
        else:
            self.workspace.unreadable_documents += 1
            if isinstance(kind, str) and isinstance(number, str):
                self.workspace.invalid.add((kind, number))


def _unknown_kind(loaded: LoadedFile, kind: object) -> Problem:
    known = ", ".join(sorted(DOCUMENT_MODELS))
    if ("kind",) in loaded.invisible:  # "invoice" with a zero-width character: say that, not "unknown"
        line, col, char = loaded.invisible[("kind",)]
        return Problem(loaded.display, line, col, "kind", zero_width_message(char))
    if kind is None:
        line, col = 1, 1
        return Problem(loaded.display, line, col, "kind", f"required field is missing; one of: {known}")
    line, col = loaded.position(("kind",))
    return Problem(
        loaded.display, line, col, "kind", f'unknown document kind "{kind}"; expected one of: {known}'
    )
