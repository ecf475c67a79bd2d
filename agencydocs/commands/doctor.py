"""``doctor``: what this machine offers agencydocs, and what is missing."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import click

from agencydocs import PACKAGE_DIR, __version__
from agencydocs.commands.options import workspace_option

Status = Literal["OK", "WARN", "FAIL"]
FONTS_DIR = PACKAGE_DIR / "fonts"


@dataclass(frozen=True)
class Finding:
    name: str
    status: Status
    detail: str


def diagnose() -> list[Finding]:
    return [*_python(), *_yaml(), *_weasyprint(), *_svg(), *_fonts(), *_tools()]


def _python() -> Iterator[Finding]:
    yield Finding("agencydocs", "OK", f"{__version__} on Python {sys.version.split()[0]}")


def _yaml() -> Iterator[Finding]:
    import yaml

    if getattr(yaml, "__with_libyaml__", False):
        yield Finding("YAML parser", "OK", f"PyYAML {yaml.__version__} with libyaml (C)")
    else:
        yield Finding("YAML parser", "WARN", "pure-Python PyYAML: check is ~8x slower; install libyaml")


def _weasyprint() -> Iterator[Finding]:
    try:
        import weasyprint
        from weasyprint.text import ffi
    except (ImportError, OSError) as exc:
        yield Finding(
            "WeasyPrint", "FAIL", f"cannot load ({exc}); install Pango: apt-get install libpango-1.0-0"
        )
        return
    version = ffi.pango.pango_version()
    pango = f"{version // 10000}.{version // 100 % 100}.{version % 100}"
    yield Finding("WeasyPrint", "OK", f"{weasyprint.__version__} with Pango {pango}")
    # WeasyPrint uses HarfBuzz's subsetter only from HarfBuzz 4.1 (pdf/fonts.py).
    if ffi.harfbuzz_subset is not None and ffi.harfbuzz.hb_version_atleast(4, 1, 0):
        yield Finding("font subsetting", "OK", "HarfBuzz >= 4.1 with libharfbuzz-subset")
    else:
        yield Finding(
            "font subsetting", "WARN",
            "fontTools fallback: PDFs are ~3x slower; apt-get install libharfbuzz-subset0",
        )  # fmt: skip


def _svg() -> Iterator[Finding]:
    """Word cannot show SVG: an SVG logo is converted to PNG for DOCX with CairoSVG."""
    try:
        import cairosvg
    except (ImportError, OSError) as exc:  # OSError: the cairo library is missing
        yield Finding("SVG logo in DOCX", "WARN", f"cannot convert ({exc}); apt-get install libcairo2")
        return
    yield Finding("SVG logo in DOCX", "OK", f"CairoSVG {cairosvg.__version__}")


def _fonts() -> Iterator[Finding]:
    fonts = sorted(p.name for p in FONTS_DIR.glob("*.ttf"))
    if fonts:
        yield Finding("fonts", "OK", f"vendored {', '.join(fonts)}")
    else:
        yield Finding("fonts", "FAIL", f"no vendored fonts in {FONTS_DIR}")


def _tools() -> Iterator[Finding]:
    for tool, why in (
        ("soffice", "DOCX -> PDF and PPTX -> PDF checks in the tests (Writer and Impress)"),
        ("pdftotext", "PDF text checks in the tests"),
    ):
        found = shutil.which(tool)
        yield Finding(tool, "OK" if found else "WARN", found or f"not found (optional: {why})")


@click.command("doctor")
@workspace_option
@click.pass_context
def command(ctx: click.Context) -> None:
    """Check this machine: libraries, fonts and the speed-ups agencydocs uses.

    Reports the YAML parser (libyaml), WeasyPrint with Pango and HarfBuzz
    (font subsetting through libharfbuzz-subset is ~10x faster than the
    fontTools fallback), CairoSVG (an SVG logo becomes a PNG in DOCX), the
    vendored fonts, and optional tools. Exits 1 when something required is
    missing.

    Example:

        agencydocs doctor
    """
    ok = True
    for finding in diagnose():
        click.echo(f"{finding.status:4} {finding.name}: {finding.detail}")
        ok = ok and finding.status != "FAIL"
    if not ok:
        sys.exit(1)
