"""The output format registry (rendering/formats/): one class per format, loaded lazily."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from agencydocs.commands.check import check
from agencydocs.errors import Problem
from agencydocs.kinds import RenderContext, resolve
from agencydocs.rendering import formats as output_formats
from agencydocs.rendering.formats import FORMAT_NAMES, FORMATS, Format
from agencydocs.rendering.formats.html import check_html_template
from agencydocs.rendering.pipeline import Renderer
from tests.helpers import REPO_ROOT, run_cli

INVOICE = "projects/romashka-site/invoices/2026-014.yaml"


def test_the_registry_lists_html_pdf_docx_xml_slides_pptx_in_build_order() -> None:
    assert list(FORMATS) == ["html", "pdf", "docx", "xml", "slides", "pptx"]
    assert FORMAT_NAMES == ("html", "pdf", "docx", "xml", "slides", "pptx")


@pytest.mark.parametrize(
    ("name", "class_name", "suffix", "needs_html"),
    [
        ("html", "HtmlFormat", ".html", True),
        ("pdf", "PdfFormat", ".html", True),
        ("docx", "DocxFormat", ".docx", False),
    ],
)
def test_each_format_is_one_class_with_the_required_attributes(
    name: str, class_name: str, suffix: str, needs_html: bool
) -> None:
    fmt = output_formats.get(name)
    assert type(fmt).__name__ == class_name and isinstance(fmt, Format)
    assert type(fmt).__module__ == f"agencydocs.rendering.formats.{name}"
    assert (fmt.name, fmt.template_suffix, fmt.needs_html) == (name, suffix, needs_html)
    assert fmt.template("invoice") == f"invoice/invoice{suffix}"
    for method in ("preload", "check_template", "render"):
        assert getattr(type(fmt), method) is not getattr(Format, method), method
    assert output_formats.get(name) is fmt  # one instance per process


def test_an_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown format 'xls'; known: html, pdf, docx"):
        output_formats.get("xls")
    with pytest.raises(ValueError, match="unknown format 'xls'"):
        output_formats.selected(["html", "xls"])


def test_selected_formats_come_in_registry_order() -> None:
    assert [f.name for f in output_formats.selected(["docx", "html", "pdf", "docx"])] == [
        "html",
        "pdf",
        "docx",
    ]


@pytest.mark.parametrize("value", ["xls", "html,xls", ",", "HTML,doc"])
def test_an_unknown_build_format_is_a_usage_error_listing_the_known_ones(workspace: Path, value: str) -> None:
    result = run_cli(["-C", str(workspace), "build", "--format", value])
    assert result.exit_code == 2, result.output
    assert (
        f"Invalid value for '--format': choose from html, pdf, docx, xml, slides, pptx (comma-separated),"
        f" got {value!r}" in (result.stderr)
    )
    assert not (workspace / "output").exists()


def test_build_help_shows_the_registry_as_the_default() -> None:
    result = run_cli(["build", "--help"])
    assert result.exit_code == 0
    assert "[default: html,pdf,docx,xml,slides,pptx]" in " ".join(
        result.output.split()
    )  # the help wraps lines


def test_listing_the_formats_imports_no_format_module() -> None:
    """The CLI validates --format from the names alone: `check` must not load a renderer."""
    script = (
        "import sys\n"
        "from agencydocs.rendering.formats import FORMAT_NAMES\n"
        "assert FORMAT_NAMES\n"
        "print(sorted(m for m in sys.modules if m.startswith('agencydocs.rendering.formats.')"
        " or m.split('.')[0] in ('jinja2', 'weasyprint', 'docxtpl')))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO_ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


class ShoutingFormat(Format):
    """A test format made from the HTML, as a plugin would add one."""

    name: ClassVar[str] = "shout"
    template_suffix: ClassVar[str] = ".html"
    needs_html: ClassVar[bool] = True

    def check_template(self, renderer: Renderer, kind: str) -> list[Problem]:
        return check_html_template(renderer, self.template(kind))

    def render(self, renderer: Renderer, ctx: RenderContext, html: str) -> bytes:
        return html.upper().encode("utf-8")


@pytest.fixture
def shout_registered(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """One registry line adds the format (and the cached instances are forgotten after)."""
    monkeypatch.setitem(FORMATS, "shout", f"{__name__}:ShoutingFormat")
    output_formats.get.cache_clear()
    yield
    output_formats.get.cache_clear()


@pytest.mark.usefixtures("shout_registered")
def test_a_registered_format_renders_from_the_html_rendered_once(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import agencydocs.rendering.html as html_module

    calls: list[str] = []
    real_render_html = html_module.render_html
    monkeypatch.setattr(
        html_module,
        "render_html",
        lambda ctx, *a, **kw: calls.append(ctx.kind) or real_render_html(ctx, *a, **kw),
    )
    result = check(workspace)
    source = next(d for d in result.workspace.documents if d.file.display == INVOICE)
    renderer = Renderer(workspace)
    assert renderer.check_templates(["invoice"], ["shout", "html"]) == []
    rendered = renderer.render(resolve(result.workspace, source), ["shout", "html"])
    assert list(rendered) == ["shout", "html"]  # in the order asked for
    assert calls == ["invoice"]  # one HTML for both formats
    assert rendered["shout"] == rendered["html"].decode("utf-8").upper().encode("utf-8")
    assert b"<!DOCTYPE HTML>" in rendered["shout"].upper()
