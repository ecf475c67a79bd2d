"""Payment instructions of an invoice: bank details, reference, terms, QR code.

The QR code follows GOST R 56042-2014 for Russian rouble accounts (read by
every Russian banking app) and the EPC "GiroCode" for SEPA euro accounts.
"""

from __future__ import annotations

import base64
import io
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from agencydocs.context import Payment, Row
from agencydocs.domain import money
from agencydocs.i18n.formatting import format_date
from agencydocs.models.base import localize
from agencydocs.models.documents import Invoice
from agencydocs.resolvers.derived import PLACEHOLDER_QR_PNG, PLACEHOLDER_QR_SVG, qr_mode
from agencydocs.resolvers.parties import bank_rows, ru_bank_block
from agencydocs.resolvers.totals import display_money

# Pixels per QR module in the PNG: sharp at the 30 mm Word prints it at, a few kB.
QR_PNG_SCALE = 8

if TYPE_CHECKING:
    from agencydocs.models.legal import BankAccount, LegalEntity
    from agencydocs.resolvers.billing import Subject
    from agencydocs.workspace import Workspace


def payment_view(subject: Subject, totals: money.Totals, workspace: Workspace) -> Payment:
    invoice = subject.document
    assert isinstance(invoice, Invoice)
    labels, locale, agency = subject.labels, subject.locale, subject.agency
    account = agency.bank_account(subject.currency, invoice.bank_account)
    assert account is not None, "check guarantees a bank account in the invoice currency"
    due = subject.terms.payment.due
    assert due is not None, "an invoice's terms have a due date"
    reference = _reference(subject, totals)
    gost, qr_svg, qr_png = payment_qr(agency.legal, account, totals.currency, totals.total, reference)
    beneficiary = [Row(labels("bank_beneficiary"), localize(agency.legal.name, locale))]
    return Payment(
        due=format_date(due, locale),
        rows=(*beneficiary, *bank_rows(account, labels)),
        reference=reference,
        terms=_terms_text(subject, due),
        ru_bank=ru_bank_block(agency.legal, account, labels) if locale == "ru" else None,
        qr_svg=qr_svg,
        qr_png=qr_png,
        qr_text=gost,
    )


def _terms_text(subject: Subject, due: date) -> str:
    """The payment terms as the contract says them (days, business or calendar, from which event)."""
    terms, labels, invoice = subject.terms.payment, subject.labels, subject.document
    assert isinstance(invoice, Invoice)
    if terms.contract is None:
        return labels("payment_terms", days=(due - invoice.date).days)
    unit = labels("payment_unit_business" if terms.business_days else "payment_unit_calendar")
    event = labels(f"payment_from_{terms.from_event}")
    return labels("payment_terms_contract", days=terms.days, unit=unit, event=event, contract=terms.contract)


def _reference(subject: Subject, totals: money.Totals) -> str:
    invoice = subject.document
    assert isinstance(invoice, Invoice)
    labels, locale = subject.labels, subject.locale
    date = format_date(invoice.date, locale, "short")
    purpose = localize(invoice.payment_purpose, locale) or labels(
        "payment_default_purpose", number=invoice.number, date=date
    )
    if locale != "ru":
        return purpose
    if totals.vat_mode == "standard" and totals.vat:
        vat = labels("purpose_vat", amount=display_money(totals.vat, totals.currency, labels))
    else:
        vat = labels("purpose_no_vat")
    return f"{purpose}, {vat}"


def payment_qr(
    legal: LegalEntity, account: BankAccount, currency: str, amount: Decimal, reference: str
) -> tuple[str | None, str | None, str | None]:
    """``(GOST text, SVG, PNG)`` of a payment of ``amount`` to ``account``; Nones where no QR applies.

    Invoices and reminders (an invoice's open amount) share it.
    """
    gost = _gost_payload(legal, account, currency, amount, reference)
    svg, png = _qr(legal, account, currency, amount, reference, gost)
    return gost, svg, png


def _gost_payload(
    legal: LegalEntity, account: BankAccount, currency: str, amount: Decimal, reference: str
) -> str | None:
    """The GOST R 56042-2014 text of a rouble payment to a Russian account, else None."""
    if account.scheme != "ru" or currency != "RUB":
        return None
    name = localize(legal.short_name, "ru") or localize(legal.name, "ru")
    pairs = [
        ("Name", name), ("PersonalAcc", account.account), ("BankName", localize(account.bank_name, "ru")),
        ("BIC", account.bic), ("CorrespAcc", account.corr_account), ("Sum", str(int(amount * 100))),
        ("Purpose", reference), ("PayeeINN", legal.inn),
        ("KPP", legal.kpp),  # an individual entrepreneur (ИП) has none
    ]  # fmt: skip
    # A field without a value is left out, never printed empty ("KPP="): banking apps reject those.
    fields = ["ST00012", *(f"{key}={_plain(value)}" for key, value in pairs if value and value.strip())]
    return "|".join(field.replace("|", "/") for field in fields)


def _plain(text: str) -> str:
    """``text`` with plain spaces: Babel's amounts carry no-break spaces (U+00A0, U+202F), which
    some banking apps show as garbage in the purpose of payment."""
    return " ".join(text.split())


def _qr(
    legal: LegalEntity, account: BankAccount, currency: str, amount: Decimal, reference: str, gost: str | None
) -> tuple[str | None, str | None]:
    """The payment QR code as SVG and PNG data: URIs (HTML, DOCX): the GOST text when there is one,
    else EPC for euros; (None, None) when neither applies (or when skipped: resolvers/derived.py)."""
    mode = qr_mode()
    epc = gost is None and account.scheme == "iban" and currency == "EUR"
    if mode == "skip" or (gost is None and not epc):
        return None, None
    if mode == "placeholder":
        return PLACEHOLDER_QR_SVG, PLACEHOLDER_QR_PNG
    import segno
    import segno.helpers

    if gost is not None:
        qr = segno.make(gost, error="m", encoding="utf-8")
    else:
        # The EPC guideline wants the IBAN in its compact form (no spaces).
        qr = segno.helpers.make_epc_qr(
            name=localize(legal.name, "en")[:70], iban=(account.iban or "").replace(" ", ""),
            amount=amount, text=_plain(reference)[:140], bic=account.bic,
        )  # fmt: skip
    svg, png = io.BytesIO(), io.BytesIO()
    qr.save(svg, kind="svg", xmldecl=False, scale=2, border=2)
    qr.save(png, kind="png", scale=QR_PNG_SCALE, border=2)  # segno's PNG has no timestamp
    return _data_uri("image/svg+xml", svg), _data_uri("image/png", png)


def _data_uri(media_type: str, buffer: io.BytesIO) -> str:
    return f"data:{media_type};base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
