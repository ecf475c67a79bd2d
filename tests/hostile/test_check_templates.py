"""Hostile workspace templates at ``check``: located, within the limits, no traceback, nothing written.

``check`` renders the workspace's templates with its documents (see
tests/test_template_check.py), so a template that loops for ages, prints
without end or reaches out of the sandbox runs there too. It must end within
``limits.render_seconds`` per template, report ``file:line`` (or the DOCX
paragraph) and exit 1, and change nothing on disk (``check`` writes nothing,
not even ``output/``).
"""

from __future__ import annotations

import io

import pytest
from docx import Document

from tests.hostile.harness import GuardedWorkspace

LIMITS = "\nlimits:\n  render_seconds: 2\n  output_bytes: 1048576\n"
INVOICE = "projects/globex-seo/invoice-2026-018.yaml"  # the example's first invoice
LOOP = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
TIME_LIMIT = "rendering took longer than the render time limit of 2 s (limits.render_seconds in agency.yaml)"
HTML = "templates/invoice/invoice.html"
DOCX = "templates/invoice/invoice.docx"


def _prepare(guarded: GuardedWorkspace, template: str, content: str | bytes) -> None:
    with (guarded.root / "agency.yaml").open("a", encoding="utf-8") as agency:
        agency.write(LIMITS)
    path = guarded.root / template
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".docx":  # the example's per-language overrides would win over this one
        for language_file in path.parent.glob(f"{path.stem}.*.docx"):
            language_file.unlink()
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def _docx(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            "{{ ''.__class__.__mro__ }}",
            f"{HTML}:2:1: template error: access to attribute '__class__' of 'str' object is unsafe.",
        ),
        (
            "{{ cycler.__init__.__globals__.os }}",
            f"{HTML}:2:1: template error: access to attribute '__init__' of 'type' object is unsafe.",
        ),
        (
            "{% include '../../outside/precious.txt' %}",
            f"{HTML}:2:1: template error: no template '../../outside/precious.txt' (a template may include"
            " only templates under templates/ and the built-in ones)",
        ),
        (f"<p>still fine</p>\n{LOOP}", f"{HTML}:3:1: {TIME_LIMIT}"),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{{ 'x' * 1000 }}{% endfor %}{% endfor %}",
            f"{HTML}:2:1: the HTML output exceeds the output size limit of 1,048,576 bytes"
            " (limits.output_bytes in agency.yaml)",
        ),
        (
            "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
            f"{HTML}:2:1: template error: RecursionError: maximum recursion depth exceeded",
        ),
    ],
    ids=["mro", "globals", "include-outside", "endless-loop", "endless-output", "recursion"],
)
def test_a_hostile_html_template_fails_check_at_its_line(
    guarded: GuardedWorkspace, body: str, problem: str
) -> None:
    _prepare(guarded, HTML, f"<p>start</p>\n{body}\n")
    outcome = guarded.run("check", timeout=60)
    assert outcome.exit_code == 1, outcome.output
    [line] = outcome.problem_lines
    assert line.startswith(problem) and line.endswith(f" (rendering {INVOICE})"), line
    assert not guarded.output.exists()


@pytest.mark.parametrize(
    ("paragraph", "problem"),
    [
        (
            "{{ ''.__class__.__mro__ }}",
            "template error: access to attribute '__class__' of 'str' object is unsafe.",
        ),
        (LOOP, TIME_LIMIT),
        (
            "{{ 'x' * 100000 * 100000 }}",
            "template error: repeating a sequence to more than 1,000,000 items is not allowed",
        ),
    ],
    ids=["mro", "endless-loop", "repeat"],
)
def test_a_hostile_docx_template_fails_check_naming_its_paragraph(
    guarded: GuardedWorkspace, paragraph: str, problem: str
) -> None:
    _prepare(guarded, DOCX, _docx("Invoice {{ doc.number }}", paragraph))
    outcome = guarded.run("check", timeout=60)
    assert outcome.exit_code == 1, outcome.output
    assert outcome.problem_lines == [f'{DOCX}: paragraph "{paragraph}": {problem} (rendering {INVOICE})']
    assert not guarded.output.exists()


def test_a_shared_template_that_loops_is_stopped_once_not_once_per_kind(guarded: GuardedWorkspace) -> None:
    """base.html serves invoices and acts: the time limit is paid once, and reported once."""
    _prepare(
        guarded,
        "templates/base.html",
        f'{{% extends "builtin/base.html" %}}\n{{% block lines %}}\n{LOOP}\n{{% endblock %}}\n',
    )
    outcome = guarded.run("check", timeout=60)
    assert outcome.exit_code == 1, outcome.output
    assert outcome.problem_lines == [f"templates/base.html:3:1: {TIME_LIMIT} (rendering {INVOICE})"]
