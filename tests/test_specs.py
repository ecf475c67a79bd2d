"""Technical specification: build the example spec, read every format back; check rules."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import docx
import pytest
import yaml

from agencydocs.commands.check import check
from agencydocs.resolvers.spec import resolve_spec
from agencydocs.rules.specs import requirement_ids
from tests.helpers import line_of, replace_in_file, run_cli
from tests.test_build import copy_workspace, html_text, normalise

REPO = Path(__file__).resolve().parent.parent
SPEC = "projects/romashka-site/spec-12-2026.yaml"
OUT = "output/romashka/romashka-site/spec-12-2026"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADINGS_1 = [
    "1. Общие сведения",
    "2. Цели проекта",
    "3. Целевая аудитория",
    "4. Структура сайта",
    "5. Функциональные требования",
    "6. Интеграции",
    "7. Нефункциональные требования",
    "8. Ответственность за контент",
    "9. Критерии приёмки",
    "10. Глоссарий",
]
HEADINGS_2 = [
    "7.1. Производительность",
    "7.2. Поддерживаемые браузеры",
    "7.3. Доступность",
    "7.4. Поисковая оптимизация (SEO)",
    "7.5. Безопасность",
]
# Counts follow the example spec, read here with PyYAML, not typed in.
REQUIREMENTS = yaml.safe_load((REPO / SPEC).read_text(encoding="utf-8"))["requirements"]
REQUIREMENT_IDS = [requirement["id"] for requirement in REQUIREMENTS]
HEADINGS = len(HEADINGS_1) + len(HEADINGS_2)  # each has a contents entry and a bookmark


@pytest.fixture
def built(example_build: Path) -> Path:
    """The session's build of the example workspace, every format (read only)."""
    return example_build


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return [normalise(page) for page in text.stdout.split("\f")]


def test_example_spec_resolves_with_numbered_sections() -> None:
    workspace = check(REPO).workspace
    source = next(d for d in workspace.documents if d.kind == "spec")
    ctx = resolve_spec(workspace, source)
    assert [f"{h.number} {h.title}" for h in ctx.toc if h.level == 1] == HEADINGS_1
    assert [f"{h.number} {h.title}" for h in ctx.toc if h.level == 2] == HEADINGS_2
    assert len(ctx.requirements) == len(REQUIREMENTS) and ctx.index_note == f"Требований: {len(REQUIREMENTS)}"
    assert max(page.level for page in ctx.pages) == 3
    assert ctx.title == "Техническое задание № 12/2026 от 24 августа 2026\u202fг."


def test_html_has_numbered_headings_toc_requirements_and_site_map(built: Path) -> None:
    html = (built / f"{OUT}.html").read_text(encoding="utf-8")
    text = html_text(built / f"{OUT}.html")
    for heading in HEADINGS_1 + HEADINGS_2:
        assert heading in text
    toc = re.search(r'<nav class="toc">(.*?)</nav>', html, re.S)
    assert toc is not None and len(re.findall(r'href="#s-[\d-]+"', toc.group(1))) == HEADINGS
    for requirement_id in REQUIREMENT_IDS:
        assert re.search(rf'<td class="c-id">{requirement_id}</td>', html)
    for priority in ("must", "should", "could"):
        expected = sum(requirement["priority"] == priority for requirement in REQUIREMENTS)
        assert html.count(f'class="priority {priority}"') == expected, priority
    assert re.search(
        r'<tr class="lvl-3">\s*<td class="c-no">1\.1\.2</td>\s*<td class="c-page"><div class="page-title">Карточка товара',
        html,
    )
    assert "<strong>автоматически каждый час</strong>" in html
    assert "**" not in text


def test_pdf_toc_lists_headings_with_the_pages_they_are_on(built: Path) -> None:
    pages = pdf_pages(built / f"{OUT}.pdf")
    assert "СОДЕРЖАНИЕ" in pages[0].upper()
    for heading in HEADINGS_1 + HEADINGS_2:
        match = re.search(re.escape(heading) + r"[ .]*?(\d+)(?: |$)", pages[0])
        assert match, heading
        page = int(match.group(1))
        assert heading in pages[page - 1], f"{heading} is not on page {page}"
    everything = " ".join(pages)
    assert "FR-15 Английская версия сайта" in everything and "Обязательно" in everything
    assert "1.1.2 Карточка товара" in everything


def _docx(built: Path) -> docx.document.Document:
    return docx.Document(str(built / f"{OUT}.docx"))


def test_docx_uses_word_headings_with_bookmarks_and_a_contents_with_page_fields(built: Path) -> None:
    document = _docx(built)
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert [text for style, text in styled if style == "Heading 1"][:10] == HEADINGS_1
    assert [text for style, text in styled if style == "Heading 2"] == HEADINGS_2
    body = document.element.body
    bookmarks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    ids = [b.get(f"{W}id") for b in body.iter(f"{W}bookmarkStart")]
    assert len(ids) == len(set(ids)) == HEADINGS
    fields = [t.text.strip() for t in body.iter(f"{W}instrText")]
    pagerefs = [f.split()[1] for f in fields if f.startswith("PAGEREF")]
    assert len(pagerefs) == HEADINGS and set(pagerefs) == bookmarks
    toc = [text.strip() for style, text in styled if style.startswith("toc")]
    assert toc == HEADINGS_1[:7] + HEADINGS_2 + HEADINGS_1[7:]


def test_docx_tables_show_requirements_priorities_and_the_site_map_tree(built: Path) -> None:
    document = _docx(built)
    cells = {id(c._tc): c for t in document.tables for r in t.rows for c in r.cells}
    rows = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    requirements = {row[0]: row[2].strip() for row in rows if re.fullmatch(r"FR-\d+", row[0])}
    assert (
        sorted(requirements) == sorted(REQUIREMENT_IDS)
        and requirements["FR-1"] == "Обязательно"
        and requirements["FR-5"] == "Возможно"
    )
    levels = {  # a page's title, then its path on a new line of the same paragraph
        p.text.split("\n")[0]: p.style.name
        for c in cells.values()
        for p in c.paragraphs
        if p.style.name.startswith("Sitemap")
    }
    assert levels["Главная"] == "Sitemap Level 1"
    assert levels["Каталог"] == "Sitemap Level 2"
    assert levels["Карточка товара"] == "Sitemap Level 3"
    bold = [r.text for c in cells.values() for p in c.paragraphs for r in p.runs if r.bold]
    assert "автоматически каждый час" in bold
    text = "\n".join(p.text for c in cells.values() for p in c.paragraphs)
    assert "**" not in text and "{{" not in text and "{%" not in text


def test_spec_in_english_uses_english_labels(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    replace_in_file(root / SPEC, "kind: spec\n", "kind: spec\nlocale: en\n")
    workspace = check(root).workspace
    ctx = resolve_spec(workspace, next(d for d in workspace.documents if d.kind == "spec"))
    assert ctx.toc[0].title == "General information" and ctx.h.requirements.title == "Functional requirements"
    assert ctx.requirements[0].priority == "Must" and ctx.title.startswith(
        "Техническое задание 12/2026 dated 24"
    )


def test_requirement_ids_maps_each_id_to_its_spec() -> None:
    ids = requirement_ids(check(REPO).workspace)
    assert sorted(ids) == sorted(REQUIREMENT_IDS)
    assert ids["FR-7"].file.display == SPEC


def test_duplicate_requirement_ids_are_errors_with_both_places(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    spec = root / SPEC
    replace_in_file(spec, "  - id: FR-15\n", "  - id: FR-14\n")
    second = root / "projects/globex-seo/spec-seo.yaml"
    second.write_text(
        "kind: spec\nnumber: GX-1\ndate: 2026-07-01\nrequirements:\n"
        "  - id: FR-3\n    title: Audit\n    priority: must\n",
        encoding="utf-8",
    )
    result = run_cli(["check"], cwd=root)
    assert result.exit_code == 1
    first, second = [
        n for n, line in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1) if "- id: FR-14" in line
    ]
    assert (
        f'{SPEC}:{second}:9: requirements[14].id: duplicate requirement id "FR-14" (first defined in {SPEC}:{first})'
        in result.problem_lines
    )
    # Files are read project by project: the globex spec comes first and keeps its FR-3.
    assert (
        f"{SPEC}:{line_of(spec, '- id: FR-3')}:9: requirements[2].id: duplicate requirement id "
        '"FR-3" (first defined in projects/globex-seo/spec-seo.yaml:5)' in result.problem_lines
    )


def test_reference_to_an_unknown_requirement_is_an_error_on_its_line(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    spec = root / SPEC
    replace_in_file(spec, "requirements: [FR-1, FR-9]\n", "requirements: [FR-1, FR-99]\n")
    replace_in_file(
        spec,
        "    method: JavaScript API 3.0\n    requirements: [FR-6]",
        "    method: JavaScript API 3.0\n    requirements: [FR-0]",
    )
    result = run_cli(["check"], cwd=root)
    assert result.exit_code == 1
    line = line_of(spec, "FR-99")
    assert any(
        p.startswith(f"{SPEC}:{line}:")
        and 'acceptance[1].requirements[1]: unknown requirement "FR-99"; did you mean "FR-9"? '
        "known: FR-1, FR-2,"
        in p
        for p in result.problem_lines
    ), result.stderr
    assert any(
        p.startswith(f"{SPEC}:{line_of(spec, '[FR-0]')}:") and "integrations[2].requirements[0]" in p
        for p in result.problem_lines
    )
