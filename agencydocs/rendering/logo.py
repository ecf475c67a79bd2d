"""The agency logo as raster bytes for Word, which cannot show SVG.

HTML and PDF embed the logo as it is; python-docx only embeds PNG, JPEG,
GIF, BMP and TIFF, so an SVG logo is rasterised here with CairoSVG (from
the WeasyPrint authors). Its PNG output carries no timestamp, so the same
SVG gives the same bytes, and the result is cached for the process: a build
converts the logo once per worker, not once per document.
"""

from __future__ import annotations

import base64
import binascii
import functools
import re

from agencydocs.errors import InvalidInput, Problem

# 14 mm (the logo's height in DOCX) at ~430 dpi: sharp when printed, a few kB.
SVG_RASTER_HEIGHT_PX = 236
_DATA_URI = re.compile(
    r"data:image/(?P<type>png|jpe?g|svg\+xml);base64,(?P<data>[A-Za-z0-9+/=\s]+)", re.IGNORECASE
)


def logo_raster(logo: str | None) -> bytes | None:
    """PNG or JPEG bytes of a logo data URI, converting SVG; None when there is no usable logo.

    Raises :class:`InvalidInput` when an SVG logo cannot be converted, so a
    DOCX never goes out silently without the logo the PDF shows.
    """
    match = _DATA_URI.fullmatch(logo.strip()) if logo else None
    if match is None:
        return None
    try:
        data = base64.b64decode(match.group("data"), validate=False)
    except (binascii.Error, ValueError):
        return None
    if match.group("type").lower() != "svg+xml":
        return data
    return svg_to_png(data)


@functools.lru_cache(maxsize=4)
def svg_to_png(svg: bytes) -> bytes:
    """Rasterise an SVG to a PNG ``SVG_RASTER_HEIGHT_PX`` high, keeping its aspect ratio.

    CairoSVG's default fetcher reads only ``data:`` URLs, so an SVG cannot
    pull in local files or the network. Cairo itself refuses surfaces over
    32767 px, which bounds the memory a hostile aspect ratio can take.
    """
    try:
        import cairosvg
    except (ImportError, OSError) as exc:  # OSError: the cairo library is not installed
        raise _logo_error(f"DOCX needs a PNG logo here: converting SVG needs cairo ({exc})") from None
    try:
        return bytes(cairosvg.svg2png(bytestring=svg, output_height=SVG_RASTER_HEIGHT_PX))
    # CairoSVG raises whatever its parser or cairo raise (ParseError, ValueError,
    # CairoError...); any of them means "this SVG cannot be drawn".
    except Exception as exc:  # noqa: BLE001
        raise _logo_error(f"the SVG logo cannot be converted to PNG for DOCX: {exc}") from None


def _logo_error(message: str) -> InvalidInput:
    return InvalidInput(
        "the agency logo cannot be placed in DOCX", [Problem("agency.yaml", field="logo", message=message)]
    )
