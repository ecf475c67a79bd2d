"""Numbers: holes in a series, numbering options, and output file names made from numbers.

``check`` warns about numbers missing inside a series (an error with
``--strict``) unless agency.yaml allows gaps in it; numbers that differ only
in non-Latin letters get file names of their own (Cyrillic is transliterated);
two documents that would still share an output file are an error of
``check``, naming both files and the lines of their numbers.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from agencydocs.building.writing import safe_name
from agencydocs.domain.numbering import find_gaps
from tests.helpers import example_workspace, line_of, replace_in_file, run_cli
from tests.hostile.harness import GuardedWorkspace

GERMAN_INVOICE = "projects/nordlicht-relaunch/invoice-2026-017.yaml"  # the first number after the gap
GAP_WARNING = (
    f"{GERMAN_INVOICE}:5:9: warning: number: invoice 2026-015 and 2026-016 are missing before this one; "
    "number documents without holes, or set numbering.invoice.gaps: allowed in agency.yaml"
)


def _gaps_warned(root: Path) -> None:
    """Turn the example's invoice series back to the short form, which warns about gaps."""
    replace_in_file(
        root / "agency.yaml",
        'invoice: {pattern: "{year}-{seq:03}", gaps: allowed}',
        'invoice: "{year}-{seq:03}"',
    )


# --- holes in a series ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "numbers", "expected"),
    [
        # The first number of a series is no hole: earlier ones predate the workspace.
        ("{year}-{seq:03}", ["2026-014", "2026-015"], []),
        ("{year}-{seq:03}", ["2026-014", "2026-016"], [("2026-016", "2026-015 is missing")]),
        ("{year}-{seq:03}", ["2026-017", "2026-014"], [("2026-017", "2026-015 and 2026-016 are missing")]),
        ("{year}-{seq:03}", ["2026-014", "2026-018"], [("2026-018", "2026-015 … 2026-017 are missing")]),
        # Each year is a series of its own; a year's first number follows no hole.
        ("{year}-{seq:03}", ["2025-098", "2026-001", "2026-003"], [("2026-003", "2026-002 is missing")]),
        # A pattern naming the client numbers each client apart.
        ("{client}/{seq}", ["acme/1", "globex/2", "acme/3"], [("acme/3", "acme/2 is missing")]),
        # Numbers outside the pattern are no part of any series; one written twice is one number.
        ("{seq}/{year}", ["12/2026", "GX-2026-07", "13/2026", "013/2026"], []),
        # Digits of another script are no part of a series (int() would read them).
        ("{year}-{seq:03}", ["2026-001", "\u0662\u0660\u0662\u0666-\u0660\u0660\u0663"], []),
    ],
)
def test_find_gaps(pattern: str, numbers: list[str], expected: list[tuple[str, str]]) -> None:
    assert [(gap.before, gap.describe()) for gap in find_gaps(pattern, numbers)] == expected


def test_a_gap_warns_at_the_number_after_it_and_fails_strict(guarded: GuardedWorkspace) -> None:
    _gaps_warned(guarded.root)
    assert line_of(guarded.root / GERMAN_INVOICE, "number:") == 5
    outcome = guarded.run("check")
    assert outcome.exit_code == 0, outcome.output
    assert outcome.problem_lines == [GAP_WARNING]
    strict = guarded.run("check", "--strict")
    assert strict.exit_code == 1
    assert strict.problem_lines == [GAP_WARNING]
    assert re.search(r"\nFAILED: \d+ file\(s\) checked; 0 error\(s\), 1 warning\(s\)\n$", strict.stderr), (
        strict.stderr
    )


@pytest.mark.parametrize(
    "setting",
    [
        '{pattern: "{year}-{seq:03}", gaps: allowed}',
        "{gaps: allowed}",  # the default pattern, {year}-{seq:03}
    ],
)
def test_a_series_may_allow_gaps(tmp_path: Path, setting: str) -> None:
    root = example_workspace(tmp_path)
    _gaps_warned(root)
    replace_in_file(root / "agency.yaml", 'invoice: "{year}-{seq:03}"', f"invoice: {setting}")
    result = run_cli(["check", "--strict"], cwd=root)
    assert (result.exit_code, result.problem_lines) == (0, [])


def test_a_kind_without_a_pattern_has_the_default_series(tmp_path: Path) -> None:
    root = example_workspace(tmp_path)
    shutil.copy(
        root / "projects/romashka-site/proposals/2026-031.yaml", root / "projects/romashka-site/p.yaml"
    )
    replace_in_file(root / "projects/romashka-site/p.yaml", "number: 2026-031", "number: 2026-033")
    line = line_of(root / "projects/romashka-site/p.yaml", "number: 2026-033")
    result = run_cli(["check"], cwd=root)
    assert result.problem_lines == [
        f"projects/romashka-site/p.yaml:{line}:9: warning: number: proposal 2026-032 is missing before this one; "
        "number documents without holes, or set numbering.proposal.gaps: allowed in agency.yaml"
    ]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            '"{year}-{nr}"',
            "numbering.invoice: unknown field {nr}; known: {year}, {seq}, {client}, {project} "
            '(got "{year}-{nr}")',
        ),
        ('"{year}"', 'numbering.invoice: needs a {seq} field (got "{year}")'),
        (
            '"{year}-{seq"',
            "numbering.invoice: is not a valid template: expected '}' before end of string "
            '(got "{year}-{seq")',
        ),
        (
            '"{year}-{seq:x3q}"',
            "numbering.invoice: cannot make a number: Invalid format specifier 'x3q' for "
            "object of type 'int' (got \"{year}-{seq:x3q}\")",
        ),
        (
            '{pattern: "{seq}", gaps: sometimes}',
            "numbering.invoice.gaps: must be one of 'warn' or 'allowed' (got \"sometimes\")",
        ),
        (
            '{pattern: "{seq}", gap: allowed}',
            'numbering.invoice.gap: unknown field; did you mean "gaps"? expected one of: pattern, gaps',
        ),
    ],
)
def test_bad_numbering_settings_are_located(tmp_path: Path, setting: str, message: str) -> None:
    root = example_workspace(tmp_path)
    _gaps_warned(root)
    replace_in_file(root / "agency.yaml", 'invoice: "{year}-{seq:03}"', f"invoice: {setting}")
    line = line_of(root / "agency.yaml", "  invoice: ")
    result = run_cli(["check"], cwd=root)
    assert result.exit_code == 1
    [problem] = result.problem_lines
    assert problem.startswith(f"agency.yaml:{line}:")
    assert problem.split(": ", 1)[1] == message


# --- file names made from numbers ------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    ["2026-014", "12/2026", "GX-2026-07", "1", "FV/2024/03/001", "a_b.c", "INV 7", "../x", "--", "..."],
)
def test_ascii_names_are_unchanged(number: str) -> None:
    """Outputs built before transliteration existed keep their names (the old rule, spelled out)."""
    import re

    expected = re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9._-]+", "-", number).strip("-.")) or "untitled"
    assert safe_name(number) == expected


@pytest.mark.parametrize(
    ("number", "name"),
    [
        ("А-1", "A-1"),
        ("Б-1", "B-1"),
        ("Счёт №12/2026", "Schet-No12-2026"),
        ("ЖЩ-Юя", "ZhShch-Iuia"),
        ("Faktura-Kraków", "Faktura-Krakow"),
        ("Ω-1", "u03a9-1"),  # no transliteration: the code point, never nothing
        ("発票", "u767au7968"),
    ],
)
def test_non_latin_numbers_are_transliterated(number: str, name: str) -> None:
    assert safe_name(number) == name


def _two_invoices(root: Path, first: str, second: str) -> tuple[str, str]:
    """Two invoices of the example's project numbered ``first`` and ``second``; their paths.

    They bill backend and launch, one each, so nothing but their numbers can clash (copies of
    2026-014 would bill its stages twice over); the example's final invoice of backend, 2026-022,
    goes for that.
    """
    (root / "projects/romashka-site/invoices/2026-022.yaml").unlink()
    paths = ("projects/romashka-site/invoices/x1.yaml", "projects/romashka-site/invoices/x2.yaml")
    numbers_and_stages = ((first, "backend"), (second, "launch"))
    for path, (number, stage) in zip(paths, numbers_and_stages, strict=True):
        (root / path).write_text(
            f"# two stages not billed yet\nkind: invoice\nnumber: {number}\ndate: 2026-11-27\n"
            f"contract: 12/2026\nlines:\n  - milestone: {stage}\n    unit: усл.\n",
            encoding="utf-8",
        )
    return paths


@pytest.mark.slow  # builds in every format
def test_numbers_differing_in_cyrillic_letters_build_apart(guarded: GuardedWorkspace) -> None:
    _two_invoices(guarded.root, "А-1", "Б-1")
    outcome = guarded.run("build", "-j1", "--format", "html", "projects/romashka-site/invoices")
    assert outcome.exit_code == 0, outcome.output
    folder = guarded.output / "romashka/romashka-site"
    assert sorted(p.name for p in folder.glob("invoice-*.html")) == [
        "invoice-2026-014.html", "invoice-2026-019.html", "invoice-2026-021.html", "invoice-A-1.html", "invoice-B-1.html"
    ]  # fmt: skip
    assert "А-1" in (folder / "invoice-A-1.html").read_text(encoding="utf-8")
    assert "Б-1" in (folder / "invoice-B-1.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("first", "second", "stem"),
    [
        ("A-1", "А-1", "invoice-A-1"),  # Latin A, then Cyrillic А
        ("INV/1", "INV-1", "invoice-INV-1"),
        ("inv-1", "INV-1", "invoice-INV-1"),  # one file on macOS and Windows
    ],
)
def test_check_finds_two_documents_on_one_output_file(
    guarded: GuardedWorkspace, first: str, second: str, stem: str
) -> None:
    one, two = _two_invoices(guarded.root, first, second)
    outcome = guarded.run("check")
    assert outcome.exit_code == 1
    assert outcome.problem_lines == [
        f"{two}:3:9: number: output/romashka/romashka-site/{stem}.* is also the output of {one}:3; "
        "give the documents numbers that differ in Latin letters or digits"
    ]
    build = guarded.run("build", "-j1", "--format", "html")
    assert build.exit_code == 1 and not guarded.output.exists()
    assert outcome.problem_lines[0] in build.problem_lines
