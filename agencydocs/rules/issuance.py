"""Rules of ``issued`` and ``void``, the two dates of a document's life after it is drafted.

A document cannot be sent before the date it bears, and a cancelled (void)
invoice cannot be closed by an act: the act would confirm services the
agency withdrew its claim for. Corrections of a sent document are credit
notes (``review/lock.py`` refuses edits).
"""

from __future__ import annotations

from agencydocs.rules.base import RuleContext
from agencydocs.rules.relations import where
from agencydocs.workspace import SourceDocument


def check_issuance(checker: RuleContext, document: SourceDocument) -> None:
    """``issued`` on or after the document's date; an act of a void invoice is void too (credit notes: rules/credit_notes.py)."""
    model = document.model
    issued, dated = getattr(model, "issued", None), getattr(model, "date", None)
    if issued is not None and dated is not None and issued < dated:
        checker.report(
            document.file, ("issued",), f"issued on {issued}, before the document's own date {dated}"
        )
    number = getattr(model, "invoice", None)
    if document.kind != "act" or not isinstance(number, str) or getattr(model, "void", None) is not None:
        return
    invoice = checker.ws.document("invoice", number)
    reason = getattr(invoice.model, "void", None) if invoice is not None else None
    if invoice is not None and reason is not None:
        checker.report(
            document.file,
            ("invoice",),
            f"invoice {number} ({where(invoice, ('void',))}) is void ({reason}); "
            "void this act too, or cite the invoice that replaces it",
            related=[(invoice.file, ("void",))],
        )
