"""A :class:`~agencydocs.rendering.slides.Deck` as an editable PowerPoint file (python-pptx).

Every slide is drawn on the blank layout with plain text boxes, tables,
rectangles and pictures, in the agency's brand colour and the documents'
font (Noto Sans), so that it opens alike in PowerPoint, Keynote and
LibreOffice and every text can be edited. The geometry mirrors the PDF's
stylesheet (``templates/slides.css``): the same 297 × 167.06 mm page.

Determinism: the core properties are dated from the document (python-pptx
would otherwise keep its template's dates and author), and the ZIP is
rewritten with fixed entry dates and attributes, so the same deck gives the
same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from typing import TYPE_CHECKING

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Mm, Pt

from agencydocs.rendering.slides import CHARTS_GAP, SIDE_STATS_WIDTH, Deck, Slide

if TYPE_CHECKING:
    from pptx.shapes.autoshape import Shape
    from pptx.slide import Slide as PptxSlide
    from pptx.text.text import TextFrame, _Paragraph

FONT = "Noto Sans"  # the vendored font of every document (agencydocs/fonts)
WIDTH, HEIGHT = 297.0, 167.0625  # mm: 16:9, as in slides.css
MARGIN = 16.0
INK = RGBColor(0x22, 0x22, 0x22)
MUTED = RGBColor(0x5F, 0x66, 0x70)
PANEL = RGBColor(0xF2, 0xF4, 0xF6)
RULE = RGBColor(0xE3, 0xE6, 0xEA)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
TONES = {"good": RGBColor(0x1E, 0x7B, 0x3A), "bad": RGBColor(0xC0, 0x39, 0x2B)}
LEVELS = {
    "critical": RGBColor(0xB0, 0x1E, 0x1E),
    "high": RGBColor(0xE0, 0x6C, 0x00),
    "medium": RGBColor(0xD4, 0xA0, 0x17),
    "low": RGBColor(0x6B, 0x8E, 0x23),
}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a ZIP entry can carry


def render_pptx(deck: Deck) -> bytes:
    """The deck as PPTX bytes; the same deck gives the same bytes."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Mm(WIDTH), Mm(HEIGHT)
    brand = RGBColor.from_string(deck.brand_color.lstrip("#").upper())
    blank = presentation.slide_layouts[6]
    for number, slide in enumerate(deck.slides, start=1):
        page = presentation.slides.add_slide(blank)
        if slide.layout == "title":
            _title_slide(page, deck, slide, brand)
        else:
            _frame(page, slide, brand)
            DRAWERS[slide.layout](page, slide, brand)
            _footer(page, deck, slide, number)
    _core_properties(presentation, deck)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return _fixed_zip(buffer.getvalue())


# -- frame -------------------------------------------------------------------------------------------


def _title_slide(page: PptxSlide, deck: Deck, slide: Slide, brand: RGBColor) -> None:
    _rect(page, 0, 0, WIDTH, HEIGHT, brand)
    _text(page, MARGIN, 14, 200, 8, deck.agency, size=12, color=WHITE, bold=True)
    _text(page, MARGIN, 46, WIDTH - 2 * MARGIN, 40, slide.title, size=32, color=WHITE, bold=True,
          anchor=MSO_ANCHOR.BOTTOM)  # fmt: skip
    _text(page, MARGIN, 90, WIDTH - 2 * MARGIN, 12, slide.subtitle, size=16, color=WHITE)
    _rect(page, MARGIN, 108, 40, 0.8, WHITE)
    _lines(page, MARGIN, 114, WIDTH - 2 * MARGIN, 40, slide.bullets, size=11, color=WHITE)


def _frame(page: PptxSlide, slide: Slide, brand: RGBColor) -> None:
    """Accent, title, rule and lead: how every content slide starts."""
    accent = LEVELS.get(slide.level, brand)
    _rect(page, 0, 0, 4, HEIGHT, accent)
    _text(page, MARGIN, 10, WIDTH - 2 * MARGIN, 14, slide.title, size=28, color=brand, bold=True,
          anchor=MSO_ANCHOR.BOTTOM)  # fmt: skip
    _rect(page, MARGIN, 26, 24, 0.8, accent)
    if slide.subtitle and slide.layout != "bullets":
        _text(page, MARGIN, 29, WIDTH - 2 * MARGIN, 14, slide.subtitle, size=12, color=MUTED)


def _footer(page: PptxSlide, deck: Deck, slide: Slide, number: int) -> None:
    """The note, the footer and the page number, drawn last so that they come last in reading order."""
    if slide.note:
        _text(page, MARGIN, HEIGHT - 22, WIDTH - 2 * MARGIN, 7, slide.note, size=9, color=MUTED)
    _rect(page, MARGIN, HEIGHT - 13, WIDTH - 2 * MARGIN, 0.3, RULE)
    _text(page, MARGIN, HEIGHT - 12, WIDTH - 60, 6, deck.footer, size=8, color=MUTED)
    _text(page, WIDTH - MARGIN - 40, HEIGHT - 12, 40, 6, f"{number} / {len(deck.slides)}", size=8,
          color=MUTED, align=PP_ALIGN.RIGHT)  # fmt: skip


def _body_top(slide: Slide) -> float:
    return 46.0 if slide.subtitle else 34.0


# -- layouts -----------------------------------------------------------------------------------------


def _bullets(page: PptxSlide, slide: Slide, brand: RGBColor) -> None:
    """A lead line, then one text box of real bullet paragraphs: PowerPoint wraps and spaces them."""
    top = 34.0
    if slide.subtitle:
        _text(page, MARGIN, top, WIDTH - 2 * MARGIN, 20, slide.subtitle, size=14, color=MUTED)
        top += 24
    frame = _text(page, MARGIN, top, WIDTH - 2 * MARGIN, HEIGHT - 26 - top, "", size=18, color=INK)
    for index, item in enumerate(slide.bullets):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(10)
        _bullet(paragraph, brand)
        _run(
            paragraph.runs[0] if paragraph.runs else paragraph.add_run(), item, size=18, color=INK, bold=False
        )


def _bullet(paragraph: _Paragraph, color: RGBColor) -> None:
    """A square bullet in ``color``, hanging 7 mm (python-pptx has no API for bullets)."""
    properties = paragraph._p.get_or_add_pPr()
    properties.set("marL", str(Mm(7)))
    properties.set("indent", str(-Mm(7)))
    bullet_color = properties.makeelement(qn("a:buClr"), {})
    rgb = bullet_color.makeelement(qn("a:srgbClr"), {"val": str(color)})
    bullet_color.append(rgb)
    size = properties.makeelement(qn("a:buSzPct"), {"val": "80000"})
    char = properties.makeelement(qn("a:buChar"), {"char": "\u25a0"})
    properties.extend([bullet_color, size, char])


def _stats(page: PptxSlide, slide: Slide, brand: RGBColor) -> None:
    count = max(len(slide.stats), 1)
    per_row = min(count, 3 if count > 4 else 4)
    gap = 6.0
    width = (WIDTH - 2 * MARGIN - gap * (per_row - 1)) / per_row
    height = 34.0
    for index, stat in enumerate(slide.stats):
        x = MARGIN + (index % per_row) * (width + gap)
        y = _body_top(slide) + 10 + (index // per_row) * (height + gap)
        _rect(page, x, y, width, height, PANEL)
        _rect(page, x, y, width, 1.2, brand)
        _text(page, x + 5, y + 5, width - 10, 7, stat.label, size=12, color=MUTED)
        _text(page, x + 5, y + 12, width - 10, 13, stat.value, size=28, color=brand, bold=True)
        _text(page, x + 5, y + 26, width - 10, 7, stat.note, size=11, color=TONES.get(stat.tone, MUTED))


def _table(page: PptxSlide, slide: Slide, brand: RGBColor) -> None:
    table = slide.table
    assert table is not None
    has_header = any(table.header)
    rows = len(table.rows) + has_header
    top = _body_top(slide) + 2
    height = min(10.0 * rows, HEIGHT - 24 - top)
    widths = [share * (WIDTH - 2 * MARGIN) for share in table.widths]
    shape = page.shapes.add_table(rows, len(table.numeric), Mm(MARGIN), Mm(top), Mm(sum(widths)), Mm(height))
    grid = shape.table
    grid.first_row = has_header
    grid.horz_banding = False
    for column, width in enumerate(widths):
        grid.columns[column].width = Mm(width)
    cells = ([table.header] if has_header else []) + list(table.rows)
    for r, values in enumerate(cells):
        header = has_header and r == 0
        strong = table.strong_last and r == len(cells) - 1
        level = table.levels[r - has_header] if table.levels and not header else ""
        for c, value in enumerate(values):
            cell = grid.cell(r, c)
            cell.fill.solid()
            cell.fill.fore_color.rgb = brand if header else (PANEL if strong or r % 2 == 0 else WHITE)
            cell.margin_left = cell.margin_right = Mm(3)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            color = WHITE if header else (LEVELS[level] if level and c == 0 else INK)
            _fill(cell.text_frame, value, size=14 if not header else 12, color=color, bold=header or strong,
                  align=PP_ALIGN.RIGHT if table.numeric[c] else PP_ALIGN.LEFT)  # fmt: skip


def _charts(page: PptxSlide, slide: Slide, brand: RGBColor) -> None:
    if not slide.charts:
        _stats(page, slide, brand)
        return
    top = _body_top(slide) + 2
    column = slide.chart_column
    for index, (chart, (width, height)) in enumerate(zip(slide.charts, slide.chart_sizes, strict=True)):
        x = MARGIN + index * (column + CHARTS_GAP)
        page.shapes.add_picture(io.BytesIO(chart.png), Mm(x), Mm(top), Mm(width), Mm(height))
        if slide.side_stats:
            _side_stats(page, slide, x + column + CHARTS_GAP, top, brand)
        elif index < len(slide.stats):
            stat = slide.stats[index]
            _text(page, x, top + height + 3, column, 7, stat.label, size=12, color=MUTED)
            _text(page, x, top + height + 10, column * 0.45, 12, stat.value, size=22, color=brand, bold=True)
            _text(page, x + column * 0.45, top + height + 13, column * 0.55, 8, stat.note, size=11,
                  color=TONES.get(stat.tone, MUTED))  # fmt: skip


def _side_stats(page: PptxSlide, slide: Slide, x: float, top: float, brand: RGBColor) -> None:
    """The figures of a lone chart, stacked beside it as cards."""
    for index, stat in enumerate(slide.stats):
        y = top + index * 32
        _rect(page, x, y, SIDE_STATS_WIDTH, 27, PANEL)
        _rect(page, x, y, SIDE_STATS_WIDTH, 1.2, brand)
        _text(page, x + 5, y + 4, SIDE_STATS_WIDTH - 10, 6, stat.label, size=12, color=MUTED)
        _text(page, x + 5, y + 10, SIDE_STATS_WIDTH - 10, 10, stat.value, size=22, color=brand, bold=True)
        _text(
            page,
            x + 5,
            y + 20,
            SIDE_STATS_WIDTH - 10,
            6,
            stat.note,
            size=11,
            color=TONES.get(stat.tone, MUTED),
        )


def _timeline(page: PptxSlide, slide: Slide, brand: RGBColor) -> None:
    label_width = 88.0
    area_x = MARGIN + label_width
    area_width = WIDTH - MARGIN - area_x
    top = _body_top(slide) + 4
    row = min(11.0, (HEIGHT - 30 - top) / max(len(slide.bars), 1))  # as slides.css, shrunk to fit
    for index, bar in enumerate(slide.bars):
        y = top + index * row
        _rect(page, MARGIN, y + row - 0.3, WIDTH - 2 * MARGIN, 0.3, RULE)
        _text(page, MARGIN, y, label_width - 4, row, bar.label, size=13, color=INK, anchor=MSO_ANCHOR.MIDDLE)
        x, width = area_x + bar.start * area_width, max(bar.width * area_width, 2.0)
        _rect(page, x, y + 2, width, row - 4, brand)
        side = bar.detail_side
        box_x = {"inside": x + 2, "after": x + width + 2, "before": x - 62}[side]
        _text(page, box_x, y, 60, row, bar.detail, size=10, color=WHITE if side == "inside" else MUTED,
              align=PP_ALIGN.RIGHT if side == "before" else PP_ALIGN.LEFT, anchor=MSO_ANCHOR.MIDDLE)  # fmt: skip


DRAWERS: dict[str, Callable[[PptxSlide, Slide, RGBColor], None]] = {
    "bullets": _bullets,
    "stats": _stats,
    "table": _table,
    "charts": _charts,
    "timeline": _timeline,
}


# -- shapes ------------------------------------------------------------------------------------------


def _rect(page: PptxSlide, x: float, y: float, width: float, height: float, color: RGBColor) -> Shape:
    shape = page.shapes.add_shape(MSO_SHAPE.RECTANGLE, Mm(x), Mm(y), Mm(width), Mm(height))
    shape.fill.solid()
    shape.fill.fore_color.rgb = color
    shape.line.fill.background()
    shape.shadow.inherit = False
    return shape


def _text(
    page: PptxSlide, x: float, y: float, width: float, height: float, text: str, *, size: float,
    color: RGBColor, bold: bool = False, align: PP_ALIGN = PP_ALIGN.LEFT, anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
) -> TextFrame:  # fmt: skip
    frame = page.shapes.add_textbox(Mm(x), Mm(y), Mm(width), Mm(height)).text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    _fill(frame, text, size=size, color=color, bold=bold, align=align)
    return frame


def _lines(
    page: PptxSlide, x: float, y: float, width: float, height: float, lines: tuple[str, ...], *, size: float,
    color: RGBColor,
) -> None:  # fmt: skip
    frame = _text(page, x, y, width, height, lines[0] if lines else "", size=size, color=color)
    for line in lines[1:]:
        paragraph = frame.add_paragraph()
        _run(paragraph.add_run(), line, size=size, color=color, bold=False)


def _fill(frame: TextFrame, text: str, *, size: float, color: RGBColor, bold: bool, align: PP_ALIGN) -> None:
    paragraph = frame.paragraphs[0]
    paragraph.alignment = align
    _run(paragraph.add_run(), text, size=size, color=color, bold=bold)


def _run(run: object, text: str, *, size: float, color: RGBColor, bold: bool) -> None:
    run.text = text  # type: ignore[attr-defined]
    font = run.font  # type: ignore[attr-defined]
    font.name, font.size, font.bold = FONT, Pt(size), bold
    font.color.rgb = color


# -- determinism -------------------------------------------------------------------------------------


def _core_properties(presentation: Presentation, deck: Deck) -> None:  # type: ignore[valid-type]
    """Title and author of the deck; its dates are the document's (never the build's)."""
    stamp = (
        dt.datetime.combine(dt.date.fromisoformat(deck.date), dt.time())
        if deck.date
        else dt.datetime(2000, 1, 1)
    )
    properties = presentation.core_properties  # type: ignore[attr-defined]
    properties.title, properties.author, properties.last_modified_by = deck.title, deck.agency, deck.agency
    properties.subject, properties.keywords, properties.comments = deck.footer, "", ""
    properties.created = properties.modified = properties.last_printed = stamp
    properties.revision = 1
    properties.language = deck.locale


def _fixed_zip(data: bytes) -> bytes:
    """``data`` re-zipped with every entry dated :data:`ZIP_DATE`, in the same order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return buffer.getvalue()
