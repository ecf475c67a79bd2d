"""Charts of reports and audits: SVG for HTML and PDF, PNG for DOCX, the same bytes every time.

A resolver describes a chart with a :class:`ChartSpec` (labels already in the
document's language, values as numbers) and wraps it in a :class:`Chart`;
the picture is drawn only when a renderer asks for ``svg_uri`` or ``png``.
matplotlib is imported here and only then, so ``check``, ``new`` and
``--help`` never load it.

Determinism: the Agg and SVG backends with fixed size and DPI, the vendored
Noto Sans registered under a private family name (a system "Noto Sans" can
never be picked instead), text drawn as paths in SVG, a fixed SVG hash salt
and no dates or software names in the files' metadata.
"""

from __future__ import annotations

import base64
import io
import textwrap
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, Literal, SupportsFloat

from babel.numbers import format_decimal

from agencydocs import PACKAGE_DIR

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FONT_DIR = PACKAGE_DIR / "fonts"
FONT_FAMILY = "AgencyDocs Chart Sans"
PNG_DPI = 200
GREY = "#9aa3ad"
GRID = "#e3e6ea"
INK = "#222222"
MUTED = "#5f6670"
ChartKind = Literal["line", "bar", "hbar", "burn"]

_LOCK = threading.Lock()
_RC: dict[str, Any] = {
    "font.family": FONT_FAMILY,
    "font.size": 7.5,
    "text.parse_math": False,  # a "$" in a metric name is text, not TeX
    "text.color": INK,
    "axes.unicode_minus": False,  # the vendored subset has no U+2212
    "axes.edgecolor": GREY,
    "axes.labelcolor": MUTED,
    "axes.linewidth": 0.6,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.major.width": 0.6,
    "ytick.major.size": 0,
    "svg.fonttype": "path",
    "svg.hashsalt": "agencydocs",
    "svg.id": "chart",
    "path.simplify": False,
}


@dataclass(frozen=True)
class Series:
    """One named row of values; ``None`` is a gap. ``emphasis`` draws it in the brand colour."""

    name: str
    values: tuple[float | None, ...]
    emphasis: bool = True
    dashed: bool = False


@dataclass(frozen=True)
class ChartSpec:
    """What to draw, fully resolved: every text already in the document's language.

    Attributes:
        kind: ``line`` or ``bar`` over categories, ``hbar`` (one bar per
            category, ``highlight`` in the brand colour, others grey), or
            ``burn`` (cumulative line with a dashed plan and a ``limit`` line).
        categories: x labels (bars: one per bar); ``label_step`` thins them.
        limit: a horizontal reference line (a budget), labelled ``limit_label``.
        invert: lower is better (search positions): the y axis runs downwards.
        unit: appended to value labels ("%", " h").
    """

    kind: ChartKind
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    color: str
    locale: str
    width_mm: float = 84.0
    height_mm: float = 56.0
    y_label: str = ""
    limit: float | None = None
    limit_label: str = ""
    invert: bool = False
    unit: str = ""
    label_step: int = 1
    highlight: int | None = None


@dataclass(frozen=True)
class Chart:
    """A chart of a document: drawn lazily, once per format, and cached on the instance."""

    key: str
    spec: ChartSpec
    alt: str = ""

    @property
    def width_mm(self) -> float:
        return self.spec.width_mm

    @cached_property
    def svg(self) -> bytes:
        return render(self.spec, "svg")

    @cached_property
    def svg_uri(self) -> str:
        """The SVG as a ``data:`` URI (an ``<img>`` cannot run scripts; WeasyPrint draws it as vectors)."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg).decode("ascii")

    @cached_property
    def png(self) -> bytes:
        return render(self.spec, "png")


def render(spec: ChartSpec, fmt: Literal["svg", "png"]) -> bytes:
    """Draw ``spec`` and return the file bytes; the same spec gives the same bytes."""
    import matplotlib

    _register_font()
    # matplotlib types rc as a dict keyed by a Literal of every rc name; ours are among them.
    with _LOCK, matplotlib.rc_context(_RC):  # type: ignore[arg-type]
        figure = _figure(spec)
        buffer = io.BytesIO()
        if fmt == "svg":
            figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        else:
            figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


def preload() -> None:
    """Import matplotlib and register the font now, before worker processes fork."""
    import matplotlib.backends.backend_agg
    import matplotlib.backends.backend_svg
    import matplotlib.figure
    import matplotlib.ticker  # noqa: F401 - imported for its side effect of loading

    _register_font()


@cache
def _register_font() -> None:
    """Add the vendored Noto Sans under a name no system font has."""
    import dataclasses

    from matplotlib import font_manager

    manager = font_manager.fontManager
    for style in ("Regular", "Bold"):
        path = str(FONT_DIR / f"NotoSans-{style}.ttf")
        manager.addfont(path)
        for index, entry in enumerate(manager.ttflist):
            if entry.fname == path:
                manager.ttflist[index] = dataclasses.replace(entry, name=FONT_FAMILY)


def _figure(spec: ChartSpec) -> Figure:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(spec.width_mm / 25.4, spec.height_mm / 25.4), dpi=100)
    axes = figure.add_subplot()
    DRAWERS[spec.kind](axes, spec)
    _style(axes, spec)
    # About 1.75 mm per character of the 8.5 pt bold title: wrap rather than clip.
    title = textwrap.fill(spec.title, width=max(int(spec.width_mm / 1.75), 20))
    figure.suptitle(title, x=0.02, ha="left", fontsize=8.5, fontweight="bold", color=INK, linespacing=1.2)
    figure.tight_layout(pad=0.5)
    return figure


def _number(value: float, locale: str, unit: str = "") -> str:
    digits = "#,##0" if abs(value) >= 100 or value == int(value) else "#,##0.#"
    return f"{format_decimal(round(value, 1), format=digits, locale=locale)}{unit}"


def _style(axes: Axes, spec: ChartSpec) -> None:
    from matplotlib.ticker import FuncFormatter

    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    value_axis = axes.xaxis if spec.kind == "hbar" else axes.yaxis
    value_axis.set_major_formatter(FuncFormatter(lambda v, _pos: _number(v, spec.locale)))
    if spec.kind == "hbar":  # every bar carries its value: no value axis
        axes.xaxis.set_visible(False)
        axes.spines["bottom"].set_visible(False)
    else:
        axes.grid(axis="y", color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)
    if spec.y_label:
        axes.set_ylabel(spec.y_label, fontsize=7)
    if len(spec.series) > 1 or spec.limit is not None:
        # Above the plot, right of the title: never over a line.
        count = len(spec.series) + (spec.limit is not None)
        axes.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=count, fontsize=6.5, frameon=False,
                    handlelength=1.6, borderaxespad=0.1, columnspacing=1.2)  # fmt: skip


def _ticks(axes: Axes, spec: ChartSpec) -> None:
    positions = range(0, len(spec.categories), max(spec.label_step, 1))
    axes.set_xticks(list(positions), [spec.categories[i] for i in positions])
    axes.tick_params(axis="x", length=2.5)
    axes.set_xlim(-0.5, len(spec.categories) - 0.5)


def _series_color(spec: ChartSpec, series: Series) -> str:
    return spec.color if series.emphasis else GREY


def _draw_line(axes: Axes, spec: ChartSpec) -> None:
    for series in spec.series:
        points = [(i, v) for i, v in enumerate(series.values) if v is not None]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        color = _series_color(spec, series)
        style = "--" if series.dashed else "-"
        axes.plot(xs, ys, style, color=color, linewidth=1.8 if series.emphasis else 1.1,
                  marker="o", markersize=3.2 if series.emphasis else 2.4, label=series.name)  # fmt: skip
        if series.emphasis and points:
            _annotate(axes, spec, xs[-1], ys[-1], color)
    _ticks(axes, spec)
    _headroom(axes, spec)


def _draw_bar(axes: Axes, spec: ChartSpec) -> None:
    count = len(spec.series)
    width = 0.72 / max(count, 1)
    for index, series in enumerate(spec.series):
        offset = (index - (count - 1) / 2) * width
        for i, value in enumerate(series.values):
            if value is None:
                continue
            axes.bar(i + offset, value, width=width * 0.92, color=_series_color(spec, series),
                     label=series.name if i == 0 else None)  # fmt: skip
            if series.emphasis:
                _annotate(axes, spec, i + offset, value, INK, above=True)
    _ticks(axes, spec)
    _headroom(axes, spec)


def _draw_hbar(axes: Axes, spec: ChartSpec) -> None:
    values = spec.series[0].values
    positions = list(range(len(values)))
    colors = [spec.color if i == spec.highlight else GREY for i in positions]
    axes.barh(positions, [v or 0 for v in values], color=colors, height=0.62)
    axes.set_yticks(positions, list(spec.categories))
    axes.invert_yaxis()  # the first category on top
    axes.tick_params(axis="y", length=0)
    top = max((v for v in values if v is not None), default=0) or 1
    for position, value in zip(positions, values, strict=True):
        if value is not None:
            axes.text(value + top * 0.015, position, _number(value, spec.locale, spec.unit),
                      va="center", fontsize=6.5, color=INK)  # fmt: skip
    axes.set_xlim(0, top * 1.18)


def _draw_burn(axes: Axes, spec: ChartSpec) -> None:
    actual, *plan = spec.series
    for series in plan:
        pace = [v if v is not None else float("nan") for v in series.values]
        axes.plot(range(len(pace)), pace, "--", color=GREY, linewidth=1, label=series.name)
    points = [(i, v) for i, v in enumerate(actual.values) if v is not None]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    axes.fill_between(xs, ys, color=spec.color, alpha=0.12, linewidth=0, step="post")
    axes.step(xs, ys, where="post", color=spec.color, linewidth=1.8, label=actual.name)
    if points:
        _annotate(axes, spec, xs[-1], ys[-1], spec.color)
    if spec.limit is not None:
        axes.axhline(spec.limit, color="#c0392b", linewidth=1, label=spec.limit_label)
    _ticks(axes, spec)
    axes.set_ylim(bottom=0)
    _headroom(axes, spec)


def _annotate(axes: Axes, spec: ChartSpec, x: float, y: float, color: str, *, above: bool = False) -> None:
    text = _number(y, spec.locale, spec.unit)
    if above:
        axes.annotate(text, (x, y), xytext=(0, 2), textcoords="offset points", ha="center", va="bottom",
                      fontsize=6.5, color=color)  # fmt: skip
    else:
        # The last point of a line: its value above and to the left, clear of the line's end.
        axes.annotate(text, (x, y), xytext=(-3, 5), textcoords="offset points", ha="right", va="bottom",
                      fontsize=7, fontweight="bold", color=color)  # fmt: skip


def _headroom(axes: Axes, spec: ChartSpec) -> None:
    """Room above the highest point for its label and the legend."""
    values = [v for s in spec.series for v in s.values if v is not None]
    if spec.limit is not None:
        values.append(spec.limit)
    if not values:
        return
    low, high = min(values), max(values)
    if spec.invert and spec.kind == "line":
        span = (high - low) or abs(high) or 1
        axes.set_ylim(high + span * 0.15, max(low - span * 0.3, 0))
    else:
        bottom = 0 if spec.kind in ("bar", "burn") or low >= 0 else low * 1.1
        axes.set_ylim(bottom, high + ((high - bottom) or 1) * 0.18)


DRAWERS: dict[str, Callable[[Axes, ChartSpec], None]] = {
    "line": _draw_line,
    "bar": _draw_bar,
    "hbar": _draw_hbar,
    "burn": _draw_burn,
}


def thin_labels(count: int, most: int) -> int:
    """The label step that shows at most ``most`` of ``count`` category labels."""
    return max(1, -(-count // max(most, 1)))


def as_floats(values: Sequence[SupportsFloat | None]) -> tuple[float | None, ...]:
    """Plot coordinates from Decimals (drawing only: no money is computed from them)."""
    return tuple(None if v is None else float(v) for v in values)
