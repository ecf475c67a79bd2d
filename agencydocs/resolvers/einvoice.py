"""An invoice's structured e-invoice: the CII XML built from the resolved figures, validated.

A rule the XML breaks is a build error naming the rule id, its message and
the YAML field that feeds it (``RULE_FIELDS``), so that the fix is made in
the workspace, not in the XML.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from agencydocs.context import Line, Payment
from agencydocs.domain import money
from agencydocs.errors import InvalidInput, Problem
from agencydocs.models.base import localize
from agencydocs.models.documents import Invoice
from agencydocs.models.documents import Line as LineModel
from agencydocs.resolvers.derived import einvoice_skipped
from agencydocs.workspace import SourceDocument, Workspace

if TYPE_CHECKING:
    from agencydocs.einvoice.validation import Failure
    from agencydocs.resolvers.billing import Subject

# Rule id -> (file role, field path) of the YAML a rule's data comes from.
# Anything not listed is located at the invoice's own ``lines``.
RULE_FIELDS: dict[str, tuple[str, tuple[str | int, ...]]] = {
    "BR-O-02": ("client", ("legal", "vat_id")),
    "BR-AE-02": ("agency", ("legal", "vat_id")),
    "BR-S-02": ("agency", ("legal", "vat_id")),
    "BR-CO-26": ("agency", ("legal", "vat_id")),
    "BR-DE-1": ("agency", ("bank_accounts",)),
    "BR-61": ("agency", ("bank_accounts",)),
    "BR-DE-2": ("agency", ("legal", "phone")),
    "BR-DE-3": ("agency", ("legal", "city")),
    "BR-DE-4": ("agency", ("legal", "postcode")),
    "BR-DE-5": ("agency", ("signatory", "name")),
    "BR-DE-6": ("agency", ("legal", "phone")),
    "BR-DE-7": ("agency", ("legal", "email")),
    "BR-DE-8": ("client", ("legal", "city")),
    "BR-DE-9": ("client", ("legal", "postcode")),
    "BR-DE-15": ("client", ("leitweg_id",)),
    "BR-DE-21": ("client", ("einvoice",)),
}


def e_invoice(
    workspace: Workspace,
    source: SourceDocument,
    subject: Subject,
    lines: Sequence[LineModel],
    line_views: Sequence[Line],
    totals: money.Totals,
    payment: Payment | None,
) -> tuple[str, bytes] | None:
    """``(profile, XML)`` of an invoice that asks for an e-invoice, validated; None otherwise.

    Raises:
        InvalidInput: a rule of the profile fails, one problem per rule.
    """
    if einvoice_skipped():  # see resolvers/derived.py
        return None
    from agencydocs.einvoice.profile import profile_of

    invoice = subject.document
    profile = profile_of(invoice, subject.client)
    if profile is None or payment is None:
        return None
    assert isinstance(invoice, Invoice)
    from agencydocs.einvoice.cii import InvoiceData, build_cii
    from agencydocs.einvoice.validation import validate

    account = subject.agency.bank_account(subject.currency, invoice.bank_account)
    due = subject.terms.payment.due
    assert account is not None and due is not None, "check guarantees an account and a due date"
    vat = subject.terms.vat
    data = InvoiceData(
        invoice=invoice,
        agency=subject.agency,
        client=subject.client,
        locale=subject.locale,
        vat=vat,
        vat_note=_vat_note(subject),
        lines=lines,
        descriptions=[view.description for view in line_views],
        totals=totals,
        due=due,
        reference=payment.reference,
        terms=payment.terms,
        account=account,
    )
    xml = build_cii(data, profile)
    failures = validate(xml, xrechnung=profile == "xrechnung")
    if failures:
        problems = [_problem(workspace, source, subject, failure) for failure in failures]
        raise InvalidInput(f"the {profile} e-invoice of invoice {invoice.number} breaks its rules", problems)
    return profile, xml


def _vat_note(subject: Subject) -> str:
    """The printed VAT wording of a no-VAT regime (the exemption reason), else ""."""
    vat = subject.terms.vat
    if vat.mode == "standard":
        return ""
    wording = localize(vat.wording, subject.locale) if vat.wording else ""
    if wording:
        return wording
    key = "reverse_charge_note" if vat.mode == "reverse_charge" else "no_vat_note"
    return subject.labels.get(key, "") or (
        "Reverse charge" if vat.mode == "reverse_charge" else "Not subject to VAT"
    )


def _problem(workspace: Workspace, source: SourceDocument, subject: Subject, failure: Failure) -> Problem:
    role, path = RULE_FIELDS.get(failure.rule, ("invoice", ("lines",)))
    loaded = source.file
    if role == "agency" and workspace.agency is not None:
        loaded = workspace.agency.file
    elif role == "client" and subject.client.id in workspace.clients:
        loaded = workspace.clients[subject.client.id].file
    line, column = loaded.position(path)[:2]
    field = ".".join(str(part) for part in path)
    return Problem(loaded.display, line, column, field, f"{failure.rule}: {failure.message}")
