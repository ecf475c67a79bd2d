"""PDF rendering: content read back with pdftotext/pypdf, confinement, reproducible bytes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import io
import logging
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from agencydocs.commands.check import check
from agencydocs.context import DocumentContext, Row
from agencydocs.rendering.html import render_html
from agencydocs.rendering.pdf import PACKAGE_DIR, ConfinedURLFetcher, RefusedURLError, render_pdf
from agencydocs.rendering.templates import TemplateSource
from agencydocs.resolvers.billing import resolve_document
from tests.helpers import output_file

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "<script>alert(1)</script> {{ 7*7 }} & </w:t>"
FONTS = sorted((PACKAGE_DIR / "fonts").glob("*.ttf"))


def normalize(text: str) -> str:
    return re.sub(r"[\s\u00a0\u2009\u202f]+", " ", text).strip()


def pdf_pages(pdf: bytes) -> list[str]:
    """Text of each page, spaces collapsed (pdftotext separates pages with form feeds)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    pages = out.stdout.decode("utf-8").split("\f")
    return [normalize(page) for page in pages[: len(PdfReader(io.BytesIO(pdf)).pages)]]


def to_pdf(ctx: DocumentContext, roots: tuple[Path, ...] = (ROOT,)) -> bytes:
    html = render_html(ctx, TemplateSource(ROOT))
    return render_pdf(html, base_url=ROOT.as_uri() + "/", allowed_roots=roots, created=date_of(ctx))


def date_of(ctx: DocumentContext) -> dt.date:
    return dt.date.fromisoformat(ctx.meta["date"])


@pytest.fixture(scope="module")
def contexts() -> dict[str, DocumentContext]:
    result = check(ROOT)
    sources = [d for d in result.workspace.documents if d.kind in ("invoice", "act")]
    docs = [resolve_document(result.workspace, source) for source in sources]
    return {f"{ctx.kind}-{ctx.number}": ctx for ctx in docs}


@pytest.fixture(scope="module")
def pdfs(contexts: dict[str, DocumentContext], example_build: Path) -> dict[str, bytes]:
    """The PDF of each context, from the session's build of the example workspace."""
    return {name: output_file(example_build, f"{name}.pdf").read_bytes() for name in contexts}


# Examples longer than one page: initech's bilingual act (ru/en) prints every label and
# line twice, so its second line, the totals, the VAT note and the signatures go to page 2.
PAGES = {"act-2026-016": 2}


def test_every_example_pdf_shows_its_content(
    contexts: dict[str, DocumentContext], pdfs: dict[str, bytes]
) -> None:
    for name, ctx in contexts.items():
        pages = pdf_pages(pdfs[name])
        assert len(pages) == PAGES.get(name, 1), name
        text = " ".join(pages)
        expected = [ctx.title, ctx.totals.in_words]
        # A bilingual party's name ("ru / en") is printed in halves, each heading the details in its language.
        expected += [half for party in (ctx.supplier, ctx.customer) for half in party.name.split(" / ")]
        expected += [row.value for party in (ctx.supplier, ctx.customer) for row in party.details]
        expected += [line.amount for line in ctx.lines] + [row.value for row in ctx.totals.rows]
        missing = [s for s in map(normalize, expected) if s not in text]
        assert not missing, f"{name}: missing {missing}"
        for number, page in enumerate(pages, start=1):
            running = [ctx.footer, f"{ctx.labels['page']} {number} {ctx.labels['page_of']} {len(pages)}"]
            missing = [s for s in map(normalize, running) if s not in page]
            assert not missing, f"{name}, page {number}: missing {missing}"


@pytest.mark.parametrize(
    ("name", "wording"),
    [
        ("invoice-2026-014", "НДС (22%) 94 600,00"),
        ("invoice-2026-014", "в т.ч. НДС 94 600,00 руб."),
        ("invoice-2026-014", "Всего к оплате 524 600,00 руб."),
        ("act-2026-011", "НДС (22%) 94 600,00"),
        ("invoice-2026-018", "Not subject to Russian VAT: under Art. 148(1)(4)"),
        ("act-2026-015", "Not subject to Russian VAT"),
        ("invoice-2026-020", "Not subject to Russian VAT"),
        # The bilingual act: the Russian note, then its English translation after " / ".
        ("act-2026-016", "НДС не облагается: согласно пп. 4 п. 1 ст. 148 НК РФ"),
        ("act-2026-016", "не признаётся / Not subject to Russian VAT: under Art. 148(1)(4)"),
    ],
)
def test_vat_wording(name: str, wording: str, pdfs: dict[str, bytes]) -> None:
    # On the page with the totals, the last one (page 2 of initech's bilingual act).
    assert wording in pdf_pages(pdfs[name])[-1]


@pytest.mark.slow
def test_russian_exempt_invoice_says_without_vat(contexts: dict[str, DocumentContext]) -> None:
    ctx = contexts["invoice-2026-014"]
    rows = (ctx.totals.rows[0], Row("Без налога (НДС)", "—"), ctx.totals.rows[-1])
    totals = dataclasses.replace(ctx.totals, rows=rows, vat_note="Без налога (НДС)")
    text = pdf_pages(to_pdf(dataclasses.replace(ctx, totals=totals)))[0]
    assert "Без налога (НДС) —" in text
    assert text.count("Без налога (НДС)") == 1


def test_metadata_and_dates_come_from_the_document(
    contexts: dict[str, DocumentContext], pdfs: dict[str, bytes]
) -> None:
    ctx = contexts["invoice-2026-014"]
    info = PdfReader(io.BytesIO(pdfs["invoice-2026-014"])).metadata
    assert info is not None
    assert info.title == ctx.meta["title"]
    assert info.author == ctx.meta["author"] == "ООО «Пиксель Лаб»"
    assert info["/CreationDate"].startswith("D:20261016")
    assert info["/ModDate"].startswith("D:20261016")


_RENDER_SCRIPT = """
import datetime as dt, sys
from pathlib import Path
from agencydocs.rendering.pdf import render_pdf
html = Path(sys.argv[1]).read_text(encoding="utf-8")
pdf = render_pdf(html, base_url=None, allowed_roots=[Path(sys.argv[2])], created=dt.date(2026, 10, 16))
sys.stdout.buffer.write(pdf)
"""


@pytest.mark.slow
def test_same_html_gives_identical_bytes_in_separate_processes(
    tmp_path: Path, contexts: dict[str, DocumentContext]
) -> None:
    html = render_html(contexts["invoice-2026-014"], TemplateSource(ROOT))
    source = tmp_path / "doc.html"
    source.write_text(html, encoding="utf-8")
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-c", _RENDER_SCRIPT, str(source), str(ROOT)]
        runs.append(subprocess.run(command, capture_output=True, check=True, env=env).stdout)
    in_process = render_pdf(html, base_url=None, allowed_roots=[ROOT], created=dt.date(2026, 10, 16))
    assert runs[0][:5] == b"%PDF-"
    assert runs[0] == runs[1] == in_process


@pytest.mark.slow
def test_identical_bytes_with_the_fonttools_fallback(
    monkeypatch: pytest.MonkeyPatch, contexts: dict[str, DocumentContext]
) -> None:
    import weasyprint.pdf.fonts

    # Without HarfBuzz-subset WeasyPrint subsets with fontTools, which stamps the current time.
    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    ctx = contexts["act-2026-011"]
    first = to_pdf(ctx)
    monkeypatch.setattr("fontTools.misc.timeTools.time.time", lambda: 2_000_000_000.0)
    assert to_pdf(ctx) == first


class TestFetcher:
    """The URL fetcher serves data:, package files and files under the roots; nothing else."""

    @pytest.fixture(autouse=True)
    def no_network(self, monkeypatch: pytest.MonkeyPatch) -> None:
        def refuse(*args: object) -> None:
            raise AssertionError("network access attempted")

        monkeypatch.setattr(socket.socket, "connect", refuse)

    @pytest.mark.parametrize(
        "url",
        [
            "file:///etc/passwd",
            "http://example.com/x.png",
            "https://example.com/x.css",
            "ftp://example.com/x",
            "file://otherhost/etc/passwd",
            "agencydocs:../../../../../../etc/passwd",
        ],
    )
    def test_refuses(self, tmp_path: Path, url: str) -> None:
        fetcher = ConfinedURLFetcher([tmp_path])
        with pytest.raises(RefusedURLError):
            fetcher.fetch(url)
        assert fetcher.refused == [url]

    def test_refuses_a_symlink_escaping_the_root(self, tmp_path: Path) -> None:
        (tmp_path / "passwd.png").symlink_to("/etc/passwd")
        with pytest.raises(RefusedURLError, match="outside"):
            ConfinedURLFetcher([tmp_path]).fetch((tmp_path / "passwd.png").as_uri())

    def test_serves_data_package_and_workspace_files(self, tmp_path: Path) -> None:
        (tmp_path / "logo.svg").write_text("<svg/>", encoding="utf-8")
        fetcher = ConfinedURLFetcher([tmp_path])
        assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
        assert fetcher.fetch((tmp_path / "logo.svg").as_uri()).read() == b"<svg/>"
        font = fetcher.fetch("agencydocs:fonts/NotoSans-Regular.ttf").read()
        assert font == (PACKAGE_DIR / "fonts" / "NotoSans-Regular.ttf").read_bytes()
        assert fetcher.refused == []


def test_document_with_forbidden_references_renders_without_them(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    html = (
        "<html><head><title>T</title>"
        '<link rel="attachment" href="file:///etc/passwd">'
        '<style>@import url("http://example.com/x.css");</style></head><body>'
        '<p>Visible</p><img src="file:///etc/passwd"><img src="http://example.com/x.png">'
        '<img src="secret.png"></body></html>'
    )
    (tmp_path / "secret.png").write_bytes(b"not allowed")
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    with caplog.at_level(logging.WARNING, logger="agencydocs.rendering.pdf"):
        pdf = render_pdf(
            html, base_url=tmp_path.as_uri() + "/", allowed_roots=[workspace], created=dt.date(2026, 1, 1)
        )
    reader = PdfReader(io.BytesIO(pdf))
    assert "Visible" in reader.pages[0].extract_text()
    assert reader.attachments == {}
    assert not reader.pages[0]["/Resources"].get("/XObject")
    refused = " ".join(record.getMessage() for record in caplog.records)
    for url in ("file:///etc/passwd", "http://example.com/x.png", "http://example.com/x.css", "secret.png"):
        assert url in refused


def test_attachment_inside_the_workspace_is_embedded_reproducibly(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text("hello", encoding="utf-8")
    html = '<html><head><link rel="attachment" href="note.txt"></head><body><p>x</p></body></html>'

    def render() -> bytes:
        return render_pdf(
            html, base_url=tmp_path.as_uri() + "/", allowed_roots=[tmp_path], created=dt.date(2026, 3, 1)
        )

    first = render()
    assert PdfReader(io.BytesIO(first)).attachments == {"note.txt": [b"hello"]}
    assert render() == first


@pytest.mark.slow
def test_hostile_text_is_printed_literally(contexts: dict[str, DocumentContext]) -> None:
    ctx = contexts["invoice-2026-018"]
    line = dataclasses.replace(ctx.lines[0], description=HOSTILE)
    text = pdf_pages(to_pdf(dataclasses.replace(ctx, lines=(line, *ctx.lines[1:]))))[0]
    assert HOSTILE in text
    assert "</script> 49" not in text


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "header", "page_label"),
    [
        ("invoice-2026-014", "Наименование работ, услуг", "Стр. {n} из {m}"),
        ("invoice-2026-020", "Description", "Page {n} of {m}"),
    ],
)
def test_long_invoice_breaks_pages_and_repeats_the_header(
    name: str, header: str, page_label: str, contexts: dict[str, DocumentContext]
) -> None:
    ctx = contexts[name]
    lines = tuple(
        dataclasses.replace(ctx.lines[0], number=i, description=f"Item number {i}") for i in range(1, 61)
    )
    pages = pdf_pages(to_pdf(dataclasses.replace(ctx, lines=lines)))
    count = len(pages)
    assert count >= 3
    for number, text in enumerate(pages, start=1):
        assert page_label.format(n=number, m=count) in text
        assert normalize(ctx.footer) in text  # pdftotext prints a no-break space as a space
    assert header in pages[1] and "Item number" in pages[1]
    last_with_totals = next(text for text in pages if ctx.totals.rows[-1].label in text)
    assert "Item number 60" in last_with_totals


@pytest.mark.slow
@pytest.mark.parametrize("count", [13, 16])
def test_totals_are_not_orphaned_at_a_page_break(count: int, contexts: dict[str, DocumentContext]) -> None:
    # With these counts the table alone ends near the foot of page 1.
    ctx = contexts["invoice-2026-014"]
    lines = tuple(
        dataclasses.replace(ctx.lines[0], number=i, description=f"Item number {i}")
        for i in range(1, count + 1)
    )
    pages = pdf_pages(to_pdf(dataclasses.replace(ctx, lines=lines)))
    totals_page = next(text for text in pages if "Всего к оплате" in text)
    assert f"Item number {count}" in totals_page
    assert "Соколова А. В." in totals_page


@pytest.mark.slow  # renders a PDF
def test_only_the_vendored_font_is_used(contexts: dict[str, DocumentContext]) -> None:
    ctx = contexts["invoice-2026-014"]
    line = dataclasses.replace(ctx.lines[0], description="Счёт № 5 «Ёлка» — 1\u202f000 ₽, 5 € ™ … 9\u2009%")
    pdf = to_pdf(dataclasses.replace(ctx, logo=None, lines=(line, *ctx.lines[1:])))
    reader = PdfReader(io.BytesIO(pdf))
    names = {font["/BaseFont"] for font in _fonts(reader)}
    assert names and all("AgencyDocs-Sans" in name for name in names), names
    assert "Счёт № 5 «Ёлка» — 1 000 ₽, 5 € ™ … 9 %" in pdf_pages(pdf)[0]


def _fonts(reader: PdfReader) -> list[dict]:  # type: ignore[type-arg]
    fonts = []
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        fonts += [ref.get_object() for ref in resources.get("/Font", {}).get_object().values()]
    return fonts


@pytest.mark.parametrize("path", FONTS, ids=lambda p: p.name)
def test_vendored_fonts_cover_our_characters(path: Path) -> None:
    cmap = TTFont(path).getBestCmap()
    required = [0x20BD, 0x2116, 0x00AB, 0x00BB, 0x202F, 0x2009, 0x2011, 0x2014, 0x20AC, 0x0024, 0x2122]
    required += range(0x0410, 0x0450)
    assert [hex(cp) for cp in required if cp not in cmap] == []
    assert "fpgm" not in TTFont(path) and "GPOS" in TTFont(path)


@pytest.mark.slow
def test_subset_script_reproduces_the_vendored_font(tmp_path: Path) -> None:
    source = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")
    # Not a skip: a missing install step must show. README "Set-up" and .ci/run install it.
    assert source.is_file(), f"{source} is missing: apt-get install fonts-noto-core"
    spec = importlib.util.spec_from_file_location("subset_fonts", ROOT / "scripts" / "subset_fonts.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.subset_font(source, tmp_path / "out.ttf")
    assert (tmp_path / "out.ttf").read_bytes() == (
        PACKAGE_DIR / "fonts" / "NotoSans-Regular.ttf"
    ).read_bytes()
