"""Structured e-invoices: Factur-X/ZUGFeRD (EN 16931) inside the PDF, XRechnung as a separate XML.

- :mod:`.profile` decides which e-invoice a document gets and the EN 16931
  VAT category of its regime (domain/tax.py);
- :mod:`.cii` writes the UN/CEFACT Cross Industry Invoice from the money
  engine's figures (domain/billing.py), never recomputing them;
- :mod:`.validation` runs the official rules locally: the XSD and the
  EN 16931 (and XRechnung) schematron, compiled XSLT run by saxonche in
  a process of its own (:mod:`.saxon_service`, started by :mod:`.saxon_client`:
  Saxon/C does not survive ``fork``);
- :mod:`.pdfa` embeds the XML in the PDF/A-3b with the Factur-X XMP;
- :mod:`.requirements` lists what a profile needs and the workspace lacks, for ``check``.
"""
