"""Charts: deterministic SVG and PNG bytes, the vendored font, the brand colour, lazy matplotlib."""

from __future__ import annotations

from pathlib import Path

import pytest

from agencydocs.rendering.charts import FONT_DIR, FONT_FAMILY, Chart, ChartSpec, Series, render

LINE = ChartSpec(
    kind="line",
    title="Organic sessions",
    categories=("Jul 2026", "Aug 2026", "Sep 2026", "Oct 2026"),
    series=(Series("Organic sessions", (12410.0, 13050.0, None, 16320.0)),),
    color="#c0392b",
    locale="en",
)
SPECS = {
    "line": LINE,
    "bar": ChartSpec(
        kind="bar", title="Запросов в топ-10", categories=("окт. 2026", "нояб. 2026"),
        series=(Series("a", (196.0, 224.0)),), color="#1f4e79", locale="ru",
    ),
    "hbar": ChartSpec(
        kind="hbar", title="LCP, s (lower is better)", categories=("ours.example", "them.example"),
        series=(Series("LCP", (5.8, 2.4)),), color="#1f4e79", locale="en", highlight=0,
    ),
    "burn": ChartSpec(
        kind="burn", title="Budget burn", categories=tuple(f"{d} Oct" for d in range(1, 11)),
        series=(Series("Used", tuple(float(d) for d in range(10))), Series("Pace", (4.0,) * 10, emphasis=False)),
        color="#1f4e79", locale="en", width_mm=170, height_mm=62, limit=40.0, limit_label="Budget",
    ),
}  # fmt: skip


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    chunks, offset = [], 8
    while offset < len(data):
        length = int.from_bytes(data[offset : offset + 4], "big")
        kind = data[offset + 4 : offset + 8]
        chunks.append((kind, data[offset + 8 : offset + 8 + length]))
        offset += 12 + length
    return chunks


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(SPECS))
def test_the_same_spec_gives_the_same_bytes(kind: str) -> None:
    spec = SPECS[kind]
    assert render(spec, "svg") == render(spec, "svg")
    assert render(spec, "png") == render(spec, "png")


@pytest.mark.slow
def test_files_carry_no_dates_or_software_names() -> None:
    svg = render(LINE, "svg").decode("utf-8")
    assert "<dc:date>" not in svg and "Matplotlib" not in svg and "matplotlib.org" not in svg
    png = render(LINE, "png")
    kinds = [kind for kind, _ in png_chunks(png)]
    assert b"tEXt" not in kinds and b"tIME" not in kinds and b"iTXt" not in kinds


@pytest.mark.slow  # renders a chart to PNG
def test_png_is_sized_for_print() -> None:
    header = dict(png_chunks(render(LINE, "png")))[b"IHDR"]
    width, height = int.from_bytes(header[:4], "big"), int.from_bytes(header[4:8], "big")
    # 84 x 56 mm at 200 dpi.
    assert abs(width - 84 / 25.4 * 200) <= 1 and abs(height - 56 / 25.4 * 200) <= 1


def test_svg_draws_text_as_paths_in_the_brand_colour() -> None:
    svg = render(LINE, "svg").decode("utf-8")
    assert "<text" not in svg  # glyphs are paths: the same picture without the font installed
    assert "#c0392b" in svg.lower()
    assert svg.count("<path") > 20


def test_the_vendored_font_is_used_not_a_system_one() -> None:
    from matplotlib import font_manager

    render(LINE, "svg")  # registers the font
    found = font_manager.findfont(font_manager.FontProperties(family=FONT_FAMILY), fallback_to_default=False)
    assert Path(found).parent == FONT_DIR


def test_dollar_signs_in_names_are_text_not_mathtext() -> None:
    spec = ChartSpec(
        kind="bar", title="Revenue $ per $visit$ _{x}", categories=("a $b$", "c"),
        series=(Series("x", (1.0, 2.0)),), color="#1f4e79", locale="en",
    )  # fmt: skip
    assert render(spec, "png").startswith(b"\x89PNG")


def test_chart_is_drawn_lazily_and_once() -> None:
    chart = Chart("metric-1", LINE)
    assert "svg" not in chart.__dict__
    uri = chart.svg_uri
    assert uri.startswith("data:image/svg+xml;base64,")
    assert chart.svg_uri is uri and chart.png is chart.png
