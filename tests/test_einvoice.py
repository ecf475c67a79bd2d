"""E-invoices: Factur-X in the PDF/A-3b and XRechnung, checked by the official rules run locally.

The EN 16931 schematron is ConnectingEurope's published XSLT, the XSD the
Factur-X EN 16931 schema, the XRechnung rules KoSIT's schematron (see
agencydocs/einvoice/rules/). A rule failure lists its id, so each assertion
``== []`` names what broke.
"""

from __future__ import annotations

import os
import re
import sys
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from lxml import etree

from agencydocs.domain.billing import billing_totals
from agencydocs.einvoice import saxon_client, validation
from agencydocs.einvoice.cii import RAM, RSM
from agencydocs.errors import InvalidInput, ProblemCollector
from agencydocs.kinds import resolve
from agencydocs.workspace import read_workspace
from tests.helpers import line_of, output_file, replace_in_file, run_cli

GLOBEX_INVOICE = "projects/globex-seo/invoice-2026-018.yaml"
NS = {"rsm": RSM, "ram": RAM}


def _facturx_xml(pdf: Path) -> bytes:
    reader = pypdf.PdfReader(pdf)
    [data] = reader.attachments["factur-x.xml"]
    return data


def _amount(xml: bytes, path: str) -> Decimal:
    [text] = etree.fromstring(xml).xpath(f"//ram:{path}/text()", namespaces=NS)
    return Decimal(text)


def test_the_example_factur_x_invoice_passes_the_xsd_and_the_en16931_schematron(example_build: Path) -> None:
    xml = _facturx_xml(output_file(example_build, "invoice-2026-018.pdf"))
    assert validation.check_xsd(xml) == []
    assert validation.check_schematron(xml) == []


def test_the_factur_x_totals_are_the_printed_totals(example_build: Path) -> None:
    pdf = output_file(example_build, "invoice-2026-018.pdf")
    xml = _facturx_xml(pdf)
    workspace = read_workspace(example_build, ProblemCollector())
    source = workspace.document("invoice", "2026-018")
    assert source is not None
    totals = billing_totals(workspace, source)
    assert _amount(xml, "GrandTotalAmount") == totals.total == Decimal("4473.00")
    assert _amount(xml, "DuePayableAmount") == totals.total
    assert _amount(xml, "TaxBasisTotalAmount") == totals.net
    assert _amount(xml, "TaxTotalAmount") == totals.vat == Decimal(0)
    line_totals = etree.fromstring(xml).xpath(
        "//ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount/text()", namespaces=NS
    )
    assert [Decimal(text) for text in line_totals] == [line.net for line in totals.lines]
    printed = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert "4,473.00" in printed


def test_the_russian_export_invoice_is_not_subject_to_vat_without_vat_ids(example_build: Path) -> None:
    """ru_export: category O (BR-O-*): no rate on the lines, no VAT id of either party, an exemption reason."""
    root = etree.fromstring(_facturx_xml(output_file(example_build, "invoice-2026-018.pdf")))
    assert set(root.xpath("//ram:CategoryCode/text()", namespaces=NS)) == {"O"}
    assert root.xpath("//ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']", namespaces=NS) == []
    assert root.xpath("//ram:ExemptionReasonCode/text()", namespaces=NS) == ["VATEX-EU-O"]
    [means] = root.xpath("//ram:SpecifiedTradeSettlementPaymentMeans", namespaces=NS)
    assert means.xpath("ram:TypeCode/text()", namespaces=NS) == ["58"]
    assert means.xpath(".//ram:IBANID/text()", namespaces=NS) == ["DE94500700100123456789"]


def test_the_factur_x_pdf_declares_pdf_a_3b_and_the_factur_x_xmp(example_build: Path) -> None:
    reader = pypdf.PdfReader(output_file(example_build, "invoice-2026-018.pdf"))
    xmp = reader.xmp_metadata
    assert xmp is not None
    text = xmp.stream.get_data().decode("utf-8")
    assert re.search(r"<pdfaid:part>3</pdfaid:part>", text)
    assert re.search(r"<pdfaid:conformance>B</pdfaid:conformance>", text)
    assert "<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>" in text
    assert "<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>" in text
    assert reader.metadata is not None and reader.metadata["/CreationDate"] == "D:20261102000000+00'00'"


def test_an_invoice_without_einvoice_is_a_plain_pdf(example_build: Path) -> None:
    reader = pypdf.PdfReader(output_file(example_build, "invoice-2026-014.pdf"))
    assert dict(reader.attachments) == {}


def test_the_factur_x_pdf_is_byte_identical_when_built_again(example_build: Path, tmp_path: Path) -> None:
    from tests.helpers import example_workspace

    root = example_workspace(tmp_path)
    result = run_cli(["-C", str(root), "build", "-j1", "--format", "pdf", str(root / GLOBEX_INVOICE)])
    assert result.exit_code == 0, result.output
    built = output_file(root, "invoice-2026-018.pdf").read_bytes()
    assert built == output_file(example_build, "invoice-2026-018.pdf").read_bytes()


# --- a German agency: standard rated (S) and intra-EU reverse charge (AE) ---


def _german_agency(root: Path) -> None:
    """The example's agency moved to Berlin: a German VAT id, 19 %, a SEPA account."""
    agency = root / "agency.yaml"
    text = agency.read_text(encoding="utf-8")
    text = re.sub(
        r"  country: RU\n",
        '  country: DE\n  vat_id: DE136695976\n  postcode: "10115"\n  city: Berlin\n',
        text,
    )
    text = re.sub(r'  inn: "\d+"\n  kpp: "\d+"\n  ogrn: "\d+"\n', "", text)
    text = re.sub(
        r"tax:\n(  - since: .*\n    vat_rate: \d+\n)+",
        "tax:\n  - since: 2019-01-01\n    vat_rate: 19\n",
        text,
    )
    agency.write_text(text, encoding="utf-8")


def _resolved_xml(root: Path, number: str = "2026-018") -> bytes:
    workspace = read_workspace(root, ProblemCollector())
    source = workspace.document("invoice", number)
    assert source is not None
    context = resolve(workspace, source)
    einvoice = getattr(context, "einvoice", None)
    assert einvoice is not None
    return bytes(einvoice[1])


@pytest.mark.parametrize(
    ("client_country", "vat_id", "category", "rate", "vat"),
    [
        ("DE", "DE293108457", "S", "19", Decimal("849.87")),  # domestic: 19 % of 4,473.00
        ("FR", "FR40303265045", "AE", "0", Decimal(0)),  # another member state with a VAT id: reverse charge
    ],
)
def test_a_german_agency_invoice_passes_the_en16931_rules(
    workspace: Path, client_country: str, vat_id: str, category: str, rate: str, vat: Decimal
) -> None:
    _german_agency(workspace)
    client = workspace / "clients/globex.yaml"
    replace_in_file(client, "  country: DE\n", f"  country: {client_country}\n")
    replace_in_file(client, "  vat_id: DE293108457\n", f"  vat_id: {vat_id}\n")
    xml = _resolved_xml(workspace)
    assert validation.check_xsd(xml) == []
    assert validation.check_schematron(xml) == []
    root = etree.fromstring(xml)
    assert set(root.xpath("//ram:CategoryCode/text()", namespaces=NS)) == {category}
    assert set(root.xpath("//ram:RateApplicablePercent/text()", namespaces=NS)) == {rate}
    assert _amount(xml, "TaxTotalAmount") == vat
    assert root.xpath("//ram:BuyerTradeParty//ram:ID[@schemeID='VA']/text()", namespaces=NS) == [vat_id]


# --- XRechnung ---


def _xrechnung_client(root: Path, leitweg: str = "leitweg_id: 991-12345-67\n") -> None:
    client = root / "clients/globex.yaml"
    replace_in_file(client, "einvoice: factur-x\n", f"einvoice: xrechnung\n{leitweg}")
    replace_in_file(client, "  country: DE\n", '  country: DE\n  postcode: "10117"\n  city: Berlin\n')
    replace_in_file(
        root / "agency.yaml", "  country: RU\n", '  country: RU\n  postcode: "123112"\n  city: Moscow\n'
    )


def test_xrechnung_is_a_separate_xml_that_passes_the_xrechnung_schematron(workspace: Path) -> None:
    _xrechnung_client(workspace)
    result = run_cli(["-C", str(workspace), "build", "-j1", "--format", "xml"])
    assert result.exit_code == 0, result.output
    [xml_file] = (workspace / "output").rglob("*.xml")
    assert xml_file.relative_to(workspace / "output").as_posix() == "globex/globex-seo/invoice-2026-018.xml"
    xml = xml_file.read_bytes()
    assert validation.check_xsd(xml) == []
    assert validation.check_schematron(xml) == []
    fatal = [f for f in validation.check_schematron(xml, validation.XRECHNUNG_XSLT) if f.flag != "warning"]
    assert fatal == []
    root = etree.fromstring(xml)
    assert root.xpath("//ram:BuyerReference/text()", namespaces=NS) == ["991-12345-67"]
    assert root.xpath("//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID/text()", namespaces=NS) == [
        "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
    ]


def test_check_reports_what_xrechnung_needs_and_the_workspace_lacks(workspace: Path) -> None:
    replace_in_file(workspace / "clients/globex.yaml", "einvoice: factur-x\n", "einvoice: xrechnung\n")
    result = run_cli(["-C", str(workspace), "check"])
    assert result.exit_code == 1
    agency_line = line_of(workspace / "agency.yaml", "  address:") + 1  # its value: the ru/en mapping
    client_line = line_of(workspace / "clients/globex.yaml", "  address:")
    id_line = line_of(workspace / "clients/globex.yaml", "id: globex")
    need = "the xrechnung e-invoice needs"
    assert result.problem_lines == [
        f"agency.yaml:{agency_line}:5: legal.address: {need} the agency's legal.city (BR-DE-3)",
        f"agency.yaml:{agency_line}:5: legal.address: {need} the agency's legal.postcode (BR-DE-4)",
        f"clients/globex.yaml:{id_line}:5: id: {need} the buyer reference: leitweg_id (BR-DE-15)",
        f"clients/globex.yaml:{client_line}:12: legal.address: {need} the client's legal.city (BR-DE-8)",
        f"clients/globex.yaml:{client_line}:12: legal.address: {need} the client's legal.postcode (BR-DE-9)",
    ]


def test_a_broken_rule_is_a_build_error_naming_the_rule_and_the_yaml_field(workspace: Path) -> None:
    """Resolved without ``check`` (which would have caught it first): the schematron names BR-DE-15."""
    _xrechnung_client(workspace, leitweg="")
    with pytest.raises(InvalidInput) as raised:
        _resolved_xml(workspace)
    [problem] = raised.value.problems
    assert problem.file == "clients/globex.yaml"
    assert problem.field == "leitweg_id"
    assert problem.message == (
        'BR-DE-15: [BR-DE-15] Das Element "Buyer reference" (BT-10) muss übermittelt werden.'
    )


def test_check_wants_the_agency_vat_id_for_a_reverse_charge_e_invoice(workspace: Path) -> None:
    replace_in_file(
        workspace / "clients/globex.yaml",
        "einvoice: factur-x\n",
        "einvoice: factur-x\nreverse_charge: true\n",
    )
    result = run_cli(["-C", str(workspace), "check"])
    assert result.exit_code == 1
    line = line_of(workspace / "agency.yaml", "legal:") + 1  # the mapping's first key
    assert result.problem_lines == [
        f"agency.yaml:{line}:3: legal: the factur-x e-invoice of a sale in VAT category AE needs the agency's "
        "legal.vat_id (BR-AE-02)"
    ]


def test_one_saxon_service_per_process_serves_every_invoice_and_saxon_stays_out_of_this_process(
    example_build: Path,
) -> None:
    xml = _facturx_xml(output_file(example_build, "invoice-2026-018.pdf"))
    assert validation.validate(xml) == []
    service = saxon_client.service_pid()
    assert service is not None and service != os.getpid()
    assert validation.validate(xml, xrechnung=True) != []  # not an XRechnung: BR-DE-* fail
    assert saxon_client.service_pid() == service  # reused, each stylesheet compiled there once
    assert "saxonche" not in sys.modules
    assert "saxon" not in Path("/proc/self/maps").read_text(encoding="utf-8").lower()
