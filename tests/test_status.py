"""``agencydocs status``: what the next build would do, and what projects wait for."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from agencydocs.building.builder import build
from agencydocs.commands.status import status
from tests.helpers import example_documents, example_workspace, replace_in_file, run_cli

# Every document of the example, counted from its YAML files.
DOCUMENTS = example_documents()


@pytest.fixture
def root(built_copy: Path) -> Path:
    """A private copy of the example workspace after a full build (every format), free to edit."""
    return built_copy


def _stale(root: Path) -> dict[str, str]:
    return {d.source: d.freshness for d in status(root).stale}


def test_after_a_build_everything_is_up_to_date(root: Path) -> None:
    report = status(root)
    assert len(report.documents) == len(DOCUMENTS)
    assert report.stale == [] and report.removals == []
    result = run_cli(["-C", str(root), "status"])
    assert result.exit_code == 0
    assert f"Output: all {len(DOCUMENTS)} document(s) up to date" in result.stdout


def test_lists_exactly_what_the_next_build_renders(root: Path) -> None:
    replace_in_file(root / "projects/globex-seo/invoice-2026-018.yaml", "lines:", "notes: Thank you!\nlines:")
    (root / "output/initech/initech-support/invoice-2026-020.docx").write_bytes(b"edited by hand")
    stale = _stale(root)
    assert stale == {
        "projects/globex-seo/invoice-2026-018.yaml": "changed",
        # The act repeats the invoice's lines.
        "projects/globex-seo/act-2026-015.yaml": "changed",
        # The October report prints what its period's invoice comes to.
        "projects/globex-seo/reports/2026-10.yaml": "changed",
        "projects/initech-support/invoice-2026-020.yaml": "output edited",
        # Reminders, claims and statements read their client's ledger: globex's reminder, not
        # romashka's claim and statement; the letter to romashka reads only what it encloses.
        "projects/globex-seo/reminders/2026-001.yaml": "changed",
    }
    rendered: list[str] = []
    build(root, on_document=rendered.append)
    assert set(rendered) == set(stale)
    assert _stale(root) == {}


def test_new_document_and_deleted_document(root: Path) -> None:
    # The new act closes the latest invoice without one: backend's final 2026-022 of 2026-12-11.
    result = run_cli(["-C", str(root), "new", "act", "--project", "romashka-site", "--date", "2026-12-14"])
    assert result.exit_code == 0, result.output
    (root / "projects/initech-support/act-2026-016.yaml").unlink()
    report = status(root)
    # An invoice's due date may count from its act (domain/terms.py), so each invoice reads the acts
    # of its project: romashka-site's four invoices (the advance 2026-021 and its final 2026-022
    # too) see a new act there, and initech's 2026-020 lost its act (and so does its credit note, which reads the invoice's terms).
    assert {d.source: d.freshness for d in report.stale} == {
        "projects/romashka-site/acts/2026-017.yaml": "new",
        "projects/romashka-site/invoices/2026-014.yaml": "changed",
        "projects/romashka-site/invoices/2026-019.yaml": "changed",
        "projects/romashka-site/invoices/2026-021.yaml": "changed",
        "projects/romashka-site/invoices/2026-022.yaml": "changed",
        "projects/initech-support/invoice-2026-020.yaml": "changed",
        "projects/initech-support/credit-note-2026-001.yaml": "changed",
        # Romashka's claim and statement read its ledger (the statement debits the new act);
        # globex's reminder reads globex's only.
        "projects/romashka-site/claims/2026-001.yaml": "changed",
        "projects/romashka-site/statements/2026-09-2026-11.yaml": "changed",
    }
    assert report.removals == [
        f"output/initech/initech-support/act-2026-016.{fmt}" for fmt in ("docx", "html", "pdf")
    ]
    text = run_cli(["-C", str(root), "status"]).stdout
    assert "Output: 9 document(s) to render, 21 up to date, 3 file(s) of deleted documents to remove" in text
    assert "  new            projects/romashka-site/acts/2026-017.yaml" in text
    assert "  remove         output/initech/initech-support/act-2026-016.pdf" in text
    build(root)
    assert not (root / "output/initech/initech-support/act-2026-016.pdf").exists()
    assert status(root).removals == []


def test_paperwork_pending_in_the_example(root: Path) -> None:
    pending = [(p.project, p.message, p.command) for p in status(root, date(2026, 11, 30)).pending]
    # The done milestones are billed (invoice 2026-014); invoice 2026-019 has no act yet. The
    # globex retainer (contract GX-2026-07, from the project's start 2026-07-01) is invoiced
    # for October only (2026-018): July to September and November, ended by the 30th, are not.
    assert pending == [
        *(
            (
                "globex-seo",
                f"month {month} of the monthly contract has no invoice",
                f"agencydocs new invoice --project globex-seo --period {month}",
            )
            for month in ("2026-07", "2026-08", "2026-09", "2026-11")
        ),
        (
            "romashka-site",
            "invoice 2026-019 of 2026-11-23 has no act",
            "agencydocs new act --project romashka-site --invoice 2026-019",
        ),
    ]


def test_done_milestone_without_invoice_and_closed_invoice(root: Path) -> None:
    # backend is done; without the example's final invoice of it, no invoice bills it.
    (root / "projects/romashka-site/invoices/2026-022.yaml").unlink()
    run_cli(["-C", str(root), "new", "act", "--project", "romashka-site", "--date", "2026-11-30"])
    # As of the end of October, the October invoice bills every month of the retainer that ended.
    replace_in_file(
        root / "projects/globex-seo/invoice-2026-018.yaml", "start: 2026-10-01", "start: 2026-07-01"
    )
    text = run_cli(["-C", str(root), "status", "--as-of", "2026-10-31"]).stdout
    assert "Paperwork: 1 pending" in text
    assert (
        'romashka-site: milestone "backend" (Бэкенд, CMS и интеграция с 1С) is done but no invoice bills it'
        in text
    )
    assert "      agencydocs new invoice --project romashka-site\n" in text
    assert "has no act" not in text


def test_json_output(root: Path) -> None:
    replace_in_file(root / "agency.yaml", "Pixel Lab", "Pixel Lab Studio")
    result = run_cli(["-C", str(root), "status", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert len(data["documents"]) == len(DOCUMENTS)
    # agency.yaml is an input of every document.
    assert {d["freshness"] for d in data["documents"]} == {"changed"}
    assert data["remove"] == []
    assert data["pending"][-1]["command"] == "agencydocs new act --project romashka-site --invoice 2026-019"


def test_invalid_workspace_exits_1_with_the_problem(root: Path) -> None:
    replace_in_file(
        root / "projects/romashka-site/invoices/2026-019.yaml", "date: 2026-11-23", "date: 2026-13-01"
    )
    result = run_cli(["-C", str(root), "status"])
    assert result.exit_code == 1
    assert (
        "projects/romashka-site/invoices/2026-019.yaml:4:7: date: is not a real calendar date"
        in result.stderr
    )
    assert "Traceback" not in result.output


def test_a_deleted_output_file_is_an_edited_output(root: Path) -> None:
    (root / "output/initech/initech-support/invoice-2026-020.pdf").unlink()
    assert _stale(root) == {"projects/initech-support/invoice-2026-020.yaml": "output edited"}


def test_never_built_workspace_lists_every_document_as_new(tmp_path: Path) -> None:
    report = status(example_workspace(tmp_path))
    assert sorted(d.source for d in report.stale) == sorted(DOCUMENTS)
    assert {d.freshness for d in report.stale} == {"new"}
    assert {d.kind for d in report.stale} == {data["kind"] for data in DOCUMENTS.values()}
