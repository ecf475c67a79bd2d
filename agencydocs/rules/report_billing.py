"""Reports agree with billing (#13 item 6): a monthly contract's fees, the period's invoice and the budget.

For a status report of a project billed monthly (``billing: monthly`` on its
contract), the monthly fees the contract fixes, the fees the invoice for the
report's period bills (its milestone lines) and the project's monthly budget
the report measures against must be one figure. When they differ, the
report gets one warning naming the three files with their lines. A period
not invoiced yet is not compared.
"""

from __future__ import annotations

from decimal import Decimal

from agencydocs.domain import retainer
from agencydocs.models.documents import Contract, Invoice
from agencydocs.models.documents.report import Report
from agencydocs.rules.base import RuleContext
from agencydocs.rules.relations import where
from agencydocs.workspace import SourceDocument

CENT = Decimal("0.01")


def check_report_billing(checker: RuleContext, document: SourceDocument) -> None:
    report = document.model
    assert isinstance(report, Report)
    project = checker.ws.projects.get(document.project_id)
    if project is None:
        return
    contract = retainer.monthly_contract(checker.ws, document.project_id, report.period)
    invoice = retainer.invoice_for_period(checker.ws, document.project_id, report.period)
    if contract is None or invoice is None:
        return
    model = contract.model
    assert isinstance(model, Contract)
    chosen = retainer.monthly_fees(project.model, model)
    fees = sum((m.price for m in chosen), Decimal(0)).quantize(CENT)
    billed = _billed_fees(invoice, {m.id: m.price for m in chosen})
    budget = project.model.budget
    monthly_budget = budget.amount if budget is not None and budget.per == "month" else None
    figures = {fees, billed} | ({monthly_budget.quantize(CENT)} if monthly_budget is not None else set())
    if len(figures) == 1:
        return
    budget_text = (
        f", the monthly budget {monthly_budget.quantize(CENT)} ({project.file.display}:"
        f"{project.file.position(('budget', 'amount'))[0]})"
        if monthly_budget is not None
        else ""
    )
    checker.report(
        document.file,
        ("period",),
        f"contract {model.number} ({where(contract)}) fixes {fees} a month, invoice "
        f"{getattr(invoice.model, 'number', '')} ({where(invoice)}) bills {billed} of those fees for this period"
        f"{budget_text}; make them agree",
        "warning",
    )


def _billed_fees(invoice: SourceDocument, prices: dict[str, Decimal]) -> Decimal:
    """What the invoice's milestone lines (the monthly fees) come to, before VAT."""
    model = invoice.model
    assert isinstance(model, Invoice)
    total = Decimal(0)
    for line in model.lines:
        if line.milestone in prices:
            price = line.price if line.price is not None else prices[line.milestone]
            total += line.qty * price - (line.discount or Decimal(0))
    return total.quantize(CENT)
