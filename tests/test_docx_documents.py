"""DOCX output of the long documents and reports: each language's template, the brand colour, images."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from agencydocs.building.builder import build
from agencydocs.rendering.docx import TEMPLATE_BRAND_COLOR
from agencydocs.rendering.docx_labels import label_changes, relabel_xml
from agencydocs.rendering.templates import BUILTIN_TEMPLATES
from tests.helpers import replace_in_file
from tests.test_build import copy_workspace, docx_text, html_text

SPEC = "projects/romashka-site/spec-12-2026.yaml"
REPORT = "projects/globex-seo/reports/2026-10.yaml"
AUDIT = "projects/romashka-site/audits/2026-09-seo.yaml"
BRAND = "AA3300"


@pytest.fixture(scope="module")
def rebranded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The spec in English, the report in Russian, the audit: DOCX with the agency's brand colour changed."""
    root = copy_workspace(tmp_path_factory.mktemp("docx-documents"))
    replace_in_file(root / "agency.yaml", 'brand_color: "#1f4e79"', f'brand_color: "#{BRAND.lower()}"')
    replace_in_file(root / SPEC, "kind: spec\n", "kind: spec\nlocale: en\n")
    replace_in_file(root / REPORT, "kind: report\n", "kind: report\nlocale: ru\n")
    build(root, selection=[root / SPEC, root / REPORT, root / AUDIT], formats=["docx"], jobs=1)
    return root / "output"


def _one(output: Path, pattern: str) -> Path:
    [path] = output.rglob(pattern)
    return path


def _parts(path: Path, prefix: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith(prefix))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("pattern", "present", "absent"),
    [
        ("spec-*.docx", ["5. Functional requirements", "Approval"], ["Функциональные требования"]),
        ("report-*.docx", ["Журнал трудозатрат", "Часы по специалистам"], ["Time log", "Hours by person"]),
        ("audit-*.docx", ["Рекомендация", "Сводка замечаний"], ["Recommendation"]),
    ],
)
def test_each_language_gets_its_own_template_text(
    rebranded: Path, pattern: str, present: list[str], absent: list[str]
) -> None:
    text = docx_text(_one(rebranded, pattern))
    assert [p for p in present if p not in text] == []
    assert [a for a in absent if a in text] == []
    assert "{{" not in text and "{%" not in text


@pytest.mark.slow
@pytest.mark.parametrize("pattern", ["spec-*.docx", "report-*.docx", "audit-*.docx"])
def test_the_template_brand_colour_becomes_the_agencys(rebranded: Path, pattern: str) -> None:
    path = _one(rebranded, pattern)
    xml = _parts(path, "word/styles.xml") + _parts(path, "word/document.xml")
    assert BRAND in xml
    assert TEMPLATE_BRAND_COLOR not in xml.upper()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("pattern", "images"), [("report-*.docx", 5), ("audit-*.docx", 5), ("spec-*.docx", 1)]
)
def test_logo_and_charts_are_png_images(rebranded: Path, pattern: str, images: int) -> None:
    with zipfile.ZipFile(_one(rebranded, pattern)) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert len(media) == images  # the logo, then one per chart
        assert all(archive.read(n).startswith(b"\x89PNG") for n in media)


@pytest.mark.slow
def test_report_shows_severity_badges_and_bold_total_rows_by_style(rebranded: Path) -> None:
    document = _parts(_one(rebranded, "report-*.docx"), "word/document.xml")
    styles = set(re.findall(r'w:pStyle w:val="([^"]+)"', document))
    assert {"TableText", "TableTextStrong", "Title", "Heading1", "Heading2", "TableHeader"} <= styles
    # One run per severity level, each styled; only the row's own level has text.
    runs = re.findall(
        r'<w:r>(?:(?!</w:r>).)*?w:rStyle w:val="(Severity[a-z]+)"(?:(?!</w:r>).)*?<w:t[^>]*>([^<]+)</w:t>',
        document,
    )
    badges = {style for style, text in runs if text.strip()}
    assert badges == {"Severityhigh", "Severitymedium"}


@pytest.mark.slow
def test_a_workspace_label_override_rewords_the_fixed_text_of_the_template(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    (root / "locales").mkdir(exist_ok=True)
    (root / "locales" / "en.yaml").write_text(
        'report_time_log: "Hours logged"\ncol_hours: "Time (h)"\n', encoding="utf-8"
    )
    build(root, selection=[root / REPORT, root / AUDIT], formats=["html", "docx"], jobs=1)
    report = docx_text(_one(root / "output", "report-*.docx"))
    assert "Hours logged" in report and "Time log" not in report
    # The header of each hours column, as in the HTML.
    assert (
        report.count("Time (h)") == html_text(_one(root / "output", "report-*.html")).count("Time (h)") == 3
    )
    assert "Hours by person" in report  # a label containing the word, not the label: unchanged
    audit = docx_text(_one(root / "output", "audit-*.docx"))  # Russian: the English override stays out
    assert "Hours logged" not in audit and "Time (h)" not in audit


def test_relabelling_leaves_jinja_tags_and_other_words_alone() -> None:
    xml = (
        '<w:t>Time log</w:t><w:t xml:space="preserve">Time logs {{ doc.time_log }} Time log</w:t>'
        '<w:t>{% if x == "Time log" %}</w:t>'
    )
    changes = label_changes("en", {"report_time_log": "Journal & Co"})
    assert relabel_xml(xml, changes) == (
        '<w:t>Journal &amp; Co</w:t><w:t xml:space="preserve">Time logs {{ doc.time_log }} Journal &amp; Co</w:t>'
        '<w:t>{% if x == "Time log" %}</w:t>'
    )
    assert label_changes("en", {"report_time_log": "Time log", "invoice_title": "Bill {number}"}) == {}


def _with_text_replaced(source: Path, target: Path, old: str, new: str) -> None:
    """A copy of the DOCX ``source`` whose body says ``new`` where it said ``old``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as given, zipfile.ZipFile(target, "w") as written:
        for name in given.namelist():
            data = given.read(name)
            if name == "word/document.xml":
                data = data.replace(old.encode(), new.encode())
            written.writestr(name, data)


@pytest.mark.slow
def test_a_workspace_template_without_language_wins_over_the_builtin_languages(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    builtin = BUILTIN_TEMPLATES / "report" / "report.en.docx"
    _with_text_replaced(
        builtin, root / "templates" / "report" / "report.docx", "Time log", "Agency time sheet"
    )
    build(root, selection=[root / REPORT], formats=["docx"], jobs=1)
    text = docx_text(_one(root / "output", "report-*.docx"))
    assert "Agency time sheet" in text and "Time log" not in text
