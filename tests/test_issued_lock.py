"""The issued lock: a document sent to the client (``issued: DATE``) is corrected by a credit note, not edited.

``check --against REF`` and ``diff`` compare each document issued at the
earlier revision with the later one, in a git repository made from the example.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import line_of, replace_in_file, run_cli
from tests.test_diff import commit_all, git, git_workspace

pytestmark = pytest.mark.slow  # git repositories and two checks per test

INVOICE = "projects/initech-support/invoice-2026-020.yaml"
ACT = "projects/initech-support/act-2026-016.yaml"
ISSUED_INVOICE = "issued: 2026-11-25\n"
ADVICE = "an issued document is not edited: corrections go into a credit note citing it"


@pytest.fixture
def issued_repo(tmp_path: Path) -> Path:
    """The example committed in git: invoice 2026-020 and its credit note issued, the rest drafts."""
    return git_workspace(tmp_path)


def label(root: Path, revision: str) -> str:
    return f"{git(root, 'rev-parse', '--short=7', revision)} ({revision})"


def test_changing_the_amount_of_an_issued_invoice_fails_check_against_the_previous_commit(
    issued_repo: Path,
) -> None:
    replace_in_file(issued_repo / INVOICE, "    qty: 7.75\n", "    qty: 8.75\n")
    commit_all(issued_repo, "one more hour")
    result = run_cli(["check", "--against", "HEAD~1"], cwd=issued_repo)
    assert result.exit_code == 1
    line = line_of(issued_repo / INVOICE, "qty: 8.75")
    # Since the reminders merge, the example's globex reminder adds its own warning
    # (nothing overdue) to stderr ahead of the lock error: pick the lock error by its place.
    lock_errors = [entry for entry in result.stderr.splitlines() if entry.startswith(f"{INVOICE}:")]
    assert lock_errors == [
        f"{INVOICE}:{line}:10: lines[1].qty: invoice 2026-020 was issued on 2026-11-25 "
        f"(at {label(issued_repo, 'HEAD~1')}); its value changed from 7.75 to 8.75; {ADVICE}"
    ]
    assert result.stderr.splitlines()[-1].startswith("FAILED:")
    # Against the commit that holds the change itself, nothing differs.
    assert run_cli(["check", "--against", "HEAD"], cwd=issued_repo).exit_code == 0


@pytest.mark.parametrize(
    ("old", "new", "field", "before", "after"),
    [
        ("date: 2026-11-25\n", "date: 2026-11-26\n", "date", "2026-11-25", "2026-11-26"),
        ("contract: IN-2026-01\n", "", "contract", "IN-2026-01", "(none)"),
        ("    price: 65.00\n", "    price: 60.00\n", "lines[1].price", "65.00", "60.00"),
        ("period:\n", "currency: EUR\nperiod:\n", "currency", "(none)", "EUR"),
        (ISSUED_INVOICE, "", "issued", "2026-11-25", "(none)"),
    ],
    ids=["date", "contract", "price", "currency", "unissued"],
)
def test_each_changed_field_is_named_with_old_and_new_value(
    issued_repo: Path, old: str, new: str, field: str, before: str, after: str
) -> None:
    replace_in_file(issued_repo / INVOICE, old, new)
    result = run_cli(["check", "--against", "HEAD", "--format", "json"], cwd=issued_repo)
    assert result.exit_code == 1
    locked = [p for p in json.loads(result.stdout) if "was issued" in p["message"] and p["file"] == INVOICE]
    assert [p["field"] for p in locked] == [field]
    assert f"its value changed from {before} to {after}; {ADVICE}" in locked[0]["message"]


@pytest.mark.parametrize(
    ("old", "new", "figure", "before", "after"),
    [
        ("    price: 65.00\n", "    price: 60.00\n", "total", "65.00", "60.00"),
        ("period:\n", "currency: EUR\nperiod:\n", "currency", "USD", "EUR"),
    ],
    ids=["price", "currency"],
)
def test_the_issued_credit_note_of_a_changed_invoice_is_locked_too(
    issued_repo: Path, old: str, new: str, figure: str, before: str, after: str
) -> None:
    # CN-2026-001 takes an hour at the invoice's price, in its currency: it reads them from the invoice.
    replace_in_file(issued_repo / INVOICE, old, new)
    result = run_cli(["check", "--against", "HEAD"], cwd=issued_repo)
    note = "projects/initech-support/credit-note-2026-001.yaml"
    assert (
        f"{note}:1:1: {figure}: credit note CN-2026-001 was issued on 2026-11-28 (at {label(issued_repo, 'HEAD')}); "
        f"its {figure} changed from {before} to {after} (through a file it reads); {ADVICE}"
    ) in result.stderr.splitlines()


def test_a_price_decided_by_another_file_is_locked_too(issued_repo: Path) -> None:
    # The act repeats its invoice's lines: it says something else once the invoice changes.
    replace_in_file(issued_repo / ACT, "date: 2026-11-30\n", "date: 2026-11-30\nissued: 2026-11-30\n")
    commit_all(issued_repo, "act sent")
    replace_in_file(issued_repo / INVOICE, "    qty: 7.75\n", "    qty: 8.75\n")
    result = run_cli(["check", "--against", "HEAD"], cwd=issued_repo)
    assert result.exit_code == 1
    assert f"{ACT}:1:1: total: act 2026-016 was issued on 2026-11-30" in result.stderr
    assert "its total changed from 1153.75 to 1218.75 (through a file it reads)" in result.stderr


def test_void_may_be_added_and_an_invoice_issued_only_now_is_not_locked_yet(issued_repo: Path) -> None:
    note = issued_repo / "projects/initech-support/credit-note-2026-001.yaml"
    replace_in_file(
        note, "issued: 2026-11-28\n", "issued: 2026-11-28\nvoid: the hour was billed once after all\n"
    )
    other = issued_repo / "projects/globex-seo/invoice-2026-018.yaml"
    replace_in_file(other, "date: 2026-11-02\n", "date: 2026-11-02\nissued: 2026-11-02\n")
    replace_in_file(other, "    qty: 6\n", "    qty: 7\n")
    result = run_cli(["check", "--against", "HEAD"], cwd=issued_repo)
    assert result.exit_code == 0, result.stderr


def test_deleting_an_issued_invoice_is_an_error(issued_repo: Path) -> None:
    (issued_repo / ACT).unlink()
    (issued_repo / INVOICE).unlink()
    result = run_cli(["check", "--against", "HEAD"], cwd=issued_repo)
    assert result.exit_code == 1
    assert (
        f"{INVOICE}: invoice 2026-020 was issued on 2026-11-25 (at {label(issued_repo, 'HEAD')}) and is "
        "deleted; an issued document stays: set `void: <reason>` to cancel it, or correct it with a credit note"
    ) in result.stderr.splitlines()


@pytest.mark.parametrize("revision", ["no-such-revision", "HEAD~5"])
def test_an_unknown_revision_is_a_usage_error(issued_repo: Path, revision: str) -> None:
    result = run_cli(["check", "--against", revision], cwd=issued_repo)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith(f'Error: unknown revision "{revision}"')


def test_outside_git_against_is_a_usage_error(workspace: Path) -> None:
    result = run_cli(["check", "--against", "HEAD"], cwd=workspace)
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.stderr


def test_diff_lists_the_change_as_an_error_and_exits_1(issued_repo: Path) -> None:
    replace_in_file(issued_repo / INVOICE, "    qty: 7.75\n", "    qty: 8.75\n")
    commit_all(issued_repo, "one more hour")
    result = run_cli(["diff", "HEAD~1", "HEAD", "-q"], cwd=issued_repo)
    assert result.exit_code == 1
    line = line_of(issued_repo / INVOICE, "qty: 8.75")
    assert "1 change(s) to issued documents (errors):" in result.stdout
    assert f"{INVOICE}:{line}:10: lines[1].qty: invoice 2026-020 was issued on 2026-11-25" in result.stdout
    assert "changed invoice 2026-020" in result.stdout  # the comparison is still printed
    assert result.stderr.splitlines()[-1] == (
        f"Error: 1 change(s) to documents issued at {label(issued_repo, 'HEAD~1')}"
    )
    markdown = run_cli(["diff", "HEAD~1", "HEAD", "-q", "--format", "markdown"], cwd=issued_repo)
    assert markdown.exit_code == 1
    assert "**1 change(s) to issued documents** (corrections go into a credit note):" in markdown.stdout


def test_issued_before_the_document_date_is_an_error(workspace: Path) -> None:
    replace_in_file(workspace / INVOICE, ISSUED_INVOICE, "issued: 2026-11-24\n")
    result = run_cli(["check"], cwd=workspace)
    assert result.exit_code == 1
    line = line_of(workspace / INVOICE, "issued:")
    assert result.stderr.splitlines()[0] == (
        f"{INVOICE}:{line}:9: issued: issued on 2026-11-24, before the document's own date 2026-11-25"
    )


def test_an_act_of_a_void_invoice_is_an_error_naming_both_files(workspace: Path) -> None:
    replace_in_file(workspace / INVOICE, ISSUED_INVOICE, ISSUED_INVOICE + "void: billed twice\n")
    result = run_cli(["check", "--format", "json"], cwd=workspace)
    messages = {f"{p['file']}:{p['line']}: {p['message']}" for p in json.loads(result.stdout)}
    void_line = line_of(workspace / INVOICE, "void:")
    assert (
        f"{ACT}:{line_of(workspace / ACT, 'invoice:')}: invoice 2026-020 ({INVOICE}:{void_line}) is void "
        "(billed twice); void this act too, or cite the invoice that replaces it"
    ) in messages
    # The credit note citing it is refused too, naming the invoice's file.
    note = "projects/initech-support/credit-note-2026-001.yaml"
    assert (
        f"{note}:{line_of(workspace / note, 'invoice:')}: invoice 2026-020 ({INVOICE}:3) is void (billed twice); "
        "there is nothing left to correct"
    ) in messages


def test_an_issued_invoice_with_errors_is_not_reported_as_deleted(issued_repo: Path) -> None:
    replace_in_file(issued_repo / INVOICE, "    price: 65.00\n", "    price: -5\n")
    result = run_cli(["check", "--against", "HEAD"], cwd=issued_repo)
    assert result.exit_code == 1
    assert 'lines[1].price: must be greater than 0 (got "-5")' in result.stderr
    assert "deleted" not in result.stderr
