"""Resolving without the derived artefacts: e-invoice XML and payment QR images.

Both are computed from figures the context holds anyway and read no file,
and they are most of the cost of resolving an invoice (building the CII XML
and validating it with lxml, Factur-X's schemas and Saxon; segno's masks and
PNG writer). Callers that never show them skip them: ``check`` rendering
template overrides skips the XML (HTML and DOCX templates never show it, but
they do show the QR), and ``diff`` skips both while it lists every
document's inputs, before it resolves in full the few whose inputs changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_EINVOICE_SKIPPED: ContextVar[bool] = ContextVar("einvoice_skipped", default=False)
_QR_SKIPPED: ContextVar[bool] = ContextVar("qr_skipped", default=False)


@contextmanager
def without_derived(*, qr: bool = True) -> Iterator[None]:
    """Inside the block invoices resolve with ``einvoice`` None and, when ``qr``, no QR image."""
    tokens = (_EINVOICE_SKIPPED.set(True), _QR_SKIPPED.set(qr))
    try:
        yield
    finally:
        _QR_SKIPPED.reset(tokens[1])
        _EINVOICE_SKIPPED.reset(tokens[0])


def einvoice_skipped() -> bool:
    return _EINVOICE_SKIPPED.get()


def qr_skipped() -> bool:
    return _QR_SKIPPED.get()
