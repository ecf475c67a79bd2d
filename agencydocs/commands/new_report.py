"""``new report --project P [--period YYYY-MM]``: a status report prefilled for its month.

The month (default: the one before the date, as reports follow the month
they cover) gives the period; the work groups are the milestones under way
in it (in progress, or due in the month); the time comes from the tracker's
CSV export saved next to the reports with the month in its name
(``time-2026-11.csv``); the metrics continue those of the project's
previous report, each with the new period's value to fill in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

from agencydocs.commands.new_request import NewRequest, NewResult, fill, quote, write_new
from agencydocs.domain.retainer import parse_month
from agencydocs.models.base import localize
from agencydocs.models.documents import Report
from agencydocs.models.documents.common import Period
from agencydocs.models.documents.report import MetricSeries
from agencydocs.models.project import Milestone

_WEEK = re.compile(r"^\d{4}-W\d{2}$")


def start_report(request: NewRequest) -> NewResult:
    period = request.period or _month_before(request.on)
    month = period.start.strftime("%Y-%m")
    path = request.document_path("reports", month)
    previous = [
        r for r in request.project_sources(Report) if isinstance(r, Report) and r.period.end < period.start
    ]
    lines = [
        *request.header(path),
        "period:",
        f"  start: {period.start.isoformat()}",
        f"  end: {period.end.isoformat()}",
        f"summary: {fill('the month in a few sentences, in Markdown')}",
        *_work(request, period),
        *_time(path.parent.iterdir() if path.parent.is_dir() else [], month, previous),
        *_metrics(previous[-1] if previous else None, period, request.language()),
    ]
    write_new(request.root, path, lines)
    return NewResult(path)


def _month_before(day: date) -> Period:
    return parse_month((day.replace(day=1) - timedelta(days=1)).strftime("%Y-%m"))


def _under_way(milestone: Milestone, period: Period) -> bool:
    due_in_period = milestone.due is not None and period.start <= milestone.due <= period.end
    return milestone.status == "in_progress" or (milestone.status != "cancelled" and due_in_period)


def _work(request: NewRequest, period: Period) -> list[str]:
    milestones = [m for m in request.project_model().milestones if _under_way(m, period)]
    if not milestones:
        return ["work: []  # no milestone is in progress or due this month: add groups with a title"]
    language = request.language()
    lines = ["work:"]
    for milestone in milestones:
        title = localize(milestone.title, language)
        lines += [
            f"  - milestone: {milestone.id}",
            "    done:",
            f"      - {fill(f'what was done on {title}')}",
        ]
    return lines


def _time(files: Iterable[Path], month: str, previous: list[Report]) -> list[str]:
    """``time:`` from the month's CSV export, with the previous report's preset and columns."""
    exports = sorted(p.name for p in files if p.suffix.lower() == ".csv" and month in p.name)
    if not exports:
        return [f"# time: {{csv: time-{month}.csv}}  # the tracker's export, saved next to this file"]
    lines = ["time:", f"  csv: {quote(exports[0])}"]
    earlier = next((r.time for r in reversed(previous) if r.time is not None and r.time.csv), None)
    if earlier is not None and earlier.preset is not None:
        lines.append(f"  preset: {earlier.preset}")
    if earlier is not None and earlier.columns.model_fields_set:
        columns = earlier.columns.model_dump(include=earlier.columns.model_fields_set)
        lines.append(f"  columns: {json.dumps(columns, ensure_ascii=False)}")
    return lines


def _metrics(previous: Report | None, period: Period, language: str) -> list[str]:
    """The previous report's metrics, each with the new period's value to fill in."""
    if previous is None or not previous.metrics:
        return []
    lines = []
    if previous.metrics_title is not None:
        lines.append(f"metrics_title: {json.dumps(previous.metrics_title, ensure_ascii=False)}")
    lines.append("metrics:")
    for series in previous.metrics:
        lines += _series(series, period, language)
    return lines


def _series(series: MetricSeries, period: Period, language: str) -> list[str]:
    fields = series.model_dump(include=series.model_fields_set - {"values"}, mode="json")
    lines = [f"  - name: {json.dumps(fields.pop('name'), ensure_ascii=False)}"]
    lines += [f"    {key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()]
    lines.append("    values:")
    lines += [
        f"      {quote(key)}: {'null' if value is None else value}" for key, value in series.values.items()
    ]
    weekly = any(_WEEK.match(key) for key in series.values)
    name = localize(series.name, language)  # the hint in the client's language, like the report
    for key in _period_keys(period, weekly):
        if key not in series.values:
            lines.append(f"      {quote(key)}: {fill(f'{name} in {key}')}")
    return lines


def _period_keys(period: Period, weekly: bool) -> list[str]:
    """The metric keys of a period: its month, or the ISO weeks that start in it."""
    if not weekly:
        return [period.start.strftime("%Y-%m")]
    keys, day = [], period.start
    while day <= period.end:
        if day.weekday() == 0:
            year, week, _ = day.isocalendar()
            keys.append(f"{year}-W{week:02}")
        day += timedelta(days=1)
    return keys
