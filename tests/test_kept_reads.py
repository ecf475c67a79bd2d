"""Reading the workspace again with the folders kept (``serve``) gives what a full reading gives."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from agencydocs.errors import ProblemCollector, sort_problems
from agencydocs.reading import stamps
from agencydocs.workspace import Workspace, read_workspace
from agencydocs.workspace.kept_reads import KeptReads
from tests.helpers import example_workspace, replace_in_file

INVOICE = "projects/initech-support/invoice-2026-020.yaml"
FOLDERS = 7  # locales/, clients/, the four projects, payments/


def summary(workspace: Workspace, collector: ProblemCollector) -> dict[str, Any]:
    """Everything a reading found, in order, comparable with ==."""
    return {
        "documents": [(d.file.display, d.project_id, d.file.sha256, d.model) for d in workspace.documents],
        "clients": [(key, value.model, value.file.sha256) for key, value in workspace.clients.items()],
        "projects": [(key, value.model, value.file.sha256) for key, value in workspace.projects.items()],
        "payments": [(key, value.model, value.file.sha256) for key, value in workspace.payments.items()],
        "labels": workspace.label_overrides,
        "label_files": sorted(workspace.label_files),
        "files_read": workspace.files_read,
        "invalid": workspace.invalid,
        "unreadable": workspace.unreadable_documents,
        "problems": sort_problems(collector.problems),
    }


def read(root: Path, kept: KeptReads | None) -> dict[str, Any]:
    collector = ProblemCollector()
    return summary(read_workspace(root, collector, kept), collector)


def _copy_document(root: Path) -> None:
    source = root / INVOICE
    text = source.read_text(encoding="utf-8").replace("number: 2026-020", "number: 2026-099")
    (root / "projects/initech-support/invoice-2026-099.yaml").write_text(text, encoding="utf-8")


def _copy_project(root: Path) -> None:
    shutil.copytree(root / "projects/initech-support", root / "projects/initech-copy")


def _append(relative: str, text: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        with (root / relative).open("a", encoding="utf-8") as file:
            file.write(text)

    return edit


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("a price, same size", lambda root: replace_in_file(root / INVOICE, "650.00", "651.00")),
    ("a new document", _copy_document),
    ("a document removed", lambda root: (root / "projects/initech-support/invoice-2026-099.yaml").unlink()),
    ("a YAML error", lambda root: replace_in_file(root / INVOICE, "qty: 7.75", "qty: [")),
    ("the error fixed", lambda root: replace_in_file(root / INVOICE, "qty: [", "qty: 7.75")),
    ("a client's address", lambda root: replace_in_file(root / "clients/initech.yaml", "4120", "4121")),
    ("an unknown client field", _append("clients/initech.yaml", "colour: red\n")),
    ("a payment file removed", lambda root: (root / "payments/romashka.yaml").unlink()),
    ("a label override", _append("locales/en.yaml", "total: Sum\n")),
    ("a new project folder", _copy_project),
    ("a project folder removed", lambda root: shutil.rmtree(root / "projects/globex-seo")),
    # Every folder is read with agency.yaml's size limit: a lower one refuses the spec.
    ("the file size limit", _append("agency.yaml", "limits:\n  max_file_size: 5000\n")),
]


@pytest.fixture
def settled(tmp_path: Path) -> Path:
    """The example workspace, its files older than a stamp's racy window (so that stamps tell)."""
    root = example_workspace(tmp_path)
    time.sleep(stamps.RACY_SECONDS + 0.05)
    return root


def test_a_kept_reading_follows_every_kind_of_edit(settled: Path) -> None:
    kept = KeptReads()
    assert read(settled, kept) == read(settled, None)
    for what, edit in EDITS:
        edit(settled)
        assert read(settled, kept) == read(settled, None), what
    assert "spec-12-2026.yaml" in str(read(settled, kept)["problems"])  # the last edit did show


def test_only_the_folder_of_a_saved_file_is_read_again(settled: Path) -> None:
    kept = KeptReads()
    read(settled, kept)
    assert kept.reused == 0
    read(settled, kept)
    assert kept.reused == FOLDERS  # nothing changed: nothing was read again
    replace_in_file(settled / INVOICE, "650.00", "651.00")
    assert "651.00" in str(read(settled, kept)["documents"])
    assert kept.reused == FOLDERS - 1


def test_a_folder_that_is_a_link_is_always_read(settled: Path) -> None:
    """A change to a link's target does not show on the link: such a folder is never kept."""
    target = settled / "shared-project"
    (settled / "projects/initech-support").rename(target)
    (settled / "projects/initech-support").symlink_to(target, target_is_directory=True)
    time.sleep(stamps.RACY_SECONDS + 0.05)
    kept = KeptReads()
    read(settled, kept)
    read(settled, kept)
    assert kept.reused == FOLDERS - 1
    replace_in_file(target / "invoice-2026-020.yaml", "650.00", "651.00")
    assert read(settled, kept) == read(settled, None)
    assert "651.00" in str(read(settled, kept)["documents"])


def test_a_stamp_is_none_for_a_file_changed_within_the_racy_window(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    assert stamps.folder_stamp(tmp_path, recursive=False) is None
    old = time.time() - 10
    os.utime(tmp_path / "a.yaml", (old, old))  # the change time stays recent: still None
    assert stamps.folder_stamp(tmp_path, recursive=False) is None
    assert stamps.folder_stamp(tmp_path / "missing", recursive=False) == ()
