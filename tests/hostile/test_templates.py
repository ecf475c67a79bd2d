"""Hostile workspace templates: each fails its own document, located, within limits; the others build.

A template is code the build runs. A sandbox violation, an error, a loop that
runs for ages or output without end fails THAT document with
``template:line: message (rendering <document yaml>)`` and exit 1; the other
documents are written; no traceback; nothing outside ``output/`` changes.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest
from docx import Document

from tests.hostile.harness import GuardedWorkspace, Outcome

INVOICE = "projects/globex-seo/invoice-2026-018.yaml"
ACT = "projects/globex-seo/act-2026-015.yaml"
OUT = "globex/globex-seo"
LIMITS = "\nlimits:\n  render_seconds: 2\n  output_bytes: 1048576\n"
LOOP = "{% for i in range(100000) %}{% for j in range(100000) %}{% for k in range(100000) %}{% endfor %}{% endfor %}{% endfor %}"


def _prepare(guarded: GuardedWorkspace, template: str, text: str | bytes) -> None:
    """Short limits in agency.yaml, and ``text`` as the workspace's override of ``template``."""
    with (guarded.root / "agency.yaml").open("a", encoding="utf-8") as agency:
        agency.write(LIMITS)
    path = guarded.root / "templates" / template
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".docx":  # the example's per-language overrides would win over this one
        for language_file in path.parent.glob(f"{path.stem}.*.docx"):
            language_file.unlink()
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def _build(guarded: GuardedWorkspace, fmt: str) -> Outcome:
    return guarded.run("build", INVOICE, ACT, "--format", fmt, "-j", "2")


def _problems(outcome: Outcome) -> list[str]:
    """The located problem lines of a build (not its progress or summary lines)."""
    return [line for line in outcome.problem_lines if not line.startswith(("[", "Error:"))]


def _only_the_invoice_failed(guarded: GuardedWorkspace, outcome: Outcome, fmt: str, problem: str) -> None:
    assert outcome.exit_code == 1, outcome.output
    expected = f"{problem} (rendering {INVOICE})"
    if problem.endswith("..."):  # the rest of the message is Python's and varies
        expected = problem.removesuffix("...")
        assert [p[: len(expected)] for p in _problems(outcome)] == [expected], outcome.stderr
        assert outcome.stderr.count(f"(rendering {INVOICE})") == 1
    else:
        assert _problems(outcome) == [expected], outcome.stderr
    assert "1 problem(s) while rendering; other documents were built" in outcome.stderr
    assert (guarded.output / OUT / f"act-2026-015.{fmt}").is_file()
    assert not (guarded.output / OUT / f"invoice-2026-018.{fmt}").exists()


UNSAFE = "templates/invoice/invoice.html:2:1: template error: access to attribute"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("{{ ''.__class__.__mro__ }}", f"{UNSAFE} '__class__' of 'str' object is unsafe."),
        ("{{ cycler.__init__.__globals__.os }}", f"{UNSAFE} '__init__' of 'type' object is unsafe."),
        ("{{ doc.__dict__ }}", f"{UNSAFE} '__dict__' of 'DocumentContext' object is unsafe."),
        (
            "{{ 10 ** 100000 }}",
            "templates/invoice/invoice.html:2:1: template error: exponent 100000 is larger than 1000",
        ),
        (
            "{{ 'x' * 10 ** 3 * 10 ** 3 * 10 ** 3 }}",
            "templates/invoice/invoice.html:2:1: template error: repeating a sequence to more than 1,000,000 items"
            " is not allowed",
        ),
        (
            "{{ 1 / 0 }}",
            "templates/invoice/invoice.html:2:1: template error: ZeroDivisionError: division by zero",
        ),
        (
            "{{ range(10 ** 9) | list }}",
            "templates/invoice/invoice.html:2:1: template error: OverflowError: Range too big. The sandbox blocks"
            " ranges larger than MAX_RANGE (100000).",
        ),
        (
            "{% include '../../outside/precious.txt' %}",
            "templates/invoice/invoice.html:2:1: template error: no template '../../outside/precious.txt'"
            " (a template may include only templates under templates/ and the built-in ones)",
        ),
        (
            "{% include '/etc/passwd' %}",
            "templates/invoice/invoice.html:2:1: template error: no template '/etc/passwd'"
            " (a template may include only templates under templates/ and the built-in ones)",
        ),
        (
            "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
            "templates/invoice/invoice.html:2:1: template error: RecursionError: maximum recursion depth exceeded...",
        ),
    ],
)
def test_html_template_errors_fail_only_their_document(
    guarded: GuardedWorkspace, body: str, problem: str
) -> None:
    _prepare(guarded, "invoice/invoice.html", f"<p>start</p>\n{body}\n")
    _only_the_invoice_failed(guarded, _build(guarded, "html"), "html", problem)


@pytest.mark.slow  # waits for the time limit
def test_a_template_that_loops_for_ages_is_stopped_at_the_render_time_limit(
    guarded: GuardedWorkspace,
) -> None:
    _prepare(guarded, "invoice/invoice.html", f"<p>start</p>\n<p>still fine</p>\n{LOOP}\n")
    outcome = _build(guarded, "html")
    _only_the_invoice_failed(
        guarded, outcome, "html",
        "templates/invoice/invoice.html:3:1: rendering took longer than the render time limit of 2 s"
        " (limits.render_seconds in agency.yaml)",
    )  # fmt: skip


def test_a_template_that_prints_without_end_is_stopped_at_the_output_size_limit(
    guarded: GuardedWorkspace,
) -> None:
    body = "{% for i in range(100000) %}{% for j in range(100000) %}{{ 'x' * 1000 }}{% endfor %}{% endfor %}"
    _prepare(guarded, "invoice/invoice.html", f"<p>start</p>\n{body}\n")
    _only_the_invoice_failed(
        guarded, _build(guarded, "html"), "html",
        "templates/invoice/invoice.html:2:1: the HTML output exceeds the output size limit of 1,048,576 bytes"
        " (limits.output_bytes in agency.yaml)",
    )  # fmt: skip


def _docx(*paragraphs: str) -> bytes:
    import io

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.slow  # DOCX builds, one waits for the time limit
@pytest.mark.parametrize(
    ("paragraph", "problem"),
    [
        (
            "{{ ''.__class__.__mro__ }}",
            "templates/invoice/invoice.docx: template error: access to attribute '__class__' of 'str' object is unsafe.",
        ),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "templates/invoice/invoice.docx: rendering took longer than the render time limit of 2 s"
            " (limits.render_seconds in agency.yaml)",
        ),
        (
            "{{ 'x' * 100000 * 100000 }}",
            "templates/invoice/invoice.docx: template error: repeating a sequence to more than 1,000,000 items"
            " is not allowed",
        ),
    ],
)
def test_hostile_docx_templates_fail_only_their_document(
    guarded: GuardedWorkspace, paragraph: str, problem: str
) -> None:
    _prepare(guarded, "invoice/invoice.docx", _docx("Invoice {{ doc.number }}", paragraph))
    _only_the_invoice_failed(guarded, _build(guarded, "docx"), "docx", problem)


FETCHING = """<html><head>
<style>@import url("file:///etc/passwd"); body { background: url("http://127.0.0.1:9/bg.png"); }</style>
<link rel="stylesheet" href="file:///etc/passwd">
<link rel="attachment" href="file:///etc/passwd">
<link rel="attachment" href="assets/passwd">
<link rel="attachment" href="assets/control.txt">
</head><body><p>Invoice {{ doc.number }}</p>
<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png"><img src="file://otherhost/etc/passwd">
<object data="file:///etc/passwd"></object>
</body></html>
"""


@pytest.mark.slow  # renders a PDF
def test_a_template_cannot_make_the_pdf_fetch_local_files_or_the_network(guarded: GuardedWorkspace) -> None:
    (guarded.root / "assets/passwd").symlink_to("/etc/passwd")
    # A file the template may attach: proves the scan below would see an embedded file.
    (guarded.root / "assets/control.txt").write_text("control-attachment-text\n", encoding="utf-8")
    _prepare(guarded, "invoice/invoice.html", FETCHING)
    outcome = guarded.run("build", INVOICE, "--format", "pdf", "-j", "1")
    assert outcome.exit_code == 0, outcome.output
    refused = sorted(set(re.findall(r"refused to fetch (\S+)", outcome.stderr)))
    assert refused == sorted(
        [
            (guarded.root / "assets/passwd").as_uri(),
            "file:///etc/passwd",
            "file://otherhost/etc/passwd",
            "http://127.0.0.1:9/bg.png",
            "http://127.0.0.1:9/x.png",
        ]
    ), outcome.stderr
    content = _pdf_content(guarded.output / OUT / "invoice-2026-018.pdf")
    assert b"control-attachment-text" in content
    assert b"root:" not in content and Path("/etc/passwd").read_bytes()[:40] not in content


def _pdf_content(path: Path) -> bytes:
    """The PDF's bytes with every Flate stream inflated."""
    data = path.read_bytes()
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"".join(parts)


@pytest.mark.parametrize(
    ("limits", "problem"),
    [
        ("render_seconds: 0", '19: limits.render_seconds: must be greater than or equal to 1 (got "0")'),
        ("output_bytes: 10", '17: limits.output_bytes: must be greater than or equal to 65536 (got "10")'),
    ],
)
def test_limits_are_validated(guarded: GuardedWorkspace, limits: str, problem: str) -> None:
    agency = guarded.root / "agency.yaml"
    with agency.open("a", encoding="utf-8") as file:
        file.write(f"\nlimits:\n  {limits}\n")
    last_line = len(agency.read_text(encoding="utf-8").splitlines())
    outcome = guarded.run("check")
    assert outcome.exit_code == 1
    assert outcome.problem_lines == [f"agency.yaml:{last_line}:{problem}"], outcome.stderr
