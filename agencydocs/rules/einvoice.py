"""What an invoice's e-invoice profile needs and the workspace lacks, reported before any build.

The official rules (run on the XML by the build) would catch each of these
too, but only as an XML rule id; here each is a ``file:line`` in the YAML
that must change. The rule ids are named so that the two agree.
"""

from __future__ import annotations

from agencydocs.domain.terms import terms
from agencydocs.einvoice.profile import category, profile_of
from agencydocs.models.documents import Invoice
from agencydocs.rules.base import RuleContext
from agencydocs.workspace import SourceDocument


def check_einvoice(checker: RuleContext, document: SourceDocument) -> None:
    """Report the fields an invoice's ``factur-x`` / ``xrechnung`` profile needs and does not have."""
    invoice = document.model
    ws = checker.ws
    project = ws.projects.get(document.project_id)
    if not isinstance(invoice, Invoice) or project is None or ws.agency is None:
        return
    client = ws.clients.get(project.model.client)
    if client is None:
        return
    profile = profile_of(invoice, client.model)
    if profile is None:
        return
    agency_file, client_file = ws.agency.file, client.file
    agency, buyer = ws.agency.model.legal, client.model.legal
    need = f"the {profile} e-invoice"
    decided = terms(ws, document)
    if decided.prices_include_vat:
        checker.report(
            document.file, ("prices_include_vat",), f"{need} states net prices: drop prices_include_vat"
        )
    code = category(decided.vat, decided.vat.rate).code
    if code in ("S", "Z", "E", "AE") and not agency.vat_id:
        checker.report(
            agency_file,
            ("legal",),
            f"{need} of a sale in VAT category {code} needs the agency's legal.vat_id (BR-{code}-02)",
        )
    # A reverse charge without the client's VAT id (BR-AE-02) is reported by rules/billing.py already.
    if profile != "xrechnung":
        return
    if not client.model.leitweg_id:
        checker.report(client_file, ("id",), f"{need} needs the buyer reference: leitweg_id (BR-DE-15)")
    for file, legal, who, (city_rule, postcode_rule) in (
        (agency_file, agency, "agency", ("BR-DE-3", "BR-DE-4")),
        (client_file, buyer, "client", ("BR-DE-8", "BR-DE-9")),
    ):
        if not legal.city:
            checker.report(file, ("legal", "address"), f"{need} needs the {who}'s legal.city ({city_rule})")
        if not legal.postcode:
            checker.report(
                file, ("legal", "address"), f"{need} needs the {who}'s legal.postcode ({postcode_rule})"
            )
    for field, rule in (("phone", "BR-DE-6"), ("email", "BR-DE-7")):
        if not getattr(agency, field):
            checker.report(
                agency_file, ("legal",), f"{need} needs the seller contact's legal.{field} ({rule})"
            )
