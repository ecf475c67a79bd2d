"""Contracts and addenda end to end: build the example workspace and read every format back."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest

from agencydocs.building.builder import build
from agencydocs.commands.check import check
from agencydocs.kinds import resolve
from tests.helpers import line_of, replace_in_file, run_cli
from tests.test_build import docx_text, html_text, normalise, pdf_text

REPO = Path(__file__).resolve().parent.parent
READERS = {"html": html_text, "pdf": pdf_text, "docx": docx_text}
ROMASHKA = "projects/romashka-site/contract-12-2026.yaml"
GLOBEX = "projects/globex-seo/contract-gx-2026-07.yaml"
ADDENDUM = "projects/romashka-site/addendum-1.yaml"
OUT = {
    "romashka": "output/romashka/romashka-site/contract-12-2026",
    "globex": "output/globex/globex-seo/contract-GX-2026-07",
    "addendum": "output/romashka/romashka-site/addendum-1",
}
# projects/romashka-site/project.yaml, independently of the code under test.
STAGES = {
    "discovery": Decimal("150000.00"),
    "design": Decimal("280000.00"),
    "frontend": Decimal("320000.00"),
    "backend": Decimal("330000.00"),
    "launch": Decimal("70000.00"),
}
VACANCIES = Decimal("45000.00")  # the milestone addendum 1 adds
VAT = Decimal("0.22")


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def money_ru(value: Decimal) -> str:
    whole, frac = f"{value:.2f}".split(".")
    return re.sub(r"(?<=\d)(?=(\d{3})+$)", " ", whole) + "," + frac


@pytest.fixture
def built(example_build: Path) -> Path:
    """The session's build of the example workspace, every format (read only)."""
    return example_build


def read(built: Path, name: str, fmt: str) -> str:
    return READERS[fmt](built / f"{OUT[name]}.{fmt}")


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_contract_numbering_parties_and_schedule(built: Path, fmt: str) -> None:
    text = read(built, "romashka", fmt)
    assert "Договор на разработку сайта № 12/2026".upper() in text.upper()
    for number, start in (
        ("1.1.", "Исполнитель обязуется по заданию Заказчика"),
        ("1.2.", "Состав, содержание и требования"),
        ("3.1.", "Стоимость Услуг по Договору составляет"),
    ):
        assert f"{number} {start}" in text
    assert re.search(r"1\. Предмет договора", text, re.IGNORECASE)
    assert re.search(r"11\. Адреса, реквизиты и подписи Сторон", text, re.IGNORECASE)
    for detail in (
        "7709123453",
        "770901001",
        "7812345675",
        "40702810338000012345",
        "Соколова А. В.",
        "Морозов П. А.",
    ):
        assert detail in text
    net = sum(STAGES.values(), Decimal(0))
    vat = _round(net * VAT)
    for amount in (net, vat, net + vat, Decimal("75000.00"), Decimal("84000.00"), Decimal("231000.00")):
        assert money_ru(amount) in text, amount
    assert "Один миллион четыреста три тысячи рублей 00 копеек" in text
    assert "Техническим заданием № 12/2026 от 24 августа 2026 г." in text
    assert "г.." not in text and "**" not in text and "{" not in text


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_addendum_states_the_new_total(built: Path, fmt: str) -> None:
    text = read(built, "addendum", fmt)
    before = sum(STAGES.values(), Decimal(0))
    after = before + VACANCIES
    assert money_ru(after) in text
    assert money_ru(after + _round(after * VAT)) in text  # the new total with VAT
    assert money_ru(before + _round(before * VAT)) in text  # the previous one, cited
    assert "к Договору № 12/2026 от 28 августа 2026 г." in text
    assert "Страница «Вакансии» с формой отклика" in text
    assert "с 10 декабря 2026 г. на 18 декабря 2026 г." in text


def test_the_contract_leaves_out_what_an_addendum_adds(built: Path) -> None:
    assert "Вакансии" not in read(built, "romashka", "html")


class _Rows(HTMLParser):
    """Rows of table.bilingual as lists of (lang, text) cells."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[tuple[str, str]]] = []
        self.depth = 0
        self.cell: list[str] | None = None
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table":
            self.depth += 1 if self.depth or values.get("class") == "bilingual" else 0
        elif self.depth == 1 and tag == "tr":
            self.rows.append([])
        elif self.depth == 1 and tag == "td":
            self.cell, self.lang = [], values.get("lang") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth == 1 and tag == "td" and self.cell is not None:
            self.rows[-1].append((self.lang, normalise(" ".join(self.cell))))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def test_bilingual_contract_pairs_clauses_in_html(built: Path) -> None:
    parser = _Rows()
    parser.feed((built / f"{OUT['globex']}.html").read_text(encoding="utf-8"))
    rows = [row for row in parser.rows if len(row) == 2 and row[0][0] == "ru"]
    assert len(rows) > 40
    for (ru_lang, ru), (en_lang, en) in rows:
        assert (ru_lang, en_lang) == ("ru", "en")
        ru_number, en_number = (re.match(r"\d+\.(\d+\.)?", t) for t in (ru, en))
        assert (ru_number and ru_number.group()) == (en_number and en_number.group()), (ru, en)
    texts = dict((ru[:5], en) for (_, ru), (_, en) in rows)
    assert texts["1.1. "].startswith("1.1. The Contractor shall render services")
    assert "International Commercial Arbitration Court" in read(built, "globex", "html")


def test_bilingual_contract_is_a_two_column_table_in_docx(built: Path) -> None:
    document = docx.Document(str(built / f"{OUT['globex']}.docx"))
    pairs = [
        (row.cells[0].text, row.cells[1].text)
        for table in document.tables
        for row in table.rows
        if len(row.cells) == 2
    ]
    assert any(ru.startswith("1.1. Исполнитель") and en.startswith("1.1. The Contractor") for ru, en in pairs)
    assert any(
        ru.startswith("9.2.") and "арбитражном суде" in ru and "Arbitration Court" in en for ru, en in pairs
    )
    headings = [
        p.text for t in document.tables for c in t._cells for p in c.paragraphs if p.style.name == "Heading 1"
    ]
    assert "1. Предмет договора" in headings and "1. Subject of the Agreement" in headings


def test_bilingual_pdf_has_both_languages(built: Path) -> None:
    text = read(built, "globex", "pdf")
    assert "Техническое SEO" in text and "Technical SEO" in text and "3 600,00" in text and "3,600.00" in text


def test_docx_uses_real_headings_and_lists(built: Path) -> None:
    document = docx.Document(str(built / f"{OUT['romashka']}.docx"))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Clause"} <= styles
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == [
        "1. Предмет договора",
        "2. Сроки оказания услуг",
        "3. Стоимость услуг и порядок расчётов",
    ]
    schedule = next(t for t in document.tables if t.rows[0].cells[1].text == "Этап")
    assert [normalise(c.text) for c in schedule.rows[1].cells][1:4] == [
        "Аналитика и прототипы",
        "20.09.2026",
        "150 000,00",
    ]
    addendum = docx.Document(str(built / f"{OUT['addendum']}.docx"))
    assert any(p.style.name == "List Bullet" for p in addendum.paragraphs)


def _contexts(root: Path) -> dict[str, object]:
    result = check(root)
    assert not result.errors, result.errors
    wanted = {ROMASHKA: "contract", ADDENDUM: "addendum"}
    return {
        wanted[s.file.display]: resolve(result.workspace, s)
        for s in result.workspace.documents
        if s.file.display in wanted
    }


def test_milestone_price_flows_into_contract_and_addendum(workspace: Path) -> None:
    replace_in_file(workspace / "projects/romashka-site/project.yaml", "price: 280000.00", "price: 300000.00")
    contexts = _contexts(workspace)
    net = sum(STAGES.values(), Decimal(0)) + Decimal("20000.00")
    assert contexts["contract"].total_value == net + _round(net * VAT)  # type: ignore[attr-defined]
    new_net = net + VACANCIES
    assert contexts["addendum"].total_value == new_net + _round(new_net * VAT)  # type: ignore[attr-defined]
    assert contexts["addendum"].previous_total_value == contexts["contract"].total_value  # type: ignore[attr-defined]


def _check_lines(workspace: Path) -> list[str]:
    result = run_cli(["-C", str(workspace), "check"])
    assert result.exit_code == 1, result.output
    return result.problem_lines


def test_check_reports_unknown_clause_ids_and_placeholders(workspace: Path) -> None:
    path = workspace / ROMASHKA
    replace_in_file(path, "include: [ip.portfolio]", "include: [ip.portfolioo]\nomit: [liability.capp]")
    replace_in_file(path, "в том числе доступы", "в том числе {client.nmae} доступы")
    lines = _check_lines(workspace)
    include, omit = line_of(path, "include:"), line_of(path, "omit:")
    assert (
        f'{ROMASHKA}:{include}:11: include[0]: unknown clause id "ip.portfolioo"; did you mean "ip.portfolio"?'
        in lines
    )
    assert (
        f'{ROMASHKA}:{omit}:8: omit[0]: unknown clause id "liability.capp"; did you mean "liability.cap"?'
        in lines
    )
    replaced = line_of(path, "confidentiality.scope:")
    expected = f'{ROMASHKA}:{replaced}:26: replace.confidentiality.scope: unknown placeholder "{{client.nmae}}"; did you mean {{client.name}}?'
    assert expected in lines


def test_check_reports_addendum_problems(workspace: Path) -> None:
    path = workspace / ADDENDUM
    replace_in_file(path, "milestone: backend", "milestone: backendd")
    lines = _check_lines(workspace)
    known = "backend, design, discovery, frontend, launch, vacancies"
    row = line_of(path, "backendd")
    assert (
        f'{ADDENDUM}:{row}:17: deadlines[0].milestone: unknown milestone "backendd"; '
        f'did you mean "backend"? known: {known}' in lines
    )
    replace_in_file(path, "contract: 12/2026", "contract: 99/2026")
    lines = _check_lines(workspace)
    assert any(
        line.startswith(
            f'{ADDENDUM}:{line_of(path, "contract:")}:11: contract: unknown contract "99/2026"; '
            'did you mean "12/2026"? known: '
        )
        for line in lines
    )


@pytest.mark.slow
def test_workspace_clause_file_overrides_and_extends(workspace: Path) -> None:
    (workspace / "clauses").mkdir()
    (workspace / "clauses/ru-services.yaml").write_text(
        "name: services\nlanguage: ru\nsections:\n  - id: disputes\n    clauses:\n"
        "      - id: disputes.court\n        text: Споры рассматриваются в {contract.court}, Санкт-Петербург.\n"
        "      - id: disputes.mediation\n        after: disputes.claims\n"
        "        text: Стороны вправе обратиться к медиатору.\n",
        encoding="utf-8",
    )
    # The bilingual contract needs the new clause in English too.
    assert any("has no en text for: disputes.mediation" in line for line in _check_lines(workspace))
    (workspace / "clauses/en-services.yaml").write_text(
        "name: services\nlanguage: en\nsections:\n  - id: disputes\n    clauses:\n"
        "      - id: disputes.mediation\n        after: disputes.claims\n        text: The Parties may use a mediator.\n",
        encoding="utf-8",
    )
    build(workspace, selection=[workspace / ROMASHKA], formats=["html"], jobs=1)
    text = html_text(workspace / f"{OUT['romashka']}.html")
    assert "9.2. Стороны вправе обратиться к медиатору." in text
    assert "9.3. Споры рассматриваются в Арбитражном суде города Москвы, Санкт-Петербург." in text
    (workspace / "clauses/ru-services.yaml").write_text(
        "name: services\nlanguage: ru\nsections:\n  - id: disputes\n    clauses:\n"
        "      - id: disputes.court\n        text: Споры — в {contract.curt}.\n",
        encoding="utf-8",
    )
    lines = _check_lines(workspace)
    assert (
        'clauses/ru-services.yaml:7:15: sections[0].clauses[0].text: unknown placeholder "{contract.curt}"; did you mean {contract.court}?'
        in lines
    )


@pytest.mark.slow
def test_hostile_clause_text_stays_literal(workspace: Path) -> None:
    replace_in_file(
        workspace / ROMASHKA,
        "Стороны обязуются не раскрывать",
        "<script>x</script> {{ 7*7 }} & </w:t> Стороны обязуются не раскрывать",
    )
    build(workspace, selection=[workspace / ROMASHKA], formats=["html", "docx"], jobs=1)
    html = (workspace / f"{OUT['romashka']}.html").read_text(encoding="utf-8")
    assert "<script>x" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    text = docx_text(workspace / f"{OUT['romashka']}.docx")
    assert "<script>x</script> { 7*7 } & </w:t> Стороны" in text  # "{{" is a literal brace in clause text
