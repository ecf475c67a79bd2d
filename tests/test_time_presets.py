"""``time.preset``: a tracker's CSV export read as it comes (Toggl Track, Clockify, Harvest, Kimai)."""

from __future__ import annotations

import functools
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from agencydocs.commands.check import check
from agencydocs.kinds import resolve
from agencydocs.models import Agency
from agencydocs.models.documents.report import TimeSheet
from agencydocs.resolvers.report import ReportContext
from agencydocs.workspace.time_presets import column_map
from agencydocs.workspace.timesheet import find_person, parse_csv_bytes
from tests.helpers import REPO_ROOT, example_workspace, replace_in_file, run_cli

DATA = Path(__file__).parent / "data" / "time"
REPORT = "projects/globex-seo/reports/2026-10.yaml"

# Hours per (team member, milestone) of each sample, added up by hand from its rows.
EXPECTED = {
    # 2:30:00 + 0:20:00 (0.33 h) technical, 1:45:00 content; BOM-prefixed UTF-8
    "toggl": ("toggl-detailed.csv", {
        ("olga", "technical"): Decimal("2.83"), ("olga", "content"): Decimal("1.75"),
        ("igor", None): Decimal("1.00"), ("dmitry", "technical"): Decimal("2.25"),
    }),
    # US dates (10/13/2026), Duration (decimal)
    "clockify": ("clockify-detailed.csv", {
        ("olga", "technical"): Decimal("3.25"), ("olga", "content"): Decimal("3.00"),
        ("igor", "links"): Decimal("4.25"), ("dmitry", "technical"): Decimal("1.33"),
    }),
    # First Name + Last Name, decimal Hours (not the rounded ones)
    "harvest": ("harvest-detailed-time.csv", {
        ("olga", "content"): Decimal("6.5"), ("igor", "links"): Decimal("3.25"),
        ("dmitry", "technical"): Decimal("1.2"),
    }),
    # cp1251, semicolons, Russian user names, durations 02:45
    "kimai": ("kimai-export-cp1251.csv", {
        ("olga", "technical"): Decimal("2.50"), ("olga", "content"): Decimal("1.50"),
        ("igor", None): Decimal("1.00"), ("dmitry", "technical"): Decimal("2.75"),
    }),
}  # fmt: skip


@functools.cache
def _agency() -> Agency:
    """The example's team (ids, e-mails, names in two languages), loaded as agencydocs loads it."""
    agency = check(REPO_ROOT).workspace.agency
    assert agency is not None
    return agency.model


def _hours(raw: bytes, sheet: TimeSheet) -> dict[tuple[str, str | None], Decimal]:
    entries, problems = parse_csv_bytes(raw, "time.csv", column_map(sheet))
    assert problems == []
    agency = _agency()
    sums: dict[tuple[str, str | None], Decimal] = defaultdict(Decimal)
    for entry in entries:
        person = find_person(agency, entry.person)
        assert person is not None, entry.person
        sums[(person.id, entry.milestone)] += entry.hours
    return dict(sums)


@pytest.mark.parametrize("preset", sorted(EXPECTED))
def test_each_preset_reads_its_sample_export(preset: str) -> None:
    name, expected = EXPECTED[preset]
    assert _hours((DATA / name).read_bytes(), TimeSheet(preset=preset)) == expected


@pytest.mark.parametrize("preset", sorted(EXPECTED))
def test_a_report_reads_the_export_with_its_preset(tmp_path: Path, preset: str) -> None:
    name, expected = EXPECTED[preset]
    root = example_workspace(tmp_path)
    (root / REPORT).parent.joinpath(name).write_bytes((DATA / name).read_bytes())
    replace_in_file(root / REPORT, "  csv: time-2026-10.csv", f"  csv: {name}\n  preset: {preset}")
    result = run_cli(["-C", str(root), "check"])
    assert result.exit_code == 0, result.output
    assert "error" not in result.stderr
    # The report counts the export's hours: its time section's total is the sample's.
    checked = check(root)
    source = next(d for d in checked.workspace.documents if d.file.display == REPORT)
    context = resolve(checked.workspace, source)
    assert isinstance(context, ReportContext) and context.time is not None
    assert context.time.hours_value == sum(expected.values())
    # The same export without its preset: the header names none of our columns.
    replace_in_file(root / REPORT, f"  preset: {preset}", "")
    result = run_cli(["-C", str(root), "check"])
    assert result.exit_code == 1
    [problem] = [line for line in result.problem_lines if name in line]
    assert problem.startswith(f"projects/globex-seo/reports/{name}:1:1: header: header has no column ")
    assert "or name the tracker with time.preset" in problem


def test_the_encoding_is_detected() -> None:
    """The cp1251 export, as UTF-8 and as UTF-8 with a BOM, gives the same hours."""
    raw = (DATA / "kimai-export-cp1251.csv").read_bytes()
    text = raw.decode("cp1251")
    sheet = TimeSheet(preset="kimai")
    expected = EXPECTED["kimai"][1]
    for encoded in (raw, text.encode("utf-8"), text.encode("utf-8-sig")):
        assert _hours(encoded, sheet) == expected


def test_columns_override_a_preset_field() -> None:
    """``time.columns`` renames single fields on top of the preset: Clockify's ``Duration (h)`` (1:20:00)."""
    raw = (DATA / "clockify-detailed.csv").read_bytes()
    sheet = TimeSheet.model_validate({"preset": "clockify", "columns": {"hours": "Duration (h)"}})
    assert _hours(raw, sheet) == EXPECTED["clockify"][1]


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("10/13/2026", "13/10/2026", "date", "date: is not a real calendar date (got '13/10/2026')"),
        (
            "10/14/2026",
            "14.10.26",
            "date",
            "date: must be a date written YYYY-MM-DD, DD.MM.YYYY or MM/DD/YYYY (got '14.10.26')",
        ),  # fmt: skip
        (
            ",1.33,",
            ",1h20,",
            "hours",
            "hours: must be a number of hours like 1.5, 1,5 or 1:30 (got '1h20')",
        ),  # fmt: skip
    ],
)
def test_a_bad_row_is_a_located_problem(old: str, new: str, field: str, message: str) -> None:
    text = (DATA / "clockify-detailed.csv").read_text(encoding="utf-8").replace(old, new, 1)
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if new in row)
    column = text.splitlines()[line - 1].index(new.strip(",")) + 1
    entries, problems = parse_csv_bytes(
        text.encode("utf-8"), "time.csv", column_map(TimeSheet(preset="clockify"))
    )
    assert [p.format() for p in problems] == [f"time.csv:{line}:{column}: {message}"]
    assert len(entries) == 4


def test_a_harvest_person_must_be_on_the_team(tmp_path: Path) -> None:
    root = example_workspace(tmp_path)
    name = "harvest-detailed-time.csv"
    text = (DATA / name).read_text(encoding="utf-8").replace("Igor,Belov", "Ivan,Petrov")
    (root / REPORT).parent.joinpath(name).write_text(text, encoding="utf-8")
    replace_in_file(root / REPORT, "  csv: time-2026-10.csv", f"  csv: {name}\n  preset: harvest")
    result = run_cli(["-C", str(root), "check"])
    assert result.exit_code == 1
    column = text.splitlines()[2].index("Ivan") + 1
    [problem] = result.problem_lines
    assert problem.startswith(
        f'projects/globex-seo/reports/{name}:3:{column}: person: unknown person "Ivan Petrov"'
    )
