"""Briefs: blank and filled, built into every format and read back; question sets; check rules."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.table import _Cell

from agencydocs.building.builder import build
from agencydocs.models.base import localize
from agencydocs.workspace.question_sets import load_question_sets
from tests.helpers import line_of, replace_in_file, run_cli
from tests.test_build import copy_workspace, html_text, pdf_text

FILLED = "projects/romashka-site/briefs/website.yaml"
BLANK = "projects/globex-seo/briefs/seo.yaml"
FILLED_OUT = "output/romashka/romashka-site/brief-website"
BLANK_OUT = "output/globex/globex-seo/brief-seo"
RULE_COLOUR = b"0.541176 0.541176 0.541176 rg"  # .rule's #8a8a8a, drawn once per ruled line


@pytest.fixture
def built(example_build: Path) -> Path:
    """The session's build of the example workspace, every format (read only)."""
    return example_build


def seo_questions() -> list:
    return list(load_question_sets(None).sets["seo"].questions().values())


def answer_cells(path: Path) -> dict[str, _Cell]:
    """Question number -> its answer cell, from every question | answer table."""
    cells = {}
    for table in docx.Document(str(path)).tables:
        for row in table.rows:  # no header row: the questions are numbered
            if len(row.cells) == 2 and row.cells[0].text[:1].isdigit():
                cells[row.cells[0].text.split()[0]] = row.cells[1]
    return cells


def test_outputs_are_named_after_the_brief_files(built: Path) -> None:
    for stem in (FILLED_OUT, BLANK_OUT):
        for fmt in ("html", "pdf", "docx"):
            assert (built / f"{stem}.{fmt}").stat().st_size > 1000


def test_builtin_sets_have_every_question_in_both_languages() -> None:
    sets = load_question_sets(None).sets
    assert set(sets) >= {"website", "seo"}
    for question_set in sets.values():
        for question in question_set.questions().values():
            assert isinstance(question.text, dict) and set(question.text) == {"ru", "en"}, question.id


def test_blank_brief_has_ruled_lines_in_html_and_pdf(built: Path) -> None:
    lines = sum(q.lines for q in seo_questions())
    html = (built / f"{BLANK_OUT}.html").read_text(encoding="utf-8")
    assert html.count('<div class="rule"></div>') == lines
    assert html.count('<span class="box"></span>') == 4  # the options of "Which access can you give us?"
    pdf = (built / f"{BLANK_OUT}.pdf").read_bytes()
    from pypdf import PdfReader

    drawn = sum(
        page.get_contents().get_data().count(RULE_COLOUR)
        for page in PdfReader(str(built / f"{BLANK_OUT}.pdf")).pages
    )
    assert pdf and drawn == lines
    text = pdf_text(built / f"{BLANK_OUT}.pdf")
    assert "1.1. Website address *" in text and "Please return the completed brief to Olga Kim" in text


def test_blank_brief_docx_has_empty_cells_to_fill_in(built: Path) -> None:
    cells = answer_cells(built / f"{BLANK_OUT}.docx")
    questions = seo_questions()
    assert len(cells) == len(questions)
    for (number, cell), question in zip(cells.items(), questions, strict=True):
        # One paragraph to fill in: a check box per option, then a line (a tab with a dotted
        # leader) per line to write on, each on a line of its own.
        [answer] = [p for p in cell.paragraphs if p.style.name == "Answer Line"]
        lines = answer.text.split("\n")
        assert len([line for line in lines if line.startswith("\u25a1 ")]) == len(question.options), number
        assert lines[len(question.options) :] == ["\t"] * question.lines, number
        if not question.options:
            assert cell.text.strip() == "", number
    assert cells["1.3."].paragraphs[0].text.split("\n") == [
        "\u25a1 CMS admin panel",
        "\u25a1 Google Search Console",
        "\u25a1 Google Analytics",
        "\u25a1 Hosting or FTP",
        "\t",
    ]


def test_filled_brief_shows_answers_as_formatted_markdown(built: Path) -> None:
    html = (built / f"{FILLED_OUT}.html").read_text(encoding="utf-8")
    assert "<strong>Romashka Natural</strong>" in html
    assert '<a href="https://natura.example">natura.example</a>' in html
    assert "<li><strong>сертификаты ECOCERT</strong> на 3 линейки из 4;</li>" in html
    text = html_text(built / f"{FILLED_OUT}.html")
    assert "**" not in text and "Нет ответа" in text  # kpi is not answered
    assert '<div class="ruled">' not in html
    cells = answer_cells(built / f"{FILLED_OUT}.docx")
    assert [r.text for r in cells["1.1."].paragraphs[0].runs if r.bold] == ["Romashka Natural"]
    bullets = [p for p in cells["1.3."].paragraphs if p.text]
    assert {p.style.name for p in bullets} == {"List Bullet"} and len(bullets) == 3
    assert cells["2.3."].text == "Нет ответа"
    assert all("**" not in cell.text for cell in cells.values())
    pdf = pdf_text(built / f"{FILLED_OUT}.pdf")
    assert (
        "ООО «Ромашка», бренд Romashka Natural" in pdf and "Бриф на разработку сайта".upper() in pdf.upper()
    )


def test_check_warns_about_unanswered_required_questions(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    brief = root / FILLED
    replace_in_file(brief, "  budget: До 1 200 000 руб. на разработку, поддержка — отдельно.\n", "")
    result = run_cli(["check"], cwd=root)
    assert result.exit_code == 0
    assert (
        f"{FILLED}:{line_of(brief, 'answers:')}:1: warning: answers.budget: required question is not answered: "
        '"Планируемый бюджет"' in result.problem_lines
    )


def test_check_reports_unknown_question_ids_and_sets(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    brief = root / FILLED
    replace_in_file(brief, "  deadline:", "  dedline:")
    blank = root / BLANK
    replace_in_file(blank, "question_set: seo", "question_set: sme")
    result = run_cli(["check"], cwd=root)
    assert result.exit_code == 1
    lines = result.problem_lines
    assert (
        f'{FILLED}:{line_of(brief, "dedline:")}:3: answers.dedline: unknown question "dedline" in question set '
        '"website"; did you mean "deadline"?' in lines
    )
    assert any(
        line.startswith(f"{BLANK}:{line_of(blank, 'sme')}:15: question_set: unknown question set")
        for line in lines
    )


def test_blank_brief_with_answers_is_an_error(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    blank = root / BLANK
    blank.write_text(blank.read_text(encoding="utf-8") + "answers:\n  budget: 1000 EUR\n", encoding="utf-8")
    result = run_cli(["check"], cwd=root)
    assert (
        f"{BLANK}:{line_of(blank, 'mode:')}:7: mode: a blank brief has no answers; set mode: filled"
        in result.problem_lines
    )


@pytest.mark.slow
def test_workspace_question_set_is_used_and_checked(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    (root / "briefs").mkdir()
    (root / "briefs/support.yaml").write_text(
        "title: {ru: Бриф на поддержку, en: Support brief}\n"
        "sections:\n"
        "  - id: site\n"
        "    title: Сайт\n"
        "    questions:\n"
        "      - id: url\n"
        "        text: Адрес сайта\n"
        "        required: true\n",
        encoding="utf-8",
    )
    brief = root / "projects/initech-support/brief.yaml"
    brief.write_text(
        "kind: brief\nquestion_set: support\nmode: filled\nanswers:\n  url: https://initech.example\n"
    )
    build(root, selection=[brief])
    html = html_text(root / "output/initech/initech-support/brief-brief.html")
    assert "Support brief" in html and "1.1. Адрес сайта" in html and "https://initech.example" in html

    replace_in_file(
        root / "briefs/support.yaml",
        "required: true\n",
        "required: true\n      - id: url\n        text: Again\n",
    )
    result = run_cli(["check"], cwd=root)
    assert (
        'briefs/support.yaml:9:13: sections[0].questions[1].id: duplicate question id "url" (first on line 6)'
        in (result.problem_lines)
    )


def test_question_text_is_localized() -> None:
    website = load_question_sets(None).sets["website"]
    budget = website.questions()["budget"]
    assert (
        localize(budget.text, "ru") == "Планируемый бюджет"
        and localize(budget.text, "en") == "Planned budget"
    )
