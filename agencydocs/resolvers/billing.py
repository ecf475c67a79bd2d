"""Invoices and acts: a validated document plus the workspace -> a render context.

References are followed (project, client, milestones, contract, invoice),
the document's terms (currency, language, VAT, due date) taken from
:func:`agencydocs.domain.terms.terms`, totals computed by
``money.compute_totals`` (the only place money is computed) and every value
formatted for the document's locale. The result is a frozen
:class:`~agencydocs.context.DocumentContext`: renderers never see YAML.
"""

from __future__ import annotations

from dataclasses import dataclass

from agencydocs.context import DocumentContext, Line, Row, Signature
from agencydocs.domain import advances, money
from agencydocs.domain.billing import billing_totals, deducted_advances, effective_lines, invoice_of
from agencydocs.domain.terms import Terms, terms
from agencydocs.i18n.formatting import format_date, format_percent, format_price, format_quantity
from agencydocs.i18n.labels import Labels
from agencydocs.i18n.typography import typeset
from agencydocs.models import Agency, Client, Project
from agencydocs.models.base import localize
from agencydocs.models.documents import Act, BillingDocument, Contract, Invoice
from agencydocs.models.documents import Line as LineModel
from agencydocs.resolvers.bilingual import merge_contexts
from agencydocs.resolvers.einvoice import e_invoice
from agencydocs.resolvers.parties import data_uri, party_view, signature
from agencydocs.resolvers.payment import payment_view
from agencydocs.resolvers.totals import format_totals
from agencydocs.workspace import SourceDocument, Workspace


@dataclass(frozen=True)
class Subject:
    """The records a document is about, looked up once."""

    document: BillingDocument
    project: Project
    client: Client
    agency: Agency
    terms: Terms
    locale: str
    currency: str
    vat_mode: money.VatMode
    labels: Labels


def resolve_document(workspace: Workspace, source: SourceDocument) -> DocumentContext:
    """Build the render context of one invoice or act of a checked workspace.

    A bilingual document (``languages: [ru, en]``) is resolved in each language
    and merged: every text in both, figures in the first language's format.
    """
    languages = terms(workspace, source).languages
    contexts = [_resolve_in(workspace, source, language) for language in languages]
    if len(contexts) == 1:
        return contexts[0]
    return merge_contexts(contexts[0], contexts[1])


def _resolve_in(workspace: Workspace, source: SourceDocument, language: str) -> DocumentContext:
    subject = _subject(workspace, source, language)
    document, labels = subject.document, subject.labels
    lines = effective_lines(workspace, document)
    inclusive = subject.terms.prices_include_vat
    basis = typeset(_basis(workspace, subject), subject.locale)
    totals = billing_totals(workspace, source)
    line_views = tuple(
        _line_view(workspace, source, subject, index, line, amount)
        for index, (line, amount) in enumerate(zip(lines, totals.lines, strict=True), start=1)
    )
    kind = document.kind
    date_long = format_date(document.date, subject.locale)
    date_short = format_date(document.date, subject.locale, "short")
    agency_entity, client_entity = subject.agency.legal, subject.client.legal
    supplier = party_view(agency_entity, labels(f"supplier_{kind}"), labels)
    customer = party_view(client_entity, labels(f"customer_{kind}"), labels)
    payment = payment_view(subject, totals, workspace) if isinstance(document, Invoice) else None
    einvoice = e_invoice(workspace, source, subject, lines, line_views, totals, payment)
    return DocumentContext(
        kind=kind,
        locale=subject.locale,
        labels=labels.table,
        title=typeset(labels(f"{kind}_title", number=document.number, date=date_long), subject.locale),
        number=document.number,
        date=date_long,
        footer=typeset(labels(f"{kind}_footer", number=document.number, date=date_short), subject.locale),
        header_rows=_header_rows(workspace, subject, payment.due if payment else "", basis),
        supplier=supplier,
        customer=customer,
        basis=basis,
        lines=line_views,
        show_discount=any(line.discount for line in line_views),
        show_vat_rate=subject.vat_mode != "exempt" and len(totals.vat_groups) > 1,
        totals=format_totals(
            totals,
            kind,
            len(line_views),
            labels,
            prices_include_vat=inclusive,
            no_vat_wording=localize(subject.terms.vat.wording, subject.locale),
            vat_row=not subject.terms.vat.outside_scope,
            deduction_labels=_deduction_labels(workspace, source, subject),
        ),
        signatures=_signatures(workspace, subject),
        brand_color=subject.agency.brand_color,
        payment=payment,
        einvoice=einvoice,
        statement=labels("act_statement") if kind == "act" else "",
        notes=localize(document.notes, subject.locale),
        seal=subject.agency.seal,
        logo=data_uri(workspace.root, subject.agency.logo),
        project=localize(subject.project.title, subject.locale),
        meta={
            "title": typeset(labels(f"{kind}_title", number=document.number, date=date_long), subject.locale),
            "author": supplier.short_name,
            "subject": localize(subject.project.title, subject.locale),
            "date": document.date.isoformat(),
        },
    )


def _subject(workspace: Workspace, source: SourceDocument, language: str) -> Subject:
    document = source.model
    assert isinstance(document, BillingDocument), "only billing documents are resolved here"
    assert workspace.agency is not None
    project = workspace.projects[source.project_id].model
    client = workspace.clients[project.client].model
    agency = workspace.agency.model
    decided = terms(workspace, source)
    return Subject(
        document=document,
        project=project,
        client=client,
        agency=agency,
        terms=decided,
        locale=language,
        currency=decided.currency,
        vat_mode=decided.vat.mode,
        labels=workspace.labels(language),
    )


def _contract_of(workspace: Workspace, number: str | None) -> Contract | None:
    found = workspace.document("contract", number)
    return found.model if found is not None and isinstance(found.model, Contract) else None


def _line_view(
    workspace: Workspace,
    source: SourceDocument,
    subject: Subject,
    number: int,
    line: LineModel,
    amount: money.LineAmount,
) -> Line:
    locale, currency = subject.locale, subject.currency
    description = localize(line.description, locale)
    if line.milestone is not None:
        milestone = subject.project.milestone(line.milestone)
        assert milestone is not None
        description = description or localize(milestone.title, locale)
        if line.advance is not None:
            stage = advances.stage(workspace, source, line.milestone)
            assert stage is not None, "check guarantees the stage resolves"
            percent = format_percent(advances.advance_percent(line, stage), locale)
            description = subject.labels("advance_line", percent=percent, stage=description)
    unit_price = line.price if line.price is not None else amount.gross_before_discount / line.qty
    return Line(
        number=number,
        description=description,
        quantity=format_quantity(line.qty, locale),
        unit=localize(line.unit, locale) or subject.labels.get("default_unit", ""),
        price=format_price(unit_price, currency, locale),
        discount=format_price(amount.discount, currency, locale) if amount.discount else "",
        vat_rate=(
            format_percent(amount.vat_rate, locale)
            if amount.vat_rate is not None and subject.vat_mode == "standard"
            else ""
        ),
        amount=format_price(amount.net, currency, locale),
    )


def _deduction_labels(workspace: Workspace, source: SourceDocument, subject: Subject) -> tuple[str, ...]:
    """ "Зачёт аванса по счёту № … от …" for each advance a final invoice deducts, in the totals' order."""
    labels, locale = subject.labels, subject.locale
    return tuple(
        labels(
            "advance_deduction",
            number=billed.invoice.number,
            date=format_date(billed.invoice.date, locale, "short"),
        )
        for billed, _ in deducted_advances(workspace, source)
    )


def _basis(workspace: Workspace, subject: Subject) -> str:
    number = subject.document.contract
    if number is None:
        return ""
    contract = _contract_of(workspace, number)
    if contract is None:
        return subject.labels("contract_ref_plain", number=number)
    return subject.labels("contract_ref", number=number, date=format_date(contract.date, subject.locale))


def _header_rows(workspace: Workspace, subject: Subject, due: str, basis: str) -> tuple[Row, ...]:
    document, labels, locale = subject.document, subject.labels, subject.locale
    rows = [Row(labels("issue_date"), format_date(document.date, locale))]
    if due:
        rows.append(Row(labels("due_date"), due, strong=True))
    period = getattr(document, "period", None)
    if period is not None:
        value = labels(
            "period_value", start=format_date(period.start, locale), end=format_date(period.end, locale)
        )
        rows.append(Row(labels("period"), value))
    if basis:
        rows.append(Row(labels("basis"), basis))
    if isinstance(document, Act) and document.invoice:
        invoice = invoice_of(workspace, document)
        date = format_date(invoice.date, locale) if invoice else ""
        rows.append(Row(labels("basis"), labels("invoice_ref", number=document.invoice, date=date)))
    rows.append(Row(labels("project"), localize(subject.project.title, locale)))
    return tuple(rows)


def _signatures(workspace: Workspace, subject: Subject) -> tuple[Signature, ...]:
    labels, agency, root = subject.labels, subject.agency, workspace.root
    if subject.document.kind == "invoice":
        head = signature(agency.signatory, labels("sign_head"), labels, root)
        result = [head]
        if agency.chief_accountant is not None:
            result.append(signature(agency.chief_accountant, labels("sign_accountant"), labels, root))
        return tuple(result)
    result = [signature(agency.signatory, labels("supplier_act"), labels, root)]
    if subject.client.signatory is not None:
        result.append(signature(subject.client.signatory, labels("customer_act"), labels, root))
    else:
        result.append(Signature(labels("customer_act"), "", "", "", ""))
    return tuple(result)
