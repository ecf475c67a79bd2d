"""Time-tracker CSV exports: which column holds each field (``time.preset``), and the file's encoding.

A preset names the columns of a tracker's own CSV export, so a report reads
the file as exported; ``time.columns`` still renames single fields on top of
it. The person is the team member's e-mail where the tracker exports one
(Toggl Track, Clockify), else the name (Harvest's first and last name,
Kimai's user name), matched by :func:`agencydocs.workspace.timesheet.find_person`.
The tracker's task (Kimai: activity) is the milestone; the entry's own
description is the task text.

Column names, from each tracker's documentation and export code:

- Toggl Track, Reports > Detailed > Export CSV: ``User, Email, Client, Project,
  Task, Description, Billable, Start date, Start time, End date, End time,
  Duration, Tags``; ISO dates, durations ``01:30:00``
  (support.toggl.com, "Editing and uploading a CSV file": "the easiest way to
  see how your CSV file should look like is to export a Detailed report").
- Clockify, Reports > Detailed > Export CSV: ``Project, Client, Description,
  Task, User, Email, Tags, Billable, Start Date, Start Time, End Date, End
  Time, Duration (h), Duration (decimal), ...``; US dates ``MM/DD/YYYY`` by
  default, ``Duration (decimal)`` such as ``1.28``
  (a Clockify export published at gist.github.com/mdnurahmed/cd65d2d1…).
- Harvest, Reports > Detailed time > Export CSV: ``Date, Client, Project,
  Project Code, Task, Notes, Hours, ..., First Name, Last Name, ...``; dates
  ``YYYY-MM-DD`` or ``M/D/YYYY``, decimal hours (support.getharvest.com,
  "Importing and exporting data": the time import takes the detailed time
  report's export).
- Kimai, timesheet export: ``Date, Begin, End, Duration, Rate, User, Customer,
  Project, Activity, Description, Exported, Tags, ...``; ISO dates, durations
  ``[hh]:mm`` (kimai/kimai, src/Export/Base/AbstractSpreadsheetRenderer.php,
  ``label.date``, ``label.begin`` ... with their English translations).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from agencydocs.models.documents.report import TimeColumns, TimeSheet

Preset = Literal["toggl", "clockify", "harvest", "kimai"]


@dataclass(frozen=True)
class ColumnMap:
    """The header name of each field; a person may be spread over several columns (first, last name)."""

    date: str
    person: tuple[str, ...]
    hours: str
    task: str
    milestone: str


PRESETS: dict[str, ColumnMap] = {
    "toggl": ColumnMap("Start date", ("Email",), "Duration", "Description", "Task"),
    "clockify": ColumnMap("Start Date", ("Email",), "Duration (decimal)", "Description", "Task"),
    "harvest": ColumnMap("Date", ("First Name", "Last Name"), "Hours", "Notes", "Task"),
    "kimai": ColumnMap("Date", ("User",), "Duration", "Description", "Activity"),
}


def column_map(sheet: TimeSheet | None) -> ColumnMap:
    """The columns of a report's CSV: the preset's, with the fields ``time.columns`` names on top."""
    columns = sheet.columns if sheet is not None else TimeColumns()
    preset = sheet.preset if sheet is not None else None
    if preset is None:
        return ColumnMap(columns.date, (columns.person,), columns.hours, columns.task, columns.milestone)
    base = PRESETS[preset]
    chosen = columns.model_fields_set  # only the fields the report names override the preset
    return ColumnMap(
        date=columns.date if "date" in chosen else base.date,
        person=(columns.person,) if "person" in chosen else base.person,
        hours=columns.hours if "hours" in chosen else base.hours,
        task=columns.task if "task" in chosen else base.task,
        milestone=columns.milestone if "milestone" in chosen else base.milestone,
    )


class UnknownEncoding(ValueError):
    """The bytes are neither UTF-8 nor an encoding charset-normalizer can tell."""


def decode_csv(raw: bytes) -> str:
    """The text of a CSV export: UTF-8 (with or without a BOM) first, as most trackers write it;
    otherwise the encoding charset-normalizer finds, e.g. cp1251 from a Russian Excel.

    Raises:
        UnknownEncoding: no encoding fits.
    """
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only for files that are not UTF-8

    best = from_bytes(raw).best()
    if best is None:
        raise UnknownEncoding("cannot tell the file's encoding; export the CSV as UTF-8")
    return str(best).removeprefix("\ufeff")
