"""A small built workspace for the output-side hostile tests: one project, three documents.

Building is the slow part of these tests, so a module builds once and each
test copies the finished ``output/`` into its own guarded workspace: the
manifest holds paths relative to ``output/`` and keys of the (identical)
inputs, so the copy is up to date there too.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Sequence
from pathlib import Path

from agencydocs.building.builder import build
from agencydocs.building.confined import OutputDir
from agencydocs.building.manifest import MANIFEST_NAME, Manifest
from agencydocs.building.writing import TEMP_PREFIX
from tests.helpers import example_workspace

KEPT_PROJECT = "initech-support"
DROPPED_PROJECTS = ("globex-seo", "nordlicht-relaunch", "romashka-site")
# Initech's credit note is dropped too: three documents build fast and name the three kinds.
DROPPED_FILES = ("projects/initech-support/credit-note-2026-001.yaml",)
FOLDER = "initech/initech-support"
SOURCES = (
    "projects/initech-support/act-2026-016.yaml",
    "projects/initech-support/contract-in-2026-01.yaml",
    "projects/initech-support/invoice-2026-020.yaml",
)
STEMS = ("act-2026-016", "contract-IN-2026-01", "invoice-2026-020")


def shrink(root: Path) -> Path:
    """Keep one project of the example workspace (three documents); returns ``root``."""
    for project in DROPPED_PROJECTS:
        shutil.rmtree(root / "projects" / project)
    shutil.rmtree(root / "payments", ignore_errors=True)  # they settle invoices of the dropped projects
    for path in DROPPED_FILES:
        (root / path).unlink()
    return root


def built_workspace(tmp: Path, formats: Sequence[str]) -> Path:
    """A shrunk example workspace under ``tmp``, built in ``formats``."""
    root = shrink(example_workspace(tmp))
    build(root, formats=formats, jobs=1)
    return root


def copy_output(source_root: Path, target_root: Path) -> None:
    """Give ``target_root`` the built ``output/`` of ``source_root``."""
    shutil.copytree(source_root / "output", target_root / "output", symlinks=True)


def outputs(root: Path) -> dict[str, bytes]:
    """Relative path -> bytes of every document file in ``output/`` (not the index or the manifest)."""
    output = root / "output"
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file() and not path.is_symlink() and path.parent != output
    }


def assert_manifest_consistent(root: Path, documents: int | None = None) -> dict[str, object]:
    """The manifest is whole (format 2) and every file it records has the recorded bytes."""
    output = root / "output"
    manifest = json.loads((output / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["format"] == 3
    for entry in manifest["documents"].values():
        for fmt, record in entry["outputs"].items():
            path = output / record["path"]
            assert path.suffix == f".{fmt}" and not path.is_symlink(), record
            assert hashlib.sha256(path.read_bytes()).hexdigest() == record["sha256"], record
    if documents is not None:
        assert len(manifest["documents"]) == documents
    return manifest


def assert_manifest_valid(root: Path) -> None:
    """The manifest is whole and passes validation (its records may be older than the files)."""
    manifest = Manifest.load(OutputDir(root))
    assert manifest.warning is None and manifest.entries, manifest.warning


def temporaries(root: Path) -> list[Path]:
    return sorted((root / "output").rglob(f"{TEMP_PREFIX}*"))
