"""ISO 20022 CAMT.053 bank-to-customer statements (what EU banks export), any version.

Read with :mod:`defusedxml`: a DTD, an entity declaration or an external
reference is refused (no billion laughs, no file or network access).
Elements are matched by local name, so ``camt.053.001.02`` to ``.08`` read
alike. Each credit entry (``Ntry`` with ``CdtDbtInd=CRDT``, status booked
or absent) gives one transaction per ``TxDtls`` (a batch of several
transfers), else one for the entry: amount and currency (``Amt/@Ccy``),
booking date (``BookgDt``), payer (``RltdPties/Dbtr``: ``Nm`` and an id
under ``Id``), purpose (``RmtInf/Ustrd``, or the structured creditor
reference ``CdtrRefInf/Ref``) and the bank's reference (``AcctSvcrRef``,
else ``NtryRef`` or ``EndToEndId``).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from agencydocs.banking.statement import Transaction, clean_id, clean_text, parse_amount, statement_error


def parse_camt(raw: bytes, display: str) -> list[Transaction]:
    """Every incoming (credit) transaction of a CAMT.053 statement."""
    try:
        root = fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise statement_error(
            display, "XML with a DTD or entities is refused (unsafe); export it again"
        ) from None
    except ParseError as exc:
        line = exc.position[0] if exc.position else 0
        raise statement_error(display, f"not well-formed XML: {exc}", line) from None
    if _local(root.tag) != "Document" or _child(root, "BkToCstmrStmt") is None:
        raise statement_error(display, "XML but not a CAMT.053 statement (no Document/BkToCstmrStmt)", 1)
    found: list[Transaction] = []
    for statement in _children(_child(root, "BkToCstmrStmt"), "Stmt"):
        for index, entry in enumerate(_children(statement, "Ntry"), start=1):
            status = _text(entry, "Sts", "Cd") or _text(entry, "Sts")  # .08 nests the code; .02 does not
            if _text(entry, "CdtDbtInd") != "CRDT" or status not in ("", "BOOK"):
                continue
            found.extend(_entry(entry, display, f"{_text(statement, 'Id')}#{index}"))
    return found


def _entry(entry: Element, display: str, where: str) -> list[Transaction]:
    booked = _date(_text(entry, "BookgDt", "Dt") or _text(entry, "BookgDt", "DtTm")[:10], display, where)
    details = [tx for block in _children(entry, "NtryDtls") for tx in _children(block, "TxDtls")]
    entry_ref = _text(entry, "AcctSvcrRef") or _text(entry, "NtryRef")
    if len(details) <= 1:
        return [_transaction(entry, details[0] if details else None, booked, entry_ref, display, where)]
    return [
        _transaction(tx, tx, booked, f"{entry_ref}/{n}", display, f"{where}/{n}")
        for n, tx in enumerate(details, start=1)
    ]


def _transaction(
    amount_holder: Element, tx: Element | None, booked: date, entry_ref: str, display: str, where: str
) -> Transaction:
    amount_node = _amount_node(amount_holder)
    if amount_node is None:
        raise statement_error(display, f"entry {where}: no amount")
    amount = parse_amount(amount_node.text or "")
    currency = clean_id(amount_node.get("Ccy", ""))
    if amount is None or len(currency) != 3:
        raise statement_error(
            display, f"entry {where}: amount {clean_text(amount_node.text or '')!r} {currency}"
        )
    debtor = _find(tx, "RltdPties", "Dbtr") if tx is not None else None
    name = _text(debtor, "Nm") or _text(debtor, "Pty", "Nm")
    tax_id = _first_id(debtor)
    purpose = " ".join(
        clean_text(node.text or "")
        for node in (tx.iter() if tx is not None else ())
        if _local(node.tag) in ("Ustrd", "Ref")
    )
    bank_ref = (_text(tx, "Refs", "AcctSvcrRef") if tx is not None else "") or entry_ref
    end_to_end = _text(tx, "Refs", "EndToEndId") if tx is not None else ""
    # The payer's end-to-end id is what the client quotes; the bank's reference keys the entry.
    reference = end_to_end if end_to_end and end_to_end != "NOTPROVIDED" else bank_ref
    return Transaction(
        date=booked,
        amount=amount,
        currency=currency,
        payer=clean_text(name),
        payer_tax_id=tax_id,
        purpose=clean_text(purpose),
        reference=clean_text(reference),
        bank_id=f"camt:{clean_text(bank_ref) or where}:{booked.isoformat()}:{amount}",
        line=0,
    )


def _amount_node(holder: Element) -> Element | None:
    """``Amt`` of an entry, or of a transaction (``AmtDtls/TxAmt/Amt`` or its own ``Amt``)."""
    detailed = _find(holder, "AmtDtls", "TxAmt", "Amt")
    return detailed if detailed is not None else _child(holder, "Amt")


def _first_id(party: Element | None) -> str:
    """The payer's first organisation or person id (a tax id where the bank gives one)."""
    if party is None:
        return ""
    for node in party.iter():
        if _local(node.tag) == "Id" and node.text and node.text.strip():
            return clean_id(node.text)
    return ""


def _date(text: str, display: str, where: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise statement_error(
            display, f"entry {where}: booking date {clean_text(text)!r} is not YYYY-MM-DD"
        ) from None


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(node: Element | None, name: str) -> list[Element]:
    # Never ``node or ()``: an Element without children is falsy.
    return [child for child in list(node) if _local(child.tag) == name] if node is not None else []


def _child(node: Element | None, name: str) -> Element | None:
    found = _children(node, name)
    return found[0] if found else None


def _find(node: Element | None, *path: str) -> Element | None:
    for name in path:
        node = _child(node, name)
    return node


def _text(node: Element | None, *path: str) -> str:
    found = _find(node, *path)
    return (found.text or "").strip() if found is not None else ""
