"""What each document's output depends on, as one hash (the incremental-build key).

A document is rebuilt when any input it depends on changes:

* its own YAML, its project.yaml, its client's file and agency.yaml;
* the documents it names by number (``contract:``, ``invoice:``, ``spec:``,
  ``proposal:`` fields), their own YAML only;
* non-YAML files next to it (a CSV of time entries) and the images agency.yaml
  points at (logo, seal, signatures);
* the workspace's label overrides (``locales/<lang>.yaml``) of each language
  the document prints in;
* extra inputs a kind declares in ``EXTRA_DEPENDENCIES`` (e.g. an addendum
  depends on the earlier addenda of its contract);
* the "static" inputs shared by every document: the package's code,
  templates, locales, fonts and data, and the workspace's ``templates/``,
  ``clauses/`` and ``briefs/`` folders.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, cast

from agencydocs import PACKAGE_DIR, __version__
from agencydocs.domain import terms
from agencydocs.i18n.overrides import LOCALES_DIR
from agencydocs.kinds import REFERENCE_FIELDS
from agencydocs.workspace import PROJECT_FILE, PROJECTS_DIR, SourceDocument, Workspace

if TYPE_CHECKING:
    from agencydocs.models.documents import Contract

WORKSPACE_LIBRARIES = ("templates", "clauses", "briefs")

ExtraDependencies = Callable[[Workspace, SourceDocument], Iterable[Path]]


def _contracts_citing(workspace: Workspace, source: SourceDocument) -> Iterable[Path]:
    """A spec prints the contract that cites it (``spec: <number>``) as its basis."""
    number = getattr(source.model, "number", None)
    for document in workspace.documents:
        if document.kind == "contract" and getattr(document.model, "spec", None) == number:
            yield document.file.path


def _addenda_of_contract(workspace: Workspace, source: SourceDocument) -> Iterable[Path]:
    """A contract's scope leaves out what its addenda add; an addendum's total counts the
    earlier ones: both depend on every addendum of the contract and its project."""
    number = getattr(source.model, "number" if source.kind == "contract" else "contract", None)
    for document in workspace.documents:
        if document.kind == "addendum" and getattr(document.model, "contract", None) == number:
            yield document.file.path
        if (
            source.kind == "addendum"
            and document.kind == "contract"
            and cast("Contract", document.model).number == number
        ):
            yield workspace.root / PROJECTS_DIR / document.project_id / PROJECT_FILE


def _report_time_csv(workspace: Workspace, source: SourceDocument) -> Iterable[Path]:
    """A report's time entries may come from a CSV in a sub-folder of the report's folder."""
    time = getattr(source.model, "time", None)
    if time is not None and time.csv:
        yield source.file.path.parent / time.csv


def _report_inputs(workspace: Workspace, source: SourceDocument) -> Iterable[Path]:
    """A report's time CSV, and its project's contracts: their monthly fees can be its money budget."""
    yield from _report_time_csv(workspace, source)
    for document in workspace.documents:
        if document.kind == "contract" and document.project_id == source.project_id:
            yield document.file.path


EXTRA_DEPENDENCIES: dict[str, ExtraDependencies] = {
    "report": _report_inputs,
    "spec": _contracts_citing,
    "contract": _addenda_of_contract,
    "addendum": _addenda_of_contract,
}


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class DependencyHasher:
    """Computes input keys, hashing each file once per build."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._digests: dict[Path, str] = {}
        self._folders: dict[Path, list[Path]] = {}
        self.static_key = self._static_key()

    def digest(self, path: Path) -> str:
        if path not in self._digests:
            self._digests[path] = file_digest(path) if path.is_file() else "missing"
        return self._digests[path]

    def key(self, source: SourceDocument, formats: Iterable[str]) -> str:
        """The hash of everything ``source``'s outputs in ``formats`` depend on."""
        return self._key(self.inputs_key(source), formats)

    def keys(self, source: SourceDocument, formats: Iterable[str]) -> dict[str, str]:
        """One key per format: the manifest records (and skips) each format on its own."""
        inputs = self.inputs_key(source)
        return {fmt: self._key(inputs, [fmt]) for fmt in formats}

    def inputs_key(self, source: SourceDocument) -> str:
        """The hash of the inputs of ``source``, whatever the format."""
        root = self.workspace.root
        paths = sorted(set(self.dependencies(source)))
        digest = hashlib.sha256(self.static_key.encode())
        for path in paths:
            digest.update(f"\n{path.relative_to(root).as_posix()}={self.digest(path)}".encode())
        return digest.hexdigest()

    @staticmethod
    def _key(inputs: str, formats: Iterable[str]) -> str:
        return hashlib.sha256(f"{inputs}\n{','.join(sorted(formats))}".encode()).hexdigest()

    def dependencies(self, source: SourceDocument) -> Iterable[Path]:
        root = self.workspace.root
        yield source.file.path
        yield root / "agency.yaml"
        yield from _agency_images(self.workspace)
        project_dir = root / PROJECTS_DIR / source.project_id
        yield project_dir / PROJECT_FILE
        project = self.workspace.projects.get(source.project_id)
        if project is not None:
            yield root / "clients" / f"{project.model.client}.yaml"
        yield from self._data_files(source.file.path.parent)
        for field in REFERENCE_FIELDS:
            number = getattr(source.model, field, None)
            referenced = self.workspace.document(field, number) if isinstance(number, str) else None
            if referenced is not None:
                yield referenced.file.path
        for language in document_languages(self.workspace, source):
            yield root / LOCALES_DIR / f"{language}.yaml"  # "missing" until the agency writes one
        extra = EXTRA_DEPENDENCIES.get(source.kind)
        if extra is not None:
            yield from extra(self.workspace, source)

    def _data_files(self, folder: Path) -> list[Path]:
        """Non-YAML files of a folder (a CSV of time entries), listed once per folder."""
        if folder not in self._folders:
            self._folders[folder] = [p for p in folder.iterdir() if p.is_file() and p.suffix != ".yaml"]
        return self._folders[folder]

    def _static_key(self) -> str:
        digest = hashlib.sha256(__version__.encode())
        digest.update(_package_digest().encode())
        for library in WORKSPACE_LIBRARIES:
            folder = self.workspace.root / library
            if folder.is_dir():
                for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                    rel = path.relative_to(self.workspace.root).as_posix()
                    digest.update(f"\n{rel}={self.digest(path)}".encode())
        return digest.hexdigest()


@cache
def _package_digest() -> str:
    """Hash of the installed package: code, templates, locales, fonts, data."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"\n{path.relative_to(PACKAGE_DIR).as_posix()}={file_digest(path)}".encode())
    return digest.hexdigest()


def document_languages(workspace: Workspace, source: SourceDocument) -> set[str]:
    """The languages whose labels ``source`` prints: the domain decides them for its resolver too."""
    return set(terms.languages(terms.chain(workspace, source)))


def _agency_images(workspace: Workspace) -> Iterable[Path]:
    if workspace.agency is None:
        return
    agency = workspace.agency.model
    for relative in (agency.logo, agency.seal_image, agency.signatory.signature_image):
        if relative:
            yield (workspace.root / relative).resolve()
