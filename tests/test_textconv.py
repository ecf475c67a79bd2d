"""`agencydocs textconv FILE`: a built document as the text `git diff` shows (#14 item 7)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import REPO_ROOT, run_cli
from tests.snapshot_text import snapshot_file

INVOICE = "romashka/romashka-site/invoice-2026-014"
TOTAL = (
    "524\u00a0600,00"  # the invoice's total due (two stages, 430,000 + 22% VAT), as DOCX and HTML print it
)
NEW_TOTAL = "600\u00a0000,00"


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_textconv_tells_the_format_by_content_and_prints_the_snapshot_text(
    fmt: str, example_build: Path, tmp_path: Path
) -> None:
    # git hands textconv a temporary file with an arbitrary name: no suffix to go by.
    nameless = tmp_path / "blob"
    shutil.copyfile(example_build / "output" / f"{INVOICE}.{fmt}", nameless)
    result = run_cli(["textconv", str(nameless)])
    assert result.exit_code == 0, result.stderr
    assert "2026-014" in result.stdout
    # The total in words' neighbour line, in every format (pdftotext gives the NBSP as a space).
    assert re.search(r"Всего наименований 2, на сумму 524\s600,00 руб\.", result.stdout)
    assert "base64" not in result.stdout
    assert result.stdout == snapshot_file(f"{INVOICE}.{fmt}").read_text(encoding="utf-8")


def _zip(path: Path, parts: dict[str, str]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(lambda p: None, "no such file", id="missing"),
        pytest.param(lambda p: p.mkdir(), "is a folder, not a file", id="folder"),
        pytest.param(
            lambda p: p.write_text("agency:\n  name: x\n"),
            "not a PDF, DOCX, PPTX or HTML file (told by its content)",
            id="yaml",
        ),
        pytest.param(
            lambda p: _zip(p, {"content.xml": "<x/>"}),
            "not a PDF, DOCX, PPTX or HTML file (told by its content)",
            id="zip-not-docx",
        ),
        pytest.param(
            lambda p: _zip(p, {"word/document.xml": "<w:document"}),
            "cannot read this DOCX file (",
            id="docx-broken-xml",
        ),
        pytest.param(
            lambda p: p.write_bytes(b"%PDF-1.7\nnot really\n"),
            "cannot read this PDF file (",
            id="pdf-broken",
        ),
        pytest.param(
            lambda p: p.write_bytes(b"<!DOCTYPE html><p>\xff\xfe</p>"),
            "cannot read this HTML file (",
            id="html-not-utf8",
        ),
    ],
)
def test_a_file_textconv_cannot_read_is_one_error_line(make, message: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "file.pdf"
    make(target)
    result = run_cli(["textconv", str(target)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"{target}: {message}")
    assert result.stderr.count("\n") == 1


def test_textconv_without_a_file_is_a_usage_error() -> None:
    result = run_cli(["textconv"])
    assert result.exit_code == 2
    assert "Missing argument 'FILE'" in result.stderr


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo.parent)}
    result = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return result.stdout


def _with_new_total(docx: Path, target: Path) -> None:
    """A copy of ``docx`` whose total due reads NEW_TOTAL: a real DOCX change, made without a build."""
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(TOTAL.encode(), NEW_TOTAL.encode())
            copy.writestr(item, data)


def test_git_diff_with_the_textconv_driver_shows_the_changed_amount(
    example_build: Path, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "t@example.com")
    _git(repo, "config", "user.name", "t")
    (repo / ".gitattributes").write_text(
        "*.pdf diff=agencydocs\n*.docx diff=agencydocs\n*.html diff=agencydocs\n"
    )
    docx = repo / "invoice.docx"
    shutil.copyfile(example_build / "output" / f"{INVOICE}.docx", docx)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "first")
    _with_new_total(example_build / "output" / f"{INVOICE}.docx", tmp_path / "changed.docx")
    shutil.copyfile(tmp_path / "changed.docx", docx)

    assert "Binary files" in _git(repo, "diff", "--no-ext-diff", "--no-textconv")
    # The README's line, with this interpreter so the test runs this checkout's agencydocs.
    _git(repo, "config", "diff.agencydocs.textconv", f"{sys.executable} -m agencydocs textconv")
    changed = [
        line
        for line in _git(repo, "diff").splitlines()
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert changed == [
        f"-| {TOTAL} руб.",  # the total due, a table cell
        f"-Всего наименований 2, на сумму {TOTAL} руб.",
        f"+| {NEW_TOTAL} руб.",
        f"+Всего наименований 2, на сумму {NEW_TOTAL} руб.",
    ]
