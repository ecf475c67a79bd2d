"""DOCX rendering: content read back with python-docx and docx2python, determinism, safety, linting."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx2python import docx2python

from agencydocs.commands.check import check
from agencydocs.context import DocumentContext
from agencydocs.errors import InvalidInput
from agencydocs.rendering.docx import TEMPLATE_BRAND_COLOR, render_docx
from agencydocs.rendering.docx_check import check_docx_template
from agencydocs.rendering.templates import BUILTIN_TEMPLATES, TemplateSource
from agencydocs.resolvers.billing import resolve_document

REPO = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PNG_1X1 = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
HOSTILE = '{{ 7*7 }} <script>alert(1)</script> R&D </w:t> {_{ x }_} {_% y %_} {% if %} "quoted" it\'s'


@pytest.fixture(scope="module")
def contexts() -> dict[str, DocumentContext]:
    """Every invoice and act of the example workspace, keyed ``kind-number``."""
    workspace = check(REPO).workspace
    resolved = [resolve_document(workspace, d) for d in workspace.documents if d.kind in ("invoice", "act")]
    return {f"{ctx.kind}-{ctx.number}": ctx for ctx in resolved}


@pytest.fixture(scope="module")
def rendered(contexts: dict[str, DocumentContext]) -> dict[str, bytes]:
    # Rendered here, not read from the session's build: a DOCX takes tenths of a
    # second, so these tests stay in the fast tier.
    templates = TemplateSource(REPO)
    return {key: render_docx(ctx, templates) for key, ctx in contexts.items()}


def document_keys() -> list[str]:
    workspace = check(REPO).workspace
    return sorted(f"{d.kind}-{d.model.number}" for d in workspace.documents if d.kind in ("invoice", "act"))


def python_docx_text(data: bytes) -> str:
    """Body paragraphs and every table cell (nested too), in document order."""
    body = docx.Document(io.BytesIO(data)).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p"))


def docx2python_text(data: bytes) -> str:
    with docx2python(io.BytesIO(data)) as content:
        return content.text


def expected_strings(ctx: DocumentContext) -> list[str]:
    """What an accountant must find on the document (what its PDF shows).

    The international invoice, like its PDF, has no item-count summary and no signatures.
    """
    form = ctx.kind == "act" or (ctx.payment is not None and ctx.payment.ru_bank is not None)
    strings = [ctx.title, ctx.totals.in_words, ctx.totals.total]
    strings += [ctx.totals.summary] if form else []
    strings += [ctx.customer.details_line, ctx.supplier.details_line] if ctx.locale == "ru" else []
    # A bilingual document joins each party's name in both languages with " / "; the party line
    # prints each beside its own details, so each language's name is looked for on its own.
    strings += [part for name in (ctx.supplier.name, ctx.customer.name) for part in name.split(" / ")]
    strings += [
        row.value for party in (ctx.supplier, ctx.customer) for row in party.details
    ]  # INN, KPP, VAT id
    strings += [value for line in ctx.lines for value in (line.description, line.amount, line.price)]
    strings += [value for row in ctx.totals.rows for value in (row.label, row.value)]
    strings += [ctx.totals.vat_note] if ctx.totals.vat_note else []
    if form:
        strings += [s.short_name for s in ctx.signatures if s.short_name] + [s.party for s in ctx.signatures]
    strings += [ctx.statement] if ctx.statement else []
    if ctx.payment is not None:
        strings += [ctx.payment.reference]
        if ctx.payment.ru_bank is not None:
            bank = ctx.payment.ru_bank
            strings += [bank.bank_name, bank.bic, bank.corr_account, bank.account, bank.payee]
        else:
            strings += [row.value for row in ctx.payment.rows]
    return strings


@pytest.mark.parametrize("key", document_keys())
def test_content_read_back_with_both_readers(
    key: str, contexts: dict[str, DocumentContext], rendered: dict[str, bytes]
) -> None:
    ctx, data = contexts[key], rendered[key]
    for text in (python_docx_text(data), docx2python_text(data)):
        missing = [s for s in expected_strings(ctx) if s not in text]
        assert not missing, f"{key}: missing {missing}"
        assert "{{" not in text and "{%" not in text, "template syntax left in the output"


def test_russian_forms(contexts: dict[str, DocumentContext], rendered: dict[str, bytes]) -> None:
    invoice = python_docx_text(rendered["invoice-2026-014"])
    assert "НДС (22%)" in invoice and "94\xa0600,00" in invoice
    assert "Пятьсот двадцать четыре тысячи шестьсот рублей 00 копеек" in invoice
    assert "М.П." not in invoice  # the example agency uses no seal
    act = python_docx_text(rendered["act-2026-011"])
    assert "Соколова\xa0А.\xa0В." in act and "Морозов\xa0П.\xa0А." in act  # no-break spaces with initials
    assert "претензий по объему, качеству и срокам" in act
    sealed = dataclasses.replace(contexts["invoice-2026-014"], seal=True)
    assert "М.П." in python_docx_text(render_docx(sealed, TemplateSource(REPO)))


def test_english_vat_wording(rendered: dict[str, bytes]) -> None:
    assert "Not subject to Russian VAT" in docx2python_text(rendered["invoice-2026-018"])
    assert "DE293108457" in docx2python_text(rendered["invoice-2026-018"])
    assert "Not subject to Russian VAT" in docx2python_text(rendered["invoice-2026-020"])


def test_discount_shown_under_its_line(
    contexts: dict[str, DocumentContext], rendered: dict[str, bytes]
) -> None:
    ctx = contexts["invoice-2026-019"]
    discounted = next(line for line in ctx.lines if line.discount)
    assert f"{ctx.labels['col_discount']}: {discounted.discount}" in python_docx_text(
        rendered["invoice-2026-019"]
    )


def test_table_layout(rendered: dict[str, bytes]) -> None:
    document = docx.Document(io.BytesIO(rendered["invoice-2026-014"]))
    lines = next(t for t in document.tables if t.rows[0].cells[1].text == "Наименование работ, услуг")
    header_props = lines.rows[0]._tr.trPr
    assert header_props.find(f"{W}tblHeader") is not None, "header row must repeat on every page"
    assert all(row._tr.trPr.find(f"{W}cantSplit") is not None for row in lines.rows)
    assert [cell.text for cell in lines.rows[2].cells] == [
        "2",
        lines.rows[2].cells[1].text,
        "1",
        "усл.",
        "280\xa0000,00",
        "280\xa0000,00",
    ]
    # 2026-014 bills two stages, discovery (row 1, 150 000,00) and design (row 2): every sum is "Amount".
    assert len(lines.rows) == 3
    assert [row.cells[5].text for row in lines.rows[1:]] == ["150\xa0000,00", "280\xa0000,00"]
    amount = lines.rows[1].cells[5].paragraphs[0]
    assert amount.style.name == "Amount"  # restyling "Amount" in Word restyles every sum
    assert amount.style.paragraph_format.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = section.footer._element.xml
    assert "Счёт №\xa02026-014 от 16.10.2026" in footer and " PAGE " in footer and " NUMPAGES " in footer


def test_metadata_and_zip_are_deterministic(
    contexts: dict[str, DocumentContext], rendered: dict[str, bytes]
) -> None:
    ctx, data = contexts["invoice-2026-018"], rendered["invoice-2026-018"]
    assert render_docx(ctx, TemplateSource(REPO)) == data
    props = docx.Document(io.BytesIO(data)).core_properties
    assert (props.title, props.author, props.subject) == (
        ctx.meta["title"],
        ctx.meta["author"],
        ctx.meta["subject"],
    )
    assert props.created.date().isoformat() == ctx.meta["date"] == props.modified.date().isoformat()
    assert props.revision == 1
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names[0] == "[Content_Types].xml" and names[1:] == sorted(names[1:])
        assert {info.date_time for info in archive.infolist()} == {(2026, 11, 2, 0, 0, 0)}


@pytest.mark.slow
def test_byte_identical_across_processes(rendered: dict[str, bytes]) -> None:
    script = """
import hashlib, sys
from pathlib import Path
from agencydocs.commands.check import check
from agencydocs.resolvers.billing import resolve_document
from agencydocs.rendering.docx import render_docx
from agencydocs.rendering.templates import TemplateSource
ws = check(Path(sys.argv[1])).workspace
docs = [resolve_document(ws, d) for d in ws.documents if d.kind in ("invoice", "act")]
digest = lambda c: hashlib.sha256(render_docx(c, TemplateSource(ws.root))).hexdigest()
print(" ".join(sorted(f"{c.kind}-{c.number}={digest(c)}" for c in docs)))
"""
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = subprocess.run(
        [sys.executable, "-c", script, str(REPO)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=True,
    )
    here = " ".join(sorted(f"{key}={hashlib.sha256(data).hexdigest()}" for key, data in rendered.items()))
    assert result.stdout.strip() == here


def test_hostile_text_renders_literally(contexts: dict[str, DocumentContext]) -> None:
    ctx = contexts["invoice-2026-018"]
    line = dataclasses.replace(ctx.lines[0], description=HOSTILE)
    customer = dataclasses.replace(ctx.customer, name=HOSTILE)
    hostile = dataclasses.replace(ctx, lines=(line, *ctx.lines[1:]), customer=customer, notes=HOSTILE)
    data = render_docx(hostile, TemplateSource(REPO))
    text = python_docx_text(data)
    assert text.count(HOSTILE) == 3
    assert not re.search(r"\b49\b", text)
    assert HOSTILE in docx2python_text(data)


def test_docxtpl_control_characters_are_inert(contexts: dict[str, DocumentContext]) -> None:
    """Validation refuses control characters; if one slips through it must not become a page break."""
    ctx = contexts["invoice-2026-018"]
    data = render_docx(dataclasses.replace(ctx, notes="a\fb\ac"), TemplateSource(REPO))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert 'w:type="page"' not in xml
    assert "a\ufffdb\ufffdc" in python_docx_text(data)


def test_png_and_svg_logos_are_embedded(contexts: dict[str, DocumentContext]) -> None:
    ctx = contexts["act-2026-011"]
    svg = "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSIzMCIgaGVpZ2h0PSIxMCIvPg=="  # converted to PNG: tests/test_logo.py
    for logo, embedded in ((PNG_1X1, True), (svg, True), (None, False)):
        data = render_docx(dataclasses.replace(ctx, logo=logo), TemplateSource(REPO))
        media = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("word/media/")]
        assert bool(media) is embedded, logo


def edited_template(tmp_path: Path, old: str, new: str) -> Path:
    """The built-in invoice template with one edit to its document.xml."""
    source = BUILTIN_TEMPLATES / "invoice" / "invoice.ru.docx"
    target = tmp_path / "invoice.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode()
                assert xml.count(old) == 1, old
                data = xml.replace(old, new).encode()
            dst.writestr(item, data)
    return target


def test_check_flags_a_tag_split_across_runs(tmp_path: Path) -> None:
    broken = edited_template(
        tmp_path,
        "<w:t>{{ doc.title }}</w:t>",
        "<w:t>{{ doc.ti</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>tle }}</w:t>",
    )
    [problem] = check_docx_template(broken, display="templates/invoice/invoice.docx")
    assert problem.file == "templates/invoice/invoice.docx"
    assert problem.severity == "warning"
    assert re.fullmatch(r"paragraph \d+", problem.field)
    assert "'{{ doc.title }}' is split across 2 Word runs" in problem.message


def test_check_flags_a_tag_split_across_paragraphs_as_error(tmp_path: Path) -> None:
    broken = edited_template(
        tmp_path, "<w:t>{{ doc.title }}</w:t>", "<w:t>{{ doc.</w:t></w:r></w:p><w:p><w:r><w:t>title }}</w:t>"
    )
    problems = check_docx_template(broken)
    assert any(p.severity == "error" and "crosses a paragraph" in p.message for p in problems)
    assert problems[0].file.endswith("invoice.docx")


def test_check_reports_unclosed_block_where_it_opens(tmp_path: Path) -> None:
    broken = edited_template(
        tmp_path,
        "<w:t>{{ doc.totals.summary }}</w:t>",
        "<w:t>{% if doc.seal %}{{ doc.totals.summary }}</w:t>",
    )
    [problem] = check_docx_template(broken)
    assert problem.severity == "error"
    assert "Jinja syntax error in '{% if doc.seal %}'" in problem.message and "endif" in problem.message
    summary_paragraph = next(
        i
        for i, p in enumerate(docx.Document(str(broken)).element.body.iter(f"{W}p"), start=1)
        if "doc.totals.summary" in p.xml
    )
    assert problem.field == f"paragraph {summary_paragraph}"


def test_check_reports_bad_expression(tmp_path: Path) -> None:
    broken = edited_template(
        tmp_path, "<w:t>{{ doc.totals.in_words }}</w:t>", "<w:t>{{ doc.totals.in_words + }}</w:t>"
    )
    [problem] = check_docx_template(broken)
    assert "'{{ doc.totals.in_words + }}'" in problem.message and problem.field.startswith("paragraph ")


def test_template_error_while_rendering_is_a_located_problem(
    tmp_path: Path, contexts: dict[str, DocumentContext]
) -> None:
    workspace = tmp_path / "ws"
    (workspace / "templates" / "invoice").mkdir(parents=True, exist_ok=True)
    broken = edited_template(
        tmp_path, "<w:t>{{ doc.totals.summary }}</w:t>", "<w:t>{{ doc.no_such_field }}</w:t>"
    )
    shutil.copy(broken, workspace / "templates" / "invoice" / "invoice.docx")
    with pytest.raises(InvalidInput) as raised:
        render_docx(contexts["invoice-2026-014"], TemplateSource(workspace))
    [problem] = raised.value.problems
    assert problem.file == "templates/invoice/invoice.docx" and "no_such_field" in problem.message


@pytest.mark.slow
def test_libreoffice_converts_to_pdf_with_the_total(tmp_path: Path, rendered: dict[str, bytes]) -> None:
    soffice = shutil.which("soffice")
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.fail(
            "this test needs LibreOffice (soffice) and pdftotext: "
            "apt-get install libreoffice-writer-nogui poppler-utils"
        )
    source = tmp_path / "invoice.docx"
    source.write_bytes(rendered["invoice-2026-014"])
    profile = f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}"
    command = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "invoice.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    normalized = re.sub(r"[\s\u00a0\u202f]+", " ", text)
    assert "524 600,00 руб." in normalized
    assert "Счёт на оплату № 2026-014" in normalized


def test_check_flags_an_unclosed_tag(tmp_path: Path) -> None:
    broken = edited_template(tmp_path, "<w:t>{{ doc.title }}</w:t>", "<w:t>{{ doc.title }</w:t>")
    problems = check_docx_template(broken)
    assert any(p.severity == "error" and "is not closed" in p.message for p in problems)


def media(data: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [archive.read(n) for n in sorted(archive.namelist()) if n.startswith("word/media/")]


def test_the_russian_invoice_carries_the_payment_qr_code_as_png(
    contexts: dict[str, DocumentContext], rendered: dict[str, bytes]
) -> None:
    ctx = contexts["invoice-2026-014"]
    assert ctx.payment is not None and ctx.payment.qr_png is not None
    qr = base64.b64decode(ctx.payment.qr_png.partition(",")[2])
    assert qr.startswith(b"\x89PNG") and qr in media(rendered["invoice-2026-014"])
    assert "QR-код для оплаты" in python_docx_text(rendered["invoice-2026-014"])
    without = dataclasses.replace(ctx, payment=dataclasses.replace(ctx.payment, qr_svg=None, qr_png=None))
    data = render_docx(without, TemplateSource(REPO))
    assert qr not in media(data) and "QR-код для оплаты" not in python_docx_text(data)


@pytest.mark.parametrize("key", ["invoice-2026-014", "invoice-2026-018", "act-2026-015"])
def test_the_template_brand_colour_becomes_the_agencys(
    key: str, contexts: dict[str, DocumentContext]
) -> None:
    data = render_docx(dataclasses.replace(contexts[key], brand_color="#aa3300"), TemplateSource(REPO))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/styles.xml") + archive.read("word/document.xml")
    assert b'"AA3300"' in xml and TEMPLATE_BRAND_COLOR.encode() not in xml


@pytest.mark.parametrize("name", ["invoice.docx", "invoice.ru.docx"])
def test_a_workspace_template_of_either_name_wins_over_the_builtin_language_file(
    name: str, tmp_path: Path
) -> None:
    override = tmp_path / "templates" / "invoice" / name
    override.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(BUILTIN_TEMPLATES / "invoice" / "invoice.en.docx", override)
    templates = TemplateSource(tmp_path)
    assert templates.find_localized("invoice", ".docx", "ru") == override.resolve()
    assert templates.find_localized("invoice", ".docx", "en") == (
        override.resolve() if name == "invoice.docx" else BUILTIN_TEMPLATES / "invoice" / "invoice.en.docx"
    )


def test_check_names_a_tag_an_editor_rewrote_inside_an_attribute(tmp_path: Path) -> None:
    """LibreOffice saves a bookmark named ``{{ doc.number | … }}`` with underscores for its spaces."""
    title = "<w:t>{{ doc.title }}</w:t></w:r>"
    bookmark = '<w:bookmarkStart w:id="90" w:name="{{_doc.number_|_replace(\'-\',_\'_\')_}}"/><w:bookmarkEnd w:id="90"/>'
    broken = edited_template(tmp_path, title, title + bookmark)
    [problem] = check_docx_template(broken, display="templates/invoice/invoice.ru.docx")
    title_paragraph = next(
        i
        for i, p in enumerate(docx.Document(str(broken)).element.body.iter(f"{W}p"), start=1)
        if "doc.title" in p.xml
    )
    assert (problem.field, problem.severity) == (f"paragraph {title_paragraph}", "error")
    assert problem.message.startswith(
        "Jinja syntax error in \"{{_doc.number_|_replace('-',_'_')_}}\", in the w:name attribute of "
        "<w:bookmarkStart> in the paragraph '{{ doc.title }}': "
    )
    assert problem.message.endswith("restore it from the original template, or keep Jinja out of attributes")
