"""Markdown in long text fields: HTML structure, Word paragraphs, hostile input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from markupsafe import Markup

from agencydocs.rendering.docx import docx_environment
from agencydocs.rendering.markdown import (
    markdown_escape,
    markdown_html,
    markdown_subdoc,
    safe_image_path,
    safe_link,
)

HOSTILE = "<script>alert(1)</script> {{ 7*7 }} {% if 1 %} & </w:t> {_{ x }} ]]>"
LOGO = Path(__file__).resolve().parent.parent / "assets" / "logo.png"
SAMPLE = """\
Intro with **bold**, *italic* and [a link](https://example.com/a?b=1&c=2).

- first
- second with **strong**
  - nested

1. one
2. two

| Item | Price |
|------|------:|
| Design | 100 |
"""


def test_html_structure() -> None:
    html = markdown_html(SAMPLE)
    assert isinstance(html, Markup)
    assert "<strong>bold</strong>" in html and "<em>italic</em>" in html
    assert '<a href="https://example.com/a?b=1&amp;c=2">a link</a>' in html
    assert html.count("<ul>") == 2 and "<ol>" in html
    assert "<th>Item</th>" in html and '<td style="text-align:right">100</td>' in html


def test_html_escapes_raw_html_and_template_syntax() -> None:
    html = markdown_html(HOSTILE)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "{{ 7*7 }}" in html and "&amp;" in html and "&lt;/w:t&gt;" in html


@pytest.mark.parametrize(
    ("href", "kept"),
    [
        ("https://a.example", True),
        ("http://a.example", True),
        ("mailto:a@b.example", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,x", False),
        ("file:///etc/passwd", False),
        ("vbscript:x", False),
        ("relative/page.html", False),
    ],
)
def test_only_web_and_mail_links_survive(href: str, kept: bool) -> None:
    html = markdown_html(f"[text]({href})")
    assert ("<a " in html) is kept
    assert "text" in html
    assert safe_link(href) is kept


@pytest.mark.parametrize(
    ("src", "kept"),
    [
        ("assets/logo.png", True),
        ("./assets/logo.png", True),
        ("../secret.png", False),
        ("assets/../../x.png", False),
        ("/etc/passwd", False),
        ("file:///etc/passwd", False),
        ("https://tracker.example/p.gif", False),
        ("%2e%2e/x.png", False),
        ("C:\\x.png", False),
    ],
)
def test_images_only_from_relative_workspace_paths(src: str, kept: bool) -> None:
    assert (safe_image_path(src) is not None) is kept
    assert ("<img" in markdown_html(f"![alt]({src})")) is kept


def test_html_embeds_workspace_images_and_drops_missing(tmp_path: Path) -> None:
    (tmp_path / "pic.png").write_bytes(LOGO.read_bytes())
    html = markdown_html("![a](pic.png) ![b](missing.png)", root=tmp_path)
    assert html.count("<img") == 1 and 'src="data:image/png;base64,' in html


def test_prefix_starts_the_first_paragraph() -> None:
    assert markdown_html("Text", prefix="1.2.").startswith('<p><span class="md-prefix">1.2.</span> Text')
    assert markdown_html("- a", prefix="3.").startswith('<p><span class="md-prefix">3.</span> </p>\n<ul>')
    assert "&lt;b&gt;" in markdown_html("x", prefix="<b>")


def test_markdown_escape_keeps_values_literal() -> None:
    value = "ООО *Звезда* [1] <b> 1. _x_ {y}"
    assert "<em>" not in markdown_html(markdown_escape(value))
    assert markdown_html(markdown_escape(value)) == markdown_html(markdown_escape(value))
    assert "ООО *Звезда* [1] &lt;b&gt; 1. _x_ {y}" in markdown_html(markdown_escape(value))


# DOCX: a one-paragraph template rendered through the real environment.


def _template(tag: str = "{{p text | markdown }}", before: str = "Before") -> bytes:
    document = docx.Document()
    document.add_paragraph(before)
    document.add_paragraph(tag)
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).paragraphs[0].text = "{{p cell | markdown }}"
    document.add_paragraph("After")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _render(
    text: str, cell: str = "cell", tag: str = "{{p text | markdown }}", root: Path | None = None
) -> DocxDocument:
    template = DocxTemplate(io.BytesIO(_template(tag)))
    env = docx_environment()
    env.filters["markdown"] = lambda t, **kw: markdown_subdoc(t, template, root=root, **kw)
    template.render({"text": text, "cell": cell}, jinja_env=env, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return docx.Document(io.BytesIO(buffer.getvalue()))


def _body_paragraphs(document: DocxDocument) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs]


def test_docx_paragraphs_runs_lists_and_tables() -> None:
    document = _render(SAMPLE)
    paragraphs = _body_paragraphs(document)
    assert paragraphs[0] == ("Normal", "Before")
    assert paragraphs[1][1].startswith("Intro with bold, italic and a link")
    assert ("List Bullet", "first") in paragraphs
    assert ("List Bullet", "second with strong") in paragraphs
    assert ("List Bullet 2", "nested") in paragraphs
    assert ("List Number", "one") in paragraphs and ("List Number", "two") in paragraphs
    intro = document.paragraphs[1]
    assert [r.text for r in intro.runs if r.bold] == ["bold"]
    assert [r.text for r in intro.runs if r.italic] == ["italic"]
    assert not any("*" in p.text or "[" in p.text for p in document.paragraphs)
    markdown_table = document.tables[0]
    assert [c.text for c in markdown_table.rows[0].cells] == ["Item", "Price"]
    assert [c.text for c in markdown_table.rows[1].cells] == ["Design", "100"]
    assert markdown_table.rows[0].cells[0].paragraphs[0].runs[0].bold
    # The header row, and only it, repeats when the table breaks across pages.
    repeats = [len(row._tr.findall(f".//{qn('w:tblHeader')}")) for row in markdown_table.rows]
    assert repeats == [1] + [0] * (len(markdown_table.rows) - 1)


def test_docx_hyperlink_is_a_real_link() -> None:
    document = _render("See [the site](https://example.com/x) and [bad](javascript:alert(1)).")
    links = document.element.body.findall(f".//{qn('w:hyperlink')}")
    assert len(links) == 1
    target = document.part.rels[links[0].get(qn("r:id"))].target_ref
    assert target == "https://example.com/x"
    assert "See the site and bad." in document.paragraphs[1].text


def test_docx_numbered_lists_restart() -> None:
    document = _render("1. a\n2. b\n\ntext\n\n3. c\n4. d")
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert ids[0] == ids[1] != ids[2] == ids[3]
    numbering = document.part.numbering_part.element
    starts = [
        numbering.num_having_numId(i).findall(f".//{qn('w:startOverride')}")[0].get(qn("w:val")) for i in ids
    ]
    assert starts == ["1", "1", "3", "3"]


def test_docx_keeps_hostile_text_literal() -> None:
    document = _render(HOSTILE, cell=HOSTILE)
    assert document.paragraphs[1].text == HOSTILE
    assert document.tables[0].cell(0, 0).text == HOSTILE
    assert document.paragraphs[-1].text == "After"


def test_docx_cell_keeps_a_paragraph_when_empty() -> None:
    document = _render("", cell="")
    cell = document.tables[0].cell(0, 0)._tc
    assert cell.findall(qn("w:p"))


def test_docx_style_and_prefix() -> None:
    document = _render(
        "Clause text.\n\nSecond.", tag='{{p text | markdown(style="Body Text", prefix="2.1.") }}'
    )
    assert _body_paragraphs(document)[1:3] == [("Body Text", "2.1. Clause text."), ("Body Text", "Second.")]


def test_docx_embeds_only_workspace_images(tmp_path: Path) -> None:
    (tmp_path / "pic.png").write_bytes(LOGO.read_bytes())
    document = _render("![a](pic.png) ![b](../x.png) ![c](https://x.example/p.png)", root=tmp_path)
    assert len(document.inline_shapes) == 1


def test_docx_output_is_valid_xml_with_control_characters() -> None:
    document = _render("bell\x07 form\x0c feed")
    assert "\ufffd" in document.paragraphs[1].text


def test_docx_zip_has_no_template_markers() -> None:
    template = DocxTemplate(io.BytesIO(_template()))
    env = docx_environment()
    env.filters["markdown"] = lambda t: markdown_subdoc(t, template)
    # One marker per paragraph: a pair of underscores would be Markdown emphasis.
    text = "{_{ a }}\n\n{_% b %}\n\nc }_}"
    template.render({"text": text, "cell": "x"}, jinja_env=env, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    xml = zipfile.ZipFile(buffer).read("word/document.xml").decode()
    assert "{{ a }}" not in xml and "{% b %}" not in xml
    texts = [p.text for p in docx.Document(buffer).paragraphs[1:4]]
    assert texts == ["{_{ a }}", "{_% b %}", "c }_}"]
