"""Dependencies recorded where they are read (issue #11 item 4).

A document is built from what its resolver and its templates read, noted as
they read it; the next build renders it again exactly when one of those
inputs changed. For every example document (the list comes from the
workspace), these tests check both directions:

* every recorded input, edited, makes the document stale, and an edit to a
  file it did not record leaves it up to date (the up-to-date test);
* nothing unrecorded influences it: with every workspace file it did not
  record deleted, it resolves to the same context (frozen dataclasses,
  compared whole), which stands in for its output; a few documents are
  rendered to confirm.

And the point of recording: a resolver that starts reading a new file makes
the document depend on it, with no table to update.
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from agencydocs import kinds
from agencydocs.building import dependencies
from agencydocs.building.builder import build
from agencydocs.building.confined import OutputDir
from agencydocs.building.dependencies import InputState, RecordedInputs, recorded_inputs, resolve_recorded
from agencydocs.building.manifest import MANIFEST_NAME, Manifest
from agencydocs.commands.check import check
from agencydocs.commands.status import status
from agencydocs.errors import ProblemCollector
from agencydocs.kinds import RenderContext, renderable_kinds
from agencydocs.reading.files import read_file
from agencydocs.rendering.pipeline import Renderer
from agencydocs.workspace import SourceDocument, Workspace, read_workspace
from tests.helpers import (
    EXAMPLE_DIRS,
    EXAMPLE_FILES,
    REPO_ROOT,
    example_documents,
    example_workspace,
    replace_in_file,
)
from tests.hostile.built import built_workspace

RESOLVERS_DIR = REPO_ROOT / "agencydocs" / "resolvers"
# Every example document that is rendered, from the workspace itself (no count typed in).
EXAMPLE = example_documents(REPO_ROOT)
DOCUMENTS = sorted(path for path, data in EXAMPLE.items() if data["kind"] in renderable_kinds())


def _example_files() -> list[str]:
    """Every file of the example workspace (its documents' inputs are among these)."""
    found = [name for name in EXAMPLE_FILES if (REPO_ROOT / name).is_file()]
    for folder in EXAMPLE_DIRS:
        found += [p.relative_to(REPO_ROOT).as_posix() for p in (REPO_ROOT / folder).rglob("*") if p.is_file()]
    return sorted(found)


@dataclasses.dataclass(frozen=True)
class Recorded:
    """A copy of the example workspace, and what resolving each document read from it."""

    root: Path
    workspace: Workspace
    contexts: dict[str, RenderContext]
    inputs: dict[str, RecordedInputs]


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Recorded:
    root = example_workspace(tmp_path_factory.mktemp("recorded"))
    workspace = check(root).workspace
    contexts, inputs = {}, {}
    for source in workspace.documents:
        if source.kind in renderable_kinds():
            contexts[source.file.display], inputs[source.file.display] = resolve_recorded(workspace, source)
    return Recorded(root, workspace, contexts, inputs)


def _load(root: Path) -> Workspace:
    """Read a workspace without the rules: a pruned one is incomplete on purpose."""
    return read_workspace(root, ProblemCollector())


def test_every_example_document_records_its_inputs(recorded: Recorded) -> None:
    assert sorted(recorded.inputs) == DOCUMENTS
    state = InputState(recorded.workspace)
    for document, inputs in recorded.inputs.items():
        project = document.split("/")[1]
        # Its own file, its project, its client and the agency, each as it was read.
        assert {document, f"projects/{project}/project.yaml", "agency.yaml"} <= set(inputs.files)
        assert any(path.startswith("clients/") for path in inputs.files)
        assert inputs.files[document] == hashlib.sha256((recorded.root / document).read_bytes()).hexdigest()
        assert state.unchanged(inputs)


@pytest.fixture
def restore(recorded: Recorded) -> Iterator[Callable[[str], Path]]:
    """Files of the shared copy a test may change: each is put back (or removed) afterwards."""
    saved: dict[Path, bytes | None] = {}

    def keep(relative: str) -> Path:
        path = recorded.root / relative
        saved.setdefault(path, path.read_bytes() if path.exists() else None)
        return path

    yield keep
    for path, data in saved.items():
        if data is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(data)


def _stale(recorded: Recorded) -> set[str]:
    """The documents whose recorded inputs differ from the workspace on disk now."""
    state = InputState(_load(recorded.root))
    return {document for document, inputs in recorded.inputs.items() if not state.unchanged(inputs)}


@pytest.mark.slow  # one reading of the workspace per case, ~10 s for all of them
@pytest.mark.parametrize("edited", _example_files())
def test_an_edited_file_makes_stale_exactly_the_documents_that_read_it(
    recorded: Recorded, restore: Callable[[str], Path], edited: str
) -> None:
    path = restore(edited)
    # Still valid, but other bytes: a YAML comment, or a byte after an image's or a CSV's end.
    path.write_bytes(path.read_bytes() + (b"\n# edited\n" if path.suffix == ".yaml" else b"\n"))
    readers = {document for document, inputs in recorded.inputs.items() if edited in inputs.files}
    assert _stale(recorded) == readers


@pytest.mark.parametrize("deleted", ["locales/en.yaml", "assets/logo.png"])
def test_a_deleted_input_makes_its_readers_stale(
    recorded: Recorded, restore: Callable[[str], Path], deleted: str
) -> None:
    restore(deleted).unlink()
    readers = {document for document, inputs in recorded.inputs.items() if deleted in inputs.files}
    assert readers and _stale(recorded) == readers


def _readers_of_listing(recorded: Recorded, listing: str) -> set[str]:
    return {document for document, inputs in recorded.inputs.items() if listing in inputs.listings}


def test_a_new_addendum_makes_stale_the_documents_that_look_for_addenda(
    recorded: Recorded, restore: Callable[[str], Path]
) -> None:
    [addendum] = [d for d in DOCUMENTS if EXAMPLE[d]["kind"] == "addendum"][:1]
    number = EXAMPLE[addendum]["number"]
    new = restore(addendum.replace(".yaml", "-new.yaml"))
    new.write_text(
        (recorded.root / addendum).read_text(encoding="utf-8").replace(f"number: {number}", "number: 99"),
        encoding="utf-8",
    )
    # Reminders, claims and statements read every invoice (the ledger), so every document.
    readers = _readers_of_listing(recorded, "documents:addendum") | _readers_of_listing(recorded, "documents")
    assert readers and readers != set(DOCUMENTS)
    assert _stale(recorded) == readers


def test_a_new_clause_file_makes_the_contracts_stale(
    recorded: Recorded, restore: Callable[[str], Path]
) -> None:
    folder = recorded.root / "clauses"
    assert not folder.exists()  # the example has none: the contracts use the built-in library
    folder.mkdir()
    try:
        restore("clauses/extra.yaml").write_text("name: services\nlanguage: en\n", encoding="utf-8")
        readers = _readers_of_listing(recorded, "folder:clauses")
        assert readers and {EXAMPLE[d]["kind"] for d in readers} <= {
            "contract",
            "addendum",
            "claim",  # it names the court of its contract's clause set
        }
        assert _stale(recorded) == readers
    finally:
        shutil.rmtree(folder)


@pytest.mark.slow  # one reading of the workspace per case, ~10 s for all of them
@pytest.mark.parametrize("document", DOCUMENTS)
def test_nothing_unrecorded_influences_a_document(recorded: Recorded, tmp_path: Path, document: str) -> None:
    # The strongest edit of a file is to delete it: with every workspace file the
    # document did not record gone, it must resolve to the very same context.
    inputs = recorded.inputs[document]
    pruned = Path(shutil.copytree(recorded.root, tmp_path / "pruned"))
    unrecorded = [name for name in _example_files() if name not in inputs.files]
    assert unrecorded  # the example has documents of other projects
    for name in unrecorded:
        (pruned / name).unlink()
    workspace = _load(pruned)
    assert InputState(workspace).unchanged(inputs)  # the listings it recorded are intact too
    source = next(d for d in workspace.documents if d.file.display == document)
    assert kinds.resolve(workspace, source) == recorded.contexts[document]


@pytest.mark.slow
@pytest.mark.parametrize("document", [next(d for d in DOCUMENTS if "/reports/" in d), DOCUMENTS[0]])
def test_a_pruned_workspace_renders_the_same_html(tmp_path: Path, document: str) -> None:
    # The context stands in for the output above; here the output itself, with a
    # Markdown image (read by the template, not the resolver) in the report.
    full = example_workspace(tmp_path)
    if "/reports/" in document:
        shutil.copy(full / "assets/logo.png", full / "assets/figure.png")
        replace_in_file(full / document, "summary: |\n", "summary: |\n  ![Figure](assets/figure.png)\n\n")
    workspace = check(full).workspace
    source = next(d for d in workspace.documents if d.file.display == document)
    inputs = recorded_inputs(workspace, source)
    if "/reports/" in document:
        assert "assets/figure.png" in inputs
    expected = Renderer(full).render(kinds.resolve(workspace, source), ["html"])["html"]
    for name in _example_files() + ["assets/figure.png"]:
        # The workspace's templates/ are not a document's inputs: every document's key holds them.
        if name not in inputs and not name.startswith("templates/"):
            (full / name).unlink(missing_ok=True)
    pruned = _load(full)
    source = next(d for d in pruned.documents if d.file.display == document)
    assert Renderer(full).render(kinds.resolve(pruned, source), ["html"])["html"] == expected


# --- a resolver that starts reading a new file ---------------------------------------


NOTE = "notes/invoice-note.txt"


def _reading_a_note(original: Callable[[str], kinds.Resolver]) -> Callable[[str], kinds.Resolver]:
    """The invoice resolver, changed to print a workspace file the tool never read before."""

    def resolver(kind: str) -> kinds.Resolver:
        resolve = original(kind)
        if kind != "invoice":
            return resolve

        def with_note(workspace: Workspace, source: SourceDocument) -> RenderContext:
            context = resolve(workspace, source)
            note = read_file(workspace.root / NOTE, root=workspace.root, max_bytes=1000).decode()
            return dataclasses.replace(context, title=f"{context.title} ({note})")

        return with_note

    return resolver


@pytest.mark.slow
def test_a_resolver_that_starts_reading_a_file_rebuilds_when_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = built_workspace(tmp_path, ["html"])
    (root / NOTE).parent.mkdir()
    (root / NOTE).write_text("first", encoding="utf-8")
    # The new code: another package digest (every document is built again) and a new read.
    monkeypatch.setattr(kinds, "resolver", _reading_a_note(kinds.resolver))
    monkeypatch.setattr(dependencies, "_package_digest", lambda: "changed code")
    assert build(root, formats=["html"], jobs=1).documents == len(_manifest(root))
    invoices = [s for s, entry in _manifest(root).items() if entry["kind"] == "invoice"]
    assert invoices and all(NOTE in _manifest(root)[s]["inputs"] for s in invoices)
    assert build(root, formats=["html"], jobs=1).documents == 0
    (root / NOTE).write_text("second", encoding="utf-8")
    assert {d.source for d in status(root).documents if d.freshness == "changed"} >= set(invoices)
    seen: list[str] = []
    build(root, formats=["html"], jobs=1, on_document=seen.append)
    assert sorted(seen) == sorted(invoices)
    html = [p.read_text(encoding="utf-8") for p in (root / "output").rglob("invoice-*.html")]
    assert html and all("(second)" in text for text in html)


def _manifest(root: Path) -> dict[str, dict[str, object]]:
    documents: dict[str, dict[str, object]] = json.loads(
        (root / "output" / MANIFEST_NAME).read_text(encoding="utf-8")
    )["documents"]
    return documents


# --- resolvers read nothing behind the view's back -----------------------------------


# Calls that read or list files directly; a resolver reads through the workspace
# it is given and read_file, which note what they read.
FORBIDDEN_CALLS = {
    "open",
    "read_text",
    "read_bytes",
    "iterdir",
    "glob",
    "rglob",
    "scandir",
    "listdir",
    "walk",
}
FORBIDDEN_CALLS |= {"exists", "is_file", "is_dir", "stat", "lstat", "readlink", "load", "safe_load"}


def direct_file_access(source: str) -> list[str]:
    """``line: call`` for each direct file access in Python ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            if name in FORBIDDEN_CALLS:
                found.append(f"{node.lineno}: {name}()")
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            )
            found += [
                f"{node.lineno}: import {m}"
                for m in modules
                if m.split(".")[0] in ("os", "shutil", "yaml", "csv")
            ]
    return found


@pytest.mark.parametrize("module", sorted(p.name for p in RESOLVERS_DIR.glob("*.py")))
def test_resolvers_read_files_only_through_the_view(module: str) -> None:
    assert direct_file_access((RESOLVERS_DIR / module).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("code", "found"),
    [
        ("data = open(path).read()", ["1: open()"]),
        ("text = (root / 'x.csv').read_text()", ["1: read_text()"]),
        ("names = [p for p in folder.iterdir()]", ["1: iterdir()"]),
        ("import os", ["1: import os"]),
        ("from os.path import exists", ["1: import os.path"]),
        ("labels = workspace.labels(locale)", []),
    ],
)
def test_the_direct_access_check_finds_what_it_looks_for(code: str, found: list[str]) -> None:
    assert direct_file_access(code) == found


# --- the recorded inputs in the manifest are untrusted --------------------------------


ENTRY = {
    "kind": "invoice",
    "number": "1",
    "title": "t",
    "note": "",
    "client": "c",
    "project": "p",
    "outputs": {},
}
HEX = "0" * 64


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("inputs", {"/etc/passwd": HEX}, "inputs: input '/etc/passwd' is an absolute path"),
        (
            "inputs",
            {"../outside.txt": HEX},
            "inputs: input '../outside.txt' contains '..', '.' or an empty part",
        ),
        ("inputs", {"a\\b.yaml": HEX}, "inputs: input 'a\\\\b.yaml' contains a backslash or a NUL character"),
        (
            "inputs",
            {"agency.yaml": "x"},
            "inputs.agency.yaml: String should match pattern '^([0-9a-f]{64}|missing)$'",
        ),
        ("listings", {"evil": HEX}, "listings: unknown listing 'evil'"),
        ("listings", {"folder:../x": HEX}, "listings: input '../x' contains '..', '.' or an empty part"),
    ],
)
def test_a_tampered_input_record_makes_the_manifest_ignored(
    tmp_path: Path, field: str, value: dict[str, str], message: str
) -> None:
    (tmp_path / "output").mkdir()
    document = {"format": 3, "documents": {"projects/p/x.yaml": {**ENTRY, field: value}}}
    (tmp_path / "output" / MANIFEST_NAME).write_text(json.dumps(document), encoding="utf-8")
    manifest = Manifest.load(OutputDir(tmp_path))
    assert manifest.entries == {}
    assert manifest.warning is not None
    assert manifest.warning.message == (
        f"documents.projects/p/x.yaml.{message}; ignored, every document is rebuilt"
    )


def test_a_recorded_input_is_never_read_through_a_link_out_or_a_pipe(
    recorded: Recorded, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    link, pipe = recorded.root / "assets/link.txt", recorded.root / "assets/pipe"
    link.symlink_to(secret)
    os.mkfifo(pipe)  # reading it would block the build forever
    try:
        state = InputState(recorded.workspace)
        assert state.file_digest("assets/link.txt") == state.file_digest("assets/pipe") == "missing"
        assert (
            state.file_digest("assets/logo.png")
            == hashlib.sha256((recorded.root / "assets/logo.png").read_bytes()).hexdigest()
        )
    finally:
        link.unlink()
        pipe.unlink()
