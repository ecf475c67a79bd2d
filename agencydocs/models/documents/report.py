"""Status report: period, work by milestone, time against budget, SEO metrics, risks, decisions."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import AfterValidator, BeforeValidator, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from agencydocs.models.base import (
    Date,
    Id,
    LocalizedName,
    LocalizedText,
    Money,
    Quantity,
    StrictModel,
    Text,
)
from agencydocs.models.documents.common import DocumentBase, Period
from agencydocs.models.project import Budget

MONTH_KEY = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$", re.ASCII)
_MONTH_LIKE = re.compile(r"^(\d{4})-\d{1,2}$", re.ASCII)
_WEEK_LIKE = re.compile(r"^(\d{4})-W(\d{1,2})$", re.ASCII)
MAX_HOURS_PER_ENTRY = Decimal(24)


def _metric_period(key: str) -> str:
    """A metric's period key: a month ``2026-10`` or an ISO week ``2026-W43`` that the year has."""
    if MONTH_KEY.match(key):
        return key
    if week := _WEEK_LIKE.match(key):
        year, number = int(week[1]), int(week[2])
        # 28 December always falls in the year's last ISO week: 52 or 53.
        weeks = dt.date(max(year, 1), 12, 28).isocalendar().week
        if 1 <= number <= weeks:
            return key
        raise PydanticCustomError(
            "metric_period",
            "is not an ISO week: {year} has weeks W01 to W{weeks}",
            {"year": year, "weeks": weeks},
        )
    if _MONTH_LIKE.match(key):
        raise PydanticCustomError("metric_period", "is not a month: months run from 01 to 12")
    raise PydanticCustomError("metric_period", "must be a month like 2026-10 or an ISO week like 2026-W43")


MetricPeriod = Annotated[str, AfterValidator(_metric_period)]


def _hours(value: Decimal) -> Decimal:
    if value > MAX_HOURS_PER_ENTRY:
        raise PydanticCustomError("hours", "must be at most 24 hours per entry")
    return value


def _progress(value: Any) -> Any:
    if isinstance(value, str) and value.strip().endswith("%"):
        return value.strip()[:-1]
    return value


def _progress_range(value: Decimal) -> Decimal:
    if not 0 <= value <= 100:
        raise PydanticCustomError("progress", "must be a percentage from 0 to 100")
    return value


Hours = Annotated[Quantity, AfterValidator(_hours), Field(description="Hours, e.g. 1.5")]
Progress = Annotated[
    Money,
    BeforeValidator(_progress),
    AfterValidator(_progress_range),
    Field(description="Percent done, 0-100"),
]
MetricValue = Annotated[Money, Field(description="A number, e.g. 12400 or 11.3")]


class TimeEntry(StrictModel):
    """Time spent: by whom, on what, for which milestone."""

    date: Date
    person: Id = Field(description="A person id of the agency's team")
    hours: Hours
    task: Text
    milestone: Id | None = Field(None, description="A milestone id of the project")


class TimeColumns(StrictModel):
    """CSV header names of each field, for a tracker's export with its own column names."""

    date: str = "date"
    person: str = "person"
    hours: str = "hours"
    task: str = "task"
    milestone: str = "milestone"


class TimeSheet(StrictModel):
    """Time entries typed here, imported from a CSV file next to the report, or both.

    The CSV has a header row; columns ``date`` (YYYY-MM-DD, DD.MM.YYYY or US
    MM/DD/YYYY), ``person`` (team id, e-mail or name), ``hours`` (1.5, 1,5,
    1:30 or 1:30:00) and the optional ``task`` and ``milestone``; other
    columns are ignored. Comma, semicolon or tab separated; UTF-8 (a BOM is
    fine) or another encoding charset-normalizer recognises, such as cp1251.
    ``preset`` reads a tracker's export with its own column names.
    """

    csv: str | None = Field(None, description="CSV file in the report's folder, e.g. time-2026-10.csv")
    preset: Literal["toggl", "clockify", "harvest", "kimai"] | None = Field(
        None,
        description="The CSV is a time tracker's export as it comes (Toggl Track, Clockify, Harvest or "
        "Kimai): its own column names, dates and durations; columns still renames single fields",
    )
    columns: TimeColumns = Field(default_factory=TimeColumns)
    entries: list[TimeEntry] = Field(default_factory=list)

    @field_validator("csv")
    @classmethod
    def _relative(cls, value: str | None) -> str | None:
        if value is not None and (value.startswith(("/", "\\")) or ".." in re.split(r"[\\/]", value)):
            raise PydanticCustomError("path", "must be a path inside the report's folder")
        return value


class WorkGroup(StrictModel):
    """Work done and planned under one milestone (or under a title of its own)."""

    milestone: Id | None = Field(None, description="Milestone id: its title and status are shown")
    title: LocalizedName | None = Field(None, description="Heading when there is no milestone")
    progress: Progress | None = Field(None, description="Percent done; default from the milestone status")
    done: list[LocalizedText] = Field(default_factory=list)
    planned: list[LocalizedText] = Field(default_factory=list)

    @model_validator(mode="after")
    def _heading(self) -> Self:
        if self.milestone is None and self.title is None:
            raise PydanticCustomError("work", "give a milestone or a title")
        return self


class MetricSeries(StrictModel):
    """A named series by month (``2026-10``) or ISO week (``2026-W43``)."""

    name: LocalizedName
    group: LocalizedName | None = Field(
        None,
        description="Heading of a section of its own, e.g. {en: Lighthouse scores}; "
        "default: the report's metrics_title",
    )
    unit: LocalizedName | None = Field(None, description='Appended to values, e.g. "%"')
    chart: Literal["line", "bar"] = "line"
    better: Literal["higher", "lower"] = Field("higher", description="lower: e.g. average position")
    values: dict[MetricPeriod, MetricValue | None] = Field(
        min_length=1, description="Period -> value: {2026-09: 14950, 2026-10: 16320}; null for a gap"
    )

    @field_validator("values")
    @classmethod
    def _periods(cls, values: dict[str, Decimal | None]) -> dict[str, Decimal | None]:
        months = [key for key in values if MONTH_KEY.match(key)]
        weeks = [key for key in values if not MONTH_KEY.match(key)]
        if months and weeks:
            raise PydanticCustomError(
                "metric_periods",
                "periods must all be months (2026-10) or all ISO weeks (2026-W43); found month {month} "
                "and week {week}",
                {"month": months[0], "week": weeks[0]},
            )
        return dict(sorted(values.items()))


class Risk(StrictModel):
    text: LocalizedText
    impact: Literal["low", "medium", "high"] = "medium"
    mitigation: LocalizedText | None = None


class Decision(StrictModel):
    """A decision the client has to take."""

    text: LocalizedText
    due: Date | None = None


class Report(DocumentBase):
    """A status report for the client: progress, hours and budget, results, risks."""

    numbered: ClassVar[bool] = False
    kind: Literal["report"]
    date: Date
    period: Period
    title: LocalizedName | None = Field(None, description="Default: Status report, <period>")
    summary: LocalizedText | None = None
    work: list[WorkGroup] = Field(default_factory=list)
    time: TimeSheet | None = None
    budget: Budget | None = Field(
        None,
        description="This period's budget; default: the project's monthly budget (budget.per: month) "
        "or the monthly fees of the contract, prorated to the period",
    )
    metrics_title: LocalizedName | None = Field(
        None, description='Heading of the metrics, e.g. {en: SEO results}; default "Results"'
    )
    metrics: list[MetricSeries] = Field(default_factory=list)
    risks: list[Risk] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
