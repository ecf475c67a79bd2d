"""Shared by the tests of reminders, claims and statements: the example's figures and built outputs."""

from __future__ import annotations

from pathlib import Path

from lxml import html as lxml_html

from agencydocs.commands.check import check
from agencydocs.kinds import resolve
from agencydocs.kinds.base import RenderContext
from agencydocs.rendering.textconv import format_text
from agencydocs.workspace import Workspace
from tests.helpers import example_workspace, run_cli

FORMATS = ("html", "pdf", "docx")


def build_documents(tmp_path: Path, *documents: str) -> Path:
    """A copy of the example workspace with only ``documents`` built in every format; its root."""
    root = example_workspace(tmp_path)
    result = run_cli(["build", *documents, "--format", ",".join(FORMATS), "-j1"], cwd=root)
    assert result.exit_code == 0, result.output
    return root


def output_texts(root: Path, stem: str) -> dict[str, str]:
    """The text of ``output/**/<stem>.<format>`` per format, read back with real readers."""
    texts = {}
    for fmt in FORMATS:
        [path] = (root / "output").rglob(f"{stem}.{fmt}")
        text = format_text(path, fmt)
        if fmt == "html":
            text = lxml_html.fromstring(path.read_text(encoding="utf-8")).text_content()
        texts[fmt] = " ".join(text.split())  # one space for any run of whitespace: PDF lines wrap
    return texts


def checked(root: Path) -> Workspace:
    result = check(root)
    assert not result.errors, result.problems
    return result.workspace


def resolved(workspace: Workspace, file: str) -> RenderContext:
    """The render context of the document in ``file`` (relative to the workspace root)."""
    [source] = [d for d in workspace.documents if d.file.display == file]
    return resolve(workspace, source)


def plain(text: str) -> str:
    """``text`` with its no-break spaces (Babel's thousands and currency separators) as plain ones."""
    return " ".join(text.split())
