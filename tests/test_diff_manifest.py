"""``diff`` takes what documents read from the build's manifest when it is verified current for the head.

Each case builds the head (HTML, as CI does before ``diff``), then compares
``diff``'s answer with the exhaustive computation and with the answer
without a manifest, and counts which documents were resolved: with a
current manifest only the affected ones (on both sides, to compare them);
a document whose record is tampered with, or a manifest of another release,
falls back to resolving (on one side, to list its inputs).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from agencydocs.building.builder import build
from agencydocs.building.dependencies import InputState, RecordedInputs
from agencydocs.building.manifest import MANIFEST_NAME
from agencydocs.commands.check import check
from agencydocs.review import Comparison, diff
from agencydocs.review.sides import LocalSide
from tests.helpers import example_documents, replace_in_file
from tests.test_diff import ACT, INVOICE, REPORT, commit_all, git, git_workspace

pytestmark = pytest.mark.slow  # git repositories, builds, several checks per test

DOCUMENTS = example_documents()
GLOBEX = sorted(file for file in DOCUMENTS if file.startswith("projects/globex-seo/"))
REMINDER = "projects/globex-seo/reminders/2026-001.yaml"  # reads globex's ledger and payments
CONTRACT = "projects/romashka-site/contract-12-2026.yaml"  # reads nothing the changes below touch
BRIEF = "projects/romashka-site/briefs/website.yaml"  # neither
MANIFEST = f"output/{MANIFEST_NAME}"
BY_INVOICE = [ACT, INVOICE, REPORT]  # the invoice, the act repeating its lines, the report of its period
PAYMENT = """payments:
  - date: 2026-11-20
    amount: 100.00
    currency: EUR
    reference: SEPA GX-1
    payer: Globex Handels GmbH
    settles:
      - invoice: 2026-018
        amount: 100.00
"""


def change_invoice(root: Path) -> None:
    replace_in_file(root / INVOICE, "    qty: 6\n", "    qty: 7\n")


def rename_client(root: Path) -> None:
    replace_in_file(root / "clients/globex.yaml", "name: Globex Handels GmbH", "name: Globex Trading GmbH")


def add_payment(root: Path) -> None:
    (root / "payments/globex.yaml").write_text(PAYMENT, encoding="utf-8")


@pytest.fixture(scope="module")
def built_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example as a git repository, built once (HTML); each test copies it."""
    root = git_workspace(tmp_path_factory.mktemp("base"))
    (root / ".git/info/exclude").write_text("output/\n", encoding="utf-8")  # as init's .gitignore says
    build(root, formats=("html",), jobs=1)
    return root


@pytest.fixture
def head(built_base: Path, tmp_path: Path) -> Iterator[Callable[[Callable[[Path], None]], Path]]:
    """A copy of the built base with ``change`` committed and built: the manifest is the head's."""

    def make(change: Callable[[Path], None]) -> Path:
        root = tmp_path / "workspace"
        shutil.copytree(built_base, root, symlinks=True)
        change(root)
        commit_all(root, change.__name__)
        build(root, formats=("html",), jobs=1)
        return root

    yield make


@pytest.fixture
def resolved(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(side label, document file) of every document resolved from now on, in order."""
    calls: list[tuple[str, str]] = []
    original = LocalSide._resolved

    def counting(self: LocalSide, file: str) -> tuple[Any, Any]:
        if file not in self._contexts:
            calls.append((self.label, file))
        return original(self, file)

    monkeypatch.setattr(LocalSide, "_resolved", counting)
    return calls


def files(comparison: Comparison) -> list[str]:
    return [document.file for document in comparison.documents]


def times_resolved(calls: list[tuple[str, str]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for _side, file in calls:
        counts[file] = counts.get(file, 0) + 1
    return counts


def assert_same_as_without_records(root: Path, found: Comparison) -> None:
    assert found == diff(root, "HEAD~1", "HEAD", parallel=False, exhaustive=True)
    shutil.rmtree(root / "output")
    assert found == diff(root, "HEAD~1", "HEAD", parallel=False)


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        (change_invoice, BY_INVOICE),
        (rename_client, GLOBEX),
        # The reminder prints what globex still owes; git names the new file, a listing of the payments changes.
        (add_payment, [REMINDER]),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_a_current_manifest_spares_resolving_all_but_the_affected_documents(
    head: Callable[[Callable[[Path], None]], Path],
    resolved: list[tuple[str, str]],
    change: Callable[[Path], None],
    shown: list[str],
) -> None:
    root = head(change)
    found = diff(root, "HEAD~1", "HEAD", parallel=False)
    assert files(found) == shown
    counts = times_resolved(resolved)
    # Every document resolved was resolved on both sides, to be compared: none only to list its inputs.
    assert set(counts.values()) == {2}
    assert len(counts) == found.resolved < len(DOCUMENTS) // 2
    assert set(files(found)) <= set(counts)
    resolved.clear()
    assert_same_as_without_records(root, found)
    # Without records, every document is resolved at least once.
    assert set(times_resolved(resolved)) == set(DOCUMENTS)


def working_tree(root: Path) -> Comparison:
    return diff(root, "HEAD~1", parallel=False)


def checked_out_elsewhere(root: Path) -> Comparison:
    """HEAD in a temporary folder: the working tree holds a file HEAD does not."""
    (root / "notes.txt").write_text("not committed\n", encoding="utf-8")
    return diff(root, "HEAD~1", "HEAD", parallel=False)


@pytest.mark.parametrize("compare", [working_tree, checked_out_elsewhere], ids=lambda f: f.__name__)
def test_the_records_are_verified_against_the_head_wherever_it_is_read(
    head: Callable[[Callable[[Path], None]], Path],
    resolved: list[tuple[str, str]],
    compare: Callable[[Path], Comparison],
) -> None:
    root = head(change_invoice)
    found = compare(root)
    assert files(found) == BY_INVOICE
    assert set(times_resolved(resolved).values()) == {2}
    assert len(times_resolved(resolved)) == found.resolved < len(DOCUMENTS) // 2


def edit_manifest(root: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    path = root / MANIFEST
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data["documents"])
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")


def forget_the_invoice(documents: dict[str, Any]) -> None:
    """The act's record no longer names the invoice it repeats (its key left as it was)."""
    del documents[ACT]["inputs"][INVOICE]


def wrong_digest(documents: dict[str, Any]) -> None:
    inputs = documents[CONTRACT]["inputs"]
    inputs[CONTRACT] = "0" * 64


def rekeyed_without_its_own_file(root: Path) -> Callable[[dict[str, Any]], None]:
    """The brief's record of a document that does not read itself, with the key such inputs would
    get: no build writes that (every document reads its own file), so it is refused anyway."""
    state = InputState(check(root).workspace)

    def forge(documents: dict[str, Any]) -> None:
        entry = documents[BRIEF]
        del entry["inputs"][BRIEF]
        inputs = RecordedInputs(entry["inputs"], entry["listings"])
        for fmt, output in entry["outputs"].items():
            output["key"] = state.key(fmt, inputs)

    return forge


def test_a_tampered_record_is_not_used_and_its_document_is_listed_by_resolving_it(
    head: Callable[[Callable[[Path], None]], Path], resolved: list[tuple[str, str]]
) -> None:
    root = head(change_invoice)
    for tamper in (forget_the_invoice, wrong_digest, rekeyed_without_its_own_file(root)):
        edit_manifest(root, tamper)
    resolved.clear()
    found = diff(root, "HEAD~1", "HEAD", parallel=False)
    assert files(found) == BY_INVOICE
    counts = times_resolved(resolved)
    assert counts[ACT] == 2  # listed, then found affected: compared
    # Listed on one side, not affected; no other document was resolved to list it.
    assert {file for file, count in counts.items() if count == 1} == {CONTRACT, BRIEF}
    resolved.clear()
    assert_same_as_without_records(root, found)


def other_release(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("agencydocs.building.dependencies.__version__", "0.0.0+another-release")


def other_keys(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every record's key replaced: built with other templates, say (the key cannot be checked apart)."""

    def rekey(documents: dict[str, Any]) -> None:
        for entry in documents.values():
            for output in entry["outputs"].values():
                output["key"] = "1" * 64

    edit_manifest(root, rekey)


def committed_manifest(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Staged in git: a pull request's manifest, whose records no build made here (never trusted)."""
    git(root, "add", "-f", MANIFEST)


@pytest.mark.parametrize(
    "distrust", [other_release, other_keys, committed_manifest], ids=lambda f: f.__name__
)
def test_a_manifest_that_cannot_be_verified_is_ignored(
    head: Callable[[Callable[[Path], None]], Path],
    resolved: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    distrust: Callable[[Path, pytest.MonkeyPatch], None],
) -> None:
    root = head(change_invoice)
    distrust(root, monkeypatch)
    found = diff(root, "HEAD~1", "HEAD", parallel=False)
    assert files(found) == BY_INVOICE
    assert set(times_resolved(resolved)) == set(DOCUMENTS)  # each listed by resolving it
    assert found == diff(root, "HEAD~1", "HEAD", parallel=False, exhaustive=True)
