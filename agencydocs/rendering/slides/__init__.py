"""16:9 slides of the documents presented to a client: one slide model, two renderers.

A kind whose spec says ``slides=True`` has a deck builder in
:mod:`~agencydocs.rendering.slides.decks` that turns its resolved context
into a :class:`Deck`: a list of slides, one idea each, every text already
formatted in the document's language. The HTML template
``<kind>/<kind>.slides.html`` lays the deck out for WeasyPrint (the
``.slides.pdf``) and :mod:`~agencydocs.rendering.slides.pptx` draws the same
deck with python-pptx (the ``.pptx``), so both carry the same content.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from agencydocs.kinds import RenderContext
    from agencydocs.rendering.charts import Chart

# How a slide is laid out; each renderer has one drawing function per layout.
Layout = Literal["title", "bullets", "stats", "table", "charts", "timeline"]


@dataclass(frozen=True)
class Stat:
    """A big number on a card: "Hours / 33 h / of 40 h · 82.5%"."""

    label: str
    value: str
    note: str = ""
    tone: str = ""  # "good", "bad" or "": the note's colour


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # per column: right-aligned figures
    strong_last: bool = False  # the last row is a total
    levels: tuple[str, ...] = ()  # per row: a severity (critical, high, ...) marked in its colour, or ""

    @property
    def widths(self) -> tuple[float, ...]:
        """Each column's share of the table's width, the same in the PDF and the PPTX.

        A figure column takes a fifth of the width (less when there are many);
        the text columns share the rest, the first one three times as much.
        """
        figures = sum(self.numeric)
        figure = min(0.2, 0.7 / figures) if figures else 0.0
        weights = [0.0 if is_figure else (3.0 if i == 0 else 1.0) for i, is_figure in enumerate(self.numeric)]
        rest = (1.0 - figure * figures) / (sum(weights) or 1.0)
        return tuple(round(figure if is_figure else weight * rest, 4)
                     for is_figure, weight in zip(self.numeric, weights, strict=True))  # fmt: skip


@dataclass(frozen=True)
class Bar:
    """One phase of a timeline: where it starts and how long it runs, as fractions of the whole."""

    label: str
    detail: str  # "Weeks 3–5 · 3 weeks"
    start: float
    width: float

    @property
    def detail_side(self) -> str:
        """Where the detail goes: inside a long bar, after a bar that leaves room, else before it."""
        if self.width >= 0.4:
            return "inside"
        return "after" if self.start + self.width <= 0.72 else "before"


# The charts row of a slide (mm): its width, the gap between charts, the
# tallest a chart may be (room is left for its caption and the footer), and
# the width of a lone chart.
CHARTS_WIDTH, CHARTS_GAP, CHART_MAX_HEIGHT, LONE_CHART_WIDTH = 265.0, 10.0, 85.0, 170.0
SIDE_STATS_WIDTH = CHARTS_WIDTH - LONE_CHART_WIDTH - CHARTS_GAP  # the cards beside a lone chart


@dataclass(frozen=True)
class Slide:
    layout: Layout
    title: str
    subtitle: str = ""  # under the title (title slide: the project; others: a short lead)
    bullets: tuple[str, ...] = ()
    stats: tuple[Stat, ...] = ()  # stats layout: cards; charts layout: one caption per chart
    table: Table | None = None
    charts: tuple[Chart, ...] = ()  # the document's own charts (SVG in the PDF, PNG in the PPTX)
    bars: tuple[Bar, ...] = ()
    note: str = ""  # one line at the foot of the slide (VAT, validity)
    level: str = ""  # a severity the slide is about: its accent colour

    @property
    def side_stats(self) -> bool:
        """A lone chart with several figures: they stand as cards beside it, not as its caption."""
        return len(self.charts) == 1 and len(self.stats) > 1

    @property
    def chart_column(self) -> float:
        """The width (mm) of each chart's column: both renderers place charts by it."""
        count = len(self.charts)
        return LONE_CHART_WIDTH if count == 1 else (CHARTS_WIDTH - CHARTS_GAP * (count - 1)) / max(count, 1)

    @property
    def chart_sizes(self) -> tuple[tuple[float, float], ...]:
        """Each chart's (width, height) in mm: its own aspect ratio, within its column and the row's height."""
        sizes = []
        for chart in self.charts:
            ratio = chart.spec.height_mm / chart.spec.width_mm
            width = min(self.chart_column, CHART_MAX_HEIGHT / ratio)
            sizes.append((round(width, 2), round(width * ratio, 2)))
        return tuple(sizes)


@dataclass(frozen=True)
class Deck:
    kind: str
    title: str
    locale: str
    brand_color: str  # a checked #rrggbb value
    logo: str | None  # data: URI
    agency: str
    footer: str
    date: str  # ISO: the PPTX's core-property dates
    slides: tuple[Slide, ...]


_last: tuple[RenderContext, Deck] | None = None


def deck_of(ctx: RenderContext) -> Deck:
    """The deck of ``ctx``, built once: the PDF and the PPTX of one render share it."""
    global _last
    if _last is None or _last[0] is not ctx:
        from agencydocs.rendering.slides.decks import build_deck

        _last = (ctx, build_deck(ctx))
    return _last[1]
