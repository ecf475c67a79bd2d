"""A character the document fonts cannot draw is a located ``check`` warning, not a silent box in a PDF."""

from __future__ import annotations

import pytest

from agencydocs.rendering.glyphs import COVERAGE_FILE, coverage_text, font_code_points, missing_characters
from tests.helpers import line_of, replace_in_file
from tests.hostile.harness import GuardedWorkspace

INVOICE = "projects/globex-seo/invoice-2026-018.yaml"
NOT_IN_FONTS = "is not in the document fonts (Noto Sans subset): the PDF would show a missing-glyph box"


def _warnings(guarded: GuardedWorkspace, *args: str) -> tuple[int, list[str]]:
    outcome = guarded.run("check", *args)
    return outcome.exit_code, [line for line in outcome.problem_lines if ": warning: " in line]


@pytest.mark.parametrize(
    ("text", "column", "described"),
    [
        ("SEO 😀 retainer", 22, 'U+1F600 GRINNING FACE "😀"'),
        ("SEO 漢 retainer", 22, 'U+6F22 CJK UNIFIED IDEOGRAPH-6F22 "漢"'),
        ("SEO ✓ retainer", 22, 'U+2713 CHECK MARK "✓"'),
        ("SEO \u2212 retainer", 22, 'U+2212 MINUS SIGN "\u2212"'),
        ("SEO \ufe0f retainer", 22, 'U+FE0F VARIATION SELECTOR-16 "\ufe0f"'),
    ],
)
def test_a_character_outside_the_fonts_is_a_located_warning(
    guarded: GuardedWorkspace, text: str, column: int, described: str
) -> None:
    replace_in_file(guarded.root / INVOICE, "description: Content writing", f"description: {text}")
    line = line_of(guarded.root / INVOICE, f"description: {text}")
    exit_code, warnings = _warnings(guarded)
    assert exit_code == 0
    assert warnings == [
        f"{INVOICE}:{line}:{column}: warning: lines[3].description: character {described} {NOT_IN_FONTS}"
    ]


def test_each_distinct_character_is_named_once_per_field_at_its_own_column(guarded: GuardedWorkspace) -> None:
    replace_in_file(
        guarded.root / "clients/globex.yaml", "name: Globex Handels GmbH", "name: Globex 株式会社 株式"
    )
    exit_code, warnings = _warnings(guarded, "--strict")
    assert exit_code == 1  # --strict makes the warnings fail
    assert warnings == [
        f'clients/globex.yaml:4:16: warning: legal.name: character U+682A CJK UNIFIED IDEOGRAPH-682A "株" {NOT_IN_FONTS}',
        f'clients/globex.yaml:4:17: warning: legal.name: character U+5F0F CJK UNIFIED IDEOGRAPH-5F0F "式" {NOT_IN_FONTS}',
        f'clients/globex.yaml:4:18: warning: legal.name: character U+4F1A CJK UNIFIED IDEOGRAPH-4F1A "会" {NOT_IN_FONTS}',
        f'clients/globex.yaml:4:19: warning: legal.name: character U+793E CJK UNIFIED IDEOGRAPH-793E "社" {NOT_IN_FONTS}',
    ]


def test_a_character_on_a_later_line_of_a_block_scalar_is_located_on_that_line(
    guarded: GuardedWorkspace,
) -> None:
    replace_in_file(
        guarded.root / INVOICE,
        "  - description: Content writing — 6 category texts (DE), 1,200 words each\n",
        "  - description: |\n      Content writing, October 2026\n      with a rocket 🚀 in it\n",
    )
    line = line_of(guarded.root / INVOICE, "with a rocket")
    _, warnings = _warnings(guarded)
    assert warnings == [
        f'{INVOICE}:{line}:21: warning: lines[3].description: character U+1F680 ROCKET "🚀" {NOT_IN_FONTS}'
    ]


def test_an_escaped_character_is_located_at_its_value(guarded: GuardedWorkspace) -> None:
    replace_in_file(
        guarded.root / INVOICE,
        "description: Content writing — 6 category texts (DE), 1,200 words each",
        'description: "SEO \\U0001F600"',
    )
    line = line_of(guarded.root / INVOICE, "SEO \\U0001F600")
    _, warnings = _warnings(guarded)
    assert warnings == [
        f'{INVOICE}:{line}:18: warning: lines[3].description: character U+1F600 GRINNING FACE "😀" {NOT_IN_FONTS}'
    ]


def test_the_example_workspace_uses_only_characters_of_the_fonts(guarded: GuardedWorkspace) -> None:
    # Cyrillic, «», —, №, €, ₽ and no-break spaces are all in the subset.
    assert _warnings(guarded) == (0, [])
    assert missing_characters("Счёт № 12 «Ромашка» — 1\u00a0000,00 ₽ / €5 ") == []


def test_the_committed_coverage_matches_the_vendored_fonts() -> None:
    assert COVERAGE_FILE.read_text(encoding="ascii") == coverage_text(font_code_points()), (
        "fonts changed: run `python -m agencydocs.rendering.glyphs`"
    )
