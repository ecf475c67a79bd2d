"""Site audit: a checked ``kind: audit`` -> a frozen :class:`AuditContext`.

Findings are grouped by area (technical SEO, content, usability,
performance) and sorted by severity; the overview counts them by area and
severity; priorities are the typed ones, else the critical and high
findings. Every compared metric with figures gets a bar chart, the audited
site in the brand colour.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from agencydocs.context import Row
from agencydocs.i18n.formatting import format_date
from agencydocs.kinds import RenderContext
from agencydocs.models.base import localize
from agencydocs.models.documents import Audit
from agencydocs.models.documents.audit import AREAS, SEVERITIES, ComparedMetric, Competitor, Finding
from agencydocs.rendering.charts import Chart, ChartSpec, Series, as_floats
from agencydocs.resolvers.letterhead import Heading, format_number, heading
from agencydocs.resolvers.report import HALF_WIDTH_MM
from agencydocs.resolvers.subject import ProjectSubject, project_subject
from agencydocs.workspace import SourceDocument, Workspace


@dataclass(frozen=True)
class FindingView:
    area: str
    title: str
    severity: str  # label, e.g. "High"
    level: str  # critical, high, medium, low (a CSS class)
    evidence: str
    recommendation: str
    effort: str  # label, "" when not given


@dataclass(frozen=True)
class AreaView:
    key: str
    name: str
    strengths: tuple[str, ...]
    findings: tuple[FindingView, ...]


@dataclass(frozen=True)
class CompetitorView:
    name: str
    strengths: tuple[str, ...]
    weaknesses: tuple[str, ...]
    metrics: tuple[Row, ...]  # metric name -> value, only the given ones


@dataclass(frozen=True)
class MetricRow:
    """One compared metric: the audited site's value first, then each competitor's."""

    name: str
    values: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class AuditContext(RenderContext):
    """Everything the audit templates place; every value already formatted."""

    heading: Heading
    summary: str
    scope: str
    overview_header: tuple[str, ...]  # area, severities..., total
    overview: tuple[tuple[str, ...], ...]  # one row per area, then the totals row
    priorities: tuple[Row, ...]  # text, severity level ("" for typed ones)
    areas: tuple[AreaView, ...]
    competitors: tuple[CompetitorView, ...]
    sites: tuple[str, ...]  # the audited site, then the competitors: columns of ``metrics``
    metrics: tuple[MetricRow, ...]
    charts: tuple[Chart, ...]
    finding_count: int = 0

    @property
    def index_note(self) -> str:
        return self.labels["audit_index_note"].format(count=self.finding_count)


def resolve_audit(workspace: Workspace, source: SourceDocument) -> AuditContext:
    """Build the render context of one checked site audit."""
    audit = source.model
    assert isinstance(audit, Audit)
    subject = project_subject(workspace, source)
    labels, locale = subject.labels, subject.locale
    title = localize(audit.title, locale) or labels("audit_title", site=audit.site.name)
    date_long = format_date(audit.date, locale)
    rows = [Row(labels("audit_site"), audit.site.name), Row(labels("letterhead_date"), date_long)]
    findings = sorted(audit.findings, key=lambda f: (SEVERITIES.index(f.severity), AREAS.index(f.area)))
    header, overview = _overview(subject, audit)
    return AuditContext(
        kind="audit",
        number=source.file.path.stem,
        title=title,
        locale=locale,
        footer=labels("audit_footer", title=title, date=format_date(audit.date, locale, "short")),
        brand_color=subject.agency.brand_color,
        logo=subject.logo,
        labels=labels.table,
        heading=heading(subject, title, subject.project_title, rows),
        summary=localize(audit.summary, locale),
        scope=localize(audit.scope, locale),
        overview_header=header,
        overview=overview,
        priorities=_priorities(subject, audit, findings),
        areas=_areas(subject, audit, findings),
        competitors=tuple(_competitor(subject, audit, c) for c in audit.competitors),
        sites=(audit.site.name, *(c.name for c in audit.competitors)),
        metrics=tuple(_metric_row(subject, audit, metric) for metric in audit.metrics),
        charts=tuple(
            _chart(subject, audit, index, metric)
            for index, metric in enumerate(audit.metrics)
            if _figures(audit, metric.id)
        ),
        finding_count=len(findings),
        meta={
            "title": title,
            "author": subject.agency_name,
            "subject": audit.site.name,
            "date": audit.date.isoformat(),
        },
    )


def _finding(subject: ProjectSubject, finding: Finding) -> FindingView:
    locale, labels = subject.locale, subject.labels
    return FindingView(
        area=labels(f"audit_area_{finding.area}"),
        title=localize(finding.title, locale),
        severity=labels(f"severity_{finding.severity}"),
        level=finding.severity,
        evidence=localize(finding.evidence, locale),
        recommendation=localize(finding.recommendation, locale),
        effort=labels(f"effort_{finding.effort}") if finding.effort else "",
    )


def _areas(subject: ProjectSubject, audit: Audit, findings: list[Finding]) -> tuple[AreaView, ...]:
    """Areas in a fixed order; an area with neither strengths nor findings is left out."""
    views = []
    for area in AREAS:
        strengths = tuple(localize(s.text, subject.locale) for s in audit.strengths if s.area == area)
        found = tuple(_finding(subject, f) for f in findings if f.area == area)
        if strengths or found:
            views.append(AreaView(area, subject.labels(f"audit_area_{area}"), strengths, found))
    return tuple(views)


def _overview(subject: ProjectSubject, audit: Audit) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    labels = subject.labels
    header = (labels("col_area"), *(labels(f"severity_{s}") for s in SEVERITIES), labels("report_total"))
    rows = []
    for area in AREAS:
        counts = [sum(1 for f in audit.findings if f.area == area and f.severity == s) for s in SEVERITIES]
        rows.append((labels(f"audit_area_{area}"), *(str(c) if c else "–" for c in counts), str(sum(counts))))
    totals = [sum(1 for f in audit.findings if f.severity == s) for s in SEVERITIES]
    rows.append((labels("report_total"), *map(str, totals), str(len(audit.findings))))
    return header, tuple(rows)


def _priorities(subject: ProjectSubject, audit: Audit, findings: list[Finding]) -> tuple[Row, ...]:
    if audit.priorities:
        return tuple(Row(localize(text, subject.locale), "") for text in audit.priorities)
    urgent = [f for f in findings if f.severity in ("critical", "high")]
    return tuple(Row(localize(f.title, subject.locale), f.severity) for f in urgent)


def _value(metric: ComparedMetric, values: Mapping[str, Decimal], subject: ProjectSubject) -> str:
    value = values.get(metric.id)
    return (
        "—" if value is None else format_number(value, subject.locale, localize(metric.unit, subject.locale))
    )


def _competitor(subject: ProjectSubject, audit: Audit, competitor: Competitor) -> CompetitorView:
    locale = subject.locale
    metrics = tuple(
        Row(localize(m.name, locale), _value(m, competitor.metrics, subject))
        for m in audit.metrics
        if m.id in competitor.metrics
    )
    return CompetitorView(
        name=competitor.name,
        strengths=tuple(localize(s, locale) for s in competitor.strengths),
        weaknesses=tuple(localize(w, locale) for w in competitor.weaknesses),
        metrics=metrics,
    )


def _metric_row(subject: ProjectSubject, audit: Audit, metric: ComparedMetric) -> MetricRow:
    values = [_value(metric, audit.site.metrics, subject)]
    values += [_value(metric, c.metrics, subject) for c in audit.competitors]
    name = localize(metric.name, subject.locale)
    if metric.better == "lower":
        name += f" ({subject.labels('chart_lower_better')})"
    return MetricRow(name, tuple(values))


def _figures(audit: Audit, metric_id: str) -> list[tuple[str, Decimal, bool]]:
    """(site, value, is the audited site) for every site that has a figure."""
    found = (
        [(audit.site.name, audit.site.metrics[metric_id], True)] if metric_id in audit.site.metrics else []
    )
    found += [(c.name, c.metrics[metric_id], False) for c in audit.competitors if metric_id in c.metrics]
    return found


def _chart(subject: ProjectSubject, audit: Audit, index: int, metric: ComparedMetric) -> Chart:
    locale, labels = subject.locale, subject.labels
    figures = _figures(audit, metric.id)
    name, unit = localize(metric.name, locale), localize(metric.unit, locale)
    title = name + (f", {unit}" if unit else "")
    if metric.better == "lower":
        title += f" ({labels('chart_lower_better')})"
    highlight = next((i for i, figure in enumerate(figures) if figure[2]), None)
    spec = ChartSpec(
        kind="hbar",
        title=title,
        categories=tuple(figure[0] for figure in figures),
        series=(Series(name, as_floats([figure[1] for figure in figures])),),
        color=subject.agency.brand_color,
        locale=locale,
        width_mm=HALF_WIDTH_MM,
        height_mm=16 + 9 * len(figures),
        unit="%" if unit == "%" else "",
        highlight=highlight,
    )
    return Chart(f"compare-{index + 1}", spec, alt=labels("chart_metric_alt", name=name))
