"""The 1CClientBankExchange text format (the bank export every Russian bank offers).

A file is ``key=value`` lines: a header (``ВерсияФормата``, ``Кодировка``,
``РасчСчет`` for each account of the statement), ``СекцияРасчСчет`` blocks
with balances, and one ``СекцияДокумент=<вид>`` … ``КонецДокумента`` block
per payment with ``Номер``, ``Дата``, ``Сумма``, ``ДатаПоступило`` (money
received) or ``ДатаСписано`` (money sent), the payer's ``ПлательщикСчет``,
``Плательщик1``/``Плательщик``, ``ПлательщикИНН``, the payee's
``ПолучательСчет``/``ПолучательИНН`` and ``НазначениеПлатежа``. The text is
Windows-1251 (``Кодировка=Windows``) or CP866 (``Кодировка=DOS``); a file
re-saved as UTF-8 is read as such.

A document is incoming when its payee account is one of the statement's
accounts (or, without a ``РасчСчет`` in the header, when it has a
``ДатаПоступило``). Amounts are roubles.
"""

from __future__ import annotations

from datetime import date, datetime

from agencydocs.banking.statement import Transaction, clean_id, clean_text, parse_amount, statement_error

_MAX_LINE = 10_000  # no field of the format comes near it
# The header line declaring CP866, as it reads in either encoding.
_DOS_MARKS = tuple("Кодировка=DOS".encode(codec) for codec in ("cp866", "cp1251"))


def decode(raw: bytes) -> str:
    """The text of the export: UTF-8 when it is valid UTF-8, else CP866 or Windows-1251 as declared."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    encoding = "cp866" if any(mark in raw[:2048] for mark in _DOS_MARKS) else "cp1251"
    # cp1251 leaves one byte (0x98) undefined: shown as U+FFFD rather than refusing the file.
    return raw.decode(encoding, errors="replace")


def parse_onec(raw: bytes, display: str) -> list[Transaction]:
    """Every incoming payment of a 1CClientBankExchange export."""
    text = decode(raw)
    accounts: set[str] = set()
    documents: list[tuple[int, dict[str, str]]] = []
    current: dict[str, str] | None = None
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > _MAX_LINE:
            raise statement_error(display, f"line is over {_MAX_LINE} characters", number)
        key, _, value = line.strip().partition("=")
        if key == "СекцияДокумент":
            current, start = {}, number
        elif key == "КонецДокумента":
            if current is not None:
                documents.append((start, current))
            current = None
        elif current is not None:
            current.setdefault(key, value.strip())
        elif key == "РасчСчет":
            accounts.add(clean_id(value))
    if not text.startswith("1CClientBankExchange"):
        raise statement_error(display, "not a 1CClientBankExchange file", 1)
    found = []
    for first_line, fields in documents:
        if _incoming(fields, accounts):
            found.append(_transaction(fields, display, first_line))
    return found


def _incoming(fields: dict[str, str], accounts: set[str]) -> bool:
    payee = clean_id(fields.get("ПолучательСчет") or fields.get("ПолучательРасчСчет") or "")
    if accounts:
        return payee in accounts
    return bool(fields.get("ДатаПоступило"))


def _transaction(fields: dict[str, str], display: str, line: int) -> Transaction:
    amount = parse_amount(fields.get("Сумма", ""))
    if amount is None:
        raise statement_error(display, f'Сумма: not an amount: "{clean_text(fields.get("Сумма", ""))}"', line)
    received = _date(fields.get("ДатаПоступило") or fields.get("Дата") or "", display, line)
    number = clean_text(fields.get("Номер", ""))
    payer_account = clean_id(fields.get("ПлательщикСчет") or fields.get("ПлательщикРасчСчет") or "")
    payer_tax_id = clean_id(fields.get("ПлательщикИНН", ""))
    payer = clean_text(fields.get("Плательщик1") or fields.get("Плательщик") or "")
    return Transaction(
        date=received,
        amount=amount,
        currency="RUB",
        payer=payer,
        payer_tax_id=payer_tax_id,
        purpose=clean_text(fields.get("НазначениеПлатежа", "")),
        reference=f"п/п {number}" if number else "",
        bank_id=f"1c:{payer_account or payer_tax_id}:{number}:{clean_text(fields.get('Дата', ''))}:{amount}",
        line=line,
    )


def _date(text: str, display: str, line: int) -> date:
    try:
        return datetime.strptime(text.strip(), "%d.%m.%Y").date()
    except ValueError:
        raise statement_error(display, f'date "{clean_text(text)}" is not DD.MM.YYYY', line) from None
