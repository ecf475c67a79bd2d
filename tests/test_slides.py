"""Slides (#17 item 7): one deck per proposal, report and audit, as a 16:9 PDF and an editable PPTX.

The deck is read back from both files: the PPTX with python-pptx, the PDF
with pypdf, and the PPTX once more through LibreOffice (slow). Prices and
KPIs on the slides are asserted equal to the document's own figures.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from agencydocs.building.output_names import output_paths
from agencydocs.commands.check import check
from agencydocs.kinds import RenderContext, kind_names, kind_spec, resolve
from agencydocs.rendering.formats import FORMAT_NAMES, with_companions
from agencydocs.rendering.slides import Deck, Slide, deck_of
from agencydocs.rendering.slides.decks import MAX_BULLETS, MAX_TABLE_ROWS, build_deck, plain
from agencydocs.rendering.slides.pptx import ZIP_DATE, render_pptx
from agencydocs.workspace import Workspace
from tests.helpers import REPO_ROOT, run_cli

PROPOSAL = "projects/romashka-site/proposals/2026-031.yaml"
REPORT = "projects/globex-seo/reports/2026-10.yaml"
AUDIT = "projects/romashka-site/audits/2026-09-seo.yaml"
SLIDE_KINDS = ("proposal", "report", "audit")
MM_PER_POINT = 25.4 / 72


@pytest.fixture(scope="module")
def example() -> Workspace:
    result = check(REPO_ROOT)
    assert not result.errors
    return result.workspace


def _context(workspace: Workspace, document: str) -> RenderContext:
    [source] = [s for s in workspace.documents if s.file.display == document]
    return resolve(workspace, source)


@pytest.fixture(scope="module")
def contexts(example: Workspace) -> dict[str, RenderContext]:
    return {
        kind: _context(example, path)
        for kind, path in zip(SLIDE_KINDS, (PROPOSAL, REPORT, AUDIT), strict=True)
    }


def _slide_texts(slide: Slide) -> list[str]:
    """Every text a slide shows, as the deck holds it."""
    texts = [slide.title, slide.subtitle, slide.note, *slide.bullets]
    texts += [text for stat in slide.stats for text in (stat.label, stat.value, stat.note)]
    if slide.table is not None:
        texts += [*slide.table.header, *(cell for row in slide.table.rows for cell in row)]
    texts += [text for bar in slide.bars for text in (bar.label, bar.detail)]
    return [text for text in texts if text]


# -- which documents have slides ------------------------------------------------------------------


def test_only_proposals_reports_and_audits_declare_slides() -> None:
    assert {kind for kind in kind_names() if kind_spec(kind).slides} == set(SLIDE_KINDS)


def test_slides_and_pptx_are_outputs_of_those_kinds_only(example: Workspace) -> None:
    for source in example.documents:
        paths = output_paths(example, source, FORMAT_NAMES)
        has_slides = source.kind in SLIDE_KINDS
        assert ("slides" in paths, "pptx" in paths) == (has_slides, has_slides), source.file.display
        if has_slides:
            stem = paths["pdf"].removesuffix(".pdf")
            assert (paths["slides"], paths["pptx"]) == (f"{stem}.slides.pdf", f"{stem}.pptx")


@pytest.mark.parametrize(
    ("asked", "built"),
    [(["slides"], ("slides", "pptx")), (["pptx"], ("pptx",)), (["pdf", "slides"], ("pdf", "slides", "pptx"))],
)
def test_asking_for_slides_brings_the_pptx_along(asked: list[str], built: tuple[str, ...]) -> None:
    assert with_companions(asked) == built


def test_slides_of_an_invoice_are_not_applicable_and_write_nothing(workspace: Path) -> None:
    invoice = workspace / "projects/romashka-site/invoices/2026-014.yaml"
    result = run_cli(["-C", str(workspace), "build", str(invoice), "--format", "slides", "-j1"])
    assert result.exit_code == 0, result.output
    written = sorted(
        p.name for p in (workspace / "output").rglob("*") if p.is_file() and p.name != "index.html"
    )
    assert [name for name in written if not name.startswith(".agencydocs")] == []


# -- the slide model ----------------------------------------------------------------------------


def test_every_deck_opens_with_its_documents_title_slide(contexts: dict[str, RenderContext]) -> None:
    for kind, ctx in contexts.items():
        deck = build_deck(ctx)
        first = deck.slides[0]
        assert (first.layout, first.title) == ("title", ctx.heading.title), kind  # type: ignore[attr-defined]
        assert deck.brand_color == "#1f4e79" and deck.date == ctx.meta["date"]
        assert all(slide.layout != "title" for slide in deck.slides[1:])


def test_the_proposal_deck_shows_each_option_at_the_documents_prices(
    contexts: dict[str, RenderContext],
) -> None:
    ctx = contexts["proposal"]
    deck = build_deck(ctx)
    titles = [slide.title for slide in deck.slides]
    assert titles == [
        ctx.heading.title,  # type: ignore[attr-defined]
        "Чего добьёмся",
        "Варианты кратко",
        "Вариант: Старт",
        "Вариант: Рост",
        "Сроки",
        "Следующие шаги",
    ]
    overview = deck.slides[2]
    assert [(s.label, s.value) for s in overview.stats] == [(r.label, r.value) for r in ctx.overview]  # type: ignore[attr-defined]
    assert [s.value for s in overview.stats] == ["744\xa0200,00 руб. с НДС", "1\xa0412\xa0760,00 руб. с НДС"]
    for slide, option in zip(deck.slides[3:5], ctx.options, strict=True):  # type: ignore[attr-defined]
        assert slide.table is not None
        items = [(item.description, item.amount) for item in option.items]
        assert list(slide.table.rows[:-1]) == items
        [total] = [row for row in option.totals.rows if row.strong]
        assert slide.table.rows[-1] == (total.label, total.value) and slide.table.strong_last
    timeline = deck.slides[5]
    recommended = next(option for option in ctx.options if option.recommended)  # type: ignore[attr-defined]
    assert [bar.label for bar in timeline.bars] == [phase.title for phase in recommended.timeline]
    assert all(bar.start >= 0 and bar.start + bar.width <= 1.0001 for bar in timeline.bars)
    assert deck.slides[-1].bullets == ctx.next_steps  # type: ignore[attr-defined]
    assert deck.slides[-1].note == ctx.validity  # type: ignore[attr-defined]


def test_the_report_deck_shows_the_kpis_charts_hours_and_next_steps(
    contexts: dict[str, RenderContext],
) -> None:
    ctx = contexts["report"]
    deck = build_deck(ctx)
    assert [slide.title for slide in deck.slides[1:]] == [
        "Key figures", "SEO results", "SEO results", "Time and budget", "Work by milestone", "Next steps",
    ]  # fmt: skip
    figures = deck.slides[1]
    assert [(s.label, s.value) for s in figures.stats] == [
        ("Hours", "33 h"), ("Budget, EUR", "€2,960.00"), ("Invoiced", "€4,473.00"), ("Organic sessions", "16,320"),
    ]  # fmt: skip
    # The report's own chart objects: the slides draw the same pictures as the document.
    charts = [chart for slide in deck.slides if slide.layout == "charts" for chart in slide.charts]
    assert charts == [*(metric.chart for metric in ctx.metrics), ctx.time.chart]  # type: ignore[attr-defined]
    time = deck.slides[4]
    assert [(s.label, s.value, s.note) for s in time.stats] == [
        ("Hours", "33 h", "of 40 h · 82.5%"), ("Budget, EUR", "€2,960.00", "of €3,600.00 · 82.2%"),
    ]  # fmt: skip
    steps = deck.slides[-1].bullets
    assert steps[0] == "Approve the November content plan (eight category texts). — 10 November 2026"
    assert len(steps) == MAX_BULLETS and steps[-1] == "… and 2 more"


def test_the_audit_deck_lists_the_findings_by_severity(contexts: dict[str, RenderContext]) -> None:
    ctx = contexts["audit"]
    deck = build_deck(ctx)
    by_level = {slide.level: slide for slide in deck.slides if slide.level}
    assert list(by_level) == ["critical", "high", "medium", "low"]
    for level, slide in by_level.items():
        assert slide.table is not None
        expected = [f.title for area in ctx.areas for f in area.findings if f.level == level]  # type: ignore[attr-defined]
        assert [row[0] for row in slide.table.rows] == expected
        assert set(slide.table.levels) == {level}
    assert by_level["critical"].title == "Замечания: Критично"
    assert sum(len(slide.table.rows) for slide in by_level.values() if slide.table) == ctx.finding_count  # type: ignore[attr-defined]
    assert deck.slides[-1].title == "Следующие шаги"
    assert deck.slides[-1].bullets == tuple(row.label for row in ctx.priorities)  # type: ignore[attr-defined]


def test_markdown_becomes_plain_text_cut_at_a_sentence() -> None:
    text = "Organic sessions grew by **9%**.\nThe *new* tags `hreflang` work. " + "More words " * 30
    assert plain(text).startswith("Organic sessions grew by 9%. The new tags hreflang work. More words")
    assert plain(text, 80) == "Organic sessions grew by 9%. The new tags hreflang work."
    assert plain("one two three four five six", 14) == "one two three…"


def test_long_lists_are_cut_with_a_count_of_the_rest(contexts: dict[str, RenderContext]) -> None:
    from dataclasses import replace

    ctx = contexts["proposal"]
    many = tuple(f"step {n}" for n in range(1, 11))
    option = ctx.options[0]  # type: ignore[attr-defined]
    items = tuple(replace(option.items[0], description=f"item {n}") for n in range(12))
    deck = build_deck(replace(ctx, next_steps=many, options=(replace(option, items=items),)))  # type: ignore[type-var]
    assert deck.slides[-1].bullets == (*many[: MAX_BULLETS - 1], "… и ещё 5")
    [option_slide] = [slide for slide in deck.slides if slide.table is not None]
    assert option_slide.table is not None
    assert len(option_slide.table.rows) == MAX_TABLE_ROWS + 1  # the rows shown, "… и ещё 5", the total
    assert option_slide.table.rows[MAX_TABLE_ROWS - 1] == ("… и ещё 5", "")


# -- the PPTX -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def decks(contexts: dict[str, RenderContext]) -> dict[str, Deck]:
    return {kind: deck_of(ctx) for kind, ctx in contexts.items()}


@pytest.fixture(scope="module")
def pptx_files(decks: dict[str, Deck]) -> dict[str, bytes]:
    return {kind: render_pptx(deck) for kind, deck in decks.items()}


@pytest.mark.parametrize("kind", SLIDE_KINDS)
def test_the_pptx_reads_back_with_every_text_of_the_deck(
    kind: str, decks: dict[str, Deck], pptx_files: dict[str, bytes]
) -> None:
    presentation = Presentation(io.BytesIO(pptx_files[kind]))
    deck = decks[kind]
    assert len(presentation.slides) == len(deck.slides)
    assert (presentation.slide_width, presentation.slide_height) == (
        10692000,
        6014250,
    )  # 297 x 167.06 mm: 16:9
    for number, (page, slide) in enumerate(zip(presentation.slides, deck.slides, strict=True), start=1):
        shown = _pptx_texts(page)
        missing = [text for text in _slide_texts(slide) if text not in shown]
        assert not missing, f"slide {number}: {missing}"
        if slide.layout != "title":
            assert f"{number} / {len(deck.slides)}" in shown
        pictures = [shape for shape in page.shapes if shape.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert [picture.image.blob for picture in pictures] == [chart.png for chart in slide.charts]


def _pptx_texts(page: object) -> list[str]:
    texts = []
    for shape in page.shapes:  # type: ignore[attr-defined]
        if shape.has_text_frame:
            texts += [paragraph.text for paragraph in shape.text_frame.paragraphs]
        if shape.has_table:
            texts += [cell.text for row in shape.table.rows for cell in row.cells]
    return texts


def test_the_pptx_prices_and_kpis_equal_the_documents(
    pptx_files: dict[str, bytes], contexts: dict[str, RenderContext]
) -> None:
    proposal = [
        t for page in Presentation(io.BytesIO(pptx_files["proposal"])).slides for t in _pptx_texts(page)
    ]
    for option in contexts["proposal"].options:  # type: ignore[attr-defined]
        assert option.totals.rows[-1].value in proposal  # "744 200,00 руб.", "1 412 760,00 руб."
    report = [t for page in Presentation(io.BytesIO(pptx_files["report"])).slides for t in _pptx_texts(page)]
    for figure in contexts["report"].figures:  # type: ignore[attr-defined]
        assert figure.value in report and figure.note in report


def test_the_pptx_is_the_same_bytes_every_time(decks: dict[str, Deck], pptx_files: dict[str, bytes]) -> None:
    assert render_pptx(decks["report"]) == pptx_files["report"]
    archive = zipfile.ZipFile(io.BytesIO(pptx_files["report"]))
    assert {info.date_time for info in archive.infolist()} == {ZIP_DATE}
    properties = Presentation(io.BytesIO(pptx_files["report"])).core_properties
    assert (properties.created.isoformat(), properties.modified.isoformat()) == ("2026-11-03T00:00:00",) * 2
    assert (properties.title, properties.author, properties.revision) == ("Status report", "Pixel Lab LLC", 1)


def test_the_pptx_is_in_the_brand_colour_and_the_document_font(pptx_files: dict[str, bytes]) -> None:
    presentation = Presentation(io.BytesIO(pptx_files["proposal"]))
    title = next(
        shape
        for shape in presentation.slides[1].shapes
        if shape.has_text_frame and shape.text_frame.text == "Чего добьёмся"
    )
    run = title.text_frame.paragraphs[0].runs[0]
    assert (run.font.name, str(run.font.color.rgb), run.font.bold) == ("Noto Sans", "1F4E79", True)


# -- built: the PDF, the example, LibreOffice ------------------------------------------------------


@pytest.fixture(scope="module")
def slides_built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The example's proposal and report built with --format slides (once for the module)."""
    from tests.helpers import example_workspace

    root = example_workspace(tmp_path_factory.mktemp("slides"))
    paths = [str(root / PROPOSAL), str(root / REPORT)]
    result = run_cli(["-C", str(root), "build", *paths, "--format", "slides", "-j1"])
    assert result.exit_code == 0, result.output
    yield root


@pytest.mark.slow
@pytest.mark.parametrize(("document", "name"), [(PROPOSAL, "proposal-2026-031"), (REPORT, "report-2026-10")])
def test_the_slides_pdf_is_16_9_with_one_page_per_slide(
    slides_built: Path, example: Workspace, document: str, name: str
) -> None:
    [pdf] = (slides_built / "output").rglob(f"{name}.slides.pdf")
    reader = PdfReader(pdf)
    deck = build_deck(_context(example, document))
    assert len(reader.pages) == len(deck.slides)
    for page in reader.pages:
        width, height = (float(v) * MM_PER_POINT for v in (page.mediabox.width, page.mediabox.height))
        assert (round(width, 1), round(height, 1)) == (297.0, 167.1)
        assert abs(width / height - 16 / 9) < 0.001
    text = " ".join(page.extract_text() for page in reader.pages)
    for slide in deck.slides:
        assert slide.title.split()[0] in text


@pytest.mark.slow
def test_a_second_build_finds_the_slides_up_to_date(slides_built: Path) -> None:
    before = {p: p.read_bytes() for p in (slides_built / "output").rglob("*.pptx")}
    paths = [str(slides_built / PROPOSAL), str(slides_built / REPORT)]
    result = run_cli(["-C", str(slides_built), "build", *paths, "--format", "slides", "-j1"])
    assert result.exit_code == 0 and "0 file(s) written" in result.output, result.output
    forced = run_cli(["-C", str(slides_built), "build", paths[0], "--format", "pptx", "--force", "-j1"])
    # Rendered again in a new process: the same bytes (the PPTX, and the index beside it).
    assert forced.exit_code == 0 and "0 file(s) written, 2 unchanged" in forced.output, forced.output
    assert {p: p.read_bytes() for p in before} == before


@pytest.mark.slow
def test_the_example_build_has_slides_of_its_proposal_and_report_linked_from_the_index(
    example_build: Path,
) -> None:
    import json

    output = example_build / "output"
    expected = [
        "globex/globex-seo/report-2026-10.pptx", "globex/globex-seo/report-2026-10.slides.pdf",
        "romashka/romashka-site/audit-2026-09-seo.pptx", "romashka/romashka-site/audit-2026-09-seo.slides.pdf",
        "romashka/romashka-site/proposal-2026-031.pptx", "romashka/romashka-site/proposal-2026-031.slides.pdf",
    ]  # fmt: skip
    found = sorted(
        p.relative_to(output).as_posix()
        for p in output.rglob("*")
        if p.name.endswith((".pptx", ".slides.pdf"))
    )
    assert found == expected
    index = (output / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{path}"' in index for path in expected)
    manifest = json.loads((output / ".agencydocs-manifest.json").read_text(encoding="utf-8"))
    outputs = manifest["documents"][PROPOSAL]["outputs"]
    assert (outputs["slides"]["path"], outputs["pptx"]["path"]) == (expected[5], expected[4])


@pytest.mark.slow
def test_libreoffice_opens_the_pptx_with_one_page_per_slide(slides_built: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("this test needs LibreOffice Impress: apt-get install libreoffice-impress-nogui")
    [pptx] = (slides_built / "output").rglob("report-2026-10.pptx")
    profile = f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}"
    command = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(pptx)]
    subprocess.run(command, check=True, capture_output=True, timeout=600)
    converted = PdfReader(tmp_path / "report-2026-10.pdf")
    assert len(converted.pages) == len(Presentation(pptx).slides) == 7
    assert "€4,473.00" in converted.pages[1].extract_text()


# -- where slides go: the manifest and serve ---------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "path", "error"),
    [
        ("slides", "romashka/romashka-site/proposal-2026-031.slides.pdf", None),
        ("pptx", "romashka/romashka-site/proposal-2026-031.pptx", None),
        ("slides", "romashka/romashka-site/proposal-2026-031.pdf", "does not end with .slides.pdf"),
        ("pptx", "romashka/romashka-site/proposal-2026-031.slides.pdf", "does not end with .pptx"),
    ],
)
def test_the_manifest_accepts_slide_outputs_only_under_their_own_suffix(
    fmt: str, path: str, error: str | None
) -> None:
    from pydantic import ValidationError

    from agencydocs.building.manifest import Entry, Output

    output = Output(key="0" * 64, path=path, sha256="1" * 64)
    fields = {"kind": "proposal", "number": "2026-031", "title": "", "note": "", "client": "romashka",
              "project": "romashka-site"}  # fmt: skip
    if error is None:
        assert Entry(**fields, outputs={fmt: output}).outputs[fmt].path == path
    else:
        with pytest.raises(ValidationError, match=error):
            Entry(**fields, outputs={fmt: output})


@pytest.mark.parametrize(
    ("requested", "stem", "fmt"),
    [
        (
            "romashka/romashka-site/proposal-2026-031.slides.pdf",
            "romashka/romashka-site/proposal-2026-031",
            "slides",
        ),
        ("romashka/romashka-site/proposal-2026-031.pdf", "romashka/romashka-site/proposal-2026-031", "pdf"),
        ("romashka/romashka-site/proposal-2026-031.pptx", "romashka/romashka-site/proposal-2026-031", "pptx"),
    ],
)
def test_serve_renders_a_requested_slides_file_in_its_own_format(requested: str, stem: str, fmt: str) -> None:
    from agencydocs.serving.site import _split_format

    assert _split_format(requested) == (stem, fmt)
