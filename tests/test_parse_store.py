"""The parse store: files' parses and validations kept between commands (agencydocs/reading/parse_store.py)."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from agencydocs.commands.check import CheckResult, check
from agencydocs.reading import loading, parse_store, validation
from tests.helpers import example_workspace, replace_in_file

# A price below zero: a validation error (the file parses), in the invoice and in the act that uses it.
BROKEN = "projects/romashka-site/invoices/2026-014.yaml"
DESIGN_LINE = "  - milestone: design\n    unit: усл.\n"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The store turned on (the suite reads without it, see conftest.py), in a folder of this test,
    in a process that does not keep parses in memory (as `serve` does: a serve test may have
    turned that on in this worker)."""
    monkeypatch.delenv(parse_store.DISABLE_VARIABLE, raising=False)
    monkeypatch.setattr(loading, "_parsed", None)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "agencydocs" / parse_store.STORE_NAME


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = example_workspace(tmp_path)
    replace_in_file(root / BROKEN, DESIGN_LINE, DESIGN_LINE + "    price: -5\n")
    return root


def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many files are parsed and validated from here on."""
    counts = {"parsed": 0, "validated": 0}
    parse, validate = loading.load_yaml_bytes, validation._validate

    def parsing(*args: Any) -> Any:
        counts["parsed"] += 1
        return parse(*args)

    def validating(*args: Any) -> Any:
        counts["validated"] += 1
        return validate(*args)

    monkeypatch.setattr(loading, "load_yaml_bytes", parsing)
    monkeypatch.setattr(validation, "_validate", validating)
    return counts


def read(result: CheckResult) -> dict[str, Any]:
    """Everything a check read and found, to compare two checks with."""
    ws = result.workspace
    return {
        "problems": result.problems,
        "documents": [(d.file, d.model, d.project_id) for d in ws.documents],
        "clients": {key: (c.file, c.model) for key, c in ws.clients.items()},
        "projects": {key: (p.file, p.model) for key, p in ws.projects.items()},
        "payments": {key: (p.file, p.model) for key, p in ws.payments.items()},
        "agency": (ws.agency.file, ws.agency.model) if ws.agency else None,
        "labels": (ws.label_files, ws.label_overrides),
        "invalid": ws.invalid,
    }


def test_a_second_check_takes_every_file_from_the_store_and_finds_the_same(
    workspace: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = check(workspace)
    assert store.is_file() and first.errors  # the broken invoice's error, kept with its parse
    counts = counted(monkeypatch)
    second = check(workspace)
    assert counts == {"parsed": 0, "validated": 0}
    assert read(second) == read(first)


def test_the_same_bytes_elsewhere_are_taken_as_read_there(
    workspace: Path, store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # diff reads the base revision from a temporary checkout: its unchanged files are kept ones.
    first = check(workspace)
    copy = shutil.copytree(workspace, tmp_path / "elsewhere")
    counts = counted(monkeypatch)
    second = check(copy)
    assert counts == {"parsed": 0, "validated": 0}
    assert [d.file.path for d in second.workspace.documents] == [
        copy / d.file.path.relative_to(workspace) for d in first.workspace.documents
    ]
    assert second.problems == first.problems


def test_a_changed_file_is_parsed_again(
    workspace: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check(workspace)
    replace_in_file(workspace / BROKEN, "    price: -5\n", "")
    counts = counted(monkeypatch)
    fixed = check(workspace)
    assert counts == {"parsed": 1, "validated": 1}
    assert fixed.errors == []
    monkeypatch.setenv(parse_store.DISABLE_VARIABLE, "1")
    assert read(fixed) == read(check(workspace))  # as read without the store


def test_another_release_reads_every_file_again(
    workspace: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = check(workspace)
    monkeypatch.setattr(parse_store, "_release", lambda: "another release")
    counts = counted(monkeypatch)
    check(workspace)
    assert counts["parsed"] == first.workspace.files_read > 20


@pytest.mark.parametrize("unsafe", ["others may write", "a link"])
def test_a_folder_others_could_write_to_is_not_used(
    workspace: Path, store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unsafe: str
) -> None:
    folder = store.parent
    if unsafe == "a link":
        (tmp_path / "elsewhere").mkdir(mode=0o700)
        folder.parent.mkdir()
        folder.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    else:
        folder.mkdir(parents=True)
        folder.chmod(0o777)
    result = check(workspace)
    assert result.errors  # read all the same
    assert not (tmp_path / "elsewhere" / parse_store.STORE_NAME).exists() and not store.exists()


def test_a_damaged_store_is_started_again(
    workspace: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.parent.mkdir(mode=0o700, parents=True)
    store.write_bytes(b"not a database" * 100)
    store.chmod(0o600)
    first = check(workspace)
    counts = counted(monkeypatch)
    assert read(check(workspace)) == read(first)
    assert counts == {"parsed": 0, "validated": 0}


def test_the_variable_turns_it_off(workspace: Path, store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parse_store.DISABLE_VARIABLE, "1")
    check(workspace)
    assert not store.exists()


def test_entries_unused_for_30_days_are_dropped(
    workspace: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def days_used() -> list[int]:
        with contextlib.closing(sqlite3.connect(store)) as connection:
            return sorted(day for (day,) in connection.execute("SELECT used FROM parses"))

    today = parse_store._today()
    files = check(workspace).workspace.files_read
    kept = len(days_used())
    # The workspace's files, and the clause libraries and question sets rules read (unless this
    # process read them for an earlier test: they are kept in memory then).
    assert kept >= files
    monkeypatch.setattr(parse_store, "_today", lambda: today + 20)
    check(workspace)
    # The workspace's files used again: their day moved on, nothing rewritten. (The package's
    # labels and clause libraries this process keeps were not looked up again.)
    days = days_used()
    assert len(days) == kept and days.count(today + 20) >= files and set(days) <= {today, today + 20}
    monkeypatch.setattr(parse_store, "_today", lambda: today + 60)
    replace_in_file(workspace / BROKEN, "    price: -5\n", "")
    check(workspace)  # writes the changed file's entry, and drops those last used 30 days ago or more
    days = days_used()
    assert set(days) == {today + 60} and files <= len(days) < kept  # the edited file's old bytes went
