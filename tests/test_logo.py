"""An SVG logo reaches Word: every DOCX kind embeds it converted to PNG, the same bytes each build."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from agencydocs.rendering.logo import SVG_RASTER_HEIGHT_PX, svg_to_png
from agencydocs.rendering.templates import BUILTIN_TEMPLATES
from tests.helpers import example_workspace, replace_in_file, run_cli

# A 3:1 logo, so the PNG must come out 3 times as wide as it is high.
SVG_LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40">'
    '<rect width="120" height="40" rx="6" fill="#1a5fb4"/><circle cx="20" cy="20" r="12" fill="#fff"/></svg>'
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# The official tax forms (УПД, счёт-фактура) carry no letterhead: their layout is the state's.
NO_LOGO = {"upd", "vat_invoice"}
DOCX_KINDS = sorted(
    p.name for p in BUILTIN_TEMPLATES.iterdir() if any(p.glob(f"{p.name}.*docx")) and p.name not in NO_LOGO
)


def _use_svg_logo(root: Path, svg: str) -> None:
    (root / "assets/logo.svg").write_text(svg, encoding="utf-8")
    replace_in_file(root / "agency.yaml", "logo: assets/logo.png", "logo: assets/logo.svg")


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    return width, height


def _logo_media(docx: Path) -> bytes:
    """The first image of the document: the logo heads every template."""
    with zipfile.ZipFile(docx) as archive:
        return archive.read("word/media/image1.png")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """The example workspace with an SVG logo, built as DOCX; kind -> its DOCX files."""
    root = example_workspace(tmp_path_factory.mktemp("svg-logo"))
    _use_svg_logo(root, SVG_LOGO)
    result = run_cli(["-C", str(root), "build", "--format", "docx", "-j1"])
    assert result.exit_code == 0, result.output
    by_kind: dict[str, list[Path]] = {}
    for docx in sorted((root / "output").rglob("*.docx")):
        by_kind.setdefault(docx.name.split("-")[0], []).append(docx)
    return by_kind


@pytest.mark.parametrize("kind", DOCX_KINDS)
def test_every_docx_kind_shows_the_svg_logo_as_png(built: dict[str, list[Path]], kind: str) -> None:
    assert built.get(kind), f"the example workspace has no {kind}"
    for docx in built[kind]:
        assert _png_size(_logo_media(docx)) == (3 * SVG_RASTER_HEIGHT_PX, SVG_RASTER_HEIGHT_PX)
        with zipfile.ZipFile(docx) as archive:
            assert 'r:embed="' in archive.read("word/document.xml").decode("utf-8")


def test_the_conversion_gives_the_same_bytes_each_time() -> None:
    first = svg_to_png(SVG_LOGO.encode())
    svg_to_png.cache_clear()
    assert svg_to_png(SVG_LOGO.encode()) == first


def test_a_rebuild_rewrites_no_docx(built: dict[str, list[Path]]) -> None:
    root = next(iter(built.values()))[0].parents[3]
    result = run_cli(["-C", str(root), "build", "--format", "docx", "-j1", "--force"])
    assert result.exit_code == 0, result.output
    assert "0 file(s) written" in result.stdout


@pytest.mark.slow  # builds a project as DOCX
def test_a_png_logo_is_embedded_unchanged(tmp_path: Path) -> None:
    root = example_workspace(tmp_path)
    result = run_cli(["build", "--format", "docx", "-j1", "projects/initech-support"], cwd=root)
    assert result.exit_code == 0, result.output
    invoice = next((root / "output").rglob("invoice-*.docx"))
    assert _logo_media(invoice) == (root / "assets/logo.png").read_bytes()


CANNOT_CONVERT = "agency.yaml: logo: the SVG logo cannot be converted to PNG for DOCX: "


@pytest.mark.parametrize(
    ("svg", "start", "reason"),
    [
        # Not even XML: ``check`` refuses it as an image (agencydocs.reading.images), before any build.
        (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1',
            "agency.yaml:",
            "is not a PNG, JPEG or SVG image",
        ),
        # A valid SVG that cairo cannot draw: one line before anything is rendered.
        ('<svg xmlns="http://www.w3.org/2000/svg"/>', CANNOT_CONVERT, "The SVG size is undefined"),
        ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100000 1"/>', CANNOT_CONVERT, "INVALID_SIZE"),
    ],
    ids=["truncated", "no-size", "too-wide"],
)
def test_an_svg_that_cannot_be_drawn_is_reported_not_dropped(
    tmp_path: Path, svg: str, start: str, reason: str
) -> None:
    root = example_workspace(tmp_path)
    _use_svg_logo(root, svg)
    result = run_cli(["build", "--format", "docx", "-j1", "projects/initech-support"], cwd=root)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("agency.yaml")]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(start) and reason in lines[0]
    assert "Traceback" not in result.output
    assert not list((root / "output").rglob("*.docx"))  # nothing goes out without its logo


def test_doctor_reports_the_svg_converter() -> None:
    result = run_cli(["doctor"])
    assert "OK   SVG logo in DOCX: CairoSVG " in result.stdout
