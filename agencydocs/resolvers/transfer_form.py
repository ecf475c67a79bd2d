"""The printed forms of the счёт-фактура and the УПД: their numbered lines and columns, word for word.

Sources, for the next engineer who checks them against a new edition:

- **Счёт-фактура**: приложение № 1 к постановлению Правительства РФ от
  26.12.2011 № 1137, in the edition of постановление от 02.04.2021 № 534
  (columns 10–13 of traceability, line 5а "Документ об отгрузке", from
  01.07.2021) and of 23.01.2026 № 26 (line 5б: the advance счета-фактуры
  set off, from 01.04.2026, following
  пп. 4 п. 5 ст. 169 НК РФ as amended by Федеральный закон от 28.11.2025 № 425-ФЗ).
  The Правила заполнения (приложение № 1, раздел II) say that a line or
  column that does not apply to a sale of services gets a dash: lines 3 and 4
  (shipper, consignee), columns 1б, 10, 10а, 11, 12, 12а, 13; column 6 says
  "без акциза".
- **УПД**: the form recommended by письмо ФНС России от 21.10.2013
  № ММВ-20-3/96@ (приложение № 1), kept by the ФНС in step with the
  счёт-фактура (its left part is the счёт-фактура's lines and columns, plus
  the status and column "А", the code of the goods or services); its lower
  part, lines [8]–[19], is the передаточный документ of ст. 9 Федерального
  закона от 06.12.2011 № 402-ФЗ.

The text is the law's, in Russian only: these forms exist in no other language.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """A numbered column of the table: its number as printed ("1а"), its heading, its width.

    The width (mm of a landscape A4 page) is the one of the PDF and of the DOCX
    (scripts/docx_bootstrap_upd.py): each holds its heading's longest word
    ("прослеживаемости") without breaking it. The description takes the rest.
    """

    number: str
    heading: str
    width: float = 0  # mm; 0 for the description, which takes what the others leave


VAT_INVOICE_FORM_NOTE = (
    "Приложение № 1 к постановлению Правительства Российской Федерации от 26 декабря 2011 г. № 1137 "
    "(в ред. постановления Правительства Российской Федерации от 23 января 2026 г. № 26)"
)
UPD_FORM_NOTE = (
    "Форма универсального передаточного документа: приложение № 1 к письму ФНС России "
    "от 21.10.2013 № ММВ-20-3/96@ (счёт-фактура — по форме постановления Правительства "
    "Российской Федерации от 26.12.2011 № 1137 в действующей редакции)"
)
UPD_HEADING = "Универсальный передаточный документ. Счёт-фактура"
VAT_INVOICE_HEADING = "Счёт-фактура"
UPD_STATUS_NOTE = "1 — счёт-фактура и передаточный документ (акт); 2 — передаточный документ (акт)"

# The columns of the table, in print order (the УПД puts its column "А" first).
UPD_CODE_COLUMN = Column("А", "Код товара/ работ, услуг", 8)
COLUMNS: tuple[Column, ...] = (
    Column("1", "№ п/п", 5),
    Column("1а", "Наименование товара (описание выполненных работ, оказанных услуг), имущественного права"),
    Column("1б", "Код вида товара", 8),
    Column("2", "Единица измерения: код", 12),
    Column("2а", "Единица измерения: условное обозначение (национальное)", 16),
    Column("3", "Количество (объём)", 12),
    Column("4", "Цена (тариф) за единицу измерения", 14),
    Column("5", "Стоимость товаров (работ, услуг), имущественных прав без налога — всего", 16),
    Column("6", "В том числе сумма акциза", 10),
    Column("7", "Налоговая ставка", 11),
    Column("8", "Сумма налога, предъявляемая покупателю", 16),
    Column("9", "Стоимость товаров (работ, услуг), имущественных прав с налогом — всего", 16),
    Column("10", "Страна происхождения товара: цифровой код", 17),
    Column("10а", "Страна происхождения товара: краткое наименование", 17),
    Column(
        "11",
        "Регистрационный номер декларации на товары или регистрационный номер партии товара, "
        "подлежащего прослеживаемости",
        19,
    ),
    Column(
        "12",
        "Количественная единица измерения товара, используемая в целях осуществления прослеживаемости: код",
        18,
    ),
    Column("12а", "Количественная единица: условное обозначение", 16),
    Column(
        "13",
        "Количество товара, подлежащего прослеживаемости, в количественной единице измерения товара, "
        "используемой в целях осуществления прослеживаемости",
        19,
    ),
)
# The width of the page between its margins, mm: the description gets what the columns leave.
PAGE_WIDTH = 277


def widths(columns: tuple[Column, ...]) -> tuple[float, ...]:
    """Each column's width in mm, the description taking what the others leave of the page."""
    rest = PAGE_WIDTH - sum(column.width for column in columns)
    return tuple(column.width or rest for column in columns)


TOTAL_LABEL = "Всего к оплате (9)"
DASH = "—"  # a line or column that does not apply (Правила заполнения, раздел II)
NO_EXCISE = "без акциза"
NO_VAT = "без НДС"

# The header lines (1)–(8): code as printed, label. Their values come from the resolver.
HEADER_LINES: tuple[tuple[str, str], ...] = (
    ("(1а)", "Исправление №"),
    ("(2)", "Продавец"),
    ("(2а)", "Адрес"),
    ("(2б)", "ИНН/КПП продавца"),
    ("(3)", "Грузоотправитель и его адрес"),
    ("(4)", "Грузополучатель и его адрес"),
    ("(5)", "К платёжно-расчётному документу"),
    ("(5а)", "Документ об отгрузке"),
    ("(5б)", "К счёту-фактуре, выставленному при получении оплаты, частичной оплаты"),
    ("(6)", "Покупатель"),
    ("(6а)", "Адрес"),
    ("(6б)", "ИНН/КПП покупателя"),
    ("(7)", "Валюта: наименование, код"),
    ("(8)", "Идентификатор государственного контракта, договора (соглашения) (при наличии)"),
)

# The signatures of the счёт-фактура (п. 6 ст. 169 НК РФ).
HEAD_SIGNATURE = "Руководитель организации или иное уполномоченное лицо"
ACCOUNTANT_SIGNATURE = "Главный бухгалтер или иное уполномоченное лицо"
ENTREPRENEUR_SIGNATURE = "Индивидуальный предприниматель или иное уполномоченное лицо"
ENTREPRENEUR_DETAILS = (
    "(реквизиты свидетельства о государственной регистрации индивидуального предпринимателя)"
)

# The lower part of the УПД: the передаточный документ (ст. 9 402-ФЗ), seller's and buyer's lines.
UPD_BASIS = ("[8]", "Основание передачи (сдачи) / получения (приёмки)")
UPD_TRANSPORT = ("[9]", "Данные о транспортировке и грузе")
UPD_SELLER_LINES: tuple[tuple[str, str], ...] = (
    ("[10]", "Товар (груз) передал / услуги, результаты работ, права сдал"),
    ("[11]", "Дата отгрузки, передачи (сдачи)"),
    ("[12]", "Иные сведения об отгрузке, передаче"),
    ("[13]", "Ответственный за правильность оформления факта хозяйственной жизни"),
    ("[14]", "Наименование экономического субъекта — составителя документа (в т.ч. комиссионера / агента)"),
)
UPD_BUYER_LINES: tuple[tuple[str, str], ...] = (
    ("[15]", "Товар (груз) получил / услуги, результаты работ, права принял"),
    ("[16]", "Дата получения (приёмки)"),
    ("[17]", "Иные сведения о получении, приёмке"),
    ("[18]", "Ответственный за правильность оформления факта хозяйственной жизни"),
    ("[19]", "Наименование экономического субъекта — составителя документа"),
)
BLANK_DATE = "«___» ____________ 20__ г."
