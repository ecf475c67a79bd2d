"""Cross-file rules, run after every file has passed its own validation.

References (client, person, milestone, contract, invoice, bank account,
images) must resolve; ids and document numbers must be unique; dates must be
in order. A message for a missing reference lists the ids that do exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from agencydocs.errors import ProblemCollector, Severity
from agencydocs.loading import LoadedFile, Loc, format_loc
from agencydocs.models import Agency, Project
from agencydocs.models.documents import Act, BillingDocument, Invoice
from agencydocs.workspace import SourceDocument, Workspace


class _Checker:
    def __init__(self, workspace: Workspace, collector: ProblemCollector) -> None:
        self.ws = workspace
        self.out = collector

    def report(self, file: LoadedFile, loc: Loc, message: str, severity: Severity = "error") -> None:
        line, col = file.position(loc)
        self.out.add(file.display, message, line=line, column=col, field=format_loc(loc), severity=severity)

    def reference(self, file: LoadedFile, loc: Loc, what: str, value: str, known: Iterable[str]) -> bool:
        known = sorted(known)
        if value in known:
            return True
        if (what, value) in self.ws.invalid:
            return False  # the file exists; its own problems are already reported
        choices = ", ".join(known) if known else "none defined"
        self.report(file, loc, f'unknown {what} "{value}"; known: {choices}')
        return False


def check_workspace_rules(workspace: Workspace, collector: ProblemCollector) -> None:
    """Apply every cross-file rule, adding problems to ``collector``."""
    checker = _Checker(workspace, collector)
    if workspace.agency is not None:
        _check_agency(checker, workspace.agency.model, workspace.agency.file)
    for file_id, client in workspace.clients.items():
        if client.model.id != file_id:
            checker.report(client.file, ("id",), f'must equal the file name "{file_id}"')
    for folder, project in workspace.projects.items():
        _check_project(checker, folder, project.model, project.file)
    _check_unique_numbers(checker, workspace.documents)
    for document in workspace.documents:
        if isinstance(document.model, BillingDocument):
            _check_billing(checker, document)


def _check_agency(checker: _Checker, agency: Agency, file: LoadedFile) -> None:
    seen: dict[str, int] = {}
    for index, person in enumerate(agency.team):
        if person.id in seen:
            checker.report(
                file,
                ("team", index, "id"),
                f'duplicate person id "{person.id}" (also team[{seen[person.id]}])',
            )
        seen.setdefault(person.id, index)
    account_ids = [a.id for a in agency.bank_accounts]
    for index, account in enumerate(agency.bank_accounts):
        if account_ids.count(account.id) > 1:
            checker.report(file, ("bank_accounts", index, "id"), f'duplicate bank account id "{account.id}"')
    images = {
        ("logo",): agency.logo,
        ("seal_image",): agency.seal_image,
        ("signatory", "signature_image"): agency.signatory.signature_image,
    }
    for loc, image in images.items():
        if image is not None:
            _check_workspace_file(checker, file, loc, image)


def _check_workspace_file(checker: _Checker, file: LoadedFile, loc: Loc, relative: str) -> None:
    root = checker.ws.root
    target = (root / relative).resolve()
    if not target.is_relative_to(root):
        checker.report(file, loc, "must be a path inside the workspace")
    elif not target.is_file():
        checker.report(file, loc, f'file "{relative}" does not exist')


def _check_project(checker: _Checker, folder: str, project: Project, file: LoadedFile) -> None:
    if project.id != folder:
        checker.report(file, ("id",), f'must equal the folder name "{folder}"')
    checker.reference(file, ("client",), "client", project.client, checker.ws.clients)
    agency = checker.ws.agency
    if agency is not None:
        checker.reference(file, ("manager",), "person", project.manager, (p.id for p in agency.model.team))
        for person_id in project.rates:
            if agency.model.person(person_id) is None:
                checker.reference(
                    file, ("rates", person_id), "person", person_id, (p.id for p in agency.model.team)
                )
    if project.deadline is not None and project.deadline < project.start:
        checker.report(file, ("deadline",), "deadline is before the start date")
    seen: set[str] = set()
    for index, milestone in enumerate(project.milestones):
        if milestone.id in seen:
            checker.report(file, ("milestones", index, "id"), f'duplicate milestone id "{milestone.id}"')
        seen.add(milestone.id)
        outside = milestone.due is not None and (
            milestone.due < project.start
            or (project.deadline is not None and milestone.due > project.deadline)
        )
        if outside:
            checker.report(
                file, ("milestones", index, "due"), "due date is outside the project's dates", "warning"
            )


def _check_unique_numbers(checker: _Checker, documents: list[SourceDocument]) -> None:
    first: dict[tuple[str, str], SourceDocument] = {}
    for document in documents:
        number = getattr(document.model, "number", None)
        if number is None:
            continue
        key = (document.kind, number)
        if key in first:
            other = first[key]
            line, _ = other.file.position(("number",))
            checker.report(
                document.file,
                ("number",),
                f'{document.kind} number "{number}" is already used by {other.file.display}:{line}',
            )
        else:
            first[key] = document


def _documents_by_number(checker: _Checker, kind: str) -> dict[str, SourceDocument]:
    # The first document keeps a duplicated number, as in _check_unique_numbers,
    # so references resolve to the one that is not reported.
    found: dict[str, SourceDocument] = {}
    for document in checker.ws.documents:
        if document.kind == kind:
            found.setdefault(document.model.number, document)  # type: ignore[attr-defined]
    return found


def _check_billing(checker: _Checker, document: SourceDocument) -> None:
    model = document.model
    assert isinstance(model, BillingDocument)
    file = document.file
    project = checker.ws.projects.get(document.project_id)
    if project is None:
        return  # project.yaml is missing or invalid, which is already reported
    _check_lines(checker, file, model, project.model)
    if model.contract is not None:
        checker.reference(
            file, ("contract",), "contract", model.contract, _documents_by_number(checker, "contract")
        )
    if isinstance(model, Act):
        _check_act(checker, file, model)
    if isinstance(model, Invoice):
        _check_invoice_account(checker, file, model, project.model)
    _check_tax(checker, file, model, project.model)


def _check_lines(checker: _Checker, file: LoadedFile, model: BillingDocument, project: Project) -> None:
    for index, line in enumerate(getattr(model, "lines", None) or []):
        if line.milestone is not None:
            checker.reference(
                file,
                ("lines", index, "milestone"),
                "milestone",
                line.milestone,
                (m.id for m in project.milestones),
            )


def _check_act(checker: _Checker, file: LoadedFile, act: Act) -> None:
    invoices = _documents_by_number(checker, "invoice")
    if act.invoice is not None:
        if checker.reference(file, ("invoice",), "invoice", act.invoice, invoices):
            invoice = invoices[act.invoice].model
            assert isinstance(invoice, Invoice)
            if act.date < invoice.date:
                checker.report(
                    file, ("date",), f"act is dated before its invoice ({invoice.date})", "warning"
                )
    elif act.lines is None:
        checker.report(file, ("lines",), "an act needs lines, or an invoice to take them from")


def _currency(checker: _Checker, model: BillingDocument, project: Project) -> str:
    client = checker.ws.clients.get(project.client)
    return model.currency or project.currency or (client.model.currency if client else "RUB")


def _check_invoice_account(checker: _Checker, file: LoadedFile, invoice: Invoice, project: Project) -> None:
    if checker.ws.agency is None:
        return
    agency = checker.ws.agency.model
    currency = _currency(checker, invoice, project)
    if invoice.bank_account is not None:
        checker.reference(
            file,
            ("bank_account",),
            "bank account",
            invoice.bank_account,
            (a.id for a in agency.bank_accounts),
        )
    elif agency.bank_account(currency) is None:
        checker.report(
            file, ("currency",), f"the agency has no bank account in {currency}; add one or set bank_account"
        )


def _check_tax(checker: _Checker, file: LoadedFile, model: BillingDocument, project: Project) -> None:
    if checker.ws.agency is None:
        return
    if checker.ws.agency.model.tax_period(model.date) is None:
        first = checker.ws.agency.model.tax[0].since
        checker.report(
            file, ("date",), f"no tax regime in agency.yaml covers this date (first starts {first})"
        )
    client = checker.ws.clients.get(project.client)
    reverse = model.vat == "reverse_charge" or (model.vat is None and client and client.model.reverse_charge)
    if reverse and client is not None and not client.model.legal.vat_id:
        checker.report(
            file,
            ("vat",),
            f"reverse charge needs the client's VAT id; clients/{client.model.id}.yaml has no legal.vat_id",
        )


def display_path(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()
