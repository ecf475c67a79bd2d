"""УПД and счёт-фактура: a checked ``kind: upd`` or ``kind: vat_invoice`` -> a frozen :class:`TransferContext`.

The figures are the act's (:mod:`agencydocs.domain.transfer`); the form's
words are the law's (:mod:`agencydocs.resolvers.transfer_form`). Every
template cell comes formatted from here, so the HTML and the DOCX print the
same text. Both forms are printed in Russian whatever the client reads
(``domain.transfer.FORM_LANGUAGE``).
"""

from __future__ import annotations

from dataclasses import dataclass

from agencydocs.domain import transfer
from agencydocs.domain.transfer import FORM_LANGUAGE, TransferLine
from agencydocs.i18n.formatting import (
    format_amount,
    format_date,
    format_money,
    format_percent,
    format_price,
    format_quantity,
)
from agencydocs.i18n.typography import typeset
from agencydocs.kinds import RenderContext
from agencydocs.models.base import localize
from agencydocs.models.documents import Act, Contract, PaperReference, TransferDocument, Upd
from agencydocs.models.legal import LegalEntity, Signatory
from agencydocs.resolvers import transfer_form as form
from agencydocs.resolvers.parties import data_uri, short_person_name
from agencydocs.workspace import SourceDocument, Workspace


@dataclass(frozen=True)
class FormLine:
    """A numbered line of the form: its code as printed ("(2б)", "[11]"), its label and its value."""

    code: str
    label: str
    value: str


@dataclass(frozen=True)
class FormRow:
    """A row of the table: one formatted cell per column of ``TransferContext.columns``."""

    cells: tuple[str, ...]


@dataclass(frozen=True)
class FormSignature:
    """A signature place of the счёт-фактура part: the role as the form words it, the position, the name."""

    role: str
    title: str
    name: str


@dataclass(frozen=True, kw_only=True)
class TransferContext(RenderContext):
    form_note: str  # the legal source of the form, printed in its corner
    heading: str  # "Счёт-фактура № … от …"
    status: str  # the УПД's status "1" / "2"; "" for a счёт-фактура
    status_note: str
    header: tuple[FormLine, ...]  # lines (1а)–(8)
    columns: tuple[form.Column, ...]
    column_widths: tuple[float, ...]  # mm, the same in the PDF and the DOCX
    rows: tuple[FormRow, ...]
    total_label: str
    total_span: int  # the columns before column 5, under the total's label
    total_net: str  # column 5
    total_vat: str  # column 8
    total_gross: str  # column 9
    tail_span: int  # the columns after column 9
    signatures: tuple[FormSignature, ...]
    entrepreneur: FormLine
    lower: tuple[FormLine, ...]  # the УПД's lines [8] and [9]; empty for a счёт-фактура
    seller_lines: tuple[FormLine, ...]  # the УПД's [10]–[14]
    buyer_lines: tuple[FormLine, ...]  # the УПД's [15]–[19]
    notes: str
    index_total: str  # the total with its currency sign, for output/index.html

    @property
    def index_note(self) -> str:
        return self.index_total

    @property
    def sides(self) -> tuple[tuple[FormLine, FormLine], ...]:
        """The seller's and the buyer's lines side by side: [10] beside [15], … (one table in Word)."""
        return tuple(zip(self.seller_lines, self.buyer_lines, strict=True))


def resolve_transfer(workspace: Workspace, source: SourceDocument) -> TransferContext:
    """Build the render context of one checked УПД or счёт-фактура."""
    document = source.model
    assert isinstance(document, TransferDocument) and workspace.agency is not None
    act = transfer.act_source(workspace, source)
    assert act is not None and isinstance(act.model, Act), "check guarantees the act resolves"
    agency = workspace.agency.model
    client = workspace.clients[workspace.projects[source.project_id].model.client].model
    decided = transfer.act_terms(workspace, act)
    currency = decided.currency
    labels = workspace.labels(FORM_LANGUAGE)
    upd = isinstance(document, Upd)
    lines = transfer.lines_of(workspace, act)
    totals = transfer.totals_of(workspace, act)
    no_vat = totals.vat_mode != "standard"
    columns = ((form.UPD_CODE_COLUMN,) if upd else ()) + form.COLUMNS
    date_long = format_date(document.date, FORM_LANGUAGE)
    heading = f"{form.UPD_HEADING if upd else form.VAT_INVOICE_HEADING} № {document.number} от {date_long}"
    kind = "upd" if upd else "vat_invoice"
    title = labels(f"{kind}_title", number=document.number, date=date_long)
    seller = _entity(agency.legal)
    buyer = _entity(client.legal)
    gross = format_amount(totals.total, currency, FORM_LANGUAGE)
    return TransferContext(
        kind=kind,
        number=document.number,
        title=title,
        locale=FORM_LANGUAGE,
        footer=labels(
            f"{kind}_footer", number=document.number, date=format_date(document.date, FORM_LANGUAGE, "short")
        ),
        brand_color=agency.brand_color,
        logo=data_uri(workspace.root, agency.logo),
        labels=labels.table,
        meta={"title": title, "author": seller[0], "subject": buyer[0], "date": document.date.isoformat()},
        form_note=form.UPD_FORM_NOTE if upd else form.VAT_INVOICE_FORM_NOTE,
        heading=heading,
        status=str(document.status) if isinstance(document, Upd) else "",
        status_note=form.UPD_STATUS_NOTE if upd else "",
        header=_header(document, act.model, seller, buyer, currency, len(lines)),
        columns=columns,
        column_widths=form.widths(columns),
        rows=tuple(_row(line, index, currency, upd, no_vat) for index, line in enumerate(lines, start=1)),
        total_label=form.TOTAL_LABEL,
        total_span=len(columns) - len(form.COLUMNS) + 7,  # "А" and columns 1 to 4
        total_net=format_amount(totals.net, currency, FORM_LANGUAGE),
        total_vat=form.NO_VAT if no_vat else format_amount(totals.vat, currency, FORM_LANGUAGE),
        total_gross=gross,
        tail_span=6,  # columns 10 to 13
        signatures=_signatures(agency.signatory, agency.chief_accountant),
        entrepreneur=FormLine("", form.ENTREPRENEUR_SIGNATURE, form.DASH),
        lower=_lower(workspace, document, act.model) if upd else (),
        seller_lines=_seller_lines(document, act.model, agency.signatory, seller) if upd else (),
        buyer_lines=_buyer_lines(client.signatory, buyer) if upd else (),
        notes=localize(document.notes, FORM_LANGUAGE),
        index_total=format_money(totals.total, currency, FORM_LANGUAGE),
    )


def _entity(legal: LegalEntity) -> tuple[str, str, str]:
    """Name, address and "ИНН/КПП" of a party as the form prints them (a dash for what it lacks)."""
    name = typeset(localize(legal.name, FORM_LANGUAGE), FORM_LANGUAGE)
    address = typeset(localize(legal.address, FORM_LANGUAGE), FORM_LANGUAGE)
    ids = f"{legal.inn or form.DASH}/{legal.kpp or form.DASH}"
    return name, address, ids


def _papers(papers: list[PaperReference]) -> str:
    """ "№ 12 от 01.11.2026; № 15 от 03.11.2026", or a dash when there are none."""
    if not papers:
        return form.DASH
    return "; ".join(f"№ {p.number} от {format_date(p.date, FORM_LANGUAGE, 'short')}" for p in papers)


def _header(
    document: TransferDocument,
    act: Act,
    seller: tuple[str, str, str],
    buyer: tuple[str, str, str],
    currency: str,
    count: int,
) -> tuple[FormLine, ...]:
    okv = transfer.currency_code(currency)
    assert okv is not None, "check guarantees the currency has an ОКВ code"
    rows = "1" if count == 1 else f"1–{count}"
    # Line (5а) names the document the services were handed over by: the УПД itself, which is
    # that document, or the act a счёт-фактура accompanies (Правила заполнения, пп. «е.1» п. 1).
    shipped = f"№ {document.number}" if isinstance(document, Upd) else f"Акт № {act.number}"
    shipment_date = document.date if isinstance(document, Upd) else act.date
    values = {
        "(1а)": f"{form.DASH} от {form.DASH}",
        "(2)": seller[0],
        "(2а)": seller[1],
        "(2б)": seller[2],
        "(3)": form.DASH,  # services have no shipper or consignee (Правила, пп. «г», «д» п. 1)
        "(4)": form.DASH,
        "(5)": _papers(document.payments),
        "(5а)": f"№ п/п {rows} {shipped} от {format_date(shipment_date, FORM_LANGUAGE, 'short')}",
        "(5б)": _papers(document.advance_invoices),
        "(6)": buyer[0],
        "(6а)": buyer[1],
        "(6б)": buyer[2],
        "(7)": f"{okv.name}, {okv.code}",
        "(8)": document.government_contract or form.DASH,
    }
    return tuple(FormLine(code, label, values[code]) for code, label in form.HEADER_LINES)


def _row(line: TransferLine, number: int, currency: str, upd: bool, no_vat: bool) -> FormRow:
    unit = line.okei
    cells = (
        str(number),
        localize(line.description, FORM_LANGUAGE),
        form.DASH,  # 1б: the code of the kind of goods, for exports to the EAEU only
        unit.code if unit is not None else form.DASH,
        unit.name if unit is not None else localize(line.unit, FORM_LANGUAGE),
        format_quantity(line.quantity, FORM_LANGUAGE),
        format_price(line.price, currency, FORM_LANGUAGE),
        format_amount(line.tax.net, currency, FORM_LANGUAGE),
        form.NO_EXCISE,
        form.NO_VAT if no_vat or line.vat_rate is None else format_percent(line.vat_rate, FORM_LANGUAGE),
        form.NO_VAT
        if no_vat or line.vat_rate is None
        else format_amount(line.tax.vat, currency, FORM_LANGUAGE),
        format_amount(line.tax.gross, currency, FORM_LANGUAGE),
        *(form.DASH,) * 6,  # 10–13: country of origin, customs declaration, traceability: goods only
    )
    return FormRow(((form.DASH,) if upd else ()) + cells)  # "А": no code of the services


def _signatures(head: Signatory, accountant: Signatory | None) -> tuple[FormSignature, ...]:
    """The head's and the chief accountant's places (п. 6 ст. 169 НК РФ); a dash for a missing accountant."""
    found = [FormSignature(form.HEAD_SIGNATURE, *_person(head))]
    title, name = _person(accountant) if accountant is not None else ("", form.DASH)
    found.append(FormSignature(form.ACCOUNTANT_SIGNATURE, title, name))
    return tuple(found)


def _person(signatory: Signatory) -> tuple[str, str]:
    """Position and "Соколова А. В." of a signatory, in Russian."""
    name = localize(signatory.name, FORM_LANGUAGE)
    title = typeset(localize(signatory.title, FORM_LANGUAGE), FORM_LANGUAGE)
    return title, typeset(short_person_name(name, FORM_LANGUAGE), FORM_LANGUAGE)


def _lower(workspace: Workspace, document: TransferDocument, act: Act) -> tuple[FormLine, ...]:
    """Lines [8] (the contract and the act the services were accepted by) and [9] (no freight: services)."""
    basis = []
    contract = workspace.document("contract", act.contract)
    if contract is not None and isinstance(contract.model, Contract):
        basis.append(
            f"Договор № {contract.model.number} от {format_date(contract.model.date, FORM_LANGUAGE, 'short')}"
        )
    basis.append(f"Акт № {act.number} от {format_date(act.date, FORM_LANGUAGE, 'short')}")
    return (FormLine(*form.UPD_BASIS, "; ".join(basis)), FormLine(*form.UPD_TRANSPORT, form.DASH))


def _seller_lines(
    document: TransferDocument, act: Act, signatory: Signatory, seller: tuple[str, str, str]
) -> tuple[FormLine, ...]:
    """[10]–[14]: who handed the services over, when, and who drew the document up."""
    title, name = _person(signatory)
    signed = f"{title} ____________ {name}"
    values = (
        signed,
        format_date(act.date, FORM_LANGUAGE),
        localize(document.notes, FORM_LANGUAGE) or form.DASH,
        signed,
        f"{seller[0]}, ИНН/КПП {seller[2]}",
    )
    return tuple(
        FormLine(code, label, value)
        for (code, label), value in zip(form.UPD_SELLER_LINES, values, strict=True)
    )


def _buyer_lines(signatory: Signatory | None, buyer: tuple[str, str, str]) -> tuple[FormLine, ...]:
    """[15]–[19]: the buyer's side, left to sign and date; its signatory's name printed when known."""
    title, name = _person(signatory) if signatory is not None else ("____________", "____________")
    signed = f"{title} ____________ {name}"
    values = (signed, form.BLANK_DATE, "", signed, f"{buyer[0]}, ИНН/КПП {buyer[2]}")
    return tuple(
        FormLine(code, label, value)
        for (code, label), value in zip(form.UPD_BUYER_LINES, values, strict=True)
    )
