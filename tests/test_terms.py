"""Which value wins: the precedence of :mod:`agencydocs.domain.terms`, record by record.

A small workspace from dicts: a Berlin agency (euros, English, 19% VAT until
2025 and a no-VAT regime from 2026), a client that sets its own language and
currency and one that sets neither, a project, a contract, an invoice, an
act, an addendum and a proposal. Each test changes one record and reads the
terms back.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from agencydocs.domain import terms as terms_module
from agencydocs.domain.terms import Terms, chain, languages, terms
from agencydocs.errors import ProblemCollector
from agencydocs.workspace import SourceDocument, Workspace, read_workspace
from tests.helpers import build_file_tree

AGENCY = {
    "legal": {
        "name": "Muster Web GmbH",
        "country": "DE",
        "address": "Hauptstraße 1, Berlin",
        "vat_id": "DE136695976",
    },
    "bank_accounts": [
        {
            "id": "eur",
            "currency": "EUR",
            "bank_name": "Commerzbank",
            "iban": "DE89 3704 0044 0532 0130 00",
            "bic": "COBADEFFXXX",
        },
        {
            "id": "usd",
            "currency": "USD",
            "bank_name": "Commerzbank",
            "iban": "DE89 3704 0044 0532 0130 00",
            "bic": "COBADEFFXXX",
        },
    ],
    "signatory": {"name": "Max Muster", "title": "Geschäftsführer"},
    "chief_accountant": {"name": "Erika Muster", "title": "Buchhalterin"},
    "locale": "en",
    "currency": "EUR",
    "tax": [
        {"since": "2020-01-01", "vat_rate": 19},
        {
            "since": "2026-01-01",
            "no_vat_wording": {"en": "Small business, no VAT (§ 19 UStG)", "ru": "Без НДС (§ 19 UStG)"},
        },
    ],
    "team": [{"id": "max", "name": "Max Muster", "role": "Account manager"}],
}
CLIENT = {
    "id": "kunde",
    "legal": {
        "name": "Kunde AG",
        "country": "DE",
        "address": "Marktplatz 2, München",
        "vat_id": "DE293108457",
    },
    "signatory": {"name": "Eva Kunde", "title": "Vorstand"},
    "locale": "ru",
    "currency": "USD",
    "payment_terms_days": 14,
}
# Sets neither language nor currency nor payment terms: the agency's apply (and the schema's 10 days).
BARE_CLIENT = {"id": "bare", "legal": {"name": "Bare Ltd", "country": "DE", "address": "Weg 1, Köln"}}
PROJECT = {
    "id": "shop",
    "client": "kunde",
    "title": "Online shop",
    "manager": "max",
    "start": "2025-01-05",
    "milestones": [{"id": "design", "title": "Design", "price": "4000.00"}],
}
CONTRACT = {"kind": "contract", "number": "1/2025", "date": "2025-06-02"}
INVOICE = {
    "kind": "invoice",
    "number": "2025-001",
    "date": "2025-07-01",
    "contract": "1/2025",
    "lines": [{"milestone": "design"}],
}
ACT = {"kind": "act", "number": "2025-001", "date": "2025-07-10", "invoice": "2025-001"}
ADDENDUM = {
    "kind": "addendum",
    "number": "1",
    "date": "2026-02-01",
    "contract": "1/2025",
    "remove": ["design"],
}
PROPOSAL = {
    "kind": "proposal",
    "number": "P-1",
    "date": "2025-05-01",
    "valid_until": "2025-06-01",
    "options": [{"id": "basic", "name": "Basic", "lines": [{"description": "Design", "price": "4000.00"}]}],
}

# name used by the tests -> (path, content)
FILES = {
    "agency": ("agency.yaml", AGENCY),
    "client": ("clients/kunde.yaml", CLIENT),
    "bare": ("clients/bare.yaml", BARE_CLIENT),
    "project": ("projects/shop/project.yaml", PROJECT),
    "contract": ("projects/shop/contract.yaml", CONTRACT),
    "invoice": ("projects/shop/invoice.yaml", INVOICE),
    "act": ("projects/shop/act.yaml", ACT),
    "addendum": ("projects/shop/addendum.yaml", ADDENDUM),
    "proposal": ("projects/shop/proposal.yaml", PROPOSAL),
}


def load(root: Path, **changes: dict[str, object]) -> Workspace:
    """The workspace of FILES with each named record's keys updated (None removes a key)."""
    files: dict[str, str | bytes] = {}
    for name, (path, data) in FILES.items():
        record = dict(data)
        for key, value in changes.get(name, {}).items():
            if value is None:
                record.pop(key, None)
            else:
                record[key] = value
        files[path] = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
    build_file_tree(root, files)
    collector = ProblemCollector()
    workspace = read_workspace(root, collector)
    assert collector.problems == [], collector.problems
    return workspace


def source(workspace: Workspace, kind: str) -> SourceDocument:
    [found] = [d for d in workspace.documents if d.kind == kind]
    return found


def terms_of(tmp_path: Path, kind: str, **changes: dict[str, object]) -> Terms:
    workspace = load(tmp_path, **changes)
    return terms(workspace, source(workspace, kind))


# --- currency: document > invoice > contract > project > client > agency ---


@pytest.mark.parametrize(
    ("kind", "changes", "expected"),
    [
        ("invoice", {}, "USD"),  # the client's
        ("invoice", {"project": {"currency": "RUB"}}, "RUB"),  # the project's beats the client's
        (
            "invoice",
            {"project": {"currency": "RUB"}, "invoice": {"currency": "CHF"}},
            "CHF",
        ),  # the document's
        ("act", {"invoice": {"currency": "CHF"}}, "CHF"),  # an act follows its invoice
        (
            "act",
            {"invoice": {"currency": "CHF"}, "act": {"currency": "GBP"}},
            "GBP",
        ),  # unless it sets its own
        ("proposal", {"proposal": {"currency": "CHF"}}, "CHF"),
        ("contract", {"project": {"currency": "RUB"}}, "RUB"),
        ("addendum", {}, "USD"),  # its contract's project's client's
        ("invoice", {"project": {"client": "bare"}}, "EUR"),  # a client without currency: the agency's
    ],
)
def test_currency(tmp_path: Path, kind: str, changes: dict[str, dict[str, object]], expected: str) -> None:
    assert terms_of(tmp_path, kind, **changes).currency == expected


# --- languages: document > invoice > contract > client > agency ---


@pytest.mark.parametrize(
    ("kind", "changes", "expected"),
    [
        ("invoice", {}, ("ru",)),  # the client's
        ("invoice", {"invoice": {"locale": "en"}}, ("en",)),
        ("invoice", {"contract": {"locale": "en"}}, ("en",)),  # the contract's single language
        ("act", {"invoice": {"locale": "en"}}, ("en",)),  # an act follows its invoice
        ("act", {"contract": {"locale": "en"}}, ("en",)),  # ... and its invoice's contract
        # A bilingual contract prints side by side; its addenda follow, an invoice keeps the client's.
        ("contract", {"contract": {"languages": ["en", "ru"]}}, ("en", "ru")),
        ("addendum", {"contract": {"languages": ["en", "ru"]}}, ("en", "ru")),
        ("invoice", {"contract": {"languages": ["en", "ru"]}}, ("ru",)),
        ("addendum", {"contract": {"languages": ["en", "ru"]}, "addendum": {"locale": "en"}}, ("en",)),
        ("proposal", {"project": {"client": "bare"}}, ("en",)),  # a client without locale: the agency's
    ],
)
def test_languages(
    tmp_path: Path, kind: str, changes: dict[str, dict[str, object]], expected: tuple[str, ...]
) -> None:
    decided = terms_of(tmp_path, kind, **changes)
    assert decided.languages == expected
    assert decided.language == expected[0]


# --- VAT: document > invoice > contract > client (reverse charge) > agency (tax period) ---


@pytest.mark.parametrize(
    ("kind", "changes", "mode", "rate", "decided_by"),
    [
        ("invoice", {}, "standard", Decimal(19), "agency"),  # 2025: the agency charges 19%
        ("invoice", {"contract": {"vat": "exempt"}}, "exempt", None, "contract"),  # follows its contract
        (
            "invoice",
            {"contract": {"vat": "exempt"}, "invoice": {"vat": "standard"}},
            "standard",
            Decimal(19),
            "document",
        ),
        ("act", {"contract": {"vat": "exempt"}}, "exempt", None, "contract"),  # via its invoice's contract
        ("act", {"invoice": {"vat": "reverse_charge"}}, "reverse_charge", Decimal(19), "invoice"),
        (
            "act",
            {"invoice": {"vat": "reverse_charge"}, "act": {"vat": "standard"}},
            "standard",
            Decimal(19),
            "document",
        ),
        ("contract", {"client": {"reverse_charge": True}}, "reverse_charge", Decimal(19), "client"),
        (
            "invoice",
            {"client": {"reverse_charge": True}, "contract": {"vat": "standard"}},
            "standard",
            Decimal(19),
            "contract",
        ),
        ("proposal", {"proposal": {"vat": "exempt"}}, "exempt", None, "document"),
        # 2026: the agency's no-VAT period decides by the document's date ...
        ("invoice", {"invoice": {"date": "2026-01-15"}}, "exempt", None, "agency"),
        # ... but an addendum restates its contract's price, taxed as of the contract's date.
        ("addendum", {}, "standard", Decimal(19), "agency"),
        ("addendum", {"contract": {"vat": "exempt"}}, "exempt", None, "contract"),
    ],
)
def test_vat(
    tmp_path: Path,
    kind: str,
    changes: dict[str, dict[str, object]],
    mode: str,
    rate: Decimal | None,
    decided_by: str,
) -> None:
    vat = terms_of(tmp_path, kind, **changes).vat
    assert (vat.mode, vat.rate, vat.decided_by) == (mode, rate, decided_by)


def test_a_no_vat_period_brings_its_legal_wording(tmp_path: Path) -> None:
    vat = terms_of(tmp_path, "invoice", invoice={"date": "2026-03-02"}).vat
    assert vat.mode == "exempt"
    assert vat.wording == {"en": "Small business, no VAT (§ 19 UStG)", "ru": "Без НДС (§ 19 UStG)"}
    assert terms_of(tmp_path / "2025", "invoice").vat.wording is None  # the 19% period has none


def test_the_tax_date_is_the_documents_own_except_an_addendums(tmp_path: Path) -> None:
    workspace = load(tmp_path)
    assert terms(workspace, source(workspace, "invoice")).tax_date == date(2025, 7, 1)
    assert terms(workspace, source(workspace, "addendum")).tax_date == date(2025, 6, 2)  # the contract's


# --- prices incl./excl. VAT, payment terms ---


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, False),
        ({"invoice": {"prices_include_vat": True}}, True),  # an act without lines bills its invoice's lines
        (
            {
                "invoice": {"prices_include_vat": True},
                "act": {"lines": [{"description": "Design", "price": "10"}]},
            },
            False,
        ),
    ],
)
def test_an_act_prices_its_invoices_lines_as_the_invoice_does(
    tmp_path: Path, changes: dict[str, dict[str, object]], expected: bool
) -> None:
    assert terms_of(tmp_path, "act", **changes).prices_include_vat is expected


NO_CONTRACT = {"invoice": {"contract": None}, "act": {"contract": None}}


@pytest.mark.parametrize(
    ("changes", "days", "business", "due", "decided_by"),
    [
        # Without a contract: the client's 14 calendar days from the invoice date.
        (NO_CONTRACT, 14, False, date(2025, 7, 15), "client"),
        (
            {**NO_CONTRACT, "project": {"client": "bare"}},
            10,
            False,
            date(2025, 7, 11),
            "client",
        ),  # the schema's
        # With a contract: its 5 business days, for a stage from signing its act (2025-07-10, a Thursday).
        ({}, 5, True, date(2025, 7, 17), "contract"),
        ({"act": {"date": "2025-07-11", "contract": None}}, 5, True, date(2025, 7, 18), "contract"),
        ({"contract": {"payment_days": 10}}, 10, True, date(2025, 7, 24), "contract"),
        ({"invoice": {"due": "2025-07-31"}}, 5, True, date(2025, 7, 31), "document"),  # its own due wins
    ],
)
def test_payment_terms_of_an_invoice(
    tmp_path: Path,
    changes: dict[str, dict[str, object]],
    days: int,
    business: bool,
    due: date,
    decided_by: str,
) -> None:
    payment = terms_of(tmp_path, "invoice", **changes).payment
    assert (payment.days, payment.business_days, payment.due, payment.decided_by) == (
        days,
        business,
        due,
        decided_by,
    )


def test_only_an_invoice_has_a_due_date(tmp_path: Path) -> None:
    assert terms_of(tmp_path, "act").payment.due is None


# --- law, court, signatories ---


def test_law_court_and_signatories_come_from_the_contract_agency_and_client(tmp_path: Path) -> None:
    decided = terms_of(
        tmp_path,
        "act",
        contract={"law": "German law", "court": {"en": "Berlin courts", "ru": "Суды Берлина"}},
    )
    assert decided.law == "German law"
    assert decided.court == {"en": "Berlin courts", "ru": "Суды Берлина"}
    assert decided.supplier_signatory is not None and decided.supplier_signatory.name == "Max Muster"
    assert decided.customer_signatory is not None and decided.customer_signatory.name == "Eva Kunde"
    assert decided.chief_accountant is not None and decided.chief_accountant.name == "Erika Muster"
    assert terms_of(tmp_path / "proposal", "proposal").law is None  # a proposal cites no contract


# --- a broken workspace: check asks for terms before anything is known to be valid ---


def test_missing_records_fall_through_to_the_next(tmp_path: Path) -> None:
    workspace = load(tmp_path, invoice={"contract": "9/9999"}, act={"invoice": "2099-999"})
    workspace.clients.clear()  # as if clients/kunde.yaml were invalid
    invoice = terms(workspace, source(workspace, "invoice"))
    assert (invoice.currency, invoice.languages, invoice.vat.mode) == ("EUR", ("en",), "standard")
    links = chain(workspace, source(workspace, "act"))
    assert (links.invoice, links.contract, links.client) == (None, None, None)
    assert languages(links) == ("en",)
    workspace.agency = None  # (terms() keeps what it decided for the loaded workspace: ask again)
    assert (
        terms_module.terms_of(chain(workspace, source(workspace, "invoice"))).currency == "RUB"
    )  # the schema's default


def test_terms_asked_again_note_the_same_inputs(tmp_path: Path) -> None:
    """terms() is decided once per loaded workspace; a document that asks again (or another
    document asking the same terms) still records what they were decided from."""
    from agencydocs.reading import reads
    from agencydocs.workspace.view import RecordingWorkspace

    workspace = load(tmp_path)
    invoice = source(workspace, "invoice")
    view = RecordingWorkspace(workspace)
    with reads.recording() as first:
        decided = terms(view, invoice)
    with reads.recording() as second:
        assert terms(view, invoice) is decided  # kept, not decided again
    assert first.files and second.files == first.files and second.listings == first.listings
    assert any(path.endswith("clients/kunde.yaml") for path in second.files)
