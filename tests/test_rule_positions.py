"""Every rule's problem lands on the field it is about.

One case per rule: a copy of the example workspace broken in exactly that
way, and the one problem ``check`` must print, with its line (the line of
the field, found by a text on it) and field path. A rule that reports a field
the file does not have (``lines`` of an act that has neither lines nor an
invoice) points at the document itself; its case says so with a line number.

``test_every_rule_has_a_case`` reads the rules from the source
(``tests/rule_sites.py``): a new rule, or a rule whose message or field
changes, fails it until a case here covers it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from agencydocs.commands.check import check
from agencydocs.errors import Problem, Severity
from tests.helpers import example_workspace, line_of, replace_in_file
from tests.rule_sites import Site, model_sites, rule_sites

R = "projects/romashka-site/"
G = "projects/globex-seo/"
IN = "projects/initech-support/"
P = "payments/romashka.yaml"
CN = IN + "credit-note-2026-001.yaml"  # the example's credit note
MIN = R + "minutes/M-2026-01.yaml"  # the example's kick-off minutes
SPEC = R + "spec-12-2026.yaml"  # cites them
MINUTES_AGENDA = """agenda:
  - Цели нового сайта и показатели успеха
  - Состав работ, этапы и сроки
  - Интеграция с 1С и доступы
  - Материалы от заказчика
"""
MINUTES_DECISIONS = """decisions:
  - Исполнитель готовит техническое задание до 24 августа 2026 г.
  - Обмен с 1С — через REST-сервис, каталог и цены обновляются раз в час.
  - Тексты и фотографии продукции готовит заказчик, вёрстку страниц — исполнитель.
"""
LT = R + "letters/1-2026.yaml"  # the example's letter
UPD = R + "upds/UPD-2026-001.yaml"  # the example's УПД (status 1) of act 2026-011
ROMASHKA_MILESTONES = "backend, design, discovery, frontend, launch, vacancies"


@dataclass(frozen=True)
class Edit:
    """Replace ``old`` by ``new`` in ``path`` (a new file when ``old`` is None)."""

    path: str
    old: str | None
    new: str


# The example agency moved to Germany: no Russian ids, no Moscow court in agency.yaml.
GERMAN_AGENCY = (
    Edit("agency.yaml", "country: RU", "country: DE"),
    Edit("agency.yaml", '  inn: "7709123453"\n  kpp: "770901001"\n  ogrn: "1027700123450"\n', ""),
    Edit(
        "agency.yaml",
        "court:\n  ru: Арбитражном суде города Москвы\n  en: the Arbitrazh Court of the City of Moscow\n"
        "  de: das Arbitragegericht der Stadt Moskau\n",
        "",
    ),
)


@dataclass(frozen=True)
class Case:
    id: str
    edits: tuple[Edit, ...]
    file: str  # the file the problem is reported in
    at: str | int  # a text on the problem's line, or the line itself
    field: str
    message: str
    severity: Severity = "error"


def case(
    id: str, edits: Edit | tuple[Edit, ...], file: str, at: str | int, field: str, message: str,
    severity: Severity = "error",
) -> Case:  # fmt: skip
    return Case(id, edits if isinstance(edits, tuple) else (edits,), file, at, field, message, severity)


def _reqs() -> str:
    return ", ".join(f"FR-{n}" for n in range(1, 16))


CLAUSES_RU = """\
name: custom
language: ru
title: Договор
sections:
  - id: subject
    title: Предмет
    clauses:
      - {id: subject.scope, text: Исполнитель оказывает услуги.}
      - {id: subject.extra, text: Ещё один пункт.}
"""
SECOND_ACT = "kind: act\nnumber: 2026-012\ndate: 2026-10-21\ncontract: 12/2026\ninvoice: 2026-014\n"

ADVANCE_80 = "kind: invoice\nnumber: 2026-022\ndate: 2026-11-30\ncontract: 12/2026\nlines:\n  - milestone: backend\n    advance: 80\n"
ADVANCE_ACT = "kind: act\nnumber: 2026-012\ndate: 2026-11-30\ncontract: 12/2026\n"
ADV_PROJECT = (
    "id: adv\nclient: romashka\ntitle: Advance\nmanager: igor\nstart: 2026-09-01\n"
    "milestones:\n  - {id: site, title: Site, price: 1000.00}\n"
)
ADV_INVOICE = (
    "kind: invoice\nnumber: 2026-022\ndate: 2026-11-30\nlines:\n  - milestone: site\n    advance: contract\n"
)

CLAUSES_EN = CLAUSES_RU.replace("language: ru", "language: en").replace(
    "      - {id: subject.extra, text: Ещё один пункт.}\n", ""
)

# globex asks for XRechnung, and both parties have the postcode and city it needs.
XRECHNUNG = (
    Edit("clients/globex.yaml", "einvoice: factur-x", "einvoice: xrechnung"),
    Edit("clients/globex.yaml", "  country: DE\n", '  country: DE\n  postcode: "10117"\n  city: Berlin\n'),
    Edit("agency.yaml", "  country: RU\n", '  country: RU\n  postcode: "123112"\n  city: Moscow\n'),
)
LEITWEG = Edit("clients/globex.yaml", "einvoice: xrechnung", "einvoice: xrechnung\nleitweg_id: 991-12345-67")

CASES = [
    # --- invoices and acts (rules/billing.py) ---
    case("billing-contract", Edit(R + "invoices/2026-019.yaml", "contract: 12/2026", "contract: 99/2026"),
         R + "invoices/2026-019.yaml", "contract:", "contract",
         'unknown contract "99/2026"; did you mean "12/2026"? known: 12/2026, GX-2026-07, IN-2026-01, NL-2026-01'),
    case("billing-line-milestone", Edit(R + "invoices/2026-019.yaml", "milestone: frontend", "milestone: frontent"),
         R + "invoices/2026-019.yaml", "frontent", "lines[0].milestone",
         f'unknown milestone "frontent"; did you mean "frontend"? known: {ROMASHKA_MILESTONES}'),
    case("act-invoice", Edit(R + "acts/2026-011.yaml", "invoice: 2026-014", "invoice: 2026-099"),
         R + "acts/2026-011.yaml", "invoice:", "invoice",
         'unknown invoice "2026-099"; did you mean "2026-019"? known: 2026-014, 2026-017, 2026-018, 2026-019, 2026-020, 2026-021, 2026-022'),
    case("act-before-invoice", Edit(R + "acts/2026-011.yaml", "date: 2026-10-20", "date: 2026-10-01"),
         R + "acts/2026-011.yaml", "date:", "date", "act is dated before its invoice (2026-10-16)", "warning"),
    case("act-without-lines", Edit(R + "acts/2026-011.yaml", "invoice: 2026-014\n", ""),
         R + "acts/2026-011.yaml", "kind:", "lines", "an act needs lines, or an invoice to take them from"),
    case("invoice-bank-account", Edit(R + "invoices/2026-019.yaml", "date: 2026-11-23", "date: 2026-11-23\nbank_account: chf"),
         R + "invoices/2026-019.yaml", "bank_account:", "bank_account",
         'unknown bank account "chf"; known: eur, rub, sepa, usd'),
    case("invoice-no-account-in-currency", Edit(R + "invoices/2026-019.yaml", "date: 2026-11-23", "date: 2026-11-23\ncurrency: GBP"),
         R + "invoices/2026-019.yaml", "currency:", "currency",
         "the agency has no bank account in GBP; add one or set bank_account"),
    case("billing-tax-period", (Edit(R + "contract-12-2026.yaml", "date: 2026-08-28", "date: 2018-08-28"),
                                Edit(R + "invoices/2026-014.yaml", "date: 2026-10-16", "date: 2018-10-16")),
         R + "invoices/2026-014.yaml", "date:", "date",
         "no tax regime in agency.yaml covers this date (first starts 2019-01-01)"),
    case("billing-reverse-charge", (Edit(IN + "contract-in-2026-01.yaml", "city: Moscow", "city: Moscow\nvat: reverse_charge"),
                                    Edit(IN + "invoice-2026-020.yaml", "contract: IN-2026-01", "contract: IN-2026-01\nvat: reverse_charge")),
         IN + "invoice-2026-020.yaml", "vat:", "vat",
         "reverse charge needs the client's VAT id; clients/initech.yaml has no legal.vat_id"),
    # --- relations and order (rules/relations.py) ---
    case("relations-spec-after-contract", Edit(R + "spec-12-2026.yaml", "date: 2026-08-24", "date: 2026-09-18"),
         R + "contract-12-2026.yaml", "spec:", "spec",
         f"spec 12/2026 is dated 2026-09-18 ({R}spec-12-2026.yaml:4), after this contract (2026-08-28); "
         "an annex is signed with its contract or before it"),
    case("relations-no-contract", Edit(R + "invoices/2026-019.yaml", "contract: 12/2026\n", ""),
         R + "invoices/2026-019.yaml", "kind:", "contract",
         f"names no contract, but its project has 12/2026 ({R}contract-12-2026.yaml:6); add contract: so that "
         "its terms apply", "warning"),
    case("relations-contract-project", Edit(R + "invoices/2026-019.yaml", "contract: 12/2026", "contract: GX-2026-07"),
         R + "invoices/2026-019.yaml", "contract:", "contract",
         f'contract GX-2026-07 ({G}contract-gx-2026-07.yaml:6) belongs to project "globex-seo", not to this '
         'document\'s project "romashka-site"'),
    case("relations-before-contract", Edit(R + "invoices/2026-014.yaml", "date: 2026-10-16", "date: 2026-08-03"),
         R + "invoices/2026-014.yaml", "date:", "date",
         f"invoice is dated 2026-08-03, before the contract it cites (12/2026 of 2026-08-28, {R}contract-12-2026.yaml:7)"),
    case("relations-vat", Edit(IN + "invoice-2026-020.yaml", "contract: IN-2026-01", "contract: IN-2026-01\nvat: standard"),
         IN + "invoice-2026-020.yaml", "vat:", "vat",
         f"vat: standard differs from exempt (ru_export) that contract IN-2026-01 applies ({IN}contract-in-2026-01.yaml:3); "
         "a document follows its contract's VAT regime"),
    case("relations-due", Edit(R + "invoices/2026-019.yaml", "date: 2026-11-23", "date: 2026-11-23\ndue: 2026-12-05"),
         R + "invoices/2026-019.yaml", "due:", "due",
         f"due 2026-12-05 differs from 2026-11-30, 5 business days from the act as contract 12/2026 fixes "
         f"({R}contract-12-2026.yaml:14); remove due to follow the contract", "warning"),
    # --- prices from the contract (rules/prices.py) ---
    case("prices-milestone", Edit(R + "invoices/2026-019.yaml", "price: 46850.00", "price: 18500.00"),
         R + "invoices/2026-019.yaml", "price: 18500.00", "lines[1].price",
         f"16650.00 differs from 45000.00 fixed by {R}addendum-1.yaml:9:5 (milestone vacancies)"),
    case("prices-scope", Edit(R + "invoices/2026-014.yaml", "  - milestone: design\n", "  - milestone: design\n  - milestone: vacancies\n"),
         R + "invoices/2026-014.yaml", "milestone: vacancies", "lines[2].milestone",
         'milestone "vacancies" is not in the scope of contract 12/2026 on this date; add it by an addendum', "warning"),
    case("prices-fee", Edit(G + "invoice-2026-018.yaml", "Content writing — 6 category texts (DE), 1,200 words each\n    qty: 6\n    unit: text\n    price: 145.50",
                            "Category text (DE, up to 1,200 words)\n    qty: 6\n    unit: text\n    price: 150.00"),
         G + "invoice-2026-018.yaml", "price: 150.00", "lines[3].price",
         f"150.00 differs from 145.50 fixed by {G}contract-gx-2026-07.yaml:19:12 (fee Category text (DE, up to 1,200 words))"),
    case("prices-unpriced", Edit(G + "invoice-2026-018.yaml", "    price: 145.50", "    price: 150.00"),
         G + "invoice-2026-018.yaml", "  - description: Content writing", "lines[3]",
         "contract GX-2026-07 does not price this line (150.00); bill a milestone or a fee of the contract, or add it "
         "to the contract by an addendum", "warning"),
    case("prices-billed-twice", Edit(R + "invoices/2026-019.yaml", "  - milestone: frontend\n", "  - milestone: frontend\n  - milestone: design\n"),
         R + "invoices/2026-019.yaml", "milestone: design", "lines[1].milestone",
         f"milestone design is also billed by invoice 2026-014 ({R}invoices/2026-014.yaml:11): together 560000.00, "
         f"more than 280000.00 fixed by {R}project.yaml:23:12 (milestone design)"),
    # --- advance and final invoices (rules/prices.py, rules/billing.py, models/documents/common.py) ---
    case("prices-advance-over-price", Edit(R + "invoices/2026-022.yaml", None, ADVANCE_80),
         R + "invoices/2026-022.yaml", "advance: 80", "lines[0].advance",
         f"milestone backend is also billed by advance 30% of invoice 2026-021 ({R}invoices/2026-021.yaml:12): "
         f"together 363000.00, more than 330000.00 fixed by {R}project.yaml:33:12 (milestone backend)"),
    case("prices-advance-no-schedule",
         Edit(R + "contract-12-2026.yaml", "advance: 50}", "advance: 50}\n  - {milestone: backend, advance: 0}"),
         R + "invoices/2026-021.yaml", "advance: contract", "lines[0].advance",
         "contract 12/2026 fixes no advance for milestone backend; give the percent (advance: 30)"),
    case("billing-advance-no-contract", (Edit("projects/adv/project.yaml", None, ADV_PROJECT),
                                         Edit("projects/adv/invoice.yaml", None, ADV_INVOICE)),
         "projects/adv/invoice.yaml", "advance: contract", "lines[0].advance",
         "advance: contract takes the percent from the contract's schedule, and this invoice cites no contract; "
         "give the percent (advance: 30) or the contract"),
    case("billing-act-advance-line", Edit(R + "acts/2026-012.yaml", None, ADVANCE_ACT + "lines:\n  - milestone: backend\n    advance: 30\n"),
         R + "acts/2026-012.yaml", "advance: 30", "lines[0].advance",
         "an act closes work done, not an advance: bill advances by invoice"),
    case("billing-act-of-advance", Edit(R + "acts/2026-012.yaml", None, ADVANCE_ACT + "invoice: 2026-021\n"),
         R + "acts/2026-012.yaml", "invoice:", "invoice",
         "invoice 2026-021 bills an advance; an act closes the work done: cite the stage's final invoice, or list "
         "the act's own lines"),
    case("model-advance-line", Edit(R + "invoices/2026-021.yaml", "    advance: contract\n", "    advance: contract\n    price: 1000\n"),
         R + "invoices/2026-021.yaml", "advance: contract", "lines[0].advance",
         "an advance line names its milestone and no price, discount or qty: it bills a share of the stage price"),
    case("model-advance-percent", Edit(R + "invoices/2026-021.yaml", "advance: contract", "advance: 120"),
         R + "invoices/2026-021.yaml", "advance: 120", "lines[0].advance",
         'must be a percentage above 0 and at most 100, or "contract" for the contract\'s schedule (got "120")'),
    # --- reports agree with billing (rules/report_billing.py) ---
    case("report-billing", Edit(G + "project.yaml", "amount: 3600.00", "amount: 4000.00"),
         G + "reports/2026-10.yaml", "start: 2026-10-01", "period",
         f"contract GX-2026-07 ({G}contract-gx-2026-07.yaml:6) fixes 3600.00 a month, invoice 2026-018 "
         f"({G}invoice-2026-018.yaml:3) bills 3600.00 of those fees for this period, the monthly budget 4000.00 "
         f"({G}project.yaml:12); make them agree", "warning"),
    case("relations-act-invoice-project", Edit(IN + "act-2026-016.yaml", "invoice: 2026-020", "invoice: 2026-018"),
         IN + "act-2026-016.yaml", "invoice:", "invoice",
         f'invoice 2026-018 ({G}invoice-2026-018.yaml:3) belongs to project "globex-seo"; an act closes an invoice '
         'of its own project "initech-support"'),
    case("relations-act-currency", Edit(R + "acts/2026-011.yaml", "invoice: 2026-014", "invoice: 2026-014\ncurrency: EUR"),
         R + "acts/2026-011.yaml", "currency:", "currency",
         f"act is in EUR, its invoice 2026-014 ({R}invoices/2026-014.yaml:3) in RUB"),
    case("relations-second-act", Edit(R + "acts/2026-012.yaml", None, SECOND_ACT),
         R + "acts/2026-012.yaml", "invoice:", "invoice",
         f"invoice 2026-014 is already closed by act 2026-011 ({R}acts/2026-011.yaml:3); one act per invoice, or "
         "partial acts with lines"),
    case("relations-partial-acts",
         (Edit(R + "acts/2026-011.yaml", "invoice: 2026-014", "invoice: 2026-014\nlines:\n  - milestone: discovery\n"),
          Edit(R + "acts/2026-012.yaml", None, SECOND_ACT + "lines:\n  - milestone: design\n  - milestone: discovery\n")),
         R + "acts/2026-012.yaml", "  - milestone: design", "lines",
         f"with act 2026-011 ({R}acts/2026-011.yaml:3) the acts of invoice 2026-014 ({R}invoices/2026-014.yaml:3) "
         "come to 580000.00, more than its 430000.00"),
    # --- contracts and addenda (rules/contracts.py) ---
    case("contract-spec", Edit(R + "contract-12-2026.yaml", "spec: 12/2026", "spec: 13/2026"),
         R + "contract-12-2026.yaml", "spec:", "spec", 'unknown spec "13/2026"; did you mean "12/2026"? known: 12/2026'),
    case("contract-milestones", Edit(IN + "contract-in-2026-01.yaml", "city: Moscow", "city: Moscow\nmilestones: [nope]"),
         IN + "contract-in-2026-01.yaml", "milestones:", "milestones[0]", 'unknown milestone "nope"; known: none defined'),
    # --- signatories (rules/signatories.py) and the prevailing language ---
    case("signatory-power-of-attorney", Edit("clients/romashka.yaml", "  basis: Устава", "  basis: доверенности"),
         "clients/romashka.yaml", "basis: доверенности", "signatory.basis",
         "a power of attorney needs its number and date: add power_of_attorney: {number: …, date: YYYY-MM-DD} (and drop basis)"),
    case("signatory-title-per-language",
         Edit("clients/globex.yaml", "title: {ru: Управляющий директор, en: Managing Director}", "title: Managing Director"),
         "clients/globex.yaml", "title: Managing Director", "signatory.title",
         'Russian documents would print "Managing Director": give the title per language, '
         "e.g. {ru: Генеральный директор, en: Managing Director}", "warning"),
    case("signatory-gender",
         Edit("clients/globex.yaml", "  gender: male                  # a foreign name does not tell Russian grammar\n", ""),
         "clients/globex.yaml", "name: Thomas Krüger", "signatory.name",
         'cannot tell from "Thomas Krüger" whether a Russian contract says действующего or действующей: '
         "add gender: male or gender: female to the signatory", "warning"),
    case("contract-prevailing-language",
         Edit(G + "contract-gx-2026-07.yaml", "languages: [ru, en]", "languages: [ru, en]\nprevailing_language: de"),
         G + "contract-gx-2026-07.yaml", "prevailing_language:", "prevailing_language",
         "must be one of the contract's languages (languages: [ru, en])"),
    case("contract-reverse-charge", Edit(IN + "contract-in-2026-01.yaml", "city: Moscow", "city: Moscow\nvat: reverse_charge"),
         IN + "contract-in-2026-01.yaml", "vat:", "vat",
         "reverse charge needs the client's VAT id; clients/initech.yaml has no legal.vat_id"),
    case("contract-payment-milestone", Edit(R + "contract-12-2026.yaml", "{milestone: discovery,", "{milestone: discovry,"),
         R + "contract-12-2026.yaml", "discovry", "payments[0].milestone",
         f'unknown milestone "discovry"; did you mean "discovery"? known: {ROMASHKA_MILESTONES}'),
    case("contract-clause-set", Edit(R + "contract-12-2026.yaml", "payment_days: 5", "payment_days: 5\nclause_set: custom"),
         R + "contract-12-2026.yaml", "clause_set:", "clause_set",
         'no clause set "custom" in language ru; known: international, services'),
    case("contract-omit", Edit(R + "contract-12-2026.yaml", "payment_days: 5", "payment_days: 5\nomit: [nonexistent]"),
         R + "contract-12-2026.yaml", "omit:", "omit[0]",
         'unknown clause id "nonexistent"; see the clause set for the ids'),
    case("contract-include", Edit(R + "contract-12-2026.yaml", "include: [ip.portfolio]", "include: [ip.portfolo]"),
         R + "contract-12-2026.yaml", "include:", "include[0]",
         'unknown clause id "ip.portfolo"; did you mean "ip.portfolio"?'),
    case("contract-replace", Edit(R + "contract-12-2026.yaml", "confidentiality.scope:", "confidentiality.scop:"),
         R + "contract-12-2026.yaml", "confidentiality.scop:", "replace.confidentiality.scop",
         'unknown clause id "confidentiality.scop"; did you mean "confidentiality.scope"?'),
    case("contract-russian-set-abroad",
         (*GERMAN_AGENCY, Edit(G + "contract-gx-2026-07.yaml", "payment_days: 10", "payment_days: 10\nclause_set: services")),
         G + "contract-gx-2026-07.yaml", "clause_set:", "clause_set",
         'clause set "services" (ru) is written for Russian law, but the agency is in DE; '
         "use clause_set: international or a set for its country's law", "warning"),
    case("contract-law-court-defaults",
         (*GERMAN_AGENCY, Edit("projects/nordlicht-relaunch/contract-nl-2026-01.yaml",
                               "law: dem Recht der Bundesrepublik Deutschland unter Ausschluss des UN-Kaufrechts\n"
                               "court: das Landgericht Hamburg\n", "")),
         "projects/nordlicht-relaunch/contract-nl-2026-01.yaml", "kind: contract", "court",
         "law and court are left to the defaults for an agency in DE; "
         "set law: and court: in this contract or in agency.yaml", "warning"),
    case("contract-bilingual-clause-set",
         (Edit("clauses/ru-custom.yaml", None, CLAUSES_RU), Edit("clauses/en-custom.yaml", None, CLAUSES_EN),
          Edit(G + "contract-gx-2026-07.yaml", "include: [ip.portfolio]", "clause_set: custom")),
         G + "contract-gx-2026-07.yaml", "languages:", "languages",
         'clause set "custom" has no en text for: subject.extra; add them to clauses/*.yaml or replace them '
         "with text in both languages"),
    case("clause-term-undefined",
         Edit("clauses/en-services.yaml", None,
              "name: services\nlanguage: en\nsections:\n  - id: acceptance\n    clauses:\n"
              "      - id: acceptance.defects\n        uses: [warranty-period]\n        text: Defects are fixed.\n"),
         "clauses/en-services.yaml", "uses: [warranty-period]", "sections[0].clauses[0].uses",
         'clause "acceptance.defects" uses the term "warranty-period", which no clause of the en set "services" '
         "defines in a contract billed by monthly; let a clause that contract keeps define it "
         "(defines: [warranty-period]) or drop it from uses:", "warning"),
    case("contract-new-clause-id",
         Edit(R + "contract-12-2026.yaml", "include: [ip.portfolio]",
              "include:\n  - ip.portfolio\n  - id: subject.scope\n    section: subject\n    text: Новый пункт."),
         R + "contract-12-2026.yaml", "id: subject.scope", "include[1].id",
         'clause id "subject.scope" already exists; use replace to change its text'),
    case("contract-new-clause-section",
         Edit(R + "contract-12-2026.yaml", "include: [ip.portfolio]",
              "include:\n  - id: subject.new\n    section: subjekt\n    text: Новый пункт."),
         R + "contract-12-2026.yaml", "section: subjekt", "include[0].section",
         'unknown clause id "subjekt"; did you mean "subject"?'),
    case("contract-new-clause-after",
         Edit(R + "contract-12-2026.yaml", "include: [ip.portfolio]",
              "include:\n  - id: subject.new\n    section: subject\n    after: subject.scop\n    text: Новый пункт."),
         R + "contract-12-2026.yaml", "after: subject.scop", "include[0].after",
         'unknown clause id "subject.scop"; did you mean "subject.scope"?'),
    case("contract-placeholder",
         Edit(R + "contract-12-2026.yaml", "в течение срока действия", "в течение {contract.term}"),
         R + "contract-12-2026.yaml", "confidentiality.scope:", "replace.confidentiality.scope",
         'unknown placeholder "{contract.term}"; did you mean {contract.date}?'),
    case("contract-bilingual-text",
         Edit(G + "contract-gx-2026-07.yaml", "include: [ip.portfolio]",
              "include: [ip.portfolio]\nreplace:\n  subject.scope: Только по-русски."),
         G + "contract-gx-2026-07.yaml", "subject.scope:", "replace.subject.scope",
         "a bilingual contract needs this text in each language: {ru: …, en: …}", "warning"),
    case("addendum-contract", Edit(R + "addendum-1.yaml", "contract: 12/2026", "contract: 13/2026"),
         R + "addendum-1.yaml", "contract:", "contract",
         'unknown contract "13/2026"; did you mean "12/2026"? known: 12/2026, GX-2026-07, IN-2026-01, NL-2026-01'),
    case("addendum-before-contract", Edit(R + "addendum-1.yaml", "date: 2026-11-10", "date: 2026-08-01"),
         R + "addendum-1.yaml", "date:", "date", "addendum is dated before its contract (2026-08-28)"),
    case("addendum-add-milestone", Edit(R + "addendum-1.yaml", "  - milestone: vacancies", "  - milestone: vacancy"),
         R + "addendum-1.yaml", "milestone: vacancy", "add[0].milestone",
         f'unknown milestone "vacancy"; did you mean "vacancies"? known: {ROMASHKA_MILESTONES}'),
    case("addendum-add-requirements",
         Edit(R + "addendum-1.yaml", "  - milestone: vacancies", "  - milestone: vacancies\n    requirements: [FR-99]"),
         R + "addendum-1.yaml", "requirements:", "add[0].requirements[0]",
         f'unknown requirement "FR-99"; did you mean "FR-9"? known: {_reqs()}'),
    case("addendum-remove", Edit(R + "addendum-1.yaml", "deadlines:", "remove: [nosuch]\ndeadlines:"),
         R + "addendum-1.yaml", "remove:", "remove[0]", f'unknown milestone "nosuch"; known: {ROMASHKA_MILESTONES}'),
    case("addendum-deadline", Edit(R + "addendum-1.yaml", "{milestone: backend,", "{milestone: backnd,"),
         R + "addendum-1.yaml", "backnd", "deadlines[0].milestone",
         f'unknown milestone "backnd"; did you mean "backend"? known: {ROMASHKA_MILESTONES}'),
    case("addendum-payment", Edit(R + "addendum-1.yaml", "{milestone: vacancies, advance", "{milestone: vacancie, advance"),
         R + "addendum-1.yaml", "vacancie,", "payments[0].milestone",
         f'unknown milestone "vacancie"; did you mean "vacancies"? known: {ROMASHKA_MILESTONES}'),
    case("addendum-scope", Edit(R + "addendum-1.yaml", "deadlines:", "remove: [vacancies]\ndeadlines:"),
         R + "addendum-1.yaml", "remove:", "remove[0]",
         "milestone \"vacancies\" is not in the contract's scope at this point"),
    # --- numbers (rules/numbers.py) ---
    case("number-duplicate", Edit(R + "invoices/copy.yaml", None,
                                  "kind: invoice\nnumber: 2026-019\ndate: 2026-11-23\ncontract: 12/2026\nlines:\n  - milestone: launch\n"),
         R + "invoices/copy.yaml", "number:", "number",
         f'invoice number "2026-019" is already used by {R}invoices/2026-019.yaml:3'),
    case("number-gap", Edit("agency.yaml", 'invoice: {pattern: "{year}-{seq:03}", gaps: allowed}', 'invoice: "{year}-{seq:03}"'),
         "projects/nordlicht-relaunch/invoice-2026-017.yaml", "number:", "number",
         "invoice 2026-015 and 2026-016 are missing before this one; number documents without holes, or set "
         "numbering.invoice.gaps: allowed in agency.yaml", "warning"),
    case("number-output-collision", Edit(R + "invoices/copy.yaml", None,
                                         "kind: invoice\nnumber: 2026/019\ndate: 2026-11-23\ncontract: 12/2026\nlines:\n  - milestone: launch\n"),
         R + "invoices/copy.yaml", "number:", "number",
         f"output/romashka/romashka-site/invoice-2026-019.* is also the output of {R}invoices/2026-019.yaml:3; "
         "give the documents numbers that differ in Latin letters or digits"),
    # --- reports, audits, proposals, services (rules/reports.py) ---
    case("service-duplicate", Edit("agency.yaml", "prices: {RUB: 6000.00, EUR: 187.25}",
                                   "prices: {RUB: 6000.00, EUR: 187.25}\n  - {id: seo-audit, name: X, prices: {RUB: 1.00}}"),
         "agency.yaml", "name: X", "services[6].id", 'duplicate service id "seo-audit"'),
    case("report-work-milestone", Edit(G + "reports/2026-10.yaml", "  - milestone: technical", "  - milestone: technic"),
         G + "reports/2026-10.yaml", "milestone: technic", "work[0].milestone",
         'unknown milestone "technic"; did you mean "technical"? known: content, links, technical'),
    case("report-date", Edit(G + "reports/2026-10.yaml", "date: 2026-11-03", "date: 2026-09-30"),
         G + "reports/2026-10.yaml", "date:", "date", "the report is dated before its period starts", "warning"),
    case("report-entry-period", Edit(G + "reports/2026-10.yaml", "start: 2026-10-01", "start: 2026-10-02"),
         G + "reports/time-2026-10.csv", "2026-10-01,", "date", "is outside the report period: not counted", "warning"),
    case("report-csv-missing", Edit(G + "reports/2026-10.yaml", "csv: time-2026-10.csv", "csv: missing.csv"),
         G + "reports/2026-10.yaml", "csv:", "time.csv", 'file "missing.csv" does not exist next to the report'),
    case("report-csv-folder", (Edit(G + "reports/sub/keep.txt", None, "x"),
                               Edit(G + "reports/2026-10.yaml", "csv: time-2026-10.csv", "csv: sub")),
         G + "reports/2026-10.yaml", "csv:", "time.csv", '"sub" is a folder, not a file; rename or remove it'),
    case("report-entry-person", Edit(G + "reports/time-2026-10.csv", "2026-10-02,igor,", "2026-10-02,igorr,"),
         G + "reports/time-2026-10.csv", "igorr", "person", 'unknown person "igorr"; did you mean "igor"? known: anna, dmitry, igor, olga'),
    case("report-entry-milestone", Edit(G + "reports/time-2026-10.csv", "legacy URLs,technical", "legacy URLs,technic"),
         G + "reports/time-2026-10.csv", "technic,", "milestone",
         'unknown milestone "technic"; did you mean "technical"? known: content, links, technical'),
    case("report-rate", Edit(G + "reports/time-2026-10.csv", "2026-10-02,igor,", "2026-10-02,anna,"),
         G + "reports/2026-10.yaml", "csv:", "time",
         'no hourly rate for "anna" to measure the money budget: add rates.anna to project.yaml or hourly_rate '
         "to agency.yaml"),
    case("audit-metric-duplicate", Edit(R + "audits/2026-09-seo.yaml", "    better: lower", "    better: lower\n  - id: speed\n    name: Дубль"),
         R + "audits/2026-09-seo.yaml", "  - id: speed\n    name: Дубль", "metrics[4].id", 'duplicate metric id "speed"'),
    case("audit-site-metric", Edit(R + "audits/2026-09-seo.yaml", "    traffic: 3100", "    trafic: 3100"),
         R + "audits/2026-09-seo.yaml", "trafic: 3100", "site.metrics.trafic",
         'unknown metric "trafic"; did you mean "traffic"? known: lcp, speed, top10, traffic'),
    case("audit-competitor-metric", Edit(R + "audits/2026-09-seo.yaml", "      traffic: 18400", "      trafic: 18400"),
         R + "audits/2026-09-seo.yaml", "trafic: 18400", "competitors[0].metrics.trafic",
         'unknown metric "trafic"; did you mean "traffic"? known: lcp, speed, top10, traffic'),
    case("proposal-option-duplicate", Edit(R + "proposals/2026-031.yaml", "  - id: growth", "  - id: start"),
         R + "proposals/2026-031.yaml", "  - id: start\n    name: Рост", "options[1].id", 'duplicate option id "start"'),
    case("proposal-milestone-twice", Edit(R + "proposals/2026-031.yaml", "      - service: dev-hours\n        qty: 40",
                                          "      - service: seo-audit\n        qty: 40"),
         R + "proposals/2026-031.yaml", "      - service: seo-audit\n        qty: 40", "options[0].lines[1].service",
         'milestone id "seo-audit" is used twice in this option'),
    case("proposal-tax-period", Edit(R + "proposals/2026-031.yaml", "date: 2026-09-25", "date: 2018-09-25"),
         R + "proposals/2026-031.yaml", "date: 2018", "date",
         "no tax regime in agency.yaml covers this date (first starts 2019-01-01)"),
    case("proposal-service", Edit(R + "proposals/2026-031.yaml", "  - service: analytics-setup", "  - service: analytics"),
         R + "proposals/2026-031.yaml", "service: analytics", "addons[0].service",
         'unknown service "analytics"; did you mean "analytics-setup"? known: analytics-setup, dev-hours, link-placement, seo-audit, seo-retainer, '
         "seo-texts"),
    case("proposal-service-price", Edit("agency.yaml", "prices: {RUB: 35000.00, EUR: 600.00}", "prices: {EUR: 600.00}"),
         R + "proposals/2026-031.yaml", "service: analytics-setup", "addons[0].service",
         'service "analytics-setup" has no price in RUB (only EUR): add prices.RUB to it in agency.yaml, or give '
         "this line a price"),
    # --- specs and briefs (rules/specs.py) ---
    case("spec-requirement-duplicate",
         Edit(R + "spec-13.yaml", None,
              "kind: spec\nnumber: 13/2026\ndate: 2026-09-18\nrequirements:\n  - {id: FR-2, title: X, priority: must}\n"),
         R + "spec-13.yaml", "FR-2", "requirements[0].id",
         f'duplicate requirement id "FR-2" (first defined in {R}spec-12-2026.yaml:88)'),
    case("spec-requirement-ref", Edit(R + "spec-12-2026.yaml", "requirements: [FR-6]", "requirements: [FR-66]"),
         R + "spec-12-2026.yaml", "FR-66", "sitemap[0].children[1].requirements[0]",
         f'unknown requirement "FR-66"; did you mean "FR-6"? known: {_reqs()}'),
    case("spec-page-path", Edit(R + "spec-12-2026.yaml", "path: /where-to-buy/", "path: /dealers/"),
         R + "spec-12-2026.yaml", "path: /dealers/\n        blocks: [Условия", "sitemap[0].children[2].path",
         'page path "/dealers/" is also used on line 51', "warning"),
    case("brief-question-set", Edit(G + "briefs/seo.yaml", "question_set: seo", "question_set: seoo"),
         G + "briefs/seo.yaml", "question_set:", "question_set", 'unknown question set "seoo"; did you mean "seo"? known: seo, website'),
    case("brief-blank-answers", Edit(G + "briefs/seo.yaml", "date: 2026-06-15", "date: 2026-06-15\nanswers: {goals: x}"),
         G + "briefs/seo.yaml", "mode:", "mode", "a blank brief has no answers; set mode: filled"),
    case("brief-unknown-question", Edit(R + "briefs/website.yaml", "  company-name:", "  company-nme: x\n  company-name:"),
         R + "briefs/website.yaml", "company-nme", "answers.company-nme",
         'unknown question "company-nme" in question set "website"; did you mean "company-name"?'),
    case("brief-required", Edit(R + "briefs/website.yaml", "  company-name: ООО «Ромашка», бренд **Romashka Natural**\n", ""),
         R + "briefs/website.yaml", "answers:", "answers.company-name",
         'required question is not answered: "Название компании и бренда"', "warning"),
    # --- agency, clients, projects (rules/workspace.py) ---
    case("client-id", Edit("clients/globex.yaml", "id: globex", "id: globexx"),
         "clients/globex.yaml", "id:", "id", 'must equal the file name "globex"'),
    case("agency-person-duplicate", Edit("agency.yaml", "\nteam:\n", "\nteam:\n  - {id: anna, name: Анна, role: Дубль}\n"),
         "agency.yaml", "  - id: anna", "team[1].id", 'duplicate person id "anna" (also team[0])'),
    case("agency-account-duplicate", Edit("agency.yaml", "  - id: usd", "  - id: eur"),
         "agency.yaml", "  - id: eur\n    currency: USD", "bank_accounts[2].id",
         'duplicate bank account id "eur" (also bank_accounts[1])'),
    case("agency-file-outside", Edit("agency.yaml", "logo: assets/logo.png", "logo: ../logo.png"),
         "agency.yaml", "logo:", "logo", "must be a path inside the workspace"),
    case("agency-file-missing", Edit("agency.yaml", "logo: assets/logo.png", "logo: assets/nologo.png"),
         "agency.yaml", "logo:", "logo", 'file "assets/nologo.png" does not exist'),
    case("project-id", Edit(R + "project.yaml", "id: romashka-site", "id: romashka-sit"),
         R + "project.yaml", "id: romashka-sit", "id", 'must equal the folder name "romashka-site"'),
    case("project-client", Edit(IN + "project.yaml", "client: initech", "client: initek"),
         IN + "project.yaml", "client:", "client", 'unknown client "initek"; did you mean "initech"? known: globex, initech, nordlicht, romashka'),
    case("project-manager", Edit(IN + "project.yaml", "manager: igor", "manager: igorr"),
         IN + "project.yaml", "manager:", "manager", 'unknown person "igorr"; did you mean "igor"? known: anna, dmitry, igor, olga'),
    case("project-rates", Edit(IN + "project.yaml", "  dmitry: 65.00", "  dmitry: 65.00\n  nobody: 10.00"),
         IN + "project.yaml", "nobody:", "rates.nobody", 'unknown person "nobody"; known: anna, dmitry, igor, olga'),
    case("project-deadline", Edit(IN + "project.yaml", "start: 2026-01-15", "start: 2026-01-15\ndeadline: 2026-01-01"),
         IN + "project.yaml", "deadline:", "deadline", "deadline is before the start date"),
    case("project-milestone-duplicate",
         Edit(IN + "project.yaml", "rates:", "milestones:\n  - {id: a, title: A, price: 1.00}\n  - {id: a, title: B, price: 1.00}\nrates:"),
         IN + "project.yaml", "title: B", "milestones[1].id", 'duplicate milestone id "a"'),
    case("project-milestone-due",
         Edit(IN + "project.yaml", "rates:", "milestones:\n  - {id: a, title: A, price: 1.00, due: 2025-01-01}\nrates:"),
         IN + "project.yaml", "due: 2025", "milestones[0].due", "due date is outside the project's dates", "warning"),
    # --- model validators ---
    case("model-tax-regime", Edit("agency.yaml", "  - since: 2019-01-01\n    vat_rate: 20", "  - since: 2019-01-01"),
         "agency.yaml", "since: 2019", "tax[0]", "give either vat_rate or no_vat_wording"),
    case("model-tax-order", Edit("agency.yaml", "  - since: 2026-01-01", "  - since: 2018-01-01"),
         "agency.yaml", "since: 2018", "tax[1].since", "tax periods must be in date order with distinct dates"),
    case("model-addendum-item", Edit(R + "addendum-1.yaml", "  - milestone: vacancies", "  - title: Вакансии"),
         R + "addendum-1.yaml", "title: Вакансии", "add[0]", "an item needs a milestone, or a title and a price"),
    case("model-addendum-empty", Edit(R + "addendum-2.yaml", None, "kind: addendum\nnumber: '2'\ndate: 2026-11-10\ncontract: 12/2026\n"),
         R + "addendum-2.yaml", 1, "", "an addendum needs at least one change"),
    case("model-period", Edit(G + "invoice-2026-018.yaml", "  end: 2026-10-31", "  end: 2026-09-30"),
         G + "invoice-2026-018.yaml", "end:", "period.end", "end must not be before start"),
    case("model-line", Edit(G + "invoice-2026-018.yaml", "    price: 145.50\n", ""),
         G + "invoice-2026-018.yaml", "Content writing", "lines[3]",
         "a line needs description and price, or a milestone to take them from"),
    case("model-contract-languages", Edit(G + "contract-gx-2026-07.yaml", "languages: [ru, en]", "languages: [ru, ru]"),
         G + "contract-gx-2026-07.yaml", "languages:", "languages[1]", "languages must be different"),
    case("model-invoice-due", Edit(R + "invoices/2026-019.yaml", "date: 2026-11-23", "date: 2026-11-23\ndue: 2026-11-01"),
         R + "invoices/2026-019.yaml", "due:", "due", "due date is before the invoice date"),
    case("model-proposal-line", Edit(R + "proposals/2026-031.yaml", "  - service: analytics-setup", "  - description: Аналитика"),
         R + "proposals/2026-031.yaml", "description: Аналитика", "addons[0]",
         "a line needs description and price, or a service to take them from"),
    case("model-proposal-valid-until", Edit(R + "proposals/2026-031.yaml", "valid_until: 2026-10-25", "valid_until: 2026-09-01"),
         R + "proposals/2026-031.yaml", "valid_until:", "valid_until", "valid_until is before the proposal date"),
    case("model-report-work", Edit(G + "reports/2026-10.yaml", "  - milestone: links\n    progress: 40", "  - progress: 40"),
         G + "reports/2026-10.yaml", "  - progress: 40", "work[2]", "give a milestone or a title"),
    case("uses-client", Edit("clients/globex.yaml", "vat_id: DE293108457", "vat_id: DE293108458"),
         G + "invoice-2026-018.yaml", "kind:", "", 'uses client "globex", which has errors'),
    case("uses-project", Edit(IN + "project.yaml", "client: initech", "client: initek"),
         IN + "act-2026-016.yaml", "kind:", "", 'uses project "initech-support", which has errors'),
    case("uses-reference", Edit(G + "contract-gx-2026-07.yaml", "languages: [ru, en]", "languages: [ru, ru]"),
         G + "act-2026-015.yaml", "contract:", "contract", 'uses contract "GX-2026-07", which has errors'),
    case("payments-unknown-client", Edit("payments/acme.yaml", None, "payments: []\n"),
         "payments/acme.yaml", 1, "", 'unknown client "acme"; known: globex, initech, nordlicht, romashka'),
    case("payments-parts", Edit(P, "        amount: 200000.00", "        amount: 150000.00"),
         P, "      - invoice: 2026-019", "payments[1].settles",
         "the parts add up to 150000.00, but the payment is 200000.00 RUB"),
    case("payments-currency", Edit(P, "    amount: 524600.00\n    currency: RUB", "    amount: 524600.00\n    currency: EUR"),
         P, "currency: EUR", "payments[0].currency", "payment in EUR settles invoice 2026-014, which is in RUB"),
    case("payments-above-open", Edit(P, "    amount: 524600.00", "    amount: 524600.01"),
         P, "amount: 524600.01", "payments[0].amount",
         "pays 524600.01 RUB on invoice 2026-014, but only 524600.00 of 524600.00 is open"),
    case("payments-other-client", Edit(P, "      - invoice: 2026-014", "      - invoice: 2026-018"),
         P, "invoice: 2026-018", "payments[0].settles[0].invoice",
         'invoice 2026-018 is billed to client "globex", not "romashka"; record the payment in payments/globex.yaml'),
    case("payments-void", Edit(R + "invoices/2026-014.yaml", "issued: 2026-10-16", "issued: 2026-10-16\nvoid: ошибка"),
         P, "invoice: 2026-014", "payments[0].settles[0].invoice", "invoice 2026-014 is void (ошибка); nothing can settle it"),
    case("image-not-an-image", (Edit("assets/fake.png", None, "not an image"),
                                Edit("agency.yaml", "logo: assets/logo.png", "logo: assets/fake.png")),
         "agency.yaml", "logo:", "logo", '"assets/fake.png" is not a PNG, JPEG or SVG image; export it as one of those'),
    # --- e-invoices (rules/einvoice.py) ---
    case("einvoice-gross-prices", Edit(G + "invoice-2026-018.yaml", "bank_account: sepa", "bank_account: sepa\nprices_include_vat: true"),
         G + "invoice-2026-018.yaml", "prices_include_vat:", "prices_include_vat",
         "the factur-x e-invoice states net prices: drop prices_include_vat"),
    case("einvoice-agency-vat-id", Edit("clients/globex.yaml", "einvoice: factur-x", "einvoice: factur-x\nreverse_charge: true"),
         "agency.yaml", "  name:", "legal",
         "the factur-x e-invoice of a sale in VAT category AE needs the agency's legal.vat_id (BR-AE-02)"),
    case("einvoice-leitweg-id", XRECHNUNG,
         "clients/globex.yaml", "id:", "id", "the xrechnung e-invoice needs the buyer reference: leitweg_id (BR-DE-15)"),
    case("einvoice-city", (*XRECHNUNG, Edit("clients/globex.yaml", "  city: Berlin\n", ""), LEITWEG),
         "clients/globex.yaml", "  address:", "legal.address",
         "the xrechnung e-invoice needs the client's legal.city (BR-DE-8)"),
    case("einvoice-postcode", (*XRECHNUNG, Edit("clients/globex.yaml", '  postcode: "10117"\n', ""), LEITWEG),
         "clients/globex.yaml", "  address:", "legal.address",
         "the xrechnung e-invoice needs the client's legal.postcode (BR-DE-9)"),
    case("einvoice-seller-contact", (*XRECHNUNG, LEITWEG, Edit("agency.yaml", "  phone: +7 495 000-00-00\n", "")),
         "agency.yaml", "  name:", "legal",
         "the xrechnung e-invoice needs the seller contact's legal.phone (BR-DE-6)"),
    case("credit-note-date", Edit(CN, "date: 2026-11-28", "date: 2026-11-20"), CN, "date: 2026-11-20", "date",
         "credit note dated 2026-11-20 is before invoice 2026-020 (projects/initech-support/invoice-2026-020.yaml:4), dated 2026-11-25"),
    case("credit-note-no-line", Edit(CN, "  - line: 2", "  - line: 3"), CN, "line: 3", "lines[0].line",
         "invoice 2026-020 (projects/initech-support/invoice-2026-020.yaml:13) has no line 3 (it has 2 line(s))"),
    case("credit-note-qty", Edit(CN, "    qty: 1", "    qty: 8"), CN, "qty: 8", "lines[0].qty",
         "takes 8 off a line that bills 7.75 in invoice 2026-020 (projects/initech-support/invoice-2026-020.yaml:13)"),
    case("credit-note-currency", Edit(CN, "lines:\n  - line: 2\n    qty: 1\n", "currency: EUR\namount: 5.00\n"),
         CN, "currency: EUR", "currency",
         "credit note in EUR corrects invoice 2026-020 (projects/initech-support/invoice-2026-020.yaml:3), which is in USD; "
         "a credit note is in its invoice's currency"),
    case("credit-note-above", Edit(CN, "    qty: 1", "    amount: 1200.00"), CN, "- line: 2", "lines",
         "credits 1200.00 USD, more than invoice 2026-020 (projects/initech-support/invoice-2026-020.yaml:3) still bills: "
         "1153.75 of 1153.75"),
    case("model-credit-line-which", Edit(CN, "  - line: 2\n    qty: 1", "  - qty: 1"), CN, "- qty: 1", "lines[0]",
         "name the invoice line by `line` (its number) or `milestone`"),
    case("model-credit-line-how", Edit(CN, "    qty: 1", "    qty: 1\n    amount: 5.00"), CN, "- line: 2", "lines[0]",
         "reduce the line by `qty` or by `amount`, one of them"),
    case("model-credit-note-how", Edit(CN, "invoice: 2026-020", "invoice: 2026-020\namount: 5.00"), CN, "- line: 2", "lines",
         "reduce the invoice by `lines` or by `amount`, one of them"),
    case("issued-before-date", Edit(IN + "invoice-2026-020.yaml", "issued: 2026-11-25", "issued: 2026-11-24"),
         IN + "invoice-2026-020.yaml", "issued:", "issued", "issued on 2026-11-24, before the document's own date 2026-11-25"),
    case("act-of-void-invoice", Edit(IN + "invoice-2026-020.yaml", "issued: 2026-11-25", "issued: 2026-11-25\nvoid: billed twice"),
         IN + "act-2026-016.yaml", "invoice:", "invoice",
         "invoice 2026-020 (projects/initech-support/invoice-2026-020.yaml:6) is void (billed twice); "
         "void this act too, or cite the invoice that replaces it"),
    case("reminder-nothing-overdue", Edit(G + "reminders/2026-001.yaml", "date: 2026-11-30", "date: 2026-11-10"),
         G + "reminders/2026-001.yaml", "date:", "date",
         "no invoice of globex is overdue on 2026-11-10: there is nothing to remind of", "warning"),
    case("claim-nothing-overdue", Edit(R + "claims/2026-001.yaml", "date: 2026-12-15", "date: 2026-11-25"),
         R + "claims/2026-001.yaml", "invoices:", "invoices",
         "no invoice of romashka is overdue on 2026-11-25: there is nothing to claim"),
    case("claim-unknown-invoice", Edit(R + "claims/2026-001.yaml", "invoices: [2026-019]", "invoices: [2026-999]"),
         R + "claims/2026-001.yaml", "invoices:", "invoices[0]", 'romashka has no invoice "2026-999"'),
    case("claim-no-penalty", Edit(R + "contract-12-2026.yaml", "include: [ip.portfolio]",
                                  "include: [ip.portfolio]\nomit: [liability.late-payment]"),
         R + "claims/2026-001.yaml", "contract:", "contract",
         "no penalty to claim: contract 12/2026 omits its late-payment clause (liability.late-payment: penalty_rate, "
         "penalty_cap) and the law gives no statutory fallback here (only German business clients: § 288 BGB)"),
    case("claim-deadline", Edit(R + "claims/2026-001.yaml", "invoices: [2026-019]", "invoices: [2026-019]\ndeadline: 2026-12-01"),
         R + "claims/2026-001.yaml", "deadline:", "deadline", "the deadline must be after the claim date"),
    # --- meeting minutes (rules/minutes.py, models/documents/minutes.py) and their citations ---
    case("minutes-participant", Edit(MIN, "[igor, dmitry, morozova]", "[igor, dmitry, morozva]"),
         MIN, "participants:", "participants[2]",
         'unknown participant "morozva"; did you mean "morozova"? known: anna, dmitry, igor, morozova, olga'),
    case("minutes-ambiguous-id",
         (Edit("clients/romashka.yaml", "    phone: +7 812 000-00-00\n",
               "    phone: +7 812 000-00-00\n  - {id: olga, name: Ольга Смирнова}\n"),
          Edit(MIN, "[igor, dmitry, morozova]", "[igor, dmitry, morozova, olga]")),
         MIN, "participants:", "participants[3]",
         '"olga" names a team member and a contact of client romashka; give the contact another id'),
    case("model-client-contact-id",
         Edit("clients/romashka.yaml", "    phone: +7 812 000-00-00\n",
              "    phone: +7 812 000-00-00\n  - {id: morozova, name: Павел Морозов}\n"),
         "clients/romashka.yaml", "Павел Морозов", "contacts[1].id", "another contact has this id"),
    case("minutes-owner", Edit(MIN, "    owner: igor", "    owner: ivan"),
         MIN, "owner: ivan", "action_items[2].owner",
         'unknown owner "ivan"; known: anna, dmitry, igor, morozova, olga'),
    case("minutes-due-before-meeting", Edit(MIN, "    due: 2026-08-24", "    due: 2026-08-10"),
         MIN, "due: 2026-08-10", "action_items[2].due", "due 2026-08-10 is before the meeting (2026-08-19)"),
    case("minutes-no-place", Edit(MIN, "place: Офис ООО «Ромашка», Санкт-Петербург, ул. Садовая, д. 7\n", ""),
         MIN, "kind: minutes", "", "no place: or call:; say where the meeting was, or its call's tool or link",
         "warning"),
    case("minutes-empty-agenda", Edit(MIN, MINUTES_AGENDA, "agenda: []\n"),
         MIN, "agenda: []", "agenda", "the agenda is empty; list the topics of the meeting", "warning"),
    case("minutes-no-decisions", Edit(MIN, MINUTES_DECISIONS, "decisions: []\n"),
         MIN, "decisions: []", "decisions", "no decisions; list what the meeting decided", "warning"),
    case("model-minutes-place-and-call", Edit(MIN, "participants:", "call: Zoom\nparticipants:"),
         MIN, "call: Zoom", "call", "give place: or call:, not both"),
    case("model-minutes-participant-twice", Edit(MIN, "[igor, dmitry, morozova]", "[igor, dmitry, igor]"),
         MIN, "participants:", "participants[2]", "listed twice; name each participant once"),
    case("minutes-cited-unknown", Edit(SPEC, "minutes: M-2026-01", "minutes: M-2026-09"),
         SPEC, "minutes:", "minutes", 'unknown minutes "M-2026-09"; did you mean "M-2026-01"? known: M-2026-01'),
    case("minutes-cited-other-project",
         (Edit(G + "minutes/M-2026-02.yaml", None,
               "kind: minutes\nnumber: M-2026-02\ndate: 2026-08-01\ncall: Zoom\nparticipants: [olga]\n"
               "agenda: [SEO]\ndecisions: [Start]\n"),
          Edit(SPEC, "minutes: M-2026-01", "minutes: M-2026-02")),
         SPEC, "minutes:", "minutes",
         f"minutes M-2026-02 belong to project globex-seo ({G}minutes/M-2026-02.yaml:2), not to romashka-site"),
    case("minutes-cited-later", Edit(MIN, "date: 2026-08-19", "date: 2026-08-25"),
         SPEC, "minutes:", "minutes",
         f"minutes M-2026-01 are dated 2026-08-25 ({MIN}:7), after this spec (2026-08-24); "
         "a document can only follow an earlier meeting"),
    # --- letters (rules/letters.py, models/documents/letter.py) ---
    case("letter-addressee-language",
         (Edit(LT, "kind: letter\n", "kind: letter\nlocale: en\n"),
          Edit("clients/romashka.yaml", "title: Генеральный директор", "title: {ru: Генеральный директор, en: CEO}")),
         LT, "kind: letter", "",
         'a letter in en would print the addressee "Морозов Павел Андреевич" (clients/romashka.yaml:19): '
         "give the name per language there, e.g. {ru: Морозов Павел Андреевич, en: …}", "warning"),
    case("letter-addressee-title-language",
         (Edit(LT, "kind: letter\n", "kind: letter\nlocale: en\n"),
          Edit("clients/romashka.yaml", "name: Морозов Павел Андреевич", "name: {ru: Морозов Павел Андреевич, en: Pavel Morozov}")),
         LT, "kind: letter", "",
         'a letter in en would print the addressee\'s title "Генеральный директор" (clients/romashka.yaml:20): '
         "give the title per language there, e.g. {ru: Генеральный директор, en: …}", "warning"),
    case("letter-contact-role-language",
         (Edit(LT, "kind: letter\n", "kind: letter\nlocale: en\nto: morozova\n"),
          Edit("clients/romashka.yaml", "name: Елена Морозова", "name: {ru: Елена Морозова, en: Elena Morozova}")),
         LT, "to:", "to",
         'a letter in en would print the addressee\'s title "Директор по маркетингу" (clients/romashka.yaml:15): '
         "give the title per language there, e.g. {ru: Директор по маркетингу, en: …}", "warning"),
    case("letter-client", Edit(LT, "kind: letter\n", "kind: letter\nclient: romaska\n"), LT, "client:", "client",
         'unknown client "romaska"; did you mean "romashka"? known: globex, initech, nordlicht, romashka'),
    case("letter-attachment-unknown", Edit(LT, "  - document: 2026-011\n", "  - document: 2026-099\n"),
         LT, "2026-099", "attachments[1].document",
         'unknown document "2026-099"; did you mean "2026-019"? known: 1, 12/2026, 2026-001, 2026-011, 2026-013, '
         "2026-014, 2026-015, 2026-016, 2026-017, 2026-018, 2026-019, 2026-020, 2026-021, 2026-022, 2026-031, CN-2026-001, "
         "GX-2026-07, IN-2026-01, NL-2026-01"),
    case("letter-attachment-of-kind", Edit(LT, "  - document: 2026-021\n", "  - document: 2026-021\n    kind: act\n"),
         LT, "2026-021", "attachments[0].document",
         'unknown act "2026-021"; did you mean "2026-016"? known: 2026-011, 2026-013, 2026-015, 2026-016'),
    case("letter-attachment-ambiguous", (Edit(R + "acts/2026-011.yaml", "number: 2026-011", "number: 2026-021"),
                                         Edit(LT, "  - document: 2026-011\n", "  - document: 2026-021\n    kind: act\n")),
         LT, "- document: 2026-021", "attachments[0].document",
         '"2026-021" numbers documents of several kinds (invoice, act): add kind: to choose'),
    case("letter-to", Edit(LT, "kind: letter\n", "kind: letter\nto: elena\n"), LT, "to:", "to",
         'unknown contact of romashka "elena"; known: morozova'),
    case("letter-no-signatory", Edit("clients/romashka.yaml", "signatory:\n  name: Морозов Павел Андреевич\n"
                                     "  title: Генеральный директор\n  basis: Устава\n", ""),
         LT, 7, "", "romashka has no signatory to address the letter to: name one of its contacts in to:"),
    case("model-letter-attachment-source", Edit(LT, "    copies: 2", "    copies: 2\n    title: Акт"),
         LT, "- document: 2026-011", "attachments[1].document", "an attachment names a document or a title, not both"),
    case("model-letter-attachment-kind", Edit(LT, "  - document: 2026-021\n", "  - title: Счёт\n    kind: invoice\n"),
         LT, "kind: invoice", "attachments[0].kind", "kind narrows a document number: name the document"),
    # --- УПД and счета-фактуры (rules/transfer.py) ---
    case("transfer-act", Edit(UPD, "act: 2026-011", "act: 2026-099"), UPD, "act:", "act",
         'unknown act "2026-099"; did you mean "2026-016"? known: 2026-011, 2026-013, 2026-015, 2026-016'),
    case("transfer-act-client", Edit(UPD, "act: 2026-011", "act: 2026-013"), UPD, "act:", "act",
         'act 2026-013 (projects/nordlicht-relaunch/act-2026-013.yaml:4) is of client "nordlicht", '
         'not of this project\'s client "romashka"'),
    case("transfer-before-act", Edit(UPD, "date: 2026-10-20", "date: 2026-10-19"), UPD, "date:", "date",
         "an УПД dated 2026-10-19 is before act 2026-011 (projects/romashka-site/acts/2026-011.yaml:4), dated 2026-10-20"),
    case("transfer-late", Edit(UPD, "date: 2026-10-20\nissued: 2026-10-20", "date: 2026-10-30\nissued: 2026-10-30"),
         UPD, "date:", "date",
         "an УПД dated 2026-10-30 is more than 5 days after act 2026-011 (2026-10-20): "
         "п. 3 ст. 168 НК РФ gives five calendar days from the services' acceptance", "warning"),
    case("transfer-no-vat",
         (Edit(R + "invoices/2026-014.yaml", "contract: 12/2026", "contract: 12/2026\nvat: exempt"),
          ),
         UPD, "status:", "status",
         "act 2026-011 (projects/romashka-site/acts/2026-011.yaml:3): no счёт-фактура for a sale without VAT "
         "(an exemption of ст. 149 НК РФ or a seller released under ст. 145, 145.1 НК РФ, п. 3 ст. 169 НК РФ); "
         "set status: 2 for a передаточный документ without счёт-фактура"),
    case("transfer-buyer-inn",
         (Edit(IN + "invoice-2026-020.yaml", "date: 2026-11-25", "date: 2026-11-25\nvat: standard"),
          Edit(IN + "upds/UPD-2026-002.yaml", None, "kind: upd\nnumber: UPD-2026-002\ndate: 2026-11-30\nact: 2026-016\n")),
         IN + "upds/UPD-2026-002.yaml", "act:", "act",
         "the buyer (client initech, clients/initech.yaml) has no ИНН and no КПП: an УПД prints both parties' "
         "ИНН/КПП (пп. 2 п. 5 ст. 169 НК РФ); add legal.inn and legal.kpp"),
    case("transfer-okv", Edit("clients/romashka.yaml", "currency: RUB", "currency: THB"), UPD, "act:", "act",
         "act 2026-011 is in THB, which has no ОКВ code in agencydocs/classifiers/okv.yaml "
         "(line 7 of the form names the currency and its code)"),
    case("transfer-okei", Edit(R + "invoices/2026-014.yaml", "unit: усл.", "unit: текст"), UPD, "act:", "act",
         'act 2026-011, line 1: unit "текст" has no ОКЕИ code (column 2 of the form); use one of усл. ед. (876), '
         "ч (356), мес (362), шт (796), чел.ч (539), сут; дн (359), компл (839)"),
    case("transfer-one-per-act",
         Edit(R + "vat_invoices/SF-2026-002.yaml", None, "kind: vat_invoice\nnumber: SF-2026-002\ndate: 2026-10-20\nact: 2026-011\n"),
         R + "vat_invoices/SF-2026-002.yaml", "act:", "act",
         "act 2026-011 already has a счёт-фактура: upd UPD-2026-001 (projects/romashka-site/upds/UPD-2026-001.yaml:5); "
         "one sale has one счёт-фактура (an УПД of status 1 is one): void one of them", "warning"),
    case("transfer-total", Edit(UPD, "status: 1", "status: 1\ntotal: 524000.00"), UPD, "total:", "total",
         "total 524000.00 differs from the total of act 2026-011 (projects/romashka-site/acts/2026-011.yaml:3), "
         "524600.00 RUB: the document states the act's figures"),
]  # fmt: skip


def _expected(root: Path, c: Case) -> Problem:
    line = c.at if isinstance(c.at, int) else _line_of_text(root / c.file, c.at)
    return Problem(c.file, line, 0, c.field, c.message, c.severity)


def _line_of_text(path: Path, text: str) -> int:
    """The line where ``text`` starts (it may span lines)."""
    if "\n" not in text:
        return line_of(path, text)
    content = path.read_text(encoding="utf-8")
    assert content.count(text) == 1, f"{text!r} is not unique in {path}"
    return content[: content.index(text)].count("\n") + 1


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_each_rule_points_at_its_field(tmp_path: Path, c: Case) -> None:
    root = example_workspace(tmp_path)
    for edit in c.edits:
        target = root / edit.path
        if edit.old is None:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(edit.new, encoding="utf-8")
        else:
            replace_in_file(target, edit.old, edit.new)
    expected = _expected(root, c)
    # Documents that use the broken file say so once ("uses ..., which has
    # errors", tests/test_cascading.py); the rule's own file has only its problem.
    problems = [p for p in check(root).problems if p.file == c.file]
    assert [(p.file, p.line, p.field, p.message, p.severity) for p in problems] == [
        (expected.file, expected.line, expected.field, expected.message, expected.severity)
    ]
    if isinstance(c.at, str):  # the field is in the file: never the top of the file
        assert problems[0].line > 1 and problems[0].column >= 1


def _covering(site: Site) -> list[str]:
    return [c.id for c in CASES if site.matches(c.field, c.message)]


def test_every_rule_has_a_case() -> None:
    sites = rule_sites() + model_sites()
    assert len(sites) > 70  # the reader still finds the rules
    missing = [f"{s.where}: {s.field.pattern} | {s.message.pattern}" for s in sites if not _covering(s)]
    assert not missing, "rules without a case in CASES:\n" + "\n".join(missing)


def test_every_case_is_a_rule() -> None:
    """A case whose message no rule prints any more is stale."""
    sites = rule_sites() + model_sites()
    stale = [c.id for c in CASES if not any(s.matches(c.field, c.message) for s in sites)]
    assert not stale
