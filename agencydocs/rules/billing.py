"""Rules of invoices and acts: lines, contract, invoice, bank account, tax."""

from __future__ import annotations

from agencydocs.domain.tax import german_invoice_gaps
from agencydocs.domain.terms import chain, terms, terms_of
from agencydocs.models import Project
from agencydocs.models.documents import Act, BillingDocument, Invoice
from agencydocs.reading.loading import LoadedFile
from agencydocs.rules.base import RuleContext
from agencydocs.workspace import SourceDocument


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
        _check_german_invoice(checker, document, model)
    _check_tax(checker, document)


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
        if line.advance is None:
            continue
        if isinstance(model, Act):
            checker.report(
                file,
                ("lines", index, "advance"),
                "an act closes work done, not an advance: bill advances by invoice",
            )
        elif line.advance == "contract" and model.contract is None:
            checker.report(
                file,
                ("lines", index, "advance"),
                "advance: contract takes the percent from the contract's schedule, and this invoice cites no "
                "contract; give the percent (advance: 30) or the contract",
            )


def _check_act(checker: RuleContext, file: LoadedFile, act: Act) -> None:
    invoices = checker.ws.numbered("invoice")
    if act.invoice is not None:
        if checker.reference(file, ("invoice",), "invoice", act.invoice, invoices):
            invoice = invoices[act.invoice].model
            assert isinstance(invoice, Invoice)
            if act.lines is None and any(line.advance is not None for line in invoice.lines):
                checker.report(
                    file,
                    ("invoice",),
                    f"invoice {act.invoice} bills an advance; an act closes the work done: cite the stage's "
                    "final invoice, or list the act's own lines",
                )
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


def _check_german_invoice(checker: RuleContext, document: SourceDocument, invoice: Invoice) -> None:
    if checker.ws.agency is None:
        return
    for field, message in german_invoice_gaps(checker.ws.agency.model, invoice.period is not None):
        checker.report(document.file, (field,), message, "warning")


def _check_tax(checker: RuleContext, document: SourceDocument) -> None:
    model = document.model
    assert isinstance(model, BillingDocument)
    if checker.ws.agency is None:
        return
    if checker.ws.agency.model.tax_period(model.date) is None:
        first = checker.ws.agency.model.tax[0].since
        checker.report(
            document.file, ("date",), f"no tax regime in agency.yaml covers this date (first starts {first})"
        )
    check_reverse_charge(checker, document)


def check_reverse_charge(checker: RuleContext, document: SourceDocument) -> None:
    """Reverse charge needs the client's VAT id.

    Reported on the document that chose reverse charge (an act following its
    invoice, or an invoice following its contract, is covered by the report
    on that invoice or contract), and on every invoice and act when the
    client's ``reverse_charge`` chose it.
    """
    links = chain(checker.ws, document)
    vat = terms_of(links).vat
    chosen_here = vat.decided_by == "document" or (
        vat.decided_by == "client" and isinstance(document.model, BillingDocument)
    )
    if vat.mode != "reverse_charge" or not chosen_here or links.client is None:
        return
    if not links.client.legal.vat_id:
        checker.report(
            document.file,
            ("vat",),
            f"reverse charge needs the client's VAT id; clients/{links.client.id}.yaml has no legal.vat_id",
        )
