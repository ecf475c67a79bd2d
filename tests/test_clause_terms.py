"""Contracts by billing model and jurisdiction (#16 items 2, 3 and 9).

- every built-in clause set, language and billing model uses only the terms
  its chosen clauses define ("Этап", "Specification", "Act", ...), for every
  combination of the placeholders that switch clauses on and off;
- the billing model (stages or monthly) is decided once from the contract and
  the project, and picks the clauses;
- law and court default from the agency's country, and ``check`` warns about
  a Russian set outside Russia and about law and court left to defaults;
- a built monthly contract, read back from HTML and DOCX, has the monthly
  clauses and no stage or specification.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
import yaml
from docx2python import docx2python

from agencydocs.commands.check import check
from agencydocs.domain import jurisdiction
from agencydocs.domain.clauses import undefined_terms, wanted
from agencydocs.domain.terms import billing_model, terms
from agencydocs.models import Project
from agencydocs.models.documents.contract import Contract
from agencydocs.resolvers.contract import resolve_contract
from agencydocs.workspace.clause_library import TERMS, ClauseSet, load_clause_library
from tests.helpers import build_file_tree, line_of, output_file, run_cli

LIBRARY = load_clause_library(None)
SETS = sorted(LIBRARY.sets)
BILLING = ("stages", "monthly")


def _switches(clause_set: ClauseSet) -> list[str]:
    """The placeholders some clause of the set requires or excludes."""
    names = {name for _, c in clause_set.clauses() for name in (*c.requires, *c.unless)}
    return sorted(names)


@pytest.mark.parametrize("billing", BILLING)
@pytest.mark.parametrize(("name", "language"), SETS)
def test_every_term_a_contract_uses_is_defined_in_it(name: str, language: str, billing: str) -> None:
    clause_set = LIBRARY.sets[(name, language)]
    switches = _switches(clause_set)
    optional = [c.id for _, c in clause_set.clauses() if c.optional]
    for present in itertools.product((False, True), repeat=len(switches)):
        values = {switch: "x" if on else "" for switch, on in zip(switches, present, strict=True)}
        missing = undefined_terms(clause_set, values, billing, optional)
        assert missing == [], f"{language}-{name}, {billing}, {values}: undefined {missing}"


@pytest.mark.parametrize(("name", "language"), SETS)
def test_terms_are_known_and_each_is_defined_somewhere(name: str, language: str) -> None:
    clause_set = LIBRARY.sets[(name, language)]
    used = {t for _, c in clause_set.clauses() for t in (*c.uses, *c.defines)}
    assert used <= set(TERMS)
    defined = {t for _, c in clause_set.clauses() for t in c.defines}
    assert defined == set(TERMS)  # stage, specification, act, reporting period, warranty period, services


@pytest.mark.parametrize(
    ("language", "stage_words"),
    [("ru", ("этап", "техническ")), ("en", ("stage", "specification")), ("de", ("phase", "pflichtenheft"))],
)
def test_a_monthly_contract_without_specification_never_mentions_stages(
    language: str, stage_words: tuple[str, ...]
) -> None:
    clause_set = LIBRARY.sets[("services", language)]
    values = {"payment.rates": "x", "contract.valid_until": "x"}
    texts = [c.text.lower() for _, c in clause_set.clauses() if wanted(c, values, "monthly")]
    for word in stage_words:
        assert not [t for t in texts if word in t], word
    ids = {c.id for _, c in clause_set.clauses() if wanted(c, values, "monthly")}
    assert {"subject.retainer", "price.monthly", "acceptance.monthly-report"} <= ids
    assert not ids & {"subject.stages", "acceptance.act", "acceptance.warranty", "subject.spec"}


def test_stage_contracts_carry_the_warranty_period_and_acts_per_stage() -> None:
    clause_set = LIBRARY.sets[("services", "ru")]
    values = {"payment.schedule": "x", "contract.total": "x"}
    ids = [c.id for _, c in clause_set.clauses() if wanted(c, values, "stages")]
    assert {
        "subject.stages",
        "price.schedule",
        "price.advance",
        "acceptance.act",
        "acceptance.warranty",
    } <= set(ids)
    assert not set(ids) & {"subject.retainer", "price.monthly", "acceptance.monthly-report"}


# --- billing model, decided once ---

PROJECT = {"id": "p", "client": "c", "title": "Site", "manager": "m", "start": "2026-01-01"}
MILESTONES = [{"id": "design", "title": "Design", "price": "1000.00"}]


@pytest.mark.parametrize(
    ("contract", "project", "expected"),
    [
        ({}, {"milestones": MILESTONES}, "stages"),
        ({}, {"milestones": MILESTONES, "budget": {"amount": "900.00", "per": "month"}}, "monthly"),
        ({"fees": [{"description": "Retainer", "price": "500.00", "unit": "month"}]}, {}, "monthly"),
        ({}, {"rates": {"m": "50.00"}}, "monthly"),
        ({}, {}, "stages"),  # nothing to bill monthly: staged work with one final act
        ({"billing": "stages"}, {"budget": {"amount": "900.00", "per": "month"}}, "stages"),  # explicit wins
        ({"billing": "monthly"}, {"milestones": MILESTONES}, "monthly"),
    ],
)
def test_billing_model(contract: dict[str, object], project: dict[str, object], expected: str) -> None:
    model = Contract.model_validate({"kind": "contract", "number": "1", "date": "2026-01-10", **contract})
    assert billing_model(model, Project.model_validate(PROJECT | project)) == expected


# --- a workspace from dicts: jurisdiction defaults and warnings ---


RUSSIAN_IDS = {"inn": "7709123453", "kpp": "770901001", "ogrn": "1027700123450"}


def _agency(country: str, language: str) -> dict[str, object]:
    ids = RUSSIAN_IDS if country == "RU" else {}
    return {
        "legal": {"name": "Studio", "country": country, "address": "Main street 1", **ids},
        "bank_accounts": [
            {
                "id": "a",
                "currency": "EUR",
                "bank_name": "Bank",
                "iban": "DE89 3704 0044 0532 0130 00",
                "bic": "COBADEFFXXX",
            }
        ],
        "signatory": {"name": "Ann Boss", "title": "Director"},
        "locale": language,
        "currency": "EUR",
        "tax": [{"since": "2020-01-01", "vat_rate": 20}],
        "team": [{"id": "m", "name": "Ann Boss", "role": "Manager"}],
    }


CONTRACT_FILE = "projects/p/contract.yaml"


def _workspace(
    root: Path,
    country: str,
    language: str = "en",
    contract: dict[str, object] | None = None,
    agency: dict[str, object] | None = None,
    project: dict[str, object] | None = None,
) -> Path:
    client = {
        "id": "c",
        "legal": {"name": "Client Ltd", "country": "DE", "address": "High street 2"},
        "signatory": {"name": "Bob Buyer", "title": "Director"},
        "locale": language,
        "currency": "EUR",
    }
    files = {
        "agency.yaml": _agency(country, language) | (agency or {}),
        "clients/c.yaml": client,
        "projects/p/project.yaml": PROJECT | {"milestones": MILESTONES} | (project or {}),
        CONTRACT_FILE: {"kind": "contract", "number": "1", "date": "2026-01-10"} | (contract or {}),
    }
    build_file_tree(
        root, {p: yaml.safe_dump(d, allow_unicode=True, sort_keys=False) for p, d in files.items()}
    )
    return root


def _resolved(root: Path) -> tuple[dict[str, str], object]:
    result = check(root)
    assert not result.errors, result.errors
    [source] = [d for d in result.workspace.documents if d.kind == "contract"]
    decided = terms(result.workspace, source)
    return {
        "law": decided.forum.law_in(decided.language, {}),
        "court": decided.forum.court_in(decided.language, {}),
    }, resolve_contract(result.workspace, source)


@pytest.mark.parametrize(
    ("country", "language", "law", "court"),
    [
        (
            "RU",
            "ru",
            "законодательством Российской Федерации",
            "арбитражном суде по месту нахождения Исполнителя",
        ),
        (
            "DE",
            "de",
            "dem Recht der Bundesrepublik Deutschland unter Ausschluss des UN-Kaufrechts",
            "das für den Sitz des Auftragnehmers zuständige Gericht",
        ),
        (
            "US",
            "en",
            "the laws of the country of the Contractor's registered seat (United States)",
            "the competent courts at the Contractor's registered seat",
        ),
    ],
)
def test_law_and_court_default_from_the_agency_country(
    tmp_path: Path, country: str, language: str, law: str, court: str
) -> None:
    chosen, context = _resolved(_workspace(tmp_path, country, language))
    assert chosen == {"law": law, "court": court}
    disputes = next(s for s in context.sections if s.id == "disputes")  # type: ignore[attr-defined]
    assert any(court in c.texts[0] for c in disputes.clauses)


def test_agency_and_contract_choices_beat_the_country_default(tmp_path: Path) -> None:
    root = _workspace(
        tmp_path,
        "US",
        agency={"law": "the laws of the State of New York", "court": "the courts of New York County"},
        contract={"court": "the American Arbitration Association under its Commercial Rules"},
    )
    chosen, _ = _resolved(root)
    assert chosen == {
        "law": "the laws of the State of New York",
        "court": "the American Arbitration Association under its Commercial Rules",
    }
    assert jurisdiction.jurisdiction_of("us") == "intl"


def _warnings(root: Path) -> list[str]:
    result = run_cli(["-C", str(root), "check", "--strict"])
    assert result.exit_code == 1  # --strict: a warning fails
    return [line for line in result.problem_lines if line.startswith(CONTRACT_FILE)]


def test_check_warns_about_the_russian_set_and_defaulted_law_outside_russia(tmp_path: Path) -> None:
    root = _workspace(tmp_path, "US", contract={"clause_set": "services"})
    path = root / CONTRACT_FILE
    top, field = line_of(path, "kind: contract"), line_of(path, "clause_set:")
    assert _warnings(root) == [
        f"{CONTRACT_FILE}:{top}:1: warning: court: law and court are left to the defaults for an agency "
        "in US; set law: and court: in this contract or in agency.yaml",
        f'{CONTRACT_FILE}:{field}:13: warning: clause_set: clause set "services" (en) is written for Russian '
        "law, but the agency is in US; use clause_set: international or a set for its country's law",
    ]


@pytest.mark.parametrize(
    ("country", "languages", "expected"),
    [
        ("RU", ["ru"], "services"),
        ("RU", ["ru", "en"], "services"),
        ("DE", ["de"], "services"),  # German law in German
        ("DE", ["en"], "international"),
        ("US", ["en"], "international"),
    ],
)
def test_the_clause_set_follows_the_agency_country(
    tmp_path: Path, country: str, languages: list[str], expected: str
) -> None:
    root = _workspace(tmp_path, country, languages[0], contract={"languages": languages})
    result = check(root)
    [source] = [d for d in result.workspace.documents if d.kind == "contract"]
    assert terms(result.workspace, source).clause_set == expected
    clause_set = LIBRARY.sets[(expected, languages[0])]
    assert clause_set.jurisdiction == {"services": "ru" if country == "RU" else "de"}.get(expected, "intl")


def test_the_international_set_cites_no_russian_statute() -> None:
    for language, statute in (("en", "Civil Code of the Russian Federation"), ("ru", "ГК РФ")):
        texts = [c.text for _, c in LIBRARY.sets[("international", language)].clauses()]
        assert not [t for t in texts if statute in t or "152" in t]
        russian = [c.text for _, c in LIBRARY.sets[("services", language)].clauses()]
        assert [t for t in russian if statute in t]  # the Russian set does cite it


def test_a_russian_agency_with_defaults_and_a_german_agency_that_chose_get_no_warning(tmp_path: Path) -> None:
    assert _contract_problems(_workspace(tmp_path / "ru", "RU", "ru")) == []
    chosen = {"law": "dem Recht der Bundesrepublik Deutschland", "court": "das Landgericht Hamburg"}
    assert _contract_problems(_workspace(tmp_path / "de", "DE", "de", agency=chosen)) == []


def _contract_problems(root: Path) -> list[str]:
    return [p.format() for p in check(root).problems if p.file == CONTRACT_FILE]


# --- the built monthly contract, read back ---


def test_the_built_monthly_contract_has_monthly_clauses_and_no_stages(example_build: Path) -> None:
    html = output_file(example_build, "contract-GX-2026-07.html").read_text(encoding="utf-8")
    with docx2python(output_file(example_build, "contract-GX-2026-07.docx")) as docx:
        docx_text = docx.text
    for text in (html, docx_text):
        assert "«Отчётный период»" in text and "Reporting Period" in text
        assert "акт оказанных услуг за Отчётный период" in text
        assert "certificate of completion for the Reporting Period" in text
        lowered = text.lower()
        assert "этап" not in lowered and "stage" not in lowered
        assert not re.search(r"техническ\w* задани", lowered) and "specification" not in lowered
        assert "Гарантийный срок" not in text


def test_the_built_development_contract_has_stages_and_the_warranty_period(example_build: Path) -> None:
    html = output_file(example_build, "contract-12-2026.html").read_text(encoding="utf-8")
    assert "(далее — «Гарантийный срок»)" in html
    assert "90 (девяноста) календарных дней с даты подписания Сторонами последнего Акта" in html
    assert "«Этап»" in html and "Отчётный период" not in html


# --- check: the workspace's own clause files use only terms they define ---

CLAUSE_FILE = "clauses/en-services.yaml"


def _clause_warnings(root: Path, clause_file: str) -> list[str]:
    (root / "clauses").mkdir(exist_ok=True)
    (root / CLAUSE_FILE).write_text(clause_file, encoding="utf-8")
    result = run_cli(["-C", str(root), "check"])
    assert result.exit_code == 0, result.output
    return [line for line in result.problem_lines if line.startswith("clauses/")]


def test_a_workspace_clause_that_uses_a_term_some_contract_lacks_is_a_warning_at_its_uses(
    tmp_path: Path,
) -> None:
    """A new clause about the warranty period, for every billing model: monthly contracts never define it."""
    root = _workspace(tmp_path, "RU")
    warnings = _clause_warnings(
        root,
        "name: services\nlanguage: en\nsections:\n  - id: acceptance\n    clauses:\n"
        "      - id: acceptance.defects\n        uses: [warranty-period]\n"
        "        text: Defects found during the Warranty Period are fixed free of charge.\n",
    )
    line = line_of(root / CLAUSE_FILE, "uses: [warranty-period]")
    assert warnings == [
        f'{CLAUSE_FILE}:{line}:15: warning: sections[0].clauses[0].uses: clause "acceptance.defects" uses the '
        'term "warranty-period", which no clause of the en set "services" defines in a contract billed by '
        "monthly; let a clause that contract keeps define it (defines: [warranty-period]) or drop it from uses:"
    ]


def test_removing_the_clauses_that_define_a_term_is_a_warning_at_the_file_that_removes_them(
    tmp_path: Path,
) -> None:
    root = _workspace(tmp_path, "RU")
    warnings = _clause_warnings(
        root, "name: services\nlanguage: en\nremove: [acceptance.act, acceptance.act-whole]\n"
    )
    assert warnings, "the built-in clauses that use the act lost its definition in stage contracts"
    at = f"{CLAUSE_FILE}:{line_of(root / CLAUSE_FILE, 'remove:')}:9: warning: remove: clause "
    assert all(line.startswith(at) for line in warnings), warnings
    assert any('uses the term "act"' in line and "billed by stages" in line for line in warnings), warnings


def test_the_builtin_sets_and_a_consistent_workspace_file_give_no_warning(tmp_path: Path) -> None:
    root = _workspace(tmp_path, "RU")
    warnings = _clause_warnings(
        root,
        "name: services\nlanguage: en\nsections:\n  - id: acceptance\n    clauses:\n"
        "      - id: acceptance.defects\n        billing: [stages]\n        uses: [warranty-period]\n"
        "        text: Defects found during the Warranty Period are fixed free of charge.\n",
    )
    assert warnings == []
