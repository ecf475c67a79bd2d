"""Rules of reports, audits and proposals, and of the agency's services catalogue.

A report's time entries must name a team member and a milestone of the
project, wherever they are written: a YAML entry is located by its field, a
CSV row by the file, its line and the column. Proposal lines must name a
catalogue service that has a price in the proposal's currency.
"""

from __future__ import annotations

import os

from agencydocs.domain.terms import terms
from agencydocs.domain.timesheet import hourly_rate
from agencydocs.errors import Severity
from agencydocs.models import Agency, Project
from agencydocs.models.documents import Audit, Proposal, Report
from agencydocs.models.documents.proposal import ProposalLine
from agencydocs.reading.files import RefusedFile, read_file
from agencydocs.reading.loading import LoadedFile
from agencydocs.rules.base import RuleContext
from agencydocs.suggestions import unknown_id_message
from agencydocs.workspace import SourceDocument
from agencydocs.workspace.time_presets import column_map
from agencydocs.workspace.timesheet import Entry, csv_path, find_person, parse_csv_bytes, yaml_entries


def check_services(checker: RuleContext) -> None:
    """Service ids of agency.yaml are unique."""
    if checker.ws.agency is None:
        return
    seen: set[str] = set()
    for index, service in enumerate(checker.ws.agency.model.services):
        if service.id in seen:
            checker.report(
                checker.ws.agency.file, ("services", index, "id"), f'duplicate service id "{service.id}"'
            )
        seen.add(service.id)


def check_report(checker: RuleContext, document: SourceDocument) -> None:
    report = document.model
    assert isinstance(report, Report)
    file = document.file
    project = checker.ws.projects.get(document.project_id)
    if project is None or checker.ws.agency is None:
        return
    milestones = [m.id for m in project.model.milestones]
    for index, group in enumerate(report.work):
        if group.milestone is not None:
            checker.reference(file, ("work", index, "milestone"), "milestone", group.milestone, milestones)
    if report.date < report.period.start:
        checker.report(file, ("date",), "the report is dated before its period starts", "warning")
    entries = yaml_entries(report, file.display) + _csv_entries(checker, document, report)
    agency = checker.ws.agency.model
    for entry in entries:
        _check_entry(checker, file, entry, agency, milestones)
        if not report.period.start <= entry.date <= report.period.end:
            _report_entry(
                checker, file, entry, "date", "is outside the report period: not counted", "warning"
            )
    _check_rates(checker, file, report, project.model, agency, entries)


def _csv_entries(checker: RuleContext, document: SourceDocument, report: Report) -> list[Entry]:
    if report.time is None or report.time.csv is None:
        return []
    root = checker.ws.root
    path = csv_path(document.file.path, report.time.csv)  # in the report's folder: the model says so
    if not os.path.lexists(path):
        checker.report(
            document.file, ("time", "csv"), f'file "{report.time.csv}" does not exist next to the report'
        )
        return []
    assert checker.ws.agency is not None
    max_bytes = checker.ws.agency.model.limits.max_file_size
    try:
        raw = read_file(path, root=root, max_bytes=max_bytes)
    except RefusedFile as refused:  # a link out of the workspace, a pipe, too big: said at the field
        checker.report(document.file, ("time", "csv"), f'"{report.time.csv}" {refused}')
        return []
    entries, problems = parse_csv_bytes(raw, path.relative_to(root).as_posix(), column_map(report.time))
    checker.out.extend(problems)
    return entries


def _check_entry(
    checker: RuleContext, file: LoadedFile, entry: Entry, agency: Agency, milestones: list[str]
) -> None:
    if find_person(agency, entry.person) is None:
        message = unknown_id_message("person", entry.person, [p.id for p in agency.team])
        _report_entry(checker, file, entry, "person", message)
    if entry.milestone is not None and entry.milestone not in milestones:
        message = unknown_id_message("milestone", entry.milestone, milestones)
        _report_entry(checker, file, entry, "milestone", message)


def _report_entry(
    checker: RuleContext,
    file: LoadedFile,
    entry: Entry,
    field: str,
    message: str,
    severity: Severity = "error",
) -> None:
    if entry.loc is not None:
        checker.report(file, (*entry.loc, field), message, severity)
    else:
        checker.out.add(
            entry.file, message, line=entry.line, column=entry.columns.get(field, 1), field=field,
            severity=severity,
        )  # fmt: skip


def _check_rates(
    checker: RuleContext,
    file: LoadedFile,
    report: Report,
    project: Project,
    agency: Agency,
    entries: list[Entry],
) -> None:
    """A money budget needs an hourly rate for everyone who logged time."""
    budget = report.budget or project.budget
    if budget is None or budget.amount is None:
        return
    missing = set()
    for entry in entries:
        person = find_person(agency, entry.person)
        if person is not None and hourly_rate(project, agency, person.id) is None:
            missing.add(person.id)
    for person_id in sorted(missing):
        checker.report(
            file,
            ("time",),
            f'no hourly rate for "{person_id}" to measure the money budget: '
            f"add rates.{person_id} to project.yaml or hourly_rate to agency.yaml",
        )


def check_audit(checker: RuleContext, document: SourceDocument) -> None:
    audit = document.model
    assert isinstance(audit, Audit)
    file = document.file
    defined: list[str] = []
    for index, metric in enumerate(audit.metrics):
        if metric.id in defined:
            checker.report(file, ("metrics", index, "id"), f'duplicate metric id "{metric.id}"')
        defined.append(metric.id)
    for metric_id in audit.site.metrics:
        checker.reference(file, ("site", "metrics", metric_id), "metric", metric_id, defined)
    for index, competitor in enumerate(audit.competitors):
        for metric_id in competitor.metrics:
            checker.reference(
                file, ("competitors", index, "metrics", metric_id), "metric", metric_id, defined
            )


def check_proposal(checker: RuleContext, document: SourceDocument) -> None:
    proposal = document.model
    assert isinstance(proposal, Proposal)
    file = document.file
    project = checker.ws.projects.get(document.project_id)
    if project is None or checker.ws.agency is None:
        return
    agency = checker.ws.agency.model
    currency = terms(checker.ws, document).currency
    option_ids: set[str] = set()
    for index, option in enumerate(proposal.options):
        if option.id in option_ids:
            checker.report(file, ("options", index, "id"), f'duplicate option id "{option.id}"')
        option_ids.add(option.id)
        milestone_ids: set[str] = set()
        for number, line in enumerate(option.lines):
            loc = ("options", index, "lines", number)
            _check_line(checker, file, loc, line, agency, currency)
            milestone = line.milestone or line.service
            if milestone is not None and milestone in milestone_ids:
                named_by = "milestone" if line.milestone else "service"  # the field the id comes from
                checker.report(
                    file, (*loc, named_by), f'milestone id "{milestone}" is used twice in this option'
                )
            milestone_ids.add(milestone or "")
    for number, line in enumerate(proposal.addons):
        _check_line(checker, file, ("addons", number), line, agency, currency)
    if agency.tax_period(proposal.date) is None:
        checker.report(
            file,
            ("date",),
            f"no tax regime in agency.yaml covers this date (first starts {agency.tax[0].since})",
        )


def _check_line(
    checker: RuleContext,
    file: LoadedFile,
    loc: tuple[str | int, ...],
    line: ProposalLine,
    agency: Agency,
    currency: str,
) -> None:
    if line.service is None:
        return
    known = [s.id for s in agency.services]
    if not checker.reference(file, (*loc, "service"), "service", line.service, known):
        return
    service = agency.service(line.service)
    assert service is not None
    if line.price is None and currency not in service.prices:
        priced = ", ".join(sorted(service.prices))
        checker.report(
            file,
            (*loc, "service"),
            f'service "{service.id}" has no price in {currency} (only {priced}): '
            f"add prices.{currency} to it in agency.yaml, or give this line a price",
        )
