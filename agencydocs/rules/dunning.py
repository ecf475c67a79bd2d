"""Rules of reminders, claims and reconciliation statements, located on the field at fault.

The client and the contract must exist; every invoice named must be one of
the client's; a reminder with nothing overdue is a warning (nothing to
remind of, but nothing wrong); a claim needs something overdue, one
contract, and a penalty basis (the contract's late-payment clause, or the
statutory interest of a German business client). A statement's period is
checked by its model (end before start).
"""

from __future__ import annotations

from agencydocs.domain import dunning
from agencydocs.domain.default_interest import BaseRateUnknown
from agencydocs.domain.ledger import balances
from agencydocs.domain.terms import terms
from agencydocs.models.documents import Claim, Contract, Reminder, Statement
from agencydocs.rules.base import RuleContext
from agencydocs.workspace import SourceDocument


def check_reminder(checker: RuleContext, document: SourceDocument) -> None:
    reminder = document.model
    assert isinstance(reminder, Reminder)
    client = _client(checker, document)
    if client is None or not _invoices_of_client(checker, document, client, reminder.invoices):
        return
    if not dunning.reminder_invoices(checker.ws, reminder, client):
        checker.report(
            document.file,
            ("invoices",) if reminder.invoices else ("date",),
            f"no invoice of {client} is overdue on {reminder.date.isoformat()}: there is nothing to remind of",
            "warning",
        )


def check_claim(checker: RuleContext, document: SourceDocument) -> None:
    claim = document.model
    assert isinstance(claim, Claim)
    client = _client(checker, document)
    if client is None or not _invoices_of_client(checker, document, client, claim.invoices):
        return
    ws, file = checker.ws, document.file
    if claim.contract is not None and not checker.reference(
        file, ("contract",), "contract", claim.contract, ws.numbered("contract")
    ):
        return
    invoices = dunning.claim_invoices(ws, claim, client)
    if not invoices:
        checker.report(
            file, ("invoices",) if claim.invoices else ("date",),
            f"no invoice of {client} is overdue on {claim.date.isoformat()}: there is nothing to claim",
        )  # fmt: skip
        return
    number = dunning.claim_contract(ws, claim, client)
    found = ws.document("contract", number)
    contract = found.model if found is not None and isinstance(found.model, Contract) else None
    penalty = dunning.penalty_terms(ws, client, contract)
    if penalty.basis is None:
        where = f"contract {number} omits its late-payment clause" if contract else "no one contract is cited"
        checker.report(
            file, ("contract",) if contract else (),
            f"no penalty to claim: {where} (liability.late-payment: penalty_rate, penalty_cap) and "
            f"the law gives no statutory fallback here (only German business clients: § 288 BGB)",
        )  # fmt: skip
        return
    try:
        dunning.claim_figures(ws, penalty, invoices, terms(ws, document).currency, claim.date, client=client)
    except BaseRateUnknown as exc:
        checker.report(file, ("date",), str(exc))


def check_statement(checker: RuleContext, document: SourceDocument) -> None:
    statement = document.model
    assert isinstance(statement, Statement)
    client = _client(checker, document)
    if client is None or statement.contract is None:
        return
    checker.reference(
        document.file, ("contract",), "contract", statement.contract, checker.ws.numbered("contract")
    )


def _client(checker: RuleContext, document: SourceDocument) -> str | None:
    """The document's client id, or None after reporting an unknown one; None too while the agency or
    an invoice has errors (the ledger is incomplete then; their own files say what to fix)."""
    if checker.ws.agency is None or any(kind == "invoice" for kind, _number in checker.ws.invalid):
        return None  # figures would be missing an invoice: its own file says what to fix first
    own = getattr(document.model, "client", None)
    if own is not None and not checker.reference(
        document.file, ("client",), "client", own, checker.ws.clients
    ):
        return None
    return dunning.document_client(checker.ws, document)


def _invoices_of_client(
    checker: RuleContext, document: SourceDocument, client: str, numbers: list[str] | None
) -> bool:
    """Whether every named invoice is one of ``client``'s; report each that is not."""
    known = {b.number for b in balances(checker.ws, client=client) if b.client == client}
    ok = True
    for index, number in enumerate(numbers or []):
        if number in known:
            continue
        ok = False
        checker.report(document.file, ("invoices", index), f'{client} has no invoice "{number}"')
    return ok
