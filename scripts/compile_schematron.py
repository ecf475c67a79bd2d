"""Compile the XRechnung CII schematron into the XSLT that agencydocs/einvoice/validation.py runs.

    python scripts/compile_schematron.py SCHEMATRON.sch OUTPUT.xslt

itplr-kosit/xrechnung-schematron publishes its rules as ISO Schematron
(XSLT 2 query binding) only. This is a minimal compiler for the subset those
files use: ``ns``, ``include``, schema-level ``xsl:function``, ``let`` (pattern
lets become global variables, rule lets local ones), ``pattern``/``rule``
(first matching rule of a pattern wins, as in the ISO skeleton) and
``assert``/``report`` with ``name`` and ``value-of`` in their text. It writes
SVRL ``failed-assert`` elements with the rule's ``id`` and ``flag``, which is
what validation.py reads. Re-run it when updating the vendored rules.
"""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import etree

SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"
SVRL = "http://purl.oclc.org/dsdl/svrl"


def _load(path: Path) -> etree._Element:
    """The schema with its ``include``s replaced by the included elements."""
    root = etree.parse(str(path)).getroot()
    for include in root.iter(f"{{{SCH}}}include"):
        included = _load(path.parent / include.get("href"))
        include.getparent().replace(include, included)
    return root


def compile_schematron(source: Path) -> bytes:
    schema = _load(source)
    nsmap = {"xsl": XSL, "svrl": SVRL, "xs": "http://www.w3.org/2001/XMLSchema"}
    for ns in schema.iter(f"{{{SCH}}}ns"):
        nsmap[ns.get("prefix")] = ns.get("uri")
    for prefix, uri in schema.nsmap.items():
        if prefix and prefix not in nsmap and uri not in (SCH,):
            nsmap[prefix] = uri
    out = etree.Element(f"{{{XSL}}}stylesheet", nsmap=nsmap, version="2.0")
    for function in schema.findall(f"{{{XSL}}}function"):
        out.append(function)
    patterns = list(schema.iter(f"{{{SCH}}}pattern"))
    for pattern in patterns:
        for let in pattern.findall(f"{{{SCH}}}let"):
            etree.SubElement(out, f"{{{XSL}}}variable", name=let.get("name"), select=let.get("value"))
    main = etree.SubElement(out, f"{{{XSL}}}template", match="/")
    report = etree.SubElement(main, f"{{{SVRL}}}schematron-output")
    for index, pattern in enumerate(patterns):
        etree.SubElement(report, f"{{{XSL}}}apply-templates", select="/", mode=f"M{index}")
        _pattern(out, pattern, f"M{index}")
    return etree.tostring(out, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _pattern(out: etree._Element, pattern: etree._Element, mode: str) -> None:
    rules = pattern.findall(f"{{{SCH}}}rule")
    for position, rule in enumerate(rules):
        priority = str(1000 + len(rules) - position)
        template = etree.SubElement(
            out, f"{{{XSL}}}template", match=rule.get("context"), mode=mode, priority=priority
        )
        for child in rule:
            if child.tag == f"{{{SCH}}}let":
                etree.SubElement(
                    template, f"{{{XSL}}}variable", name=child.get("name"), select=child.get("value")
                )
            elif child.tag in (f"{{{SCH}}}assert", f"{{{SCH}}}report"):
                _check(template, child)
        etree.SubElement(template, f"{{{XSL}}}apply-templates", select="@*|node()", mode=mode)
    etree.SubElement(out, f"{{{XSL}}}template", match="text()", mode=mode, priority="-1")
    walk = etree.SubElement(out, f"{{{XSL}}}template", match="@*|node()", mode=mode, priority="-2")
    etree.SubElement(walk, f"{{{XSL}}}apply-templates", select="@*|node()", mode=mode)


def _check(template: etree._Element, check: etree._Element) -> None:
    test = check.get("test")
    asserting = check.tag == f"{{{SCH}}}assert"
    condition = etree.SubElement(template, f"{{{XSL}}}if", test=f"not({test})" if asserting else test)
    failed = etree.SubElement(
        condition, f"{{{SVRL}}}failed-assert" if asserting else f"{{{SVRL}}}successful-report"
    )
    for attribute in ("id", "flag"):
        if check.get(attribute):
            failed.set(attribute, check.get(attribute))
    location = etree.SubElement(failed, f"{{{XSL}}}attribute", name="location")
    etree.SubElement(location, f"{{{XSL}}}value-of", select="path()")
    text = etree.SubElement(failed, f"{{{SVRL}}}text")
    if check.text:
        etree.SubElement(text, f"{{{XSL}}}text").text = check.text
    for child in check:
        if child.tag == f"{{{SCH}}}name":
            etree.SubElement(text, f"{{{XSL}}}value-of", select=f"name({child.get('path', '.')})")
        elif child.tag == f"{{{SCH}}}value-of":
            etree.SubElement(text, f"{{{XSL}}}value-of", select=child.get("select"))
        if child.tail:
            etree.SubElement(text, f"{{{XSL}}}text").text = child.tail


def main(argv: list[str]) -> None:
    source, target = Path(argv[0]), Path(argv[1])
    target.write_bytes(compile_schematron(source))


if __name__ == "__main__":
    main(sys.argv[1:])
