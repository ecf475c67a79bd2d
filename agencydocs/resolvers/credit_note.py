"""Credit notes: a checked credit note plus the workspace -> the render context of the act's layout.

The figures come from :mod:`agencydocs.domain.credit` (priced and taxed as
the invoice it corrects); this module only formats them, in the invoice's
language.
"""

from __future__ import annotations

from agencydocs.context import DocumentContext, Line, Row, Signature
from agencydocs.domain import money
from agencydocs.domain.credit import (
    CreditItem,
    credit_items,
    credit_note_of,
    credit_totals,
    credited_invoice,
    invoice_terms,
)
from agencydocs.domain.terms import Terms
from agencydocs.i18n.formatting import format_date, format_percent, format_price, format_quantity
from agencydocs.i18n.labels import Labels
from agencydocs.models.base import localize
from agencydocs.models.documents import Contract, Invoice
from agencydocs.resolvers.parties import data_uri, party_view, signature
from agencydocs.resolvers.totals import format_totals
from agencydocs.workspace import SourceDocument, Workspace


def resolve_credit_note(workspace: Workspace, source: SourceDocument) -> DocumentContext:
    """Build the render context of one credit note of a checked workspace."""
    note = credit_note_of(source)
    invoice_source = credited_invoice(workspace, source)
    assert invoice_source is not None and isinstance(invoice_source.model, Invoice)
    assert workspace.agency is not None
    invoice = invoice_source.model
    agency = workspace.agency.model
    project = workspace.projects[source.project_id].model
    client = workspace.clients[project.client].model
    decided = invoice_terms(workspace, source)
    locale = decided.language  # the invoice's: a correction speaks the language of what it corrects
    labels = workspace.labels(locale)
    totals = credit_totals(workspace, source)
    items = credit_items(workspace, source)
    lines = tuple(
        _line(item, amount, index, note.invoice, decided, labels)
        for index, (item, amount) in enumerate(zip(items, totals.lines, strict=True), start=1)
    )
    date_long, date_short = format_date(note.date, locale), format_date(note.date, locale, "short")
    invoice_date = format_date(invoice.date, locale)
    title = labels("credit_note_title", number=note.number, date=date_long)
    supplier = party_view(agency.legal, labels("supplier_credit_note"), labels)
    customer = party_view(client.legal, labels("customer_credit_note"), labels)
    statement = labels("credit_note_statement", invoice=note.invoice, date=invoice_date)
    if decided.vat.mode == "standard" and totals.vat:
        statement += " " + labels("credit_note_vat_statement", invoice=note.invoice)
    return DocumentContext(
        kind="credit_note",
        locale=locale,
        labels=labels.table,
        title=title,
        number=note.number,
        date=date_long,
        footer=labels("credit_note_footer", number=note.number, date=date_short),
        header_rows=_header_rows(workspace, source, invoice, invoice_date, labels, locale),
        supplier=supplier,
        customer=customer,
        basis=labels("invoice_ref", number=note.invoice, date=invoice_date),
        lines=lines,
        show_discount=False,
        show_vat_rate=decided.vat.mode != "exempt" and len(totals.vat_groups) > 1,
        totals=format_totals(
            totals,
            "credit_note",
            len(lines),
            labels,
            prices_include_vat=decided.prices_include_vat,
            no_vat_wording=localize(decided.vat.wording, locale),
            vat_row=not decided.vat.outside_scope,
        ),
        signatures=_signatures(workspace, decided, labels),
        brand_color=agency.brand_color,
        statement=statement,
        notes=localize(note.notes, locale),
        seal=agency.seal,
        logo=data_uri(workspace.root, agency.logo),
        project=localize(project.title, locale),
        meta={
            "title": title,
            "author": supplier.short_name,
            "subject": localize(project.title, locale),
            "date": note.date.isoformat(),
        },
    )


def _line(
    item: CreditItem, amount: money.LineAmount, number: int, invoice: str, decided: Terms, labels: Labels
) -> Line:
    locale, currency = labels.locale, decided.currency
    description = localize(item.description, locale)
    if item.invoice_line == 0:
        description = description or labels("credit_note_whole", invoice=invoice)
    else:
        reference = labels("credit_note_line_ref", line=item.invoice_line)
        description = f"{description} ({reference})" if description else reference
    return Line(
        number=number,
        description=description,
        quantity=format_quantity(item.input.quantity, locale),
        unit=localize(item.unit, locale) or labels.get("default_unit", ""),
        price=format_price(item.input.unit_price, currency, locale),
        discount="",
        vat_rate=(
            format_percent(amount.vat_rate, locale)
            if amount.vat_rate is not None and decided.vat.mode == "standard"
            else ""
        ),
        amount=format_price(amount.net, currency, locale),
    )


def _header_rows(
    workspace: Workspace,
    source: SourceDocument,
    invoice: Invoice,
    invoice_date: str,
    labels: Labels,
    locale: str,
) -> tuple[Row, ...]:
    note = credit_note_of(source)
    rows = [Row(labels("issue_date"), format_date(note.date, locale))]
    contract = workspace.document("contract", invoice.contract)
    if contract is not None and isinstance(contract.model, Contract):
        date = format_date(contract.model.date, locale)
        rows.append(Row(labels("basis"), labels("contract_ref", number=contract.model.number, date=date)))
    # The contract is the basis; the invoice is what this note corrects, not a second basis.
    invoice_ref = labels("credit_note_invoice_ref", number=note.invoice, date=invoice_date)
    rows.append(Row(labels("credit_note_invoice"), invoice_ref))
    if note.reason is not None:
        rows.append(Row(labels("credit_note_reason"), localize(note.reason, locale)))
    project = workspace.projects[source.project_id].model
    rows.append(Row(labels("project"), localize(project.title, locale)))
    return tuple(rows)


def _signatures(workspace: Workspace, decided: Terms, labels: Labels) -> tuple[Signature, ...]:
    """Both parties sign: the customer's signature is its consent to the reduction (п. 10 ст. 172 НК РФ)."""
    assert workspace.agency is not None
    root = workspace.root
    result = [signature(workspace.agency.model.signatory, labels("supplier_credit_note"), labels, root)]
    if decided.customer_signatory is not None:
        result.append(signature(decided.customer_signatory, labels("customer_credit_note"), labels, root))
    else:
        result.append(Signature(labels("customer_credit_note"), "", "", "", ""))
    return tuple(result)
