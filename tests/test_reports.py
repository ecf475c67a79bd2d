"""Status reports and audits: built from the example workspace and read back; check errors located."""

from __future__ import annotations

import base64
import csv
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from agencydocs.commands.check import check
from agencydocs.kinds import resolve
from agencydocs.resolvers.report import ReportContext
from tests.helpers import line_of, replace_in_file, run_cli
from tests.test_build import READERS, normalise

REPORT = "projects/globex-seo/reports/2026-10.yaml"
CSV = "projects/globex-seo/reports/time-2026-10.csv"
AUDIT = "projects/romashka-site/audits/2026-09-seo.yaml"
OUT = {
    "report": "output/globex/globex-seo/report-2026-10",
    "audit": "output/romashka/romashka-site/audit-2026-09-seo",
}
RATES = {"olga": Decimal("90.00"), "igor": Decimal("95.00"), "dmitry": Decimal("85.00")}  # project.yaml


@pytest.fixture
def built(example_build: Path) -> Path:
    """The session's build of the example workspace, every format (read only)."""
    return example_build


def report_context(root: Path) -> ReportContext:
    result = check(root)
    source = next(d for d in result.workspace.documents if d.file.display == REPORT)
    context = resolve(result.workspace, source)
    assert isinstance(context, ReportContext)
    return context


def hours(text: str) -> Decimal:
    if ":" in text:
        h, m = text.split(":")
        return Decimal(h) + Decimal(m) / 60
    return Decimal(text)


def expected_time(root: Path) -> dict[str, Decimal]:
    """Hours per person from the CSV, read here with csv and Decimal, independently of agencydocs."""
    per_person: dict[str, Decimal] = {}
    with (root / CSV).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            per_person[row["person"]] = per_person.get(row["person"], Decimal(0)) + hours(row["hours"])
    return per_person


def test_report_and_audit_are_built_in_three_formats(built: Path) -> None:
    for stem in OUT.values():
        for fmt in ("html", "pdf", "docx"):
            assert (built / f"{stem}.{fmt}").stat().st_size > 5000


def test_report_html_embeds_every_chart_as_svg(built: Path) -> None:
    html = (built / f"{OUT['report']}.html").read_text(encoding="utf-8")
    uris = re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(uris) == 4  # budget burn and three metric series
    for uri in uris:
        svg = base64.b64decode(uri)
        assert b"<svg" in svg and b"<script" not in svg


def test_report_pdf_draws_charts_as_vectors(built: Path) -> None:
    reader = PdfReader(built / f"{OUT['report']}.pdf")
    curves = 0
    for page in reader.pages:
        curves += page.get_contents().get_data().count(b" c\n")
        images = page["/Resources"].get("/XObject")
        # The logo is the only raster image: the charts are not bitmaps.
        assert images is None or len(images.get_object()) <= 1
    assert curves > 2000  # chart lines and glyphs drawn as paths


def test_report_docx_contains_the_png_charts(built: Path) -> None:
    context = report_context(built)
    with zipfile.ZipFile(built / f"{OUT['report']}.docx") as archive:
        media = {name: archive.read(name) for name in archive.namelist() if name.startswith("word/media/")}
    pngs = [data for data in media.values() if data.startswith(b"\x89PNG")]
    charts = [chart.png for chart in context.charts]
    assert len(charts) == 4
    assert all(png in pngs for png in charts)


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_hours_and_budget_match_the_time_entries(built: Path, fmt: str) -> None:
    per_person = expected_time(built)
    total_hours = sum(per_person.values(), Decimal(0))
    money = {person: (h * RATES[person]).quantize(Decimal("0.01")) for person, h in per_person.items()}
    total_money = sum(money.values(), Decimal(0))
    assert (total_hours, total_money) == (Decimal(33), Decimal("2960.00"))
    text = READERS[fmt](built / f"{OUT['report']}.{fmt}")
    burn_hours = (total_hours * 100 / 40).quantize(Decimal("0.1"))
    burn_money = (total_money * 100 / Decimal(3600)).quantize(Decimal("0.1"))
    assert f"{burn_hours}%" in text and f"{burn_money}%" in text
    assert f"€{total_money:,.2f}" in text and f"€{Decimal(3600) - total_money:,.2f}" in text
    for person, amount in money.items():
        assert f"€{amount:,.2f}" in text, person
    assert "Olga Kim 23 69.7%" in text or "Olga Kim SEO Specialist 23 69.7%" in text


def test_report_context_keeps_exact_figures(built: Path) -> None:
    time = report_context(built).time
    assert time is not None
    assert time.hours_value == sum(expected_time(built).values(), Decimal(0))
    assert time.money_value == Decimal("2960.00") and time.budget_money == Decimal("3600.00")


def test_audit_shows_findings_competitors_and_charts(built: Path) -> None:
    html = (built / f"{OUT['audit']}.html").read_text(encoding="utf-8")
    assert html.count("data:image/svg+xml;base64,") == 4
    text = READERS["pdf"](built / f"{OUT['audit']}.pdf")
    for expected in ("Фильтры каталога создают 4 200 дублей страниц", "Критично", "natura.example",
                     "Конкуренты в цифрах", "Приоритеты", "Техническое SEO"):  # fmt: skip
        assert normalise(expected) in text
    with zipfile.ZipFile(built / f"{OUT['audit']}.docx") as archive:
        pngs = [n for n in archive.namelist() if n.startswith("word/media/") and n.endswith(".png")]
    assert len(pngs) == 5  # the logo and four comparison charts


def test_report_without_time_or_metrics_leaves_those_sections_out(workspace: Path) -> None:
    path = workspace / REPORT
    text = path.read_text(encoding="utf-8")
    text = text[: text.index("time:")] + text[text.index("risks:") :]
    path.write_text(text, encoding="utf-8")
    context = report_context(workspace)
    assert context.time is None and context.metrics == () and context.charts == ()
    from agencydocs.rendering.pipeline import Renderer

    html = Renderer(workspace).render(context, ["html"])["html"].decode("utf-8")
    assert "<svg" not in html and "data:image/svg" not in html
    assert "Time and budget" not in html and "SEO results" not in html and "Risks" in html


def _check_lines(root: Path) -> list[str]:
    result = run_cli(["-C", str(root), "check"])
    assert result.exit_code == 1
    return result.problem_lines


def test_malformed_csv_rows_are_errors_with_their_row_numbers(workspace: Path) -> None:
    path = workspace / CSV
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = "2026-10-02,igor,one hour,Planning call,,yes"  # row 3
    lines[4] = "2026-13-06,dmitry,2.5,Redirect rules,technical,yes"  # row 5
    lines[6] = "2026-10-08,dmitry,2.0"  # row 7: too few fields
    lines[7] = "2026-10-09,olga,25,Content briefs,content,yes"  # row 8
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = _check_lines(workspace)
    # The column is the character column in the line: hours start after "2026-10-02,igor,".
    assert f"{CSV}:3:17: hours: must be a number of hours like 1.5, 1,5 or 1:30 (got 'one hour')" in problems
    assert f"{CSV}:5:1: date: is not a real calendar date (got '2026-13-06')" in problems
    assert f"{CSV}:7:1: row: row has 3 field(s), the header has 6" in problems
    assert f"{CSV}:8:17: hours: must be more than 0 and at most 24 hours (got '25')" in problems


def test_unknown_person_and_milestone_in_the_csv(workspace: Path) -> None:
    replace_in_file(workspace / CSV, "2026-10-05,olga,3.0", "2026-10-05,alex,3.0")
    replace_in_file(workspace / CSV, "Editing of 3 category texts (DE),content", "Editing,blog")
    row = line_of(workspace / CSV, "alex")
    other = line_of(workspace / CSV, "Editing,blog")
    blog = (workspace / CSV).read_text(encoding="utf-8").splitlines()[other - 1].index(",blog") + 2
    problems = _check_lines(workspace)
    assert f'{CSV}:{row}:12: person: unknown person "alex"; known: anna, dmitry, igor, olga' in problems
    assert (
        f'{CSV}:{other}:{blog}: milestone: unknown milestone "blog"; known: content, links, technical'
        in problems
    )


def test_unknown_person_and_milestone_in_yaml_entries(workspace: Path) -> None:
    replace_in_file(
        workspace / REPORT,
        "  csv: time-2026-10.csv\n",
        "  csv: time-2026-10.csv\n  entries:\n"
        "    - {date: 2026-10-30, person: boris, hours: 1, task: Call, milestone: links}\n"
        "    - {date: 2026-10-30, person: olga, hours: 1, task: Call, milestone: seo}\n",
    )
    boris, seo = line_of(workspace / REPORT, "boris"), line_of(workspace / REPORT, "milestone: seo")
    problems = _check_lines(workspace)
    assert any(p.startswith(f"{REPORT}:{boris}:") and 'time.entries[0].person: unknown person "boris"' in p
               for p in problems)  # fmt: skip
    assert any(p.startswith(f"{REPORT}:{seo}:") and 'time.entries[1].milestone: unknown milestone "seo"' in p
               for p in problems)  # fmt: skip


def test_a_metric_value_that_is_not_a_number(workspace: Path) -> None:
    replace_in_file(workspace / REPORT, "      2026-09: 196\n", "      2026-09: n/a\n")
    line = line_of(workspace / REPORT, "2026-09: n/a")
    problems = _check_lines(workspace)
    assert any(
        p.startswith(f"{REPORT}:{line}:16: metrics[1].values.2026-09:") and "must be a number" in p
        for p in problems
    ), problems


def test_a_missing_csv_and_one_outside_the_folder(workspace: Path) -> None:
    replace_in_file(workspace / REPORT, "csv: time-2026-10.csv", "csv: time-2026-11.csv")
    assert any('time.csv: file "time-2026-11.csv" does not exist' in p for p in _check_lines(workspace))
    replace_in_file(workspace / REPORT, "csv: time-2026-11.csv", "csv: ../../../agency.yaml")
    assert any("time.csv: must be a path inside the report's folder" in p for p in _check_lines(workspace))


def test_a_tracker_export_with_its_own_columns(workspace: Path) -> None:
    export = (
        "Date;User;Duration;Description;Project\n"
        "05.10.2026;olga@pixellab.example;01:30:00;Crawl;technical\n"
        "06.10.2026;igor;0,5;Call;\n"
    )
    (workspace / CSV).write_text(export, encoding="utf-8-sig")
    replace_in_file(
        workspace / REPORT,
        "  csv: time-2026-10.csv\n",
        "  csv: time-2026-10.csv\n  columns: {date: Date, person: User, hours: Duration, task: Description,"
        " milestone: Project}\n",
    )
    time = report_context(workspace).time
    assert time is not None and time.hours_value == Decimal(2)
    assert [row.key for row in time.by_person] == ["olga", "igor"]


def test_audit_metric_ids_must_be_defined(workspace: Path) -> None:
    replace_in_file(workspace / AUDIT, "      traffic: 18400\n", "      trafic: 18400\n")
    line = line_of(workspace / AUDIT, "trafic: 18400")
    problems = _check_lines(workspace)
    assert any(p.startswith(f"{AUDIT}:{line}:") and 'unknown metric "trafic"' in p for p in problems)


def test_report_money_needs_a_rate_for_everyone(workspace: Path) -> None:
    replace_in_file(workspace / CSV, "2026-10-02,igor,1.0", "2026-10-02,anna,1.0")
    problems = _check_lines(workspace)
    assert any('no hourly rate for "anna"' in p for p in problems)


def test_csv_is_parsed_with_the_csv_module_quotes_and_all(workspace: Path) -> None:
    data = io.StringIO()
    writer = csv.writer(data)
    writer.writerow(["date", "person", "hours", "task", "milestone"])
    writer.writerow(["2026-10-01", "olga", "2", 'Crawl, "deep"\nsecond line', "technical"])
    writer.writerow(["2026-10-02", "olga", "x", "Bad", ""])
    (workspace / CSV).write_text(data.getvalue(), encoding="utf-8")
    problems = _check_lines(workspace)
    # The quoted field spans lines 2-3, so the bad row starts on line 4.
    assert f"{CSV}:4:17: hours: must be a number of hours like 1.5, 1,5 or 1:30 (got 'x')" in problems


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ('2026-10-01,olga,2,"Crawl, ""deep"", more",blog', 43),
        ('2026-10-01;olga;2;"Crawl; deep";blog', 33),
        ("2026-10-01, olga, 2, Crawl,  blog", 30),
    ],
    ids=["quoted-delimiter", "semicolon", "blanks"],
)
def test_csv_columns_count_characters_past_quotes_and_blanks(workspace: Path, row: str, column: int) -> None:
    assert row[column - 1 :].startswith("blog")
    delimiter = ";" if ";" in row else ","
    header = delimiter.join(["date", "person", "hours", "task", "milestone"])
    (workspace / CSV).write_text(f"{header}\n{row}\n", encoding="utf-8")
    problems = _check_lines(workspace)
    assert (
        f'{CSV}:2:{column}: milestone: unknown milestone "blog"; known: content, links, technical' in problems
    )


def test_a_row_over_several_lines_names_the_field(workspace: Path) -> None:
    data = io.StringIO()
    csv.writer(data).writerows(
        [["date", "person", "hours", "task", "milestone"], ["2026-10-01", "olga", "x", "Two\nlines", ""]]
    )
    (workspace / CSV).write_text(data.getvalue(), encoding="utf-8")
    problems = _check_lines(workspace)
    assert (
        f"{CSV}:2:1: hours: must be a number of hours like 1.5, 1,5 or 1:30 (got 'x') (field 3)" in problems
    )


@pytest.mark.slow
def test_weekly_series_gaps_single_values_and_no_budget_render(workspace: Path) -> None:
    project = workspace / "projects/globex-seo/project.yaml"
    replace_in_file(project, "  amount: 3600.00\n  hours: 40\n  per: month\n", "  per: month\n")
    # Nor do the contract's monthly fees make a budget.
    replace_in_file(
        workspace / "projects/globex-seo/contract-gx-2026-07.yaml", "billing: monthly", "billing: stages"
    )
    text = (workspace / REPORT).read_text(encoding="utf-8")
    metrics = (
        "metrics:\n"
        "  - {name: Average position, better: lower, values: {2026-W41: 14.2, 2026-W42: null, 2026-W43: 11.3}}\n"
        "  - {name: Conversion rate, unit: '%', chart: bar, values: {2026-10: 2.4}}\n"
        "risks:"
    )
    (workspace / REPORT).write_text(
        text[: text.index("metrics:")] + metrics + text.split("risks:", 1)[1], "utf-8"
    )
    context = report_context(workspace)
    assert context.time is not None and context.time.budget == () and context.time.show_money
    position, rate = context.metrics
    assert (position.previous, position.current, position.change, position.tone) == (
        "14.2",
        "11.3",
        "-2.9 (-20.4%)",
        "good",
    )
    assert position.chart.spec.categories == ("W41", "W42", "W43") and position.chart.spec.invert
    assert (rate.current, rate.previous, rate.change) == ("2.4%", "—", "—")
    from agencydocs.rendering.pipeline import Renderer

    rendered = Renderer(workspace).render(context, ["html", "docx"])
    assert rendered["html"].count(b"data:image/svg+xml") == 3


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("2026-13", 'is not a month: months run from 01 to 12 (got "2026-13")'),
        ("2025-W53", 'is not an ISO week: 2025 has weeks W01 to W52 (got "2025-W53")'),
        ("Oct 2026", 'must be a month like 2026-10 or an ISO week like 2026-W43 (got "Oct 2026")'),
    ],
)
def test_a_bad_metric_period_is_named_on_its_line(workspace: Path, key: str, message: str) -> None:
    replace_in_file(workspace / REPORT, "      2026-07: 12410", f"      {key}: 12410")
    line = line_of(workspace / REPORT, f"{key}: 12410")
    assert _check_lines(workspace) == [f"{REPORT}:{line}:{len(key) + 9}: metrics[0].values.{key}: {message}"]


def test_metric_periods_are_all_months_or_all_weeks(workspace: Path) -> None:
    replace_in_file(workspace / REPORT, "      2026-07: 12410", "      2026-W28: 12410")
    [problem] = _check_lines(workspace)
    assert problem.endswith(
        "metrics[0].values: periods must all be months (2026-10) or all ISO weeks (2026-W43); "
        "found month 2026-06 and week 2026-W28"
    )


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_the_example_report_names_its_headings_and_monthly_budget(built: Path, fmt: str) -> None:
    text = normalise(READERS[fmt](built / f"{OUT['report']}.{fmt}"))
    assert "SEO results" in text  # the report's metrics_title
    assert "Budget for this period: the project's monthly budget." in text
