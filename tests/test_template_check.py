"""``check`` renders the workspace's template overrides with the workspace's own documents.

A renamed field or a typo in a workspace template fails ``check`` with the
template's file and line (HTML) or paragraph (DOCX), exit 1, before any
build. Hostile templates at ``check`` are in tests/hostile/test_check_templates.py.
"""

from __future__ import annotations

import ast
import io
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from docx import Document

from agencydocs.commands.check import check
from agencydocs.kinds import renderable_kinds, resolve
from tests.helpers import REPO_ROOT, example_workspace, line_of, replace_in_file, run_cli

NOT_RENDERED = "not rendered at check: {why}, so only its syntax was checked"


@cache
def first_document(kind: str, locale: str | None = None) -> str:
    """The example's first document of ``kind`` (printed in ``locale``), the first check renders."""
    workspace = check(REPO_ROOT).workspace
    for source in workspace.documents:
        if source.kind == kind and locale in (None, resolve(workspace, source).locale):
            return source.file.display
    raise AssertionError(f"the example has no {kind} document in {locale}")


def docx_bytes(paragraphs: list[str], header: str | None = None) -> bytes:
    """A DOCX template with one paragraph per item (and a header paragraph)."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def without_docx_overrides(root: Path) -> Path:
    """The example with its HTML override only: its per-language DOCX letterheads removed, so a
    test's own ``invoice.docx`` is the one its documents use (a language's file wins over it)."""
    for path in (root / "templates").glob("*/*.docx"):
        path.unlink()
    return root


def write(root: Path, relative: str, content: str | bytes) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def test_the_example_passes_and_its_letterhead_override_is_rendered() -> None:
    """The example's templates/base.html is rendered at check (a break in it fails, below), and is fine."""
    result = run_cli(["-C", str(REPO_ROOT), "check", "--strict"])
    assert result.exit_code == 0, result.output
    assert result.problem_lines == []
    assert (REPO_ROOT / "templates/base.html").is_file()


def test_a_renamed_field_in_the_examples_letterhead_fails_check_at_its_line(workspace: Path) -> None:
    base = workspace / "templates/base.html"
    # Invoices and acts extend base.html; the first kind checked reports it, once.
    first_kind = next(kind for kind in renderable_kinds() if kind in ("invoice", "act"))
    replace_in_file(base, "doc.supplier.short_name", "doc.supplier.shortname")
    result = run_cli(["-C", str(workspace), "check"])
    assert result.exit_code == 1
    assert result.problem_lines == [
        f"templates/base.html:{line_of(base, 'doc.supplier.shortname')}:1: template error:"
        " 'agencydocs.context.Party object' has no attribute 'shortname'"
        f" (rendering {first_document(first_kind)})"
    ]


@pytest.mark.parametrize(
    ("template", "text", "problem"),
    [
        (
            "invoice/invoice.html",
            "<p>{{ doc.number }}</p>\n<p>{{ doc.totals.totl }}</p>\n",
            "templates/invoice/invoice.html:2:1: template error: 'agencydocs.context.Totals object'"
            " has no attribute 'totl'",
        ),
        (
            "invoice/invoice.html",
            '{% extends "builtin/invoice/invoice.html" %}\n{% block closing %}\n{{ super() }}\n'
            "<p>{{ doc.paymnet.terms }}</p>\n{% endblock %}\n",
            "templates/invoice/invoice.html:4:1: template error: 'agencydocs.context.DocumentContext object'"
            " has no attribute 'paymnet'",
        ),
        (
            "invoice/invoice.html",
            "{% if doc.number %}\n<p>{{ doc.number }}</p>\n",
            "templates/invoice/invoice.html:2:1: template error: Unexpected end of template. Jinja was looking"
            " for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed"
            " is 'if'.",
        ),
        (
            "invoice/invoice.html",
            '<p>{{ doc.number }}</p>\n{% include "invoice/terms.html" %}\n',
            "templates/invoice/invoice.html:2:1: template error: no template 'invoice/terms.html' (a template"
            " may include only templates under templates/ and the built-in ones)",
        ),
    ],
    ids=["typo", "typo-in-a-block-of-an-extending-override", "unclosed-block", "missing-include"],
)
def test_an_html_override_that_fails_fails_check_at_its_line(
    workspace: Path, template: str, text: str, problem: str
) -> None:
    write(workspace / "templates", template, text)
    result = run_cli(["-C", str(workspace), "check"])
    assert result.exit_code == 1
    assert result.problem_lines == [f"{problem} (rendering {first_document('invoice')})"]


def test_an_error_in_an_included_override_is_reported_in_that_file(workspace: Path) -> None:
    write(
        workspace / "templates",
        "invoice/invoice.html",
        '<p>{{ doc.number }}</p>\n{% include "terms.html" %}\n',
    )
    write(workspace / "templates", "terms.html", "<p>Terms</p>\n\n<p>{{ doc.payment.trems }}</p>\n")
    result = run_cli(["-C", str(workspace), "check"])
    assert result.problem_lines == [
        "templates/terms.html:3:1: template error: 'agencydocs.context.Payment object' has no attribute 'trems'"
        f" (rendering {first_document('invoice')})"
    ]


@pytest.mark.parametrize(
    ("template", "paragraphs", "header", "where", "locale"),
    [
        (
            "invoice.docx",
            ["Invoice {{ doc.number }}", "Total: {{ doc.totals.totl }}"],
            None,
            'paragraph "Total: {{ doc.totals.totl }}"',
            None,
        ),
        (
            "invoice.ru.docx",
            ["Счёт {{ doc.number }}", "Итого: {{ doc.totals.totl }}"],
            None,
            'paragraph "Итого: {{ doc.totals.totl }}"',
            "ru",
        ),
        (
            "invoice.en.docx",
            ["Invoice {{ doc.number }}", "{{ doc.totals.total }}"],
            "{{ doc.supplier.nme }}, {{ doc.totals.totl }}",
            'header1 paragraph "{{ doc.supplier.nme }}, {{ doc.totals.totl }}"',
            "en",
        ),
    ],
    ids=["body", "russian-only", "header"],
)
def test_a_docx_override_with_an_unknown_field_fails_check_naming_the_paragraph(
    workspace: Path, template: str, paragraphs: list[str], header: str | None, where: str, locale: str | None
) -> None:
    without_docx_overrides(workspace)
    write(workspace / "templates/invoice", template, docx_bytes(paragraphs, header))
    result = run_cli(["-C", str(workspace), "check"])
    assert result.exit_code == 1
    field = "nme" if header else "totl"
    owner = "Party" if header else "Totals"
    assert result.problem_lines == [
        f"templates/invoice/{template}: {where}: template error: 'agencydocs.context.{owner} object'"
        f" has no attribute '{field}' (rendering {first_document('invoice', locale=locale)})"
    ]


def test_a_correct_docx_override_passes(workspace: Path) -> None:
    without_docx_overrides(workspace)
    write(workspace / "templates/invoice", "invoice.docx", docx_bytes(["Invoice {{ doc.number }}"]))
    result = run_cli(["-C", str(workspace), "check", "--strict"])
    assert (result.exit_code, result.problem_lines) == (0, [])


def test_a_docx_override_with_a_syntax_error_is_linted_and_not_rendered(workspace: Path) -> None:
    without_docx_overrides(workspace)
    write(workspace / "templates/invoice", "invoice.docx", docx_bytes(["Fine", "Invoice {{ doc.number | }}"]))
    result = run_cli(["-C", str(workspace), "check"])
    assert result.exit_code == 1
    assert result.problem_lines == [
        "templates/invoice/invoice.docx: paragraph 2: Jinja syntax error in '{{ doc.number | }}':"
        " expected token 'name', got 'end of print statement'"
    ]


def test_overrides_no_document_uses_are_compiled_and_named_in_a_warning(workspace: Path) -> None:
    for brief in sorted(workspace.glob("projects/*/briefs/*.yaml")):
        brief.unlink()
    write(workspace / "templates", "brief/brief.html", '{% extends "builtin/brief/brief.html" %}\n')
    # A German DOCX of a kind no German document is made of: since the German client
    # (nordlicht) was merged, its invoice, act and contract use the .de templates, but the
    # example still has no German proposal.
    write(workspace / "templates", "proposal/proposal.de.docx", docx_bytes(["Angebot {{ doc.number }}"]))
    write(workspace / "templates", "unused.html", "<p>{{ doc.title }}</p>\n")
    result = run_cli(["-C", str(workspace), "check"])
    assert result.exit_code == 0, result.output
    warning = "warning: " + NOT_RENDERED
    assert result.problem_lines == [
        f"templates/brief/brief.html: {warning.format(why='no document of this workspace uses it')}",
        f"templates/proposal/proposal.de.docx: {warning.format(why='no proposal document of this workspace uses it')}",
        f"templates/unused.html: {warning.format(why='no document of this workspace uses it')}",
    ]
    assert run_cli(["-C", str(workspace), "check", "--strict"]).exit_code == 1


def test_an_unrendered_override_with_a_syntax_error_fails_at_its_line(workspace: Path) -> None:
    write(workspace / "templates", "unused.html", "<p>\n{{ doc.title }\n</p>\n")
    result = run_cli(["-C", str(workspace), "check"])
    assert result.exit_code == 1
    assert result.problem_lines == ["templates/unused.html:2:1: template syntax error: unexpected '}'"]


def test_the_render_skips_what_only_the_build_reads(workspace: Path) -> None:
    """index.html lists built files (no document context): compiled, not rendered, no warning;
    the eject record is not a template."""
    write(
        workspace / "templates",
        "index.html",
        "<ul>{% for client in groups %}<li>{{ client }}</li>{% endfor %}</ul>\n",
    )
    result = run_cli(["-C", str(workspace), "check", "--strict"])
    assert (result.exit_code, result.problem_lines) == (0, [])


HEAVY = ("jinja2", "docxtpl", "docx", "lxml", "weasyprint", "markdown_it", "matplotlib")


def _modules_after_check(root: Path) -> list[str]:
    """The heavy top-level packages imported by `agencydocs check` of ``root`` in a fresh interpreter."""
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from agencydocs.cli import cli\n"
        f"result = CliRunner().invoke(cli, ['-C', {str(root)!r}, 'check'])\n"
        "assert result.exit_code == 0, result.output\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO_ROOT)
    assert completed.returncode == 0, completed.stderr
    modules: list[str] = ast.literal_eval(completed.stdout)
    return modules


@pytest.mark.slow
def test_a_workspace_without_overrides_imports_nothing_to_render(tmp_path: Path) -> None:
    root = example_workspace(tmp_path)
    shutil.rmtree(root / "templates")
    assert _modules_after_check(root) == []


@pytest.mark.slow
def test_html_overrides_import_no_docx_library(tmp_path: Path) -> None:
    """The example's base.html override needs Jinja2 and Markdown at check, not Word's libraries.

    Nor lxml: rendering the invoice override resolves globex's invoice 2026-018 (``einvoice:
    factur-x``) without building its CII XML, which no HTML template prints
    (``rendering/override_check.py``). docx and docxtpl stay unimported.
    """
    assert _modules_after_check(without_docx_overrides(example_workspace(tmp_path))) == [
        "jinja2",
        "markdown_it",
    ]


def test_templates_are_rendered_once_the_rest_of_the_workspace_is_valid(workspace: Path) -> None:
    """Like a build, the render waits for valid input: it reads what the checks vouch for."""
    write(workspace / "templates", "invoice/invoice.html", "<p>{{ doc.numbr }}</p>\n")
    agency = workspace / "agency.yaml"
    replace_in_file(agency, "rounding: half-up", "rounding: sideways")
    result = run_cli(["-C", str(workspace), "check"])
    assert result.exit_code == 1
    assert [line.split(": ")[0] for line in result.problem_lines] == [
        f"agency.yaml:{line_of(agency, 'sideways')}:11"
    ]


@dataclass(frozen=True)
class _Line:
    name: str
    discount: str = ""


@dataclass(frozen=True)
class _Context:
    locale: str
    lines: tuple[_Line, ...]
    note: str = ""


def test_one_document_of_each_shape_is_rendered() -> None:
    """Documents whose contexts fill the same fields take the same template branches: one renders."""
    from agencydocs.rendering.override_check import _one_of_each_shape

    contexts = {
        "plain": _Context("ru", (_Line("SEO"), _Line("Ads"))),
        "same shape, other values and count": _Context("ru", (_Line("Audit"),)),
        "a discount": _Context("ru", (_Line("SEO", discount="10 %"),)),
        "a note": _Context("ru", (_Line("SEO"),), note="Thanks"),
        "another language": _Context("en", (_Line("SEO"),)),
    }
    kept = _one_of_each_shape([(name, ctx) for name, ctx in contexts.items()])  # type: ignore[misc]
    assert [name for name, _ in kept] == ["plain", "a discount", "a note", "another language"]
