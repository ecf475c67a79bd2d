"""Rules of УПД and счета-фактуры: each restates an act of its own client, by a VAT payer, with the form's codes.

- the act exists, is of the same client and is not void, and the document is
  not dated before it; a счёт-фактура later than five days after the act is
  a warning (п. 3 ст. 168 НК РФ);
- a счёт-фактура (and an УПД of status 1) only for a sale Russian VAT taxes:
  the decision is :func:`agencydocs.domain.tax.vat_invoice_refusal`;
- both parties' ИНН, and КПП for a company, are printed on lines (2б) and (6б)
  (пп. 2 п. 5 ст. 169 НК РФ); their checksums are checked where they are
  typed (models/legal.py), their presence here;
- the currency has an ОКВ code (line 7) and every unit an ОКЕИ code (column 2);
- a ``total:`` typed in the document equals the act's total.
"""

from __future__ import annotations

from datetime import timedelta

from agencydocs.domain import billing, transfer
from agencydocs.domain.ledger import client_of, computable
from agencydocs.models.documents import Act, TransferDocument, Upd
from agencydocs.models.legal import LegalEntity
from agencydocs.reading.loading import LoadedFile
from agencydocs.rules.base import RuleContext
from agencydocs.rules.relations import cited_of_same_client, where
from agencydocs.workspace import SourceDocument

# п. 3 ст. 168 НК РФ: a счёт-фактура is issued within five calendar days of the shipment.
ISSUE_DAYS = 5
NAMES = {"upd": "an УПД", "vat_invoice": "a счёт-фактура"}


def check_transfer(checker: RuleContext, document: SourceDocument) -> None:
    """An УПД or a счёт-фактура against its act, its parties and the classifiers."""
    model = document.model
    assert isinstance(model, TransferDocument)
    if model.void is not None:  # a cancelled document counts nowhere: only its act must exist
        checker.reference(document.file, ("act",), "act", model.act, checker.ws.numbered("act"))
        return
    act = cited_of_same_client(
        checker,
        document,
        "act",
        model.act,
        other_client='is of client "{theirs}", not of this project\'s client "{ours}"',
        void="there are no services to state",
    )
    if act is None:
        return
    assert isinstance(act.model, Act)
    _check_dates(checker, document, model, act)
    if not computable(checker.ws, act):  # the act's own problems are reported on the act
        return
    refused = transfer.refusal(checker.ws, document, act)
    if refused is not None:
        at = ("status",) if isinstance(model, Upd) else ("kind",)
        fix = (
            "set status: 2 for a передаточный документ without счёт-фактура"
            if isinstance(model, Upd)
            else ("the act documents this sale; an УПД of status 2 may replace it")
        )
        checker.report(document.file, at, f"act {model.act} ({where(act)}): {refused}; {fix}")
    else:
        _check_one_per_act(checker, document, model)
    _check_parties(checker, document, buyer=transfer.is_vat_invoice(model))
    _check_codes(checker, document, model, act)
    _check_total(checker, document, model, act)


def _check_dates(
    checker: RuleContext, document: SourceDocument, model: TransferDocument, act: SourceDocument
) -> None:
    assert isinstance(act.model, Act)
    name = NAMES[document.kind]
    if model.date < act.model.date:
        checker.report(
            document.file,
            ("date",),
            f"{name} dated {model.date} is before act {model.act} ({where(act, ('date',))}), dated {act.model.date}",
            related=[(act.file, ("date",))],
        )
    elif model.date > act.model.date + timedelta(days=ISSUE_DAYS) and transfer.is_vat_invoice(model):
        checker.report(
            document.file,
            ("date",),
            f"{name} dated {model.date} is more than {ISSUE_DAYS} days after act {model.act} "
            f"({act.model.date}): п. 3 ст. 168 НК РФ gives five calendar days from the services' acceptance",
            "warning",
        )


def _check_one_per_act(checker: RuleContext, document: SourceDocument, model: TransferDocument) -> None:
    """One sale, one счёт-фактура: another one (or an УПД of status 1) of the same act is a warning."""
    if not transfer.is_vat_invoice(model):
        return
    for other in transfer.vat_invoices_of(checker.ws, model.act):
        if other is document:
            continue
        checker.report(
            document.file,
            ("act",),
            f"act {model.act} already has a счёт-фактура: {other.kind} {getattr(other.model, 'number', '')} "
            f"({where(other)}); one sale has one счёт-фактура (an УПД of status 1 is one): void one of them",
            "warning",
            related=[(other.file, ("number",))],
        )


def _check_parties(checker: RuleContext, document: SourceDocument, *, buyer: bool) -> None:
    """ИНН of both parties, КПП of a company: lines (2б) and (6б) of the form.

    An УПД of status 2 is no счёт-фактура: a buyer abroad without ИНН gets dashes there.
    """
    workspace = checker.ws
    assert workspace.agency is not None
    client_id = client_of(workspace, document)
    client = workspace.clients.get(client_id or "")
    parties: list[tuple[str, LegalEntity, LoadedFile]] = [
        ("seller (agency.yaml)", workspace.agency.model.legal, workspace.agency.file)
    ]
    if client is not None and buyer:
        parties.append(
            (f"buyer (client {client_id}, {client.file.display})", client.model.legal, client.file)
        )
    for who, legal, file in parties:
        missing = []
        if not legal.inn:
            missing.append("ИНН")
        if not legal.kpp and not (legal.inn and len(legal.inn) == 12):  # an ИП (12-digit ИНН) has no КПП
            missing.append("КПП")
        if missing:
            checker.report(
                document.file,
                ("act",),
                f"the {who} has no {' and no '.join(missing)}: {NAMES[document.kind]} prints both parties' "
                "ИНН/КПП (пп. 2 п. 5 ст. 169 НК РФ); add legal.inn and legal.kpp",
                related=[(file, ("legal",))],
            )


def _check_codes(
    checker: RuleContext, document: SourceDocument, model: TransferDocument, act: SourceDocument
) -> None:
    """The currency by ОКВ (line 7), each unit by ОКЕИ (columns 2, 2а)."""
    currency = transfer.act_terms(checker.ws, act).currency
    if transfer.currency_code(currency) is None:
        checker.report(
            document.file,
            ("act",),
            f"act {model.act} is in {currency}, which has no ОКВ code in agencydocs/classifiers/okv.yaml "
            "(line 7 of the form names the currency and its code)",
        )
    for index, line in enumerate(transfer.lines_of(checker.ws, act), start=1):
        if line.okei is None:
            unit = transfer.localize_unit(line.unit)
            checker.report(
                document.file,
                ("act",),
                f'act {model.act}, line {index}: unit "{unit}" has no ОКЕИ code (column 2 of the form); '
                f"use one of {transfer.known_units()}",
            )


def _check_total(
    checker: RuleContext, document: SourceDocument, model: TransferDocument, act: SourceDocument
) -> None:
    if model.total is None:
        return
    totals = billing.billing_totals(checker.ws, act)
    if model.total != totals.total:
        checker.report(
            document.file,
            ("total",),
            f"total {model.total} differs from the total of act {model.act} ({where(act)}), "
            f"{totals.total} {totals.currency}: the document states the act's figures",
            related=[(act.file, ("number",))],
        )
