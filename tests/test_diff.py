"""``agencydocs diff``: documents compared between two git revisions of the example workspace."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from agencydocs.review.report import COMMENT_MARKER, MARKDOWN_LIMIT
from tests.helpers import example_documents, example_workspace, line_of, replace_in_file, run_cli

pytestmark = pytest.mark.slow  # git repositories, two checks and HTML renders per test

# The invoice edited below: its prices come from the contract, so it bills a seventh text at the
# contract's fee (qty 6 -> 7) rather than changing a price.
INVOICE = "projects/globex-seo/invoice-2026-018.yaml"
ACT = "projects/globex-seo/act-2026-015.yaml"  # repeats the invoice's lines
REPORT = "projects/globex-seo/reports/2026-10.yaml"  # prints what its period's invoice (2026-018) comes to
BROKEN = "projects/romashka-site/invoices/2026-014.yaml"  # broken below with a price below zero
CONTRACT = "projects/romashka-site/contract-12-2026.yaml"
OLD_CLAUSE, NEW_CLAUSE = "5 (пяти) лет после его прекращения", "3 (трёх) лет после его прекращения"
NBSP = "\u00a0"
EXAMPLE_COUNT = len(example_documents())  # every document of the example workspace

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",  # no user configuration (signing, hooks) leaks in
}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip()


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def git_workspace(tmp_path: Path) -> Path:
    """The example workspace as a git repository on branch main, one commit.

    Its documents are drafts (no ``issued:``), so that these tests may change
    them: the issued lock has its own tests (tests/test_issued_lock.py). Only
    initech's stay issued, which these tests do not change: its credit note
    may only correct an issued invoice.
    """
    root = example_workspace(tmp_path)
    for path in sorted(root.glob("projects/**/*.yaml")):
        if path.is_relative_to(root / "projects/initech-support"):
            continue
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^issued: .*\n", "", text), encoding="utf-8", newline="")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "example workspace")
    return root


# A price below zero on 2026-014's design line: a schema error in the invoice (its lines bill the
# contract's milestones, so it has no price of its own to break), and one in the act that uses it.
DESIGN_LINE = "  - milestone: design\n    unit: усл.\n"
BROKEN_DESIGN_LINE = DESIGN_LINE + "    price: -5\n"


def change_price_and_clause(root: Path) -> None:
    replace_in_file(root / INVOICE, "    qty: 6\n", "    qty: 7\n")
    replace_in_file(root / CONTRACT, OLD_CLAUSE, NEW_CLAUSE)


@pytest.fixture(scope="module")
def changed_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two commits: the example, then one invoice line's quantity and one contract clause changed."""
    root = git_workspace(tmp_path_factory.mktemp("diff"))
    change_price_and_clause(root)
    commit_all(root, "price and clause")
    return root


def diff_json(root: Path, *args: str) -> dict[str, object]:
    result = run_cli(["diff", *args, "--format", "json", "--quiet"], cwd=root)
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def by_file(data: dict[str, object]) -> dict[str, dict[str, object]]:
    documents = data["documents"]
    assert isinstance(documents, list)
    return {document["file"]: document for document in documents}


def money(document: dict[str, object]) -> dict[str, tuple[str, str]]:
    figures = document["money"]
    assert isinstance(figures, list)
    return {figure["label"]: (figure["old"], figure["new"]) for figure in figures}


def test_lists_exactly_the_changed_documents_with_money_and_text(changed_repo: Path) -> None:
    documents = by_file(diff_json(changed_repo, "HEAD~1", "HEAD"))
    assert sorted(documents) == sorted([INVOICE, ACT, CONTRACT, REPORT])
    assert {d["status"] for d in documents.values()} == {"changed"}
    added_lines = [line for line in documents[REPORT]["text_diff"] if line.startswith("+")]
    assert any("€4,618.50" in line for line in added_lines)  # the invoiced figure

    invoice = documents[INVOICE]
    # 1200.00 + 1500.00 + 900.00 monthly + 6 x 145.50 = 4473.00; a seventh text: 7 x 145.50 = 1018.50,
    # 3600.00 + 1018.50 = 4618.50 (not subject to Russian VAT, no VAT).
    total = ("€4,473.00", "€4,618.50")
    assert money(invoice)["Total due"] == total
    assert money(invoice)["Subtotal"] == ("4,473.00", "4,618.50")
    texts = "line 4 (Content writing — 6 category texts (DE)…)"
    assert money(invoice)[f"{texts} net"] == ("873.00", "1,018.50")
    assert f"{texts} price" not in money(invoice)  # the contract's fee, unchanged
    assert money(invoice)["amount in words"][1] == "Four thousand six hundred eighteen euros and 50 cents"
    assert invoice["total"] == {"label": "total", "old": total[0], "new": total[1]}
    assert INVOICE in invoice["inputs"]
    assert money(documents[ACT])["Total"] == total
    assert INVOICE in documents[ACT]["inputs"]

    contract = documents[CONTRACT]
    assert contract["money"] == []  # a clause changed, no figure
    assert contract["inputs"] == [CONTRACT]
    removed = [line for line in contract["text_diff"] if line.startswith("-") and not line.startswith("---")]
    added = [line for line in contract["text_diff"] if line.startswith("+") and not line.startswith("+++")]
    assert len(removed) == len(added) == 1
    assert removed[0].endswith(OLD_CLAUSE + ".") and added[0].endswith(NEW_CLAUSE + ".")
    assert removed[0][1:].removesuffix(OLD_CLAUSE + ".") == added[0][1:].removesuffix(NEW_CLAUSE + ".")


def test_text_report_names_each_document_and_the_total(changed_repo: Path) -> None:
    result = run_cli(["diff", "HEAD~1", "HEAD"], cwd=changed_repo)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    base, head = (
        git(changed_repo, "rev-parse", "--short=7", "HEAD~1"),
        git(changed_repo, "rev-parse", "--short=7", "HEAD"),
    )
    assert lines[:2] == [
        f"Comparing {base} (HEAD~1) -> {head} (HEAD)",
        f"4 of {EXAMPLE_COUNT} document(s) differ: 4 changed.",
    ]
    assert [line for line in lines if line.startswith("changed ")] == [
        f"changed act 2026-015 ({ACT})",
        f"changed invoice 2026-018 ({INVOICE})",
        f"changed report 2026-10 ({REPORT})",
        f"changed contract 12/2026 ({CONTRACT})",
    ]
    assert "    Total due: €4,473.00 -> €4,618.50" in lines
    # progress goes to stderr, the report alone to stdout
    assert "diff: checking" in result.stderr and "diff:" not in result.stdout


def test_markdown_is_one_comment_summary_first(changed_repo: Path) -> None:
    result = run_cli(["diff", "HEAD~1", "HEAD", "--format", "markdown", "-q"], cwd=changed_repo)
    text = result.stdout
    assert text.startswith(f"{COMMENT_MARKER}\n### Documents changed by this pull request\n")
    table = text.index("| Status | Document | Total |")
    assert table < text.index("<details>")
    assert text.count("<details>") == text.count("</details>") == 4
    # table cells have plain spaces (a no-break space would not survive every Markdown renderer)
    assert "| changed | invoice 2026-018 | €4,473.00 → €4,618.50 | 4 |" in text
    assert "+6.1. Стороны обязуются" in text and NEW_CLAUSE in text


def test_markdown_stays_under_the_limit_when_every_document_changes(tmp_path: Path) -> None:
    root = git_workspace(tmp_path)
    # agency.yaml is an input of every document; each prints the agency's name.
    replace_in_file(root / "agency.yaml", "Пиксель Лаб", "Пиксель Лабс", count=2)
    replace_in_file(root / "agency.yaml", "Pixel Lab LLC", "Pixel Labs LLC", count=2)
    replace_in_file(root / "agency.yaml", "„Pixel Lab“", "„Pixel Labs“", count=2)  # the German documents
    commit_all(root, "renamed")
    full = diff_json(root, "HEAD~1", "HEAD")
    assert len(by_file(full)) == full["compared"] == EXAMPLE_COUNT
    result = run_cli(["diff", "HEAD~1", "HEAD", "--format", "markdown", "-q"], cwd=root)
    assert result.exit_code == 0
    assert len(result.stdout) < MARKDOWN_LIMIT
    assert result.stdout.startswith(COMMENT_MARKER)
    summary_rows = [line for line in result.stdout.splitlines() if line.startswith("| changed |")]
    assert len(summary_rows) == EXAMPLE_COUNT  # every document in the summary, even when details are left out
    shown = result.stdout.count("<details>")
    if shown < EXAMPLE_COUNT:
        assert f"Details of {EXAMPLE_COUNT - shown} document(s) left out" in result.stdout


def test_markdown_summarises_beyond_the_limit(changed_repo: Path) -> None:
    from agencydocs.review import diff
    from agencydocs.review.report import as_markdown

    comparison = diff(changed_repo, "HEAD~1", "HEAD")
    text = as_markdown(comparison, limit=3_000)
    assert len(text) < 3_000
    assert text.count("| changed |") == 4
    assert "Details of" in text and "document(s) left out" in text


def test_working_tree_against_default_branch_added_and_removed(tmp_path: Path) -> None:
    root = git_workspace(tmp_path)
    git(root, "switch", "-q", "-c", "feature")
    (root / "projects/romashka-site/invoices/2026-019.yaml").unlink()
    # ... with the claim for its balance, and the partial payment recorded against it, the last
    # entry of payments/romashka.yaml.
    (root / "projects/romashka-site/claims/2026-001.yaml").unlink()
    payments = root / "payments/romashka.yaml"
    text = payments.read_text(encoding="utf-8")
    payments.write_text(text[: text.index("  - date: 2026-11-27\n")], encoding="utf-8")
    added = root / "projects/initech-support/invoice-2026-023.yaml"  # untracked
    added.write_text(
        (root / "projects/initech-support/invoice-2026-020.yaml")
        .read_text(encoding="utf-8")
        .replace("number: 2026-020", "number: 2026-023"),
        encoding="utf-8",
    )
    status = git(root, "status", "--porcelain")
    data = diff_json(root)  # BASE: merge base with main; HEAD: the working tree, uncommitted
    assert data["head"] == "working tree"
    assert [(d["status"], d["file"]) for d in data["documents"]] == [
        ("added", "projects/initech-support/invoice-2026-023.yaml"),
        ("removed", "projects/romashka-site/claims/2026-001.yaml"),
        ("removed", "projects/romashka-site/invoices/2026-019.yaml"),
        # The reconciliation statement no longer lists the payment removed with the invoice.
        ("changed", "projects/romashka-site/statements/2026-09-2026-11.yaml"),
    ]
    new_one, _claim, removed, _statement = data["documents"]
    assert money(new_one) and all(old == "" for old, _new in money(new_one).values())
    assert money(removed) and all(new == "" for _old, new in money(removed).values())
    assert new_one["text_diff"][:2] == ["--- /dev/null", f"+++ b/{new_one['file']}"]
    assert git(root, "status", "--porcelain") == status  # the checkout, index and branch untouched
    assert git(root, "branch", "--show-current") == "feature"


def test_schedule_payments_and_contract_total(tmp_path: Path) -> None:
    root = git_workspace(tmp_path)
    replace_in_file(root / "projects/romashka-site/project.yaml", "price: 150000.00", "price: 160000.00")
    commit_all(root, "discovery costs more")
    contract = by_file(diff_json(root, "HEAD~1", "HEAD"))[CONTRACT]
    figures = money(contract)
    assert figures["payment 1 (Аналитика и прототипы) price"] == (f"150{NBSP}000,00", f"160{NBSP}000,00")
    assert figures["payment 1 (Аналитика и прототипы) advance"] == (f"75{NBSP}000,00", f"80{NBSP}000,00")
    assert "contract total" in figures


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-revision"], 'Error: unknown revision "no-such-revision"'),
        (["HEAD", "no-such-revision"], 'Error: unknown revision "no-such-revision"'),
    ],
)
def test_unknown_revision_is_a_usage_error(changed_repo: Path, args: list[str], message: str) -> None:
    result = run_cli(["diff", *args], cwd=changed_repo)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith(message)


def test_outside_git_is_a_usage_error(workspace: Path) -> None:
    result = run_cli(["diff"], cwd=workspace)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: {workspace.resolve()} is not inside a git repository; diff compares git revisions"
    )


def test_a_revision_with_errors_exits_1_naming_it(tmp_path: Path) -> None:
    root = git_workspace(tmp_path)
    replace_in_file(root / BROKEN, DESIGN_LINE, BROKEN_DESIGN_LINE)
    commit_all(root, "broken")
    result = run_cli(["diff", "HEAD~1", "HEAD", "-q"], cwd=root)
    assert result.exit_code == 1
    head = git(root, "rev-parse", "--short=7", "HEAD")
    # the invoice's own error, and the act's "uses invoice …, which has errors"
    assert result.stderr.splitlines()[-2:] == [
        f'{BROKEN}:{line_of(root / BROKEN, "price: -5")}:12: lines[1].price: must be greater than 0 (got "-5")',
        f"Error: {head} (HEAD) has 2 error(s), listed above; diff compares revisions that pass check",
    ]
    assert result.stdout == ""


UNKNOWN_CONTRACT = "contract: GX-2099-01\n"  # no such contract: an error of the invoice's own rules


def problem_lines(output: str) -> set[str]:
    """The ``file:line:col: ...`` error lines of a command's output (not its warnings)."""
    return {
        line for line in output.splitlines() if re.match(r"\S+:\d+:\d+: ", line) and ": warning:" not in line
    }


def test_a_document_it_shows_with_a_rule_error_exits_1_with_every_error_check_finds(tmp_path: Path) -> None:
    # diff runs each document's rules when it first resolves it: the invoice it shows fails them,
    # so the head is refused, listing what check lists (the act that repeats the invoice as well).
    root = git_workspace(tmp_path)
    replace_in_file(root / INVOICE, "contract: GX-2026-07\n", UNKNOWN_CONTRACT)
    commit_all(root, "unknown contract")
    result = run_cli(["diff", "HEAD~1", "HEAD", "-q"], cwd=root)
    assert result.exit_code == 1
    checked = run_cli(["check"], cwd=root)
    errors = problem_lines(checked.output)
    assert checked.exit_code == 1 and any(line.startswith(f"{INVOICE}:") for line in errors)
    assert problem_lines(result.stderr) == errors
    head = git(root, "rev-parse", "--short=7", "HEAD")
    assert result.stderr.splitlines()[-1] == (
        f"Error: {head} (HEAD) has {len(errors)} error(s), listed above; diff compares revisions that pass check"
    )


def test_a_rule_error_in_a_document_it_does_not_show_is_left_to_check(tmp_path: Path) -> None:
    # The invoice's error is in both revisions, and the change does not reach it: diff shows the
    # contract clause that changed; `check` is what reports the invoice.
    root = git_workspace(tmp_path)
    replace_in_file(root / INVOICE, "contract: GX-2026-07\n", UNKNOWN_CONTRACT)
    commit_all(root, "unknown contract")
    replace_in_file(root / CONTRACT, OLD_CLAUSE, NEW_CLAUSE)
    commit_all(root, "clause")
    documents = by_file(diff_json(root, "HEAD~1", "HEAD"))
    assert sorted(documents) == [CONTRACT]
    assert run_cli(["check"], cwd=root).exit_code == 1


def test_a_resolver_failing_on_a_revision_with_errors_reports_the_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A resolver may rely on a rule of another document that diff did not run; if it fails, the
    # revision's errors are what diff reports, and a failure on a revision without errors is a bug.
    from agencydocs import kinds
    from agencydocs.errors import InvalidInput
    from agencydocs.review import diff

    root = git_workspace(tmp_path)
    replace_in_file(root / CONTRACT, OLD_CLAUSE, NEW_CLAUSE)
    commit_all(root, "clause")

    def failing(*_args: object) -> None:
        raise KeyError("GX-2099-01")

    monkeypatch.setattr(kinds, "resolve", failing)
    with pytest.raises(KeyError):
        diff(root, "HEAD~1", "HEAD", parallel=False)
    replace_in_file(root / INVOICE, "contract: GX-2026-07\n", UNKNOWN_CONTRACT)  # the working tree
    with pytest.raises(InvalidInput) as refused:
        diff(root, "HEAD", None, parallel=False)
    assert refused.value.message.startswith("working tree has ")
    assert any(p.file == INVOICE and p.severity == "error" for p in refused.value.problems)


def test_a_base_from_before_the_workspace_lists_every_document_as_added(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "README").write_text("before agencydocs\n", encoding="utf-8")
    commit_all(root, "first")
    example_workspace(root)  # the workspace lands in repo/workspace
    commit_all(root, "the workspace")
    data = diff_json(root / "workspace", "HEAD~1", "HEAD")
    assert {d["status"] for d in data["documents"]} == {"added"}
    assert len(data["documents"]) == data["compared"] == EXAMPLE_COUNT


def test_the_same_answer_in_one_process_as_with_a_forked_base(changed_repo: Path) -> None:
    from agencydocs.review import diff

    forked = diff(changed_repo, "HEAD~1", "HEAD", parallel=True)
    alone = diff(changed_repo, "HEAD~1", "HEAD", parallel=False)
    assert alone == forked and [d.file for d in alone.documents] == sorted([ACT, CONTRACT, INVOICE, REPORT])


def test_errors_found_in_the_forked_base_are_reported(tmp_path: Path) -> None:
    root = git_workspace(tmp_path)
    replace_in_file(root / BROKEN, DESIGN_LINE, BROKEN_DESIGN_LINE)
    commit_all(root, "broken")
    replace_in_file(root / BROKEN, BROKEN_DESIGN_LINE, DESIGN_LINE)
    commit_all(root, "fixed")
    result = run_cli(["diff", "HEAD~1", "HEAD", "-q"], cwd=root)
    assert result.exit_code == 1
    base = git(root, "rev-parse", "--short=7", "HEAD~1")
    assert result.stderr.splitlines()[-1] == (
        f"Error: {base} (HEAD~1) has 2 error(s), listed above; diff compares revisions that pass check"
    )
