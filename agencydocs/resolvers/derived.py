"""Resolving without the derived artefacts: e-invoice XML and payment QR images.

Both are computed from figures the context holds anyway and read no file,
and they are most of the cost of resolving an invoice (building the CII XML
and validating it with lxml, Factur-X's schemas and Saxon; segno's masks and
PNG writer). Callers that never show them skip them: ``check`` rendering
template overrides skips the XML (HTML and DOCX templates never show it) and
draws a placeholder for the QR (a template's QR branch must still run, but
no check reads the code's modules), and ``diff`` skips both while it lists
every document's inputs, before it resolves in full the few whose inputs changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Literal

QrMode = Literal["draw", "skip", "placeholder"]

_EINVOICE_SKIPPED: ContextVar[bool] = ContextVar("einvoice_skipped", default=False)
_QR_MODE: ContextVar[QrMode] = ContextVar("qr_mode", default="draw")

# A valid 1x1 PNG and an empty SVG: where a QR would be, a template gets an
# image of the right type, so it renders exactly the markup it would around a real one.
PLACEHOLDER_QR_PNG = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
PLACEHOLDER_QR_SVG = "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4="


@contextmanager
def without_derived(*, qr: QrMode = "skip") -> Iterator[None]:
    """Inside the block invoices resolve with ``einvoice`` None and their QR image per ``qr``:
    none (``skip``), a placeholder image (``placeholder``) or the real code (``draw``)."""
    tokens = (_EINVOICE_SKIPPED.set(True), _QR_MODE.set(qr))
    try:
        yield
    finally:
        _QR_MODE.reset(tokens[1])
        _EINVOICE_SKIPPED.reset(tokens[0])


def einvoice_skipped() -> bool:
    return _EINVOICE_SKIPPED.get()


def qr_mode() -> QrMode:
    return _QR_MODE.get()
