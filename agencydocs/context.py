"""The resolved, typed context that templates receive.

Everything here is final: references followed, totals computed by
``money.py``, every number, date and amount already formatted for the
document's locale by ``formatting.py``. Templates (HTML and DOCX alike) only
place these strings; they never compute or format. Values are plain text:
escaping is the template engine's job (autoescape), never done here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from agencydocs.kinds import RenderContext


@dataclass(frozen=True)
class Row:
    """A labelled value: a detail line, a header field or a totals row."""

    label: str
    value: str
    strong: bool = False


@dataclass(frozen=True)
class Signature:
    """A signature place: whose, in what position, and the printed name."""

    party: str  # "Исполнитель" / "Supplier"; empty on an invoice
    title: str  # position, e.g. "Генеральный директор"
    name: str  # full name
    short_name: str  # "Соколова А. В." as printed under a Russian signature line
    basis: str = ""  # "действующий на основании Устава"
    image: str | None = None  # data: URI of a signature image, when the workspace has one


@dataclass(frozen=True)
class Party:
    """Supplier or customer with legal details, ready to print."""

    role: str  # label: "Исполнитель", "Заказчик", "Supplier", "Bill to"
    name: str  # full legal name
    short_name: str
    address: str
    details: tuple[Row, ...]  # ИНН, КПП, ОГРН / VAT ID / Tax ID
    details_line: str  # one line: "ООО «…», ИНН …, КПП …, адрес …" (Russian forms)
    bank: tuple[Row, ...] = ()
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class RuBankBlock:
    """The bordered bank block at the top of a Russian 1C-style invoice."""

    bank_name: str
    bic: str
    corr_account: str
    account: str
    inn: str
    kpp: str
    payee: str


@dataclass(frozen=True)
class Line:
    number: int
    description: str
    quantity: str
    unit: str
    price: str
    discount: str  # "" when the line has none
    vat_rate: str  # "22%", "" when VAT does not apply
    amount: str  # line net (or gross when prices include VAT)


@dataclass(frozen=True)
class Totals:
    rows: tuple[Row, ...]  # the totals block, in print order, last one strong
    net: str
    vat: str
    total: str
    summary: str  # "Всего наименований 3, на сумму 150 000,00 руб."
    in_words: str  # "Сто пятьдесят тысяч рублей 00 копеек"
    vat_note: str  # "Без налога (НДС)" / "Reverse charge: …" / ""
    # Exact figures for tests and machine-readable outputs, never for display.
    net_value: Decimal = Decimal(0)
    vat_value: Decimal = Decimal(0)
    total_value: Decimal = Decimal(0)
    currency: str = ""


@dataclass(frozen=True)
class Payment:
    """How to pay an invoice."""

    due: str
    rows: tuple[Row, ...]  # bank / IBAN / SWIFT instructions
    reference: str  # payment reference / назначение платежа
    terms: str  # "Payment due within 14 days …"
    ru_bank: RuBankBlock | None = None
    qr_svg: str | None = None  # data: URI of an SVG payment QR code
    qr_png: str | None = None  # the same QR code as a PNG data: URI, for Word (which shows no SVG)
    qr_text: str | None = None  # what a Russian (GOST R 56042) QR code says: ST00012|Name=…


@dataclass(frozen=True, kw_only=True)
class DocumentContext(RenderContext):
    """Everything one template needs to render one document."""

    date: str
    header_rows: tuple[Row, ...]  # issue date, due date, period, contract… (English layout)
    supplier: Party
    customer: Party
    basis: str  # "Договор № 12/2026 от 28 августа 2026 г." or ""
    lines: tuple[Line, ...]
    show_discount: bool
    show_vat_rate: bool
    totals: Totals
    signatures: tuple[Signature, ...]
    payment: Payment | None = None
    # The structured e-invoice: ("factur-x" | "xrechnung", its validated CII XML), or None.
    einvoice: tuple[str, bytes] | None = None
    statement: str = ""  # act: "Вышеперечисленные услуги выполнены полностью и в срок…"
    notes: str = ""
    seal: bool = False  # print "М.П." next to the signature
    project: str = ""  # project title

    @property
    def index_note(self) -> str:
        return self.totals.total
