"""Time entries of a report: typed in its YAML or imported from a CSV file next to it.

Both sources become :class:`Entry` values that remember where they came from,
so ``check`` can point at the YAML field or at the CSV row (its line) and
column of an unknown person or milestone. The CSV is parsed with the
``csv`` module; every malformed row is a :class:`~agencydocs.errors.Problem`
with the file, the row's line and the column's position and name.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import cast

from agencydocs.errors import Problem
from agencydocs.models.agency import Agency, Person
from agencydocs.models.documents.report import MAX_HOURS_PER_ENTRY, Report
from agencydocs.reading.files import HARD_MAX_FILE_SIZE, RefusedFile, read_file
from agencydocs.reading.invisible import (
    DIRECTION_CONTROLS,
    ZERO_WIDTH,
    direction_message,
    zero_width_message,
)
from agencydocs.reading.loading import DEFAULT_MAX_FILE_SIZE, Loc
from agencydocs.workspace.time_presets import ColumnMap, UnknownEncoding, column_map, decode_csv

REQUIRED = ("date", "person", "hours")
OPTIONAL = ("task", "milestone")
_DECIMAL_HOURS = re.compile(r"^\d{1,3}([.,]\d{1,4})?$", re.ASCII)
_CLOCK_HOURS = re.compile(r"^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$", re.ASCII)
_RU_DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$", re.ASCII)
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", re.ASCII)  # month first, as US exports write it
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Entry:
    """One time entry and where it was written.

    ``loc`` is the YAML field path of a typed entry; a CSV entry has
    ``line`` and ``columns`` (field -> 1-based character column in that line) in ``file`` instead.
    """

    date: date
    person: str
    hours: Decimal
    task: str
    milestone: str | None
    file: str
    loc: Loc | None = None
    line: int = 0
    columns: Mapping[str, int] = field(default_factory=dict)


def csv_path(report_file: Path, relative: str) -> Path:
    return report_file.parent / relative


def yaml_entries(report: Report, display: str) -> list[Entry]:
    """The entries typed in the report itself."""
    if report.time is None:
        return []
    return [
        Entry(e.date, e.person, e.hours, e.task, e.milestone, display, loc=("time", "entries", index))
        for index, e in enumerate(report.time.entries)
    ]


def read_csv(
    path: Path,
    display: str,
    columns: ColumnMap,
    max_bytes: int = DEFAULT_MAX_FILE_SIZE,
    *,
    root: Path | None = None,
) -> tuple[list[Entry], list[Problem]]:
    """Parse a CSV of time entries (confined to ``root``, see :mod:`agencydocs.reading.files`);
    returns the good rows and a problem per bad one."""
    try:
        raw = read_file(path, root=root, max_bytes=max_bytes)
    except RefusedFile as exc:
        return [], [Problem(display, message=str(exc))]
    return parse_csv_bytes(raw, display, columns)


def parse_csv_bytes(raw: bytes, display: str, columns: ColumnMap) -> tuple[list[Entry], list[Problem]]:
    """Parse the bytes of a CSV of time entries, in whatever encoding ``decode_csv`` recognises."""
    try:
        text = decode_csv(raw)
    except UnknownEncoding as exc:
        return [], [Problem(display, 1, 1, message=str(exc))]
    return _parse(text, display, columns)


def _parse(text: str, display: str, columns: ColumnMap) -> tuple[list[Entry], list[Problem]]:
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return [], [Problem(display, 1, 1, message=f"malformed CSV header: {exc}")]
    if header is None:
        return [], [Problem(display, 1, 1, message="file is empty; expected a header row")]
    positions, problems = _header(header, display, columns)
    if problems:
        return [], problems
    entries: list[Entry] = []
    # The physical lines exactly as the reader sees them, to turn a field into its column.
    physical = io.StringIO(text, newline="").readlines()
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(display, line, 1, "row", f"malformed CSV: {exc}"))
            break
        if any(cell.strip() for cell in row):
            # A row whose quoted field spans lines has no single line to count columns in.
            raw = physical[line - 1] if reader.line_num == line else None
            where = _field_columns(raw, delimiter, len(row)) if raw is not None else None
            entry, row_problems = _row(row, line, len(header), positions, display, where)
            problems += row_problems
            if entry is not None:
                entries.append(entry)
        line = reader.line_num + 1
    return entries, problems


def _header(
    header: list[str], display: str, columns: ColumnMap
) -> tuple[dict[str, list[int]], list[Problem]]:
    """Column indexes (0-based) of each field, found by their (case-insensitive) header names;
    a person may take several columns (Harvest's first and last name)."""
    names = [name.strip().casefold() for name in header]
    positions: dict[str, list[int]] = {}
    missing = []
    for name in (*REQUIRED, *OPTIONAL):
        value: str | tuple[str, ...] = getattr(columns, name)
        wanted = (value,) if isinstance(value, str) else value
        indexes = [names.index(w.strip().casefold()) for w in wanted if w.strip().casefold() in names]
        if len(indexes) == len(wanted):
            positions[name] = indexes
        elif name in REQUIRED:
            missing += [w for w in wanted if w.strip().casefold() not in names]
    if missing:
        found = ", ".join(h.strip() for h in header) or "nothing"
        message = (
            f"header has no column {', '.join(repr(m) for m in missing)}; found: {found} "
            "(rename the columns, map them with time.columns in the report, or name the tracker "
            "with time.preset)"
        )
        return positions, [Problem(display, 1, 1, "header", message)]
    return positions, []


def _field_columns(raw: str, delimiter: str, count: int) -> list[int] | None:
    """The 1-based character column where each field of one physical CSV line starts.

    Skips the blanks before a field, so the column points at its first
    character (or its opening quote). None when the count disagrees with the
    parsed row, which a well-formed line never does.
    """
    starts = [0]
    quoted = False
    for index, char in enumerate(raw.rstrip("\r\n")):
        if char == '"':
            quoted = not quoted  # a doubled quote inside a quoted field toggles twice
        elif char == delimiter and not quoted:
            starts.append(index + 1)
    if len(starts) != count:
        return None
    return [start + len(raw[start:]) - len(raw[start:].lstrip(" ")) + 1 for start in starts]


def _row(
    row: list[str],
    line: int,
    width: int,
    positions: dict[str, list[int]],
    display: str,
    where: list[int] | None,
) -> tuple[Entry | None, list[Problem]]:
    if len(row) != width:
        message = f"row has {len(row)} field(s), the header has {width}"
        return None, [Problem(display, line, 1, "row", message)]
    cells = {name: " ".join(row[i].strip() for i in indexes).strip() for name, indexes in positions.items()}
    # Without character columns (a row over several lines), the message names the field instead.
    columns = {name: where[indexes[0]] if where else 1 for name, indexes in positions.items()}
    field_note = {name: "" if where else f" (field {indexes[0] + 1})" for name, indexes in positions.items()}
    problems = []
    parsed: dict[str, object] = {}
    for name, parser in _PARSERS.items():
        if name not in cells:
            continue
        try:
            parsed[name] = parser(cells[name])
        except ValueError as exc:
            message = f"{exc} (got {cells[name]!r}){field_note[name]}"
            problems.append(Problem(display, line, columns[name], name, message))
    if problems:
        return None, problems
    entry = Entry(
        date=cast(date, parsed["date"]),  # each as its _PARSERS entry returns
        person=cast(str, parsed["person"]),
        hours=cast(Decimal, parsed["hours"]),
        task=str(parsed.get("task") or ""),
        milestone=cast("str | None", parsed.get("milestone") or None),
        file=display,
        line=line,
        columns=columns,
    )
    return entry, []


def parse_date(text: str) -> date:
    """``2026-10-05``, ``05.10.2026`` or the US ``10/05/2026`` (month first, as Clockify and Harvest write it)."""
    try:
        if _ISO_DATE.match(text):
            return date.fromisoformat(text)
        if match := _RU_DATE.match(text):
            return date(int(match[3]), int(match[2]), int(match[1]))
        if match := _US_DATE.match(text):
            return date(int(match[3]), int(match[1]), int(match[2]))
    except ValueError:
        raise ValueError("is not a real calendar date") from None
    raise ValueError("must be a date written YYYY-MM-DD, DD.MM.YYYY or MM/DD/YYYY")


def parse_hours(text: str) -> Decimal:
    """``1.5``, ``1,5``, ``1:30`` or ``01:30:00`` -> Decimal hours, above 0 and at most 24."""
    if _DECIMAL_HOURS.match(text):
        hours = Decimal(text.replace(",", "."))
    elif match := _CLOCK_HOURS.match(text):
        seconds = int(match[1]) * 3600 + int(match[2]) * 60 + int(match[3] or 0)
        hours = (Decimal(seconds) / 3600).quantize(Decimal("0.01"))
    else:
        raise ValueError("must be a number of hours like 1.5, 1,5 or 1:30")
    if not 0 < hours <= MAX_HOURS_PER_ENTRY:
        raise ValueError("must be more than 0 and at most 24 hours")
    return hours


def _text(text: str) -> str:
    if _CONTROL.search(text):
        raise ValueError("contains a control character")
    if control := DIRECTION_CONTROLS.search(text):
        raise ValueError(direction_message(control.group()))
    if len(text) > 2000:
        raise ValueError("is longer than 2000 characters")
    return text


def _required_text(text: str) -> str:
    if not text:
        raise ValueError("must not be empty")
    return _text(text)


def _id_text(text: str) -> str:
    """A person or milestone id: not free text, so no zero-width character either."""
    if zero_width := ZERO_WIDTH.search(text):
        raise ValueError(zero_width_message(zero_width.group()))
    return _text(text)


def _required_id_text(text: str) -> str:
    if not text:
        raise ValueError("must not be empty")
    return _id_text(text)


_PARSERS = {
    "date": parse_date,
    "person": _required_id_text,
    "hours": parse_hours,
    "task": _text,
    "milestone": _id_text,
}


def report_entries(report: Report, report_file: Path, display: str, root: Path) -> list[Entry]:
    """Every entry of a checked report: the typed ones, then the CSV rows."""
    entries = yaml_entries(report, display)
    if report.time is not None and report.time.csv is not None:
        path = csv_path(report_file, report.time.csv)
        csv_display = path.relative_to(root).as_posix()
        entries += read_csv(path, csv_display, column_map(report.time), HARD_MAX_FILE_SIZE, root=root)[0]
    return entries


def find_person(agency: Agency, value: str) -> Person | None:
    """A team member by id, by e-mail (Toggl Track, Clockify) or by full name in any of its
    languages (Harvest, Kimai), as time trackers export them."""
    person = agency.person(value)
    wanted = " ".join(value.split()).casefold()
    if person is None and "@" in value:
        person = next((p for p in agency.team if p.email and p.email.casefold() == wanted), None)
    if person is None and wanted:
        person = next((p for p in agency.team if wanted in _names(p)), None)
    return person


def _names(person: Person) -> set[str]:
    names = [person.name] if isinstance(person.name, str) else list(person.name.values())
    return {" ".join(name.split()).casefold() for name in names}
