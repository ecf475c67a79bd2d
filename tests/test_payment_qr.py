"""Payment QR codes, decoded with zxing-cpp from the rendered PDF pages and from the DOCX images.

romashka's rouble invoice carries the Russian ST00012 (GOST R 56042-2014)
code, globex's euro invoice to the agency's SEPA account the EPC GiroCode.
Every field is compared with the invoice's data; the sum exactly.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image

from agencydocs.domain.billing import billing_totals
from agencydocs.errors import ProblemCollector
from agencydocs.models.base import localize
from agencydocs.workspace import read_workspace
from tests.helpers import output_file

DPI = 200


def _pdf_codes(path: Path) -> list[str]:
    """Every QR code on every page, rendered at DPI."""
    texts = []
    for page in pdfium.PdfDocument(path):
        image = page.render(scale=DPI / 72).to_pil()
        texts += [code.text for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]
    return texts


def _docx_codes(path: Path) -> list[str]:
    """Every QR code among the images of a DOCX (the logo decodes to nothing)."""
    texts = []
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            if name.startswith("word/media/"):
                image = Image.open(io.BytesIO(archive.read(name)))
                texts += [
                    code.text for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
                ]
    return texts


def _invoice(root: Path, number: str):  # type: ignore[no-untyped-def]
    workspace = read_workspace(root, ProblemCollector())
    source = workspace.document("invoice", number)
    assert source is not None and workspace.agency is not None
    return workspace, source, workspace.agency.model


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_rouble_invoice_carries_the_gost_code_with_every_field_exact(
    example_build: Path, fmt: str
) -> None:
    workspace, source, agency = _invoice(example_build, "2026-014")
    path = output_file(example_build, f"invoice-2026-014.{fmt}")
    [text] = _pdf_codes(path) if fmt == "pdf" else _docx_codes(path)
    header, *pairs = text.split("|")
    fields = dict(pair.split("=", 1) for pair in pairs)
    account = agency.bank_account("RUB")
    assert account is not None
    total = billing_totals(workspace, source).total
    assert header == "ST00012"
    assert fields == {
        "Name": localize(agency.legal.short_name, "ru"),
        "PersonalAcc": account.account,
        "BankName": localize(account.bank_name, "ru"),
        "BIC": account.bic,
        "CorrespAcc": account.corr_account,
        "Sum": str(int(total * 100)),
        "Purpose": fields["Purpose"],  # checked below: its wording is the invoice's
        "PayeeINN": agency.legal.inn,
        "KPP": agency.legal.kpp,
    }
    assert fields["Sum"] == "52460000"  # 524,600.00 roubles in kopecks
    assert fields["Purpose"] == (
        "Оплата по счёту № 2026-014 за этапы 1–2 по договору № 12/2026, в т.ч. НДС 94 600,00 руб."
    )  # plain spaces: no U+00A0 from the amount's formatting
    assert all(value for value in fields.values()), "no empty field"


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_euro_invoice_to_a_sepa_account_carries_the_epc_code(example_build: Path, fmt: str) -> None:
    workspace, source, agency = _invoice(example_build, "2026-018")
    path = output_file(example_build, f"invoice-2026-018.{fmt}")
    [text] = _pdf_codes(path) if fmt == "pdf" else _docx_codes(path)
    account = agency.bank_account("EUR", "sepa")
    assert account is not None and account.iban is not None
    total = billing_totals(workspace, source).total
    lines = text.split("\n")
    assert lines[:7] == [
        "BCD",
        "002",
        "2",  # ISO 8859-1: the smallest character set that holds the text
        "SCT",
        account.bic,
        localize(agency.legal.name, "en"),
        "DE94500700100123456789",  # compact, as the EPC guideline asks
    ]
    assert lines[7].startswith("EUR")
    assert Decimal(lines[7].removeprefix("EUR")) == total == Decimal("4473.00")
    assert lines[8:] == ["", "", "Invoice 2026-018"]  # no purpose code, no structured reference, the text


def test_an_invoice_to_a_swift_account_has_no_payment_code(example_build: Path) -> None:
    """initech pays dollars by SWIFT: neither GOST (roubles) nor EPC (SEPA euros) applies."""
    assert _pdf_codes(output_file(example_build, "invoice-2026-020.pdf")) == []
