"""Embed the CII XML in a PDF/A-3b as Factur-X: the ``factur-x`` library, with pinned timestamps.

The library stamps the PDF's /CreationDate, /ModDate and the XMP dates with
the current time; a build must give the same bytes for the same input, so
its two timestamp helpers are pinned to the document's date while it runs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Iterator
from typing import Any


def embed_facturx(pdf: bytes, xml: bytes, *, created: dt.date, metadata: dict[str, str], lang: str) -> bytes:
    """The Factur-X PDF: ``pdf`` (already PDF/A-3b) with ``xml`` attached as factur-x.xml and the XMP."""
    import facturx

    with _pinned_clock(created), _quiet():
        return bytes(
            facturx.generate_from_binary(
                pdf,
                xml,
                flavor="factur-x",
                level="en16931",
                check_xsd=False,  # validation.py has checked it, with the schematron
                pdf_metadata=dict(metadata),
                lang=lang,
            )
        )


@contextlib.contextmanager
def _pinned_clock(created: dt.date) -> Iterator[None]:
    from facturx import facturx as module

    moment = dt.datetime.combine(created, dt.time(), tzinfo=dt.UTC)
    saved: dict[str, Any] = {
        name: getattr(module, name) for name in ("_get_pdf_timestamp", "_get_metadata_timestamp")
    }
    pdf_stamp = moment.strftime("D:%Y%m%d%H%M%S+00'00'")
    module._get_pdf_timestamp = lambda date=None: pdf_stamp  # noqa: SLF001 - the library has no clock parameter
    module._get_metadata_timestamp = lambda: moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")  # noqa: SLF001
    try:
        yield
    finally:
        for name, function in saved.items():
            setattr(module, name, function)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """The library logs every step at INFO; a build prints only problems."""
    logger = logging.getLogger("factur-x")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)
