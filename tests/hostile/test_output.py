"""Hostile output/: a tampered manifest, links placed in output/, output/ itself a link.

The manifest in ``output/`` is untrusted input. Whatever it says, ``status``
and ``build`` warn in one line, rebuild everything, and never read, write or
delete a file outside ``output/`` (the ``guarded`` fixture hashes everything
around the workspace, including ``outside/precious.txt``, before and after).
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from agencydocs.building.manifest import MANIFEST_NAME
from tests.hostile.built import (
    FOLDER,
    SOURCES,
    assert_manifest_consistent,
    outputs,
    shrink,
)
from tests.hostile.harness import GuardedWorkspace, Outcome

GONE = "projects/initech-support/gone.yaml"  # a deleted document: the build removes its files
PREFIX = f"output/{MANIFEST_NAME}: warning: "
SUFFIX = "; ignored, every document is rebuilt"
STATUS_ALL_STALE = "Output: 3 document(s) to render, 0 up to date, 0 file(s) of deleted documents to remove"
Tamper = Callable[[dict[str, Any], GuardedWorkspace], "dict[str, Any] | bytes"]


def _gone_with(fmt: str, field: str, value: object) -> Tamper:
    """Record a deleted document whose ``fmt`` output has ``field`` = ``value``."""

    def tamper(manifest: dict[str, Any], guarded: GuardedWorkspace) -> dict[str, Any]:
        entry = copy.deepcopy(manifest["documents"][SOURCES[0]])
        entry["outputs"][fmt][field] = value(guarded) if callable(value) else value
        manifest["documents"][GONE] = entry
        return manifest

    return tamper


def _set(path: tuple[str, ...], value: object) -> Tamper:
    def tamper(manifest: dict[str, Any], _guarded: GuardedWorkspace) -> dict[str, Any]:
        target = manifest
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return manifest

    return tamper


def _raw(data: bytes) -> Tamper:
    return lambda _manifest, _guarded: data


def _precious(guarded: GuardedWorkspace) -> str:
    return str(guarded.outside / "precious.txt")


GONE_OUTPUTS = f"documents.{GONE}.outputs"
ACT = SOURCES[0]
CASES: list[tuple[str, Tamper, str | Callable[[GuardedWorkspace], str]]] = [
    (
        "absolute path",
        _gone_with("html", "path", _precious),
        lambda g: f"{GONE_OUTPUTS}: html path {_precious(g)[:80]!r} is an absolute path",
    ),
    (
        "dot-dot path",
        _gone_with("html", "path", "../../outside/precious.txt"),
        f"{GONE_OUTPUTS}: html path '../../outside/precious.txt' contains '..', '.' or an empty part",
    ),
    (
        "dot-dot inside a path",
        _gone_with("html", "path", "initech/../../../outside/precious.txt"),
        f"{GONE_OUTPUTS}: html path 'initech/../../../outside/precious.txt' contains '..', '.' or an empty part",
    ),
    (
        "backslashes",
        _gone_with("html", "path", "..\\..\\outside\\precious.html"),
        f"{GONE_OUTPUTS}: html path '..\\\\..\\\\outside\\\\precious.html' contains a backslash or a NUL character",
    ),
    (
        "NUL in a path",
        _gone_with("html", "path", "initech/initech-support/a\0.html"),
        f"{GONE_OUTPUTS}: html path 'initech/initech-support/a\\x00.html' contains a backslash or a NUL character",
    ),
    (
        "not an output path",
        _gone_with("html", "path", "index.html"),
        f"{GONE_OUTPUTS}: html path 'index.html' is not a <client>/<project>/<file> path",
    ),
    (
        "a hidden file",
        _gone_with("html", "path", "initech/initech-support/.agencydocs-lock.html"),
        f"{GONE_OUTPUTS}: html path 'initech/initech-support/.agencydocs-lock.html' "
        "is not a <client>/<project>/<file> path",
    ),
    (
        "suffix of another format",
        _gone_with("html", "path", f"{FOLDER}/keep.txt"),
        f"{GONE_OUTPUTS}: html path '{FOLDER}/keep.txt' does not end with .html",
    ),
    (
        "a number for a path",
        _gone_with("html", "path", 123),
        f"{GONE_OUTPUTS}.html.path: Input should be a valid string",
    ),
    (
        "a bad digest",
        _gone_with("html", "sha256", "zz"),
        f"{GONE_OUTPUTS}.html.sha256: String should match pattern '^[0-9a-f]{{64}}$'",
    ),
    ("documents a list", _set(("documents",), []), "documents: Input should be a valid dictionary"),
    (
        "an entry not an object",
        _set(("documents", ACT), "x"),
        f"documents.{ACT}: Input should be a valid dictionary or instance of Entry",
    ),
    (
        "an unknown field",
        _set(("documents", ACT, "evil"), 1),
        f"documents.{ACT}.evil: Extra inputs are not permitted",
    ),
    (
        "an unknown format",
        _set(("documents", ACT, "outputs", "exe"), {}),
        f"documents.{ACT}.outputs.exe.key: Field required (and 2 more)",
    ),
    ("a newer version", _set(("format",), 4), "has an unknown format version 4 (this release reads 3)"),
    ("a version as text", _set(("format",), "3"), "has an unknown format version '3' (this release reads 3)"),
    (
        "a version as bool",
        _set(("format",), True),
        "has an unknown format version True (this release reads 3)",
    ),
    (
        "a huge version",
        _raw(b'{"format": 1' + b"0" * 100 + b', "documents": {}}'),
        "has an unknown format version (a huge number) (this release reads 3)",
    ),
    (
        "a giant number",
        _raw(b'{"format": 3, "documents": {}, "n": ' + b"9" * 5000 + b"}"),
        "is not valid JSON (Exceeds the limit (4300 digits) for integer string conversion: value has 5000 di)",
    ),
    ("a JSON list", _raw(b"[1, 2]"), "is a JSON list, not an object"),
    (
        "truncated JSON",
        _raw(b'{"format": 3, "documents": {'),
        "is not valid JSON (Expecting property name enclosed in double quotes: line 1 column 29 (char 28))",
    ),
    ("an empty file", _raw(b""), "is not valid JSON (Expecting value: line 1 column 1 (char 0))"),
    ("invalid UTF-8", _raw(b'\xff\xfe{"format": 3}'), "is not UTF-8 text"),
    (
        "deep nesting",
        _raw(b"[" * 100_000),
        "is not valid JSON (maximum recursion depth exceeded while decoding a JSON array from a unicode stri)",
    ),
]


def _write_manifest(guarded: GuardedWorkspace, tamper: Tamper) -> None:
    path = guarded.output / MANIFEST_NAME
    result = tamper(json.loads(path.read_text(encoding="utf-8")), guarded)
    path.write_bytes(result if isinstance(result, bytes) else json.dumps(result).encode("utf-8"))


def _assert_full_rebuild(guarded: GuardedWorkspace, warning: str | None) -> None:
    """``status`` and ``build`` warn (or not), render the three documents and stay in output/."""
    before = outputs(guarded.root)
    status = guarded.run("status")
    assert status.exit_code == 0, status.output
    assert status.stderr.splitlines() == ([warning] if warning else [])
    assert status.stdout.splitlines()[0] == STATUS_ALL_STALE
    outcome = guarded.run("build", "--format", "html", "-j1")
    assert outcome.exit_code == 0, outcome.output
    assert _warnings(outcome) == ([warning] if warning else [])
    assert outcome.stdout.startswith(
        "Built 3 document(s), 0 up to date: 0 file(s) written, 4 unchanged, 0 removed, in "
    ), outcome.stdout
    assert outputs(guarded.root) == before
    assert_manifest_consistent(guarded.root, documents=3)
    assert (guarded.outside / "precious.txt").read_text(encoding="utf-8") == "must survive\n"


def _warnings(outcome: Outcome) -> list[str]:
    return [line for line in outcome.stderr.splitlines() if not line.startswith("[")]


@pytest.mark.parametrize(("tamper", "message"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_a_tampered_manifest_is_one_warning_and_a_full_rebuild(
    ready: GuardedWorkspace, tamper: Tamper, message: str | Callable[[GuardedWorkspace], str]
) -> None:
    _write_manifest(ready, tamper)
    expected = message(ready) if callable(message) else message
    _assert_full_rebuild(ready, PREFIX + expected + SUFFIX)


def test_a_manifest_over_the_size_limit_is_not_read(ready: GuardedWorkspace) -> None:
    with (ready.output / MANIFEST_NAME).open("r+b") as handle:
        handle.truncate(64 * 1024 * 1024 + 1)  # sparse: cheap to make, too big to trust
    _assert_full_rebuild(ready, PREFIX + "is unreadable or larger than 64 MiB" + SUFFIX)


def test_a_manifest_linking_out_is_not_read_and_the_link_is_replaced(ready: GuardedWorkspace) -> None:
    manifest = ready.output / MANIFEST_NAME
    (ready.outside / "manifest.json").write_bytes(manifest.read_bytes())
    manifest.unlink()
    manifest.symlink_to(ready.outside / "manifest.json")
    _assert_full_rebuild(ready, PREFIX + "is a link, not a file" + SUFFIX)
    assert not manifest.is_symlink()


def test_an_old_manifest_version_is_a_silent_full_rebuild(ready: GuardedWorkspace) -> None:
    old = {"format": 1, "documents": {GONE: {"key": "k", "outputs": {"../../outside/precious.txt": "x"}}}}
    (ready.output / MANIFEST_NAME).write_text(json.dumps(old), encoding="utf-8")
    _assert_full_rebuild(ready, None)


def test_a_folder_named_like_the_manifest(ready: GuardedWorkspace) -> None:
    manifest = ready.output / MANIFEST_NAME
    manifest.unlink()
    manifest.mkdir()
    (manifest / "keep.txt").write_text("mine\n", encoding="utf-8")
    status = ready.run("status")
    assert (status.exit_code, status.stderr) == (0, PREFIX + "is a folder, not a file" + SUFFIX + "\n")
    outcome = ready.run("build", "--format", "html", "-j1")
    assert outcome.exit_code == 1
    assert outcome.stderr.splitlines() == [
        f"Error: output/{MANIFEST_NAME}: is a folder, where the build records what it built; remove it"
    ]
    assert (manifest / "keep.txt").read_text(encoding="utf-8") == "mine\n"


def test_removing_a_deleted_document_never_follows_a_link(ready: GuardedWorkspace) -> None:
    # Schema-valid paths of a deleted document, but one goes through a folder
    # linking out and one is itself a link: neither the links nor what they
    # point at may go.
    elsewhere = ready.outside / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "act.html").write_text("precious\n", encoding="utf-8")
    (ready.output / "evil").symlink_to(ready.outside, target_is_directory=True)
    (ready.output / FOLDER / "link.pdf").symlink_to(ready.outside / "precious.txt")
    path = ready.output / MANIFEST_NAME
    manifest = json.loads(path.read_text(encoding="utf-8"))
    entry = manifest["documents"][ACT]
    record = entry["outputs"]["html"]
    manifest["documents"][GONE] = {
        **entry,
        "outputs": {
            "html": {**record, "path": "evil/elsewhere/act.html"},
            "pdf": {**record, "path": f"{FOLDER}/link.pdf"},
        },
    }
    path.write_text(json.dumps(manifest), encoding="utf-8")
    ready.arm()
    status = ready.run("status")
    assert (status.exit_code, status.stderr) == (0, "")
    # Built in HTML only, so status (all formats) has PDF and DOCX to render, and nothing to remove.
    assert status.stdout.splitlines()[0] == STATUS_ALL_STALE
    outcome = ready.run("build", "--format", "html", "-j1")
    assert outcome.exit_code == 0, outcome.output
    assert outcome.stdout.startswith(
        "Built 0 document(s), 3 up to date: 0 file(s) written, 1 unchanged, 0 removed"
    )
    assert (elsewhere / "act.html").read_text(encoding="utf-8") == "precious\n"
    assert (ready.output / "evil").is_symlink() and (ready.output / FOLDER / "link.pdf").is_symlink()
    assert GONE not in assert_manifest_consistent(ready.root, documents=3)["documents"]  # type: ignore[operator]


def test_a_folder_in_output_linking_out_is_never_written_through(ready: GuardedWorkspace) -> None:
    elsewhere = ready.outside / "elsewhere"
    (ready.output / "initech").rename(elsewhere)
    (ready.output / "initech").symlink_to(elsewhere, target_is_directory=True)
    ready.arm()
    before = outputs_of(elsewhere)
    status = ready.run("status")
    assert status.exit_code == 0 and status.stdout.splitlines()[0] == STATUS_ALL_STALE
    outcome = ready.run("build", "--format", "html", "-j1")
    assert outcome.exit_code == 1
    assert _warnings(outcome) == [
        "Error: output/initech: is a link or a file, not a folder; "
        "agencydocs writes only real folders inside output/ (remove it)"
    ]
    assert outputs_of(elsewhere) == before


def test_a_file_in_output_linking_out_is_replaced_not_written_through(ready: GuardedWorkspace) -> None:
    target = ready.output / FOLDER / "invoice-2026-020.html"
    original = target.read_bytes()
    target.unlink()
    target.symlink_to(ready.outside / "precious.txt")
    outcome = ready.run("build", "--format", "html", "-j1")
    assert outcome.exit_code == 0, outcome.output
    assert outcome.stdout.startswith("Built 1 document(s), 2 up to date: 1 file(s) written, 1 unchanged")
    assert not target.is_symlink() and target.read_bytes() == original


@pytest.mark.parametrize("command", ["build", "status"])
def test_output_linking_out_of_the_workspace_is_refused(guarded: GuardedWorkspace, command: str) -> None:
    shrink(guarded.root)
    guarded.output.symlink_to(guarded.outside, target_is_directory=True)
    outcome = guarded.run(command)
    assert outcome.exit_code == 1
    assert outcome.stderr.splitlines() == [
        f"Error: output: is a link to {os.path.realpath(guarded.outside)}, outside the workspace; "
        "agencydocs reads and writes only inside the workspace (make output/ a folder)"
    ]


def outputs_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
