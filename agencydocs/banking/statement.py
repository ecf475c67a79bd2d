"""An incoming bank transaction, and reading a statement file into a list of them.

The file is read capped (the agency's ``limits.max_file_size``), as a regular
file only, and its format is recognised from its first bytes: the text
``1CClientBankExchange`` or an XML document. Every problem is a
:class:`~agencydocs.errors.Problem` with the statement's name and, where
known, the line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from agencydocs.errors import InvalidInput, Problem
from agencydocs.reading.files import RefusedFile, read_file

MAX_TRANSACTIONS = 100_000  # far beyond a year of an agency's incoming payments
_AMOUNT = re.compile(r"^[0-9]{1,15}(?:[.,][0-9]{1,5})?$")
_TEXT_LIMIT = 300  # the length of a Name in payments files


@dataclass(frozen=True)
class Transaction:
    """One incoming payment as the statement shows it."""

    date: date
    amount: Decimal
    currency: str
    payer: str  # name
    payer_tax_id: str  # INN, VAT id or other id; "" when the statement has none
    purpose: str  # the remittance text the payer wrote
    reference: str  # payment order number or bank reference, as printed
    bank_id: str  # stable key of this entry: a second import of it adds nothing
    line: int  # where it starts in the statement (1-based), for messages


class StatementError(InvalidInput):
    """The statement cannot be read; ``problems`` say where and why."""


def statement_error(display: str, message: str, line: int = 0) -> StatementError:
    return StatementError("the statement was not imported", [Problem(display, line, 1, "", message)])


def read_statement(path: Path, display: str, max_bytes: int) -> list[Transaction]:
    """The incoming transactions of a 1CClientBankExchange or CAMT.053 file.

    Raises:
        StatementError: the file cannot be read, is too big, or is not a statement.
    """
    try:
        raw = read_file(path, root=None, max_bytes=max_bytes)
    except RefusedFile as exc:
        raise statement_error(display, str(exc)) from None
    start = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:64]
    if start.startswith(b"1CClientBankExchange"):
        from agencydocs.banking.onec import parse_onec

        transactions = parse_onec(raw, display)
    elif start.startswith(b"<"):
        from agencydocs.banking.camt import parse_camt

        transactions = parse_camt(raw, display)
    else:
        raise statement_error(
            display, "not a bank statement: expected a 1CClientBankExchange text file or CAMT.053 XML", 1
        )
    if len(transactions) > MAX_TRANSACTIONS:
        raise statement_error(display, f"more than {MAX_TRANSACTIONS} transactions; split the statement")
    return transactions


def parse_amount(text: str) -> Decimal | None:
    """A positive amount written with a dot or a comma, or None."""
    text = text.strip()
    if not _AMOUNT.match(text):
        return None
    amount = Decimal(text.replace(",", "."))
    return amount if amount > 0 else None


def clean_text(text: str) -> str:
    """Statement text fit for a payments file: no control or format characters, one line, capped."""
    kept = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)
    return " ".join(kept.split())[:_TEXT_LIMIT]


def clean_id(text: str) -> str:
    """A tax id or account as compared: letters and digits only, upper case."""
    return "".join(c for c in text if c.isascii() and c.isalnum()).upper()
