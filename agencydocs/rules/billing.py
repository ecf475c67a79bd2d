"""Rules of invoices and acts: lines, contract, invoice, bank account, tax."""

from __future__ import annotations

from agencydocs.domain.terms import terms
from agencydocs.models import Project
from agencydocs.models.documents import Act, BillingDocument, Invoice
from agencydocs.rules.base import RuleContext
from agencydocs.workspace import SourceDocument
from agencydocs.workspace.loading import LoadedFile


def check_billing(checker: RuleContext, document: SourceDocument) -> None:
    model = document.model
    assert isinstance(model, BillingDocument)
    file = document.file
    project = checker.ws.projects.get(document.project_id)
    if project is None:
        return  # project.yaml is missing or invalid, which is already reported
    _check_lines(checker, file, model, project.model)
    if model.contract is not None:
        checker.reference(file, ("contract",), "contract", model.contract, checker.ws.numbered("contract"))
    if isinstance(model, Act):
        _check_act(checker, file, model)
    if isinstance(model, Invoice):
        _check_invoice_account(checker, document, model)
    _check_tax(checker, file, model, project.model)


def _check_lines(checker: RuleContext, file: LoadedFile, model: BillingDocument, project: Project) -> None:
    for index, line in enumerate(getattr(model, "lines", None) or []):
        if line.milestone is not None:
            checker.reference(
                file,
                ("lines", index, "milestone"),
                "milestone",
                line.milestone,
                (m.id for m in project.milestones),
            )


def _check_act(checker: RuleContext, file: LoadedFile, act: Act) -> None:
    invoices = checker.ws.numbered("invoice")
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


def _check_invoice_account(checker: RuleContext, document: SourceDocument, invoice: Invoice) -> None:
    if checker.ws.agency is None:
        return
    file, agency = document.file, checker.ws.agency.model
    currency = terms(checker.ws, document).currency
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


def _check_tax(checker: RuleContext, file: LoadedFile, model: BillingDocument, project: Project) -> None:
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
