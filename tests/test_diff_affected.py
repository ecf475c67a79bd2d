"""``diff`` lists each document's inputs on one side only: it must find what listing them all finds.

A change to a file that many documents read (a client, a template override,
the agency's bank account, a clause of the library) is compared with the
exhaustive computation (every document's inputs listed on both sides, every
listed document resolved on both, as ``diff`` once did): the same documents,
figures, text and causes, and only the documents that show the change.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from agencydocs.review import Comparison, diff
from tests.helpers import example_documents, replace_in_file
from tests.test_diff import commit_all, git_workspace

pytestmark = pytest.mark.slow  # git repositories, four checks and HTML renders per test

DOCUMENTS = example_documents()
GLOBEX = sorted(file for file in DOCUMENTS if file.startswith("projects/globex-seo/"))
# The kinds whose templates extend the built-in base.html (templates/base.html overrides it).
ON_BASE_TEMPLATE = sorted(
    file for file, data in DOCUMENTS.items() if data["kind"] in ("invoice", "act", "credit_note")
)
RU_COURT = (
    "name: services\nlanguage: ru\nsections:\n  - id: disputes\n    clauses:\n"
    "      - id: disputes.court\n        text: Споры рассматриваются в {contract.court}, Санкт-Петербург.\n"
)


def rename_client(root: Path) -> None:
    replace_in_file(root / "clients/globex.yaml", "name: Globex Handels GmbH", "name: Globex Trading GmbH")


def edit_letterhead(root: Path) -> None:
    shown = "<strong>{{ doc.supplier.short_name }}</strong>"
    replace_in_file(root / "templates/base.html", shown, f"{shown} (letterhead)")


def rename_rouble_bank(root: Path) -> None:
    replace_in_file(root / "agency.yaml", "АО «Тестбанк», г. Москва", "АО «Тестбанк Плюс», г. Москва")


def override_court_clause(root: Path) -> None:
    (root / "clauses").mkdir()
    (root / "clauses/ru-services.yaml").write_text(RU_COURT, encoding="utf-8")


def files(comparison: Comparison) -> list[str]:
    return [document.file for document in comparison.documents]


@pytest.mark.parametrize(
    ("change", "cause", "expected"),
    [
        # Every document of globex's one project prints its name, and no other reads its file.
        (rename_client, "clients/globex.yaml", GLOBEX),
        (edit_letterhead, "templates/base.html", ON_BASE_TEMPLATE),
        # The rouble account: romashka's invoices and what prints its contract's payment details.
        (
            rename_rouble_bank,
            "agency.yaml",
            [
                "projects/romashka-site/addendum-1.yaml",
                "projects/romashka-site/claims/2026-001.yaml",
                "projects/romashka-site/contract-12-2026.yaml",
                *sorted(f for f in DOCUMENTS if f.startswith("projects/romashka-site/invoices/")),
            ],
        ),
        # The Russian services clauses: the Russian contract and the bilingual one.
        (
            override_court_clause,
            "clauses/ru-services.yaml",
            ["projects/globex-seo/contract-gx-2026-07.yaml", "projects/romashka-site/contract-12-2026.yaml"],
        ),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_a_file_many_documents_read_lists_each_affected_document_and_no_other(
    tmp_path: Path, change: Callable[[Path], None], cause: str, expected: list[str]
) -> None:
    root = git_workspace(tmp_path)
    change(root)
    commit_all(root, change.__name__)
    found = diff(root, "HEAD~1", "HEAD")
    assert files(found) == expected
    assert all(document.inputs == (cause,) and document.status == "changed" for document in found.documents)
    assert found == diff(root, "HEAD~1", "HEAD", exhaustive=True)


def test_only_the_documents_that_read_a_client_are_resolved(tmp_path: Path) -> None:
    root = git_workspace(tmp_path)
    rename_client(root)
    commit_all(root, "rename")
    found = diff(root, "HEAD~1", "HEAD", parallel=False)
    assert (found.compared, found.resolved) == (len(DOCUMENTS), len(GLOBEX))


BROKEN_DRAFT = "kind: invoice\nnumber: [\n"  # a YAML error: check fails on any workspace holding it


def edit_committed_file(root: Path) -> None:
    replace_in_file(root / "clients/globex.yaml", "Globex Trading GmbH", "Globex Again GmbH")


def add_untracked_draft(root: Path) -> None:
    (root / "projects/globex-seo/scratch").mkdir()
    (root / "projects/globex-seo/scratch/draft.yaml").write_text(BROKEN_DRAFT, encoding="utf-8")


def add_ignored_draft(root: Path) -> None:
    (root / ".git/info/exclude").write_text("scratch/\n", encoding="utf-8")
    add_untracked_draft(root)


def add_built_documents(root: Path) -> None:
    (root / "output").mkdir()
    (root / "output/index.html").write_text("<p>built</p>\n", encoding="utf-8")


@pytest.mark.parametrize(
    "leave",
    [edit_committed_file, add_untracked_draft, add_ignored_draft, add_built_documents],
    ids=lambda f: f.__name__,
)
def test_head_is_compared_as_committed_whatever_the_working_tree_holds(
    tmp_path: Path, leave: Callable[[Path], None]
) -> None:
    """HEAD is read in place only when the working tree holds exactly its files (built documents aside)."""
    root = git_workspace(tmp_path)
    rename_client(root)
    commit_all(root, "rename")
    leave(root)
    found = diff(root, "HEAD~1", "HEAD", parallel=False)
    assert files(found) == GLOBEX
    contract = next(d for d in found.documents if d.kind == "contract")
    assert any("Globex Trading GmbH" in line for line in contract.text_diff)
    assert not any("Again" in line for document in found.documents for line in document.text_diff)
