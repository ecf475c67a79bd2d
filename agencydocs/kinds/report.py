"""A status report: work done and planned, time, budget, metrics, risks."""

from agencydocs.kinds.base import KindSpec, Starter
from agencydocs.models.documents.report import Report

SPEC = KindSpec(
    name="report",
    model=Report,
    resolver="agencydocs.resolvers.report:resolve_report",
    rules=("agencydocs.rules.reports:check_report", "agencydocs.rules.report_billing:check_report_billing"),
    label_prefix="report",
    label_keys=("report_title", "report_footer"),
    charts=True,
    new=Starter(
        "agencydocs.commands.new_report:start_report",
        ("project", "period"),
        "--project globex-seo --period 2026-11",
    ),
    slides=True,
)
