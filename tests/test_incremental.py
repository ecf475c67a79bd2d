"""Incremental, parallel and sharded builds."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from agencydocs.building.builder import build, parse_shard
from agencydocs.building.manifest import MANIFEST_NAME
from agencydocs.cli import cli
from agencydocs.commands.status import status
from agencydocs.errors import InvalidInput
from tests.helpers import example_documents, replace_in_file
from tests.hostile.built import built_workspace
from tests.test_build import copy_workspace

FORMATS = ["html", "docx"]  # PDF adds time, not coverage: the logic is format-independent
# The tests marked slow build the whole example workspace (once per module, then copied).

# The reminder, claim and statement read their client's ledger: the invoices, acts and credit notes
# of the client's projects and payments/<client>.yaml (domain/ledger.py, client_documents), so an
# edit to one of those rebuilds them, and another client's does not.
ROMASHKA_LEDGER_READERS = {
    "projects/romashka-site/claims/2026-001.yaml",
    "projects/romashka-site/statements/2026-09-2026-11.yaml",
}
GLOBEX_LEDGER_READERS = {"projects/globex-seo/reminders/2026-001.yaml"}


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workspace built in FORMATS once for the module (read only: tests copy it)."""
    root = copy_workspace(tmp_path_factory.mktemp("incremental"))
    build(root, formats=FORMATS)
    return root


@pytest.fixture
def root(built_once: Path, tmp_path: Path) -> Path:
    """A private copy of the workspace built in FORMATS, free to edit and rebuild."""
    return Path(shutil.copytree(built_once, tmp_path / "ws", symlinks=True))


def _outputs(root: Path) -> dict[str, bytes]:
    output = root / "output"
    return {
        p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()
    }


def _renderable(root: Path) -> int:
    return len(json.loads((root / "output" / MANIFEST_NAME).read_text(encoding="utf-8"))["documents"])


@pytest.mark.slow
def test_no_op_rebuild_renders_nothing(root: Path) -> None:
    before = _outputs(root)
    report = build(root, formats=FORMATS)
    assert (report.documents, report.skipped, report.written) == (0, _renderable(root), 0)
    assert _outputs(root) == before


@pytest.mark.slow
@pytest.mark.parametrize(
    ("invoice", "rebuilt"),
    [
        # A final invoice reads its project's invoices for the advances it deducts (domain/advances.py),
        # so 2026-014 (discovery and design in full) and backend's final 2026-022 are rebuilt too; the
        # advance 2026-021 is not.
        (
            "projects/romashka-site/invoices/2026-019.yaml",
            {
                "projects/romashka-site/invoices/2026-014.yaml",
                "projects/romashka-site/invoices/2026-019.yaml",
                "projects/romashka-site/invoices/2026-022.yaml",
            }
            | ROMASHKA_LEDGER_READERS,
        ),
        # An act repeats its invoice's lines, so it is rebuilt with it; the October report
        # prints what its period's invoice comes to.
        (
            "projects/globex-seo/invoice-2026-018.yaml",
            {
                "projects/globex-seo/invoice-2026-018.yaml",
                "projects/globex-seo/act-2026-015.yaml",
                "projects/globex-seo/reports/2026-10.yaml",
            }
            | GLOBEX_LEDGER_READERS,
        ),
    ],
)
def test_editing_one_invoice_rebuilds_only_what_depends_on_it(
    root: Path, invoice: str, rebuilt: set[str]
) -> None:
    path = root / invoice
    path.write_text(
        path.read_text(encoding="utf-8").replace("lines:", "notes: Thank you!\nlines:"), encoding="utf-8"
    )
    seen: list[str] = []
    report = build(root, formats=FORMATS, on_document=seen.append)
    assert set(seen) == rebuilt
    assert report.documents == len(rebuilt)


@pytest.mark.slow
def test_editing_the_client_rebuilds_its_documents_only(root: Path) -> None:
    client = root / "clients/initech.yaml"
    client.write_text(
        client.read_text(encoding="utf-8").replace("Initech Inc.", "Initech LLC"), encoding="utf-8"
    )
    seen: list[str] = []
    build(root, formats=FORMATS, on_document=seen.append)
    # No ledger reader: initech has none, and the others read their own client's ledger.
    assert sorted(seen) == sorted(
        [
            "projects/initech-support/act-2026-016.yaml",
            "projects/initech-support/contract-in-2026-01.yaml",
            "projects/initech-support/credit-note-2026-001.yaml",
            "projects/initech-support/invoice-2026-020.yaml",
        ]
    )
    assert "Initech LLC" in (root / "output/initech/initech-support/invoice-2026-020.html").read_text(
        encoding="utf-8"
    )


@pytest.mark.slow
def test_a_payment_rebuilds_its_clients_ledger_readers_only(root: Path) -> None:
    payments = root / "payments/romashka.yaml"
    payments.write_text(payments.read_text(encoding="utf-8") + "# checked\n", encoding="utf-8")
    seen: list[str] = []
    build(root, formats=FORMATS, on_document=seen.append)
    assert set(seen) >= ROMASHKA_LEDGER_READERS
    assert not GLOBEX_LEDGER_READERS & set(seen)  # globex's reminder reads payments/globex.yaml only


@pytest.mark.slow
def test_deleted_document_outputs_are_removed(root: Path) -> None:
    (root / "projects/romashka-site/invoices/2026-019.yaml").unlink()
    (root / "payments/romashka.yaml").unlink()  # it pays 2026-019 in part
    (root / "projects/romashka-site/claims/2026-001.yaml").unlink()  # it claims 2026-019's balance
    report = build(root, formats=FORMATS)
    assert report.removed == 4  # HTML and DOCX of the invoice and of the claim
    assert not list((root / "output").rglob("invoice-2026-019.*"))
    assert not list((root / "output").rglob("claim-2026-001.*"))
    assert "2026-019" not in (root / "output/index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_tampered_output_is_rebuilt(root: Path) -> None:
    target = root / "output/globex/globex-seo/invoice-2026-018.html"
    original = target.read_bytes()
    target.write_text("tampered", encoding="utf-8")
    report = build(root, formats=FORMATS)
    assert report.documents == 1 and target.read_bytes() == original


@pytest.mark.slow
def test_force_rebuilds_everything(root: Path) -> None:
    # Everything selected: one project, to keep the test quick; force ignores freshness alike.
    project = [name for name in example_documents(root) if name.startswith("projects/initech-support/")]
    report = build(root, selection=[root / "projects/initech-support"], formats=FORMATS, force=True)
    assert report.documents == len(project) and report.skipped == 0 and report.written == 0


@pytest.mark.slow
def test_manifest_records_the_output_hashes(root: Path) -> None:
    manifest = json.loads((root / "output" / MANIFEST_NAME).read_text(encoding="utf-8"))
    entry = manifest["documents"]["projects/romashka-site/invoices/2026-014.yaml"]
    assert entry["kind"] == "invoice" and entry["number"] == "2026-014"
    assert manifest["format"] == 3 and sorted(entry["outputs"]) == sorted(FORMATS)
    for fmt, output in entry["outputs"].items():
        assert output["path"] == f"romashka/romashka-site/invoice-2026-014.{fmt}"
        assert hashlib.sha256((root / "output" / output["path"]).read_bytes()).hexdigest() == output["sha256"]


@pytest.mark.slow
@pytest.mark.parametrize(("jobs", "workers"), [(1, 1), (2, 2)])
def test_progress_starts_after_the_workers_are_forked(tmp_path: Path, jobs: int, workers: int) -> None:
    # A progress display runs a thread; forking while it may hold a lock can
    # deadlock a worker, so the display must start once the workers exist.
    root = copy_workspace(tmp_path / "ws")
    project = [name for name in example_documents(root) if name.startswith("projects/initech-support/")]
    events: list[str] = []

    def started(total: int) -> None:
        events.append(f"start {total} with {len(multiprocessing.active_children())} workers")

    build(
        root,
        selection=[root / "projects/initech-support"],
        formats=["html"],
        jobs=jobs,
        on_start=started,
        on_document=events.append,
    )
    assert events[0] == f"start {len(project)} with {workers} workers"
    assert sorted(events[1:]) == sorted(project)


@pytest.mark.slow
def test_one_failing_document_does_not_lose_the_others(root: Path) -> None:
    override = root / "templates/act/act.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text("<p>{{ doc.no_such_field }}</p>", encoding="utf-8")
    (root / "output").joinpath("globex").rename(root / "gone")  # force a rebuild of globex's invoice
    with pytest.raises(InvalidInput) as caught:
        build(root, formats=["html"], jobs=2)
    problems = caught.value.problems
    assert {p.file for p in problems} == {"templates/act/act.html"}
    assert all("no_such_field" in p.message and p.line == 1 for p in problems)
    assert (root / "output/globex/globex-seo/invoice-2026-018.html").is_file()


@pytest.mark.slow
def test_shards_are_disjoint_and_cover_everything(tmp_path: Path) -> None:
    seen: list[list[str]] = []
    for k in (1, 2, 3):
        root = copy_workspace(tmp_path / f"shard{k}")
        labels: list[str] = []
        build(root, formats=["html"], shard=parse_shard(f"{k}/3"), on_document=labels.append)
        assert not (root / "output/index.html").exists()
        seen.append(labels)
    flat = [label for labels in seen for label in labels]
    assert sorted(flat) == sorted(example_documents(tmp_path / "shard1"))


@pytest.mark.parametrize("text", ["0/2", "3/2", "a/b", "2"])
def test_bad_shard_is_a_usage_error(tmp_path: Path, text: str) -> None:
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "build", "--shard", text])
    assert result.exit_code == 2
    assert "--shard" in result.stderr


def _formats_recorded(root: Path) -> dict[str, list[str]]:
    manifest = json.loads((root / "output" / MANIFEST_NAME).read_text(encoding="utf-8"))
    return {source: sorted(entry["outputs"]) for source, entry in manifest["documents"].items()}


def test_each_format_is_recorded_and_skipped_on_its_own(root: Path) -> None:
    recorded = _formats_recorded(root)
    assert set(map(tuple, recorded.values())) == {("docx", "html")}
    report = build(root, formats=["html"])
    assert (report.documents, report.skipped) == (0, _renderable(root))
    assert _formats_recorded(root) == recorded  # the DOCX records stay
    invoice = "projects/romashka-site/invoices/2026-019.yaml"
    replace_in_file(root / invoice, "lines:", "notes: Thank you!\nlines:")
    seen: list[str] = []
    build(root, formats=["docx"], on_document=seen.append)
    # The final invoices read 2026-019 for advances they would deduct, and romashka's ledger readers
    # (claim, statement) read its invoices.
    finals = [
        "projects/romashka-site/invoices/2026-014.yaml",
        "projects/romashka-site/invoices/2026-022.yaml",
    ]
    assert sorted(seen) == sorted([*finals, invoice, *ROMASHKA_LEDGER_READERS])
    docx = root / "output/romashka/romashka-site/invoice-2026-019.docx"
    html = root / "output/romashka/romashka-site/invoice-2026-019.html"
    assert "Thank you!" in _docx_text(docx) and "Thank you!" not in html.read_text(encoding="utf-8")
    seen.clear()
    report = build(root, formats=FORMATS, on_document=seen.append)
    # The HTML of 2026-019 only: the DOCXs are up to date, and the finals and the ledger readers
    # (which print no invoice notes) render the same bytes.
    assert sorted(seen) == sorted([*finals, invoice, *ROMASHKA_LEDGER_READERS]) and report.written == 1
    assert "Thank you!" in html.read_text(encoding="utf-8")
    assert build(root, formats=FORMATS).documents == 0


def _docx_text(path: Path) -> str:
    from docx2python import docx2python

    with docx2python(path) as document:
        return str(document.text)


@pytest.mark.slow  # builds several times
def test_one_format_after_a_full_build_keeps_the_workspace_up_to_date(tmp_path: Path) -> None:
    # Issue #19: `build --format pdf` used to forget the HTML and DOCX records,
    # so status then showed every document as changed and the next build redid them all.
    # The shrunk workspace keeps initech's act, contract and invoice (tests/hostile/built.py drops
    # its credit note since the credit notes merge): three documents.
    small = built_workspace(tmp_path, ["html", "pdf", "docx"])
    report = build(small, formats=["pdf"])
    assert (report.documents, report.skipped, report.written) == (0, 3, 0)
    assert set(map(tuple, _formats_recorded(small).values())) == {("docx", "html", "pdf")}
    assert [d for d in status(small).documents if d.freshness != "up to date"] == []
    replace_in_file(small / "clients/initech.yaml", "Initech Inc.", "Initech LLC")
    assert build(small, formats=["pdf"]).documents == 3  # every document of initech-support
    assert {d.freshness for d in status(small).documents} == {"changed"}  # HTML and DOCX wait
    seen: list[str] = []
    report = build(small, on_document=seen.append)
    assert len(seen) == 3 and (report.written, report.unchanged) == (6, 1)  # HTML and DOCX; no PDF
    assert build(small).documents == 0


def test_an_old_manifest_is_a_full_rebuild_without_a_warning(root: Path) -> None:
    old = {"format": 1, "documents": {"projects/x.yaml": {"key": "k", "outputs": {"x.html": "0"}}}}
    (root / "output" / MANIFEST_NAME).write_text(json.dumps(old), encoding="utf-8")
    report = build(root, formats=FORMATS)
    assert (report.documents, report.skipped, report.warnings) == (_renderable(root), 0, [])


@pytest.mark.slow  # builds several times
def test_a_renumbered_document_leaves_no_file_under_its_old_number(tmp_path: Path) -> None:
    root = built_workspace(tmp_path, ["html", "pdf"])
    folder = root / "output/initech/initech-support"
    old = {folder / "invoice-2026-020.html", folder / "invoice-2026-020.pdf"}
    assert all(path.is_file() for path in old)
    invoice = root / "projects/initech-support/invoice-2026-020.yaml"
    replace_in_file(invoice, "number: 2026-020", "number: 2026-021")
    # The act that cites it follows (the shrunk workspace of tests/hostile/built.py has no credit note).
    replace_in_file(
        root / "projects/initech-support/act-2026-016.yaml", "invoice: 2026-020", "invoice: 2026-021"
    )
    assert status(root).removals == sorted(path.relative_to(root).as_posix() for path in old)
    report = build(root, formats=["html", "pdf"], jobs=1)
    assert report.removed == 2
    assert not any(path.exists() for path in old)
    assert (folder / "invoice-2026-021.html").is_file() and (folder / "invoice-2026-021.pdf").is_file()
    manifest = json.loads((root / "output" / MANIFEST_NAME).read_text(encoding="utf-8"))
    recorded = {o["path"] for entry in manifest["documents"].values() for o in entry["outputs"].values()}
    assert not any(path.endswith(("invoice-2026-020.html", "invoice-2026-020.pdf")) for path in recorded)
