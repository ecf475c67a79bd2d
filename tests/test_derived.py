"""Resolving without e-invoice XML and QR images (``resolvers/derived.py``) reads the same inputs.

``diff`` lists every document's inputs that way, and ``check`` renders template
overrides without the XML: sound only because neither artefact reads a file.
"""

from __future__ import annotations

from typing import Any

import pytest

from agencydocs.building.dependencies import resolve_recorded
from agencydocs.commands.check import check
from agencydocs.resolvers.derived import without_derived
from agencydocs.workspace import Workspace
from tests.helpers import REPO_ROOT


@pytest.fixture(scope="module")
def example() -> Workspace:
    result = check(REPO_ROOT)
    assert result.errors == []
    return result.workspace


def _payment(context: Any) -> Any:
    """An invoice's payment block (the one holding the QR code), or None."""
    payment = getattr(context, "payment", None)
    return payment if hasattr(payment, "qr_png") else None


@pytest.mark.slow  # resolves every example document twice, QR codes and e-invoices included
def test_documents_record_the_same_inputs_without_derived_artefacts(example: Workspace) -> None:
    with_qr = with_xml = 0
    for source in example.documents:
        full, recorded = resolve_recorded(example, source)
        with without_derived():
            light, light_recorded = resolve_recorded(example, source)
        assert light_recorded == recorded, source.file.display
        with_xml += getattr(full, "einvoice", None) is not None
        with_qr += _payment(full) is not None and _payment(full).qr_png is not None
        assert getattr(light, "einvoice", None) is None
        assert _payment(light) is None or (_payment(light).qr_png, _payment(light).qr_svg) == (None, None)
    assert with_xml and with_qr  # the example has e-invoices and QR codes: the skip is exercised


def test_the_qr_is_kept_when_asked(example: Workspace) -> None:
    invoices = [s for s in example.documents if s.kind == "invoice"]
    with without_derived(qr="draw"):
        contexts = [resolve_recorded(example, source)[0] for source in invoices]
    assert all(getattr(ctx, "einvoice", None) is None for ctx in contexts)
    assert any(_payment(ctx) is not None and _payment(ctx).qr_png for ctx in contexts)
