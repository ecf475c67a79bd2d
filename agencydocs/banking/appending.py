"""Add imported payments to ``payments/<client>.yaml`` without rewriting what is there.

The new entries are appended as text at the end of the file, under a
comment naming the statement, indented like the entries already written;
the user's comments, order and formatting stay byte for byte. Strings are
written as JSON strings (valid YAML double-quoted scalars), so a hostile
payer name cannot add fields. The result is loaded and validated again
before it replaces the file (a temporary file and a rename: an editor
never sees half a file).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from agencydocs.banking.matching import Matched
from agencydocs.errors import AgencyDocsError
from agencydocs.models.payments import PaymentsFile
from agencydocs.reading.files import outside_link
from agencydocs.reading.loading import LoadError, load_yaml_bytes
from agencydocs.reading.validation import validate_model
from agencydocs.workspace import PAYMENTS_DIR
from agencydocs.workspace.writing import write_text_atomically

_HEADER = "# yaml-language-server: $schema=../schemas/payments.schema.json\n"
_ITEM = re.compile(r"^( *)- ", re.MULTILINE)


def payments_path(root: Path, client: str) -> Path:
    return root / PAYMENTS_DIR / f"{client}.yaml"


def appended_text(existing: str | None, payments: list[Matched], source: str) -> str:
    """The file's text with ``payments`` added at its end (a new file when ``existing`` is None)."""
    if existing is None:
        text = f"{_HEADER}payments:\n"
    else:
        text = existing if existing.endswith("\n") or not existing else existing + "\n"
        if not re.search(r"^payments:[ \t]*(#.*)?$", text, re.MULTILINE):
            if re.search(r"^payments:", text, re.MULTILINE):
                raise ValueError(
                    "write `payments:` as a block list (one `- date: ...` per payment) to import into it"
                )
            text += "payments:\n"
    items = _ITEM.search(text[text.index("payments:") :] if "payments:" in text else "")
    indent = items.group(1) if items else "  "
    lines = [
        f"{indent}# imported by `agencydocs payments import` from {json.dumps(source, ensure_ascii=False)}"
    ]
    for payment in payments:
        lines += _entry(payment, indent)
    return text + "\n".join(lines) + "\n"


def _entry(payment: Matched, indent: str) -> list[str]:
    t = payment.transaction
    inner = indent + "  "
    lines = [
        f"{indent}- date: {t.date.isoformat()}",
        f"{inner}amount: {t.amount:f}",
        f"{inner}currency: {t.currency}",
    ]
    for key, value in (("reference", t.reference), ("payer", t.payer)):
        if value:
            lines.append(f"{inner}{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append(f"{inner}bank_id: {json.dumps(t.bank_id, ensure_ascii=False)}")
    lines.append(f"{inner}settles:")
    for number, amount in payment.parts:
        lines.append(f"{inner}  - invoice: {json.dumps(number, ensure_ascii=False)}")
        lines.append(f"{inner}    amount: {amount:f}")
    return lines


def write_payments(root: Path, client: str, payments: list[Matched], source: str, max_bytes: int) -> Path:
    """Append ``payments`` to the client's payments file (created if missing); returns its path.

    Raises:
        AgencyDocsError: the file is a link out of the workspace, cannot be
            appended to, or would not be valid afterwards (nothing is written).
    """
    path = payments_path(root, client)
    display = path.relative_to(root).as_posix()
    leaves = outside_link(root, path) or outside_link(root, path.parent, "folder")
    if leaves is not None:
        raise AgencyDocsError(f"{display}: {leaves}")
    existing = path.read_bytes().decode("utf-8") if path.is_file() else None
    try:
        text = appended_text(existing, payments, source)
    except ValueError as exc:
        raise AgencyDocsError(f"{display}: {exc}") from None
    encoded = text.encode("utf-8")
    if len(encoded) > max_bytes:
        raise AgencyDocsError(
            f"{display}: would grow over {max_bytes} bytes (limits.max_file_size in agency.yaml)"
        )
    _validate(encoded, path, display)
    path.parent.mkdir(exist_ok=True)
    write_text_atomically(path, text)
    return path


def _validate(encoded: bytes, path: Path, display: str) -> None:
    try:
        loaded = load_yaml_bytes(encoded, path, display)
    except LoadError as exc:
        raise AgencyDocsError("the payments file would not load; nothing was written", exc.problems) from None
    value, problems = validate_model(PaymentsFile, loaded)
    if value is None:
        raise AgencyDocsError("the payments file would not be valid; nothing was written", problems)
