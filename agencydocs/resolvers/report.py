"""Status report: a checked ``kind: report`` -> a frozen :class:`ReportContext`.

Sections without data are left out: no entries in the period, no time
section; no metrics, no metrics section. Charts are described here and drawn
by :mod:`agencydocs.rendering.charts` only when a renderer asks for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel.dates import format_date as babel_date

from agencydocs.context import Row
from agencydocs.domain import retainer
from agencydocs.i18n.formatting import format_date, format_money
from agencydocs.kinds import RenderContext
from agencydocs.models.base import LocalizedText, localize
from agencydocs.models.documents import Report
from agencydocs.models.documents.report import MetricSeries, WorkGroup
from agencydocs.rendering.charts import Chart, ChartSpec, Series, as_floats
from agencydocs.resolvers.letterhead import (
    Heading,
    format_change,
    format_number,
    format_share,
    heading,
    percent,
    period_text,
    tone,
)
from agencydocs.resolvers.report_budget import period_budget
from agencydocs.resolvers.report_time import TimeView, time_view
from agencydocs.resolvers.subject import ProjectSubject, project_subject
from agencydocs.workspace import SourceDocument, Workspace
from agencydocs.workspace.timesheet import report_entries

HALF_WIDTH_MM = 82  # two charts side by side on an A4 page, in Word too
_STATUS_PROGRESS = {"done": Decimal(100), "planned": Decimal(0)}


@dataclass(frozen=True)
class Figure:
    """A headline figure: a big value with a note under it."""

    label: str
    value: str
    note: str
    tone: str = ""  # "good", "bad" or ""


@dataclass(frozen=True)
class WorkView:
    title: str
    status: str
    progress: str  # "80%", "" when unknown
    progress_value: int | None  # 0..100, for the bar
    hours: str  # hours logged on the milestone in the period, "" when none
    done: tuple[str, ...]
    planned: tuple[str, ...]


@dataclass(frozen=True)
class MetricView:
    name: str
    previous_period: str
    previous: str
    current_period: str
    current: str
    change: str  # "+1,370 (+9.2%)"
    tone: str
    chart: Chart
    # Exact figures for tests and machine-readable outputs, never for display.
    current_value: Decimal | None = None
    previous_value: Decimal | None = None


@dataclass(frozen=True)
class MetricSection:
    """Metrics under one heading: a series' ``group``, else the report's ``metrics_title``."""

    title: str
    metrics: tuple[MetricView, ...]


@dataclass(frozen=True)
class RiskView:
    text: str
    impact: str
    level: str  # low, medium, high (a CSS class)
    mitigation: str


@dataclass(frozen=True, kw_only=True)
class ReportContext(RenderContext):
    """Everything the report templates place; every value already formatted."""

    heading: Heading
    period: str
    summary: str
    figures: tuple[Figure, ...]
    work: tuple[WorkView, ...]
    time: TimeView | None
    metrics: tuple[MetricView, ...]
    metric_sections: tuple[MetricSection, ...]  # the metrics by heading, in order of first appearance
    risks: tuple[RiskView, ...]
    decisions: tuple[Row, ...]  # decision, due date

    @property
    def index_note(self) -> str:
        return self.period

    @property
    def charts(self) -> tuple[Chart, ...]:
        """Every chart of the report, in print order."""
        burn = (self.time.chart,) if self.time is not None and self.time.chart is not None else ()
        return burn + tuple(m.chart for m in self.metrics)


def resolve_report(workspace: Workspace, source: SourceDocument) -> ReportContext:
    """Build the render context of one checked status report."""
    report = source.model
    assert isinstance(report, Report)
    subject = project_subject(workspace, source)
    labels, locale = subject.labels, subject.locale
    currency = subject.terms.currency
    entries = report_entries(report, source.file.path, source.file.display, workspace.root)
    time = time_view(subject, report, entries, currency, period_budget(workspace, source, currency))
    period = period_text(report.period.start, report.period.end, subject)
    title = localize(report.title, locale) or labels("report_title")
    number = source.file.path.stem
    date_long = format_date(report.date, locale)
    metrics = tuple(_metric(subject, index, series) for index, series in enumerate(report.metrics))
    rows = [Row(labels("report_period"), period), Row(labels("letterhead_date"), date_long)]
    return ReportContext(
        kind="report",
        number=number,
        title=title,
        locale=locale,
        footer=labels("report_footer", title=title, project=subject.project_title, period=period),
        brand_color=subject.agency.brand_color,
        logo=subject.logo,
        labels=labels.table,
        heading=heading(subject, title, subject.project_title, rows),
        period=period,
        summary=localize(report.summary, locale),
        figures=_figures(subject, time, metrics, invoiced_figures(workspace, source, subject)),
        work=tuple(_work(subject, group, entries_hours(time, group)) for group in report.work),
        time=time,
        metrics=metrics,
        metric_sections=_metric_sections(subject, report, metrics),
        risks=tuple(_risk(subject, risk.text, risk.impact, risk.mitigation) for risk in report.risks),
        decisions=tuple(
            Row(localize(d.text, locale), format_date(d.due, locale) if d.due else "")
            for d in report.decisions
        ),
        meta={
            "title": f"{title}: {subject.project_title}",
            "author": subject.agency_name,
            "subject": period,
            "date": report.date.isoformat(),
        },
    )


def entries_hours(time: TimeView | None, group: WorkGroup) -> str:
    """Hours logged on the group's milestone, as the time section prints them."""
    if time is None or group.milestone is None:
        return ""
    return next((row.hours for row in time.by_milestone if row.key == group.milestone), "")


def _work(subject: ProjectSubject, group: WorkGroup, hours: str) -> WorkView:
    locale, labels = subject.locale, subject.labels
    milestone = subject.project.milestone(group.milestone) if group.milestone else None
    title = localize(group.title, locale) or (localize(milestone.title, locale) if milestone else "")
    progress = group.progress
    if progress is None and milestone is not None:
        progress = _STATUS_PROGRESS.get(milestone.status)
    return WorkView(
        title=title,
        status=labels(f"milestone_status_{milestone.status}") if milestone else "",
        progress=format_share(progress, locale) if progress is not None else "",
        progress_value=int(progress) if progress is not None else None,
        hours=hours,
        done=tuple(localize(item, locale) for item in group.done),
        planned=tuple(localize(item, locale) for item in group.planned),
    )


def _period_label(key: str, subject: ProjectSubject) -> str:
    if "-W" in key:
        return subject.labels("report_week", week=int(key.split("-W")[1]))
    year, month = key.split("-")
    return babel_date(date(int(year), int(month), 1), "LLL y", locale=subject.locale)


def _metric(subject: ProjectSubject, index: int, series: MetricSeries) -> MetricView:
    locale, labels = subject.locale, subject.labels
    name, unit = localize(series.name, locale), localize(series.unit, locale)
    periods = list(series.values)
    known = [(key, value) for key, value in series.values.items() if value is not None]
    (current_key, current), (previous_key, previous) = (
        known[-1] if known else ("", None),
        known[-2] if len(known) > 1 else ("", None),
    )
    change, change_tone = "", ""
    if current is not None and previous is not None:
        delta = current - previous
        change = format_change(delta, locale, unit)
        if previous:
            relative = percent(delta, abs(previous))
            change += f" ({'+' if relative > 0 else ''}{format_share(relative, locale)})"
        change_tone = tone(delta, series.better)
    spec = ChartSpec(
        kind=series.chart,
        title=name + (f", {unit}" if unit and unit != "%" else (" (%)" if unit else "")),
        categories=tuple(_period_label(key, subject) for key in periods),
        series=(Series(name, as_floats(list(series.values.values()))),),
        color=subject.agency.brand_color,
        locale=locale,
        width_mm=HALF_WIDTH_MM,
        height_mm=58,
        invert=series.better == "lower",
        unit="%" if unit == "%" else "",
        label_step=1 if len(periods) <= 8 else -(-len(periods) // 8),
    )
    return MetricView(
        name=name,
        previous_period=_period_label(previous_key, subject) if previous_key else "",
        previous=format_number(previous, locale, unit) if previous is not None else "—",
        current_period=_period_label(current_key, subject) if current_key else "",
        current=format_number(current, locale, unit) if current is not None else "—",
        change=change or "—",
        tone=change_tone,
        chart=Chart(f"metric-{index + 1}", spec, alt=labels("chart_metric_alt", name=name)),
        current_value=current,
        previous_value=previous,
    )


def _metric_sections(
    subject: ProjectSubject, report: Report, metrics: tuple[MetricView, ...]
) -> tuple[MetricSection, ...]:
    """Group the metrics under their headings; a web project's Lighthouse scores are not "SEO results"."""
    locale = subject.locale
    default = localize(report.metrics_title, locale) or subject.labels("report_metrics")
    sections: dict[str, list[MetricView]] = {}
    for series, view in zip(report.metrics, metrics, strict=True):
        sections.setdefault(localize(series.group, locale) or default, []).append(view)
    return tuple(MetricSection(title, tuple(views)) for title, views in sections.items())


def _risk(
    subject: ProjectSubject, text: LocalizedText, impact: str, mitigation: LocalizedText | None
) -> RiskView:
    locale = subject.locale
    return RiskView(
        text=localize(text, locale),
        impact=subject.labels(f"risk_impact_{impact}"),
        level=impact,
        mitigation=localize(mitigation, locale),
    )


def invoiced_figures(
    workspace: Workspace, source: SourceDocument, subject: ProjectSubject
) -> tuple[Figure, ...]:
    """The amount invoiced for the report's period (#13 item 6), net of VAT like the budget beside it.

    One figure per currency of the period's invoices; a retainer's month
    without an invoice shows a zero, so a month left unbilled is seen.
    """
    report = source.model
    assert isinstance(report, Report)
    labels, locale = subject.labels, subject.locale
    invoiced = retainer.invoiced_in_period(workspace, source.project_id, report.period)
    if not invoiced:
        if retainer.monthly_contract(workspace, source.project_id, report.period) is None:
            return ()
        currency = subject.terms.currency
        zero = format_money(Decimal(0), currency, locale)
        return (Figure(labels("figure_invoiced"), zero, labels("figure_not_invoiced"), "bad"),)
    return tuple(
        Figure(
            labels("figure_invoiced"),
            format_money(item.net, item.currency, locale),
            labels("figure_invoiced_note", numbers=", ".join(item.numbers)),
        )
        for item in invoiced
    )


def _figures(
    subject: ProjectSubject,
    time: TimeView | None,
    metrics: tuple[MetricView, ...],
    invoiced: tuple[Figure, ...],
) -> tuple[Figure, ...]:
    """Up to four headline figures: hours, money, the amount invoiced for the period, then the first metrics."""
    labels = subject.labels
    figures = []
    if time is not None:
        for row in time.budget:
            note = labels("figure_of_budget", budget=row.budget + row.unit, burn=row.burn)
            figures.append(Figure(row.label, row.spent + row.unit, note, "bad" if row.over else ""))
        if not time.budget:
            figures.append(Figure(labels("report_budget_hours"), time.total.hours, ""))
    figures += invoiced
    for metric in metrics:
        if len(figures) >= 4:
            break
        note = (
            labels("figure_change", change=metric.change, period=metric.previous_period)
            if metric.previous_period
            else ""
        )
        figures.append(Figure(metric.name, metric.current, note, metric.tone))
    return tuple(figures)
