"""Regenerate the vendored fonts in ``agencydocs/fonts/`` from Noto Sans.

Noto Sans (SIL OFL 1.1) is subset to the scripts our documents print:
Latin with Latin-1 and Latin Extended-A, Cyrillic, general punctuation
(thin and narrow no-break spaces, dashes, quotes), currency signs (₽ € $),
№ and ™. Hinting is dropped (PDF viewers do not use it); kerning, marks and
the numeral features (tabular figures for money columns) are kept.

The output is deterministic: the same source fonts and fontTools version
give the same bytes (the ``head`` timestamps are taken from the source).

Usage::

    python scripts/subset_fonts.py [--source /usr/share/fonts/truetype/noto]
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

DEFAULT_SOURCE = Path("/usr/share/fonts/truetype/noto")
TARGET = Path(__file__).resolve().parent.parent / "agencydocs" / "fonts"
STYLES = ("Regular", "Bold", "Italic", "BoldItalic")

UNICODE_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x0100, 0x017F),  # Latin Extended-A
    (0x0218, 0x021B),  # Romanian comma-below letters
    (0x02C6, 0x02DD),  # spacing accents used by Windows-1252 text
    (0x0300, 0x036F),  # combining marks: Russian stress accents, decomposed input
    (0x0400, 0x04FF),  # Cyrillic
    (0x2000, 0x206F),  # General Punctuation: U+2009, U+202F, U+2011, dashes, quotes
    (0x20A0, 0x20CF),  # Currency Symbols: € ₽ ₴ ₸ …
    (0x2116, 0x2116),  # №
    (0x2122, 0x2122),  # ™
    (0x2212, 0x2212),  # minus sign (kept if the source has it)
    (0x25CC, 0x25CC),  # dotted circle: HarfBuzz shows stray combining marks on it
    (0xFFFD, 0xFFFD),  # replacement character
)

EXTRA_FEATURES = ("tnum", "pnum", "lnum", "onum", "case", "zero", "sups", "subs", "ordn")

OFL_BODY = """\
-----------------------------------------------------------
SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007
-----------------------------------------------------------

PREAMBLE
The goals of the Open Font License (OFL) are to stimulate worldwide
development of collaborative font projects, to support the font creation
efforts of academic and linguistic communities, and to provide a free and
open framework in which fonts may be shared and improved in partnership with
others.

The OFL allows the licensed fonts to be used, studied, modified and
redistributed freely as long as they are not sold by themselves. The fonts,
including any derivative works, can be bundled, embedded, redistributed
and/or sold with any software provided that any reserved names are not used
by derivative works. The fonts and derivatives, however, cannot be released
under any other type of license. The requirement for fonts to remain under
this license does not apply to any document created using the fonts or their
derivatives.

DEFINITIONS
"Font Software" refers to the set of files released by the Copyright
Holder(s) under this license and clearly marked as such. This may include
source files, build scripts and documentation.

"Reserved Font Name" refers to any names specified as such after the
copyright statement(s).

"Original Version" refers to the collection of Font Software components as
distributed by the Copyright Holder(s).

"Modified Version" refers to any derivative made by adding to, deleting, or
substituting -- in part or in whole -- any of the components of the Original
Version, by changing formats or by porting the Font Software to a new
environment.

"Author" refers to any designer, engineer, programmer, technical writer or
other person who contributed to the Font Software.

PERMISSION & CONDITIONS
Permission is hereby granted, free of charge, to any person obtaining a copy
of the Font Software, to use, study, copy, merge, embed, modify,
redistribute, and sell modified and unmodified copies of the Font Software,
subject to the following conditions:

1) Neither the Font Software nor any of its individual components, in
Original or Modified Versions, may be sold by itself.

2) Original or Modified Versions of the Font Software may be bundled,
redistributed and/or sold with any software, provided that each copy
contains the above copyright notice and this license. These can be included
either as stand-alone text files, human-readable headers or in the
appropriate machine-readable metadata fields within text or binary files as
long as those fields can be easily viewed by the user.

3) No Modified Version of the Font Software may use the Reserved Font
Name(s) unless explicit written permission is granted by the corresponding
Copyright Holder. This restriction only applies to the primary font name as
presented to the users.

4) The name(s) of the Copyright Holder(s) or the Author(s) of the Font
Software shall not be used to promote, endorse or advertise any Modified
Version, except to acknowledge the contribution(s) of the Copyright
Holder(s) and the Author(s) or with their explicit written permission.

5) The Font Software, modified or unmodified, in part or in whole, must be
distributed entirely under this license, and must not be distributed under
any other license. The requirement for fonts to remain under this license
does not apply to any document created using the Font Software.

TERMINATION
This license becomes null and void if any of the above conditions are not
met.

DISCLAIMER
THE FONT SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS
OR IMPLIED, INCLUDING BUT NOT LIMITED TO ANY WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT OF COPYRIGHT, PATENT,
TRADEMARK, OR OTHER RIGHT. IN NO EVENT SHALL THE COPYRIGHT HOLDER BE LIABLE
FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, INCLUDING ANY GENERAL, SPECIAL,
INDIRECT, INCIDENTAL, OR CONSEQUENTIAL DAMAGES, WHETHER IN AN ACTION OF
CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF THE USE OR INABILITY TO
USE THE FONT SOFTWARE OR FROM OTHER DEALINGS IN THE FONT SOFTWARE.
"""


def unicodes() -> list[int]:
    """Every code point we ask the subsetter to keep."""
    return [cp for start, end in UNICODE_RANGES for cp in range(start, end + 1)]


def subset_options() -> subset.Options:
    """fontTools options: no hinting, all names, kerning and numeral features."""
    options = subset.Options()
    options.hinting = False
    options.drop_tables += ["gasp", "DSIG"]
    options.layout_features = [*options.layout_features, *EXTRA_FEATURES]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.glyph_names = False
    options.notdef_outline = True
    options.recalc_timestamp = False
    return options


def subset_font(source: Path, target: Path) -> str:
    """Write the subset of ``source`` to ``target``; return its copyright line."""
    font = TTFont(source, recalcTimestamp=False)
    subsetter = subset.Subsetter(subset_options())
    subsetter.populate(unicodes=unicodes())
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(target, reorderTables=True)
    return font["name"].getDebugName(0) or ""


def write_licence(target: Path, copyright_line: str, version: str) -> None:
    """OFL 1.1 with the font's copyright line and a note on the modification."""
    header = (
        f"{copyright_line}\n\n"
        f"Subset of Noto Sans {version} (Latin, Cyrillic, punctuation, currency signs;\n"
        "hinting removed) made by scripts/subset_fonts.py for agencydocs.\n\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
        "This license is copied below, and is also available with a FAQ at:\n"
        "https://openfontlicense.org\n\n\n"
    )
    target.write_text(header + OFL_BODY, encoding="utf-8", newline="\n")


def main() -> None:
    """Subset the four styles and write the licence next to them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder with NotoSans-*.ttf")
    parser.add_argument("--target", type=Path, default=TARGET, help="output folder")
    args = parser.parse_args()
    copyright_line = ""
    for style in STYLES:
        target = args.target / f"NotoSans-{style}.ttf"
        copyright_line = subset_font(args.source / f"NotoSans-{style}.ttf", target)
        digest = hashlib.sha256(target.read_bytes()).hexdigest()[:16]
        print(f"{target.name}: {target.stat().st_size} bytes, sha256 {digest}")
    version = TTFont(args.source / "NotoSans-Regular.ttf")["head"].fontRevision
    write_licence(args.target / "OFL.txt", copyright_line, f"{version:.3f}")


if __name__ == "__main__":
    main()
