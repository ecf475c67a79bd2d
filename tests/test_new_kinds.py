"""``agencydocs new KIND`` for every kind: the file, its placeholders, check and build once filled.

Each case starts a file in a copy of the example workspace, reads back the
exact problems ``check`` reports for what is left to fill in, fills those
fields as a user would, and then expects ``check`` to pass, the document to
render to HTML, and a second ``new`` to leave the file alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from agencydocs.commands.new import STARTERS
from agencydocs.commands.new_request import write_new
from agencydocs.errors import AgencyDocsError
from agencydocs.kinds import NEW_KINDS
from tests.helpers import run_cli

DATE = "2026-11-30"
FILL = "placeholder left to fill in"


@dataclass(frozen=True)
class Case:
    kind: str
    args: tuple[str, ...]
    created: str  # the file written, relative to the workspace
    number: str | None  # printed after the kind; None for kinds named after their file
    # What check reports until the user writes it: "line:col: field: hint", and what the test writes there.
    placeholders: tuple[tuple[str, str], ...] = ()
    renders: bool = True  # a document kind: `build` renders it (a client or project file is no document)
    contains: tuple[str, ...] = field(default=())  # lines the new file must hold
    date: str = DATE  # --date
    removed: tuple[str, ...] = ()  # example files deleted first, to make room for this one


R = "projects/romashka-site"
G = "projects/globex-seo"
I = "projects/initech-support"  # noqa: E741  (a project, not a number)

CASES = [
    Case(
        "client",
        ("acme",),
        "clients/acme.yaml",
        None,
        (
            ("5:9: legal.name: the client legal name", '"ООО «Акме»"'),
            ("7:12: legal.address: the client legal address", '"123456, г. Москва, ул. Тверская, д. 1"'),
            ("8:8: legal.inn: the client's INN (10 digits; 12 for an individual entrepreneur)", '"7707083893"'),
            (
                "9:8: legal.kpp: the client's KPP (9 characters; remove the line for an individual entrepreneur)",
                '"773601001"',
            ),
            (
                "10:9: legal.ogrn: the client's OGRN (13 digits; OGRNIP, 15, for an individual entrepreneur)",
                '"1027700132195"',
            ),
            ("12:9: signatory.name: the full name of the person who signs for the client", '"Иванов Иван Иванович"'),
            ("13:10: signatory.title: their position", '"Генеральный директор"'),
        ),
        renders=False,
        contains=("id: acme", "locale: ru", "currency: RUB"),  # the agency's language and currency
    ),
    Case(
        "project",
        ("acme-site", "--client", "globex"),
        "projects/acme-site/project.yaml",
        None,
        (
            ("5:8: title: the project title, e.g. Corporate website", '"Online shop"'),
            ("10:12: milestones[0].title: the first stage, e.g. Design", '"Design"'),
            ("11:12: milestones[0].price: its price, net of VAT, e.g. 1000.00", "1000.00"),
        ),
        renders=False,
        contains=("client: globex", "manager: anna", f"start: {DATE}"),
    ),
    # backend is billed by its final invoice 2026-022, so the first open milestone: launch.
    Case("invoice", ("-p", "romashka-site"), f"{R}/invoices/2026-023.yaml", "2026-023", (),
         contains=('contract: "12/2026"', "  - milestone: launch")),
    # The latest invoice without an act dated by the act's date (2026-022 is of 2026-12-11).
    Case("act", ("-p", "romashka-site"), f"{R}/acts/2026-017.yaml", "2026-017", (),
         contains=('invoice: "2026-019"',)),
    Case(
        "credit_note",
        ("--invoice", "2026-020"),
        f"{I}/credit_notes/CN-2026-002.yaml",
        "CN-2026-002",
        (
            ("6:9: reason: why the price is reduced", '"Two support hours were not used"'),
            ("13:13: lines[0].amount: the amount taken off the line, e.g. 1000.00", "130.00"),
        ),
    ),
    # initech is abroad: its act gets an УПД of status 2 (no счёт-фактура, пп. 4 п. 1 ст. 148 НК РФ).
    Case("upd", ("--act", "2026-016"), f"{I}/upds/UPD-2026-002.yaml", "UPD-2026-002", (),
         contains=('act: "2026-016"',)),
    # One sale, one счёт-фактура: romashka's act 2026-011 without the example's УПД, within 5 days of it.
    Case("vat_invoice", ("--act", "2026-011"), f"{R}/vat_invoices/SF-2026-002.yaml", "SF-2026-002", (),
         contains=('act: "2026-011"',), date="2026-10-22", removed=(f"{R}/upds/UPD-2026-001.yaml",)),
    Case("contract", ("-p", "globex-seo"), f"{G}/contracts/13-2026.yaml", "13/2026", (),
         contains=("billing: monthly  # the project's budget is monthly: its milestones are monthly fees",
                   "  - technical", "  - links")),
    Case(
        "addendum",
        ("-p", "romashka-site"),
        f"{R}/addenda/2026-001.yaml",
        "2026-001",
        (
            ("9:12: add[0].title: the work added, e.g. Careers page", '"Страница «Отзывы»"'),
            ("10:12: add[0].price: its price, net of VAT, e.g. 45000.00", "30000.00"),
        ),
        contains=('contract: "12/2026"',),
    ),
    Case(
        "spec",
        ("-p", "romashka-site"),
        f"{R}/specs/2026-001.yaml",
        "2026-001",
        (
            ("7:8: goals: what the site must achieve, in Markdown", '"Приносить заявки от дилеров."'),
            ("10:12: requirements[0].title: what the site must do, e.g. Product catalogue", '"Страница отзывов"'),
        ),
        contains=("  - id: FR-16",),  # FR-1 to FR-15 are the example spec's
    ),
    Case("brief", ("-p", "initech-support"), f"{I}/briefs/website.yaml", None, (),
         contains=("question_set: website", "#   company-name: …  # Company and brand name")),
    Case(
        "report",
        ("-p", "globex-seo", "--period", "2026-11"),
        f"{G}/reports/2026-11.yaml",
        None,
        (
            ("7:10: summary: the month in a few sentences, in Markdown", '"A quiet month."'),
            ("11:9: work[0].done[0]: what was done on Technical SEO", '"Lazy loading"'),
            ("14:9: work[1].done[0]: what was done on Content and on-page optimisation", '"Eight texts"'),
            ("17:9: work[2].done[0]: what was done on Link building", '"Five placements"'),
            ("29:18: metrics[0].values.2026-11: Organic sessions in 2026-11", "17010"),
            ("38:18: metrics[1].values.2026-11: Keywords in the top 10 in 2026-11", "240"),
            ("47:18: metrics[2].values.2026-11: Organic orders in 2026-11", "322"),
        ),
        contains=('      "2026-10": 16320',),  # the previous report's series go on
    ),
    Case(
        "audit",
        ("-p", "romashka-site"),
        f"{R}/audits/{DATE}.yaml",
        None,
        (
            ("5:9: site.name: the audited site, e.g. example.com", '"shop.romashka.example"'),
            ("6:10: summary: the main conclusions, in Markdown", '"Fast, but thin on content."'),
        ),
    ),
    Case(
        "proposal",
        ("-p", "romashka-site"),
        f"{R}/proposals/2026-032.yaml",
        "2026-032",
        (("6:10: context: the client's situation and goals, in Markdown", '"Ромашка растёт."'),),
        contains=("valid_until: 2026-12-30", '      - description: "Аналитика и прототипы"'),  # in Russian
    ),
    Case("reminder", ("--client", "globex"), f"{G}/reminders/2026-002.yaml", "2026-002", (),
         contains=('  - "2026-018"  # 4473.00 EUR open of 4473.00, due 2026-11-17, 13 day(s) overdue',)),
    Case("claim", ("--client", "globex"), f"{G}/claims/2026-002.yaml", "2026-002", (),
         contains=('contract: "GX-2026-07"',)),
    Case(
        "minutes",
        ("-p", "romashka-site"),
        f"{R}/minutes/M-2026-02.yaml",
        "M-2026-02",
        (
            ("6:8: place: where the meeting was (or replace the line by call: its link or tool)", '"Офис клиента"'),
            ("11:5: agenda[0]: the first topic, e.g. Goals and scope", '"Контент для запуска"'),
            ("14:5: decisions[0]: what the meeting decided", '"Запуск 25 декабря"'),
        ),
        contains=("  - igor  # account manager",),
    ),
    Case(
        "letter",
        ("-p", "romashka-site", "--attach", "2026-019"),
        f"{R}/letters/2-2026.yaml",
        "2/2026",
        (
            ("7:10: subject: the subject (ru: О …; en: what follows 'Re:'; de: what follows 'Betreff:')",
             '"О счёте"'),
            ("8:7: body: the text of the letter (Markdown)", '"Направляем счёт."'),
        ),
        contains=("client: romashka",),
    ),
]  # fmt: skip


def test_every_kind_has_a_case() -> None:
    assert [case.kind for case in CASES] == list(STARTERS) == ["client", "project", *NEW_KINDS]


def _fill(path: Path, line: int, value: str) -> None:
    """Replace the placeholder on ``line`` (1-based) of ``path`` by ``value``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines[line - 1].index('"FILL IN:')
    end = lines[line - 1].index('"', start + 1) + 1
    lines[line - 1] = lines[line - 1][:start] + value + lines[line - 1][end:]
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.slow  # builds the new document
@pytest.mark.parametrize("case", CASES, ids=[case.kind for case in CASES])
def test_new_kind_fills_checks_renders_and_never_overwrites(workspace: Path, case: Case) -> None:
    for name in case.removed:
        (workspace / name).unlink()
    result = run_cli(["new", case.kind, *case.args, "--date", case.date], cwd=workspace)
    assert result.exit_code == 0, result.stderr
    described = case.kind if case.number is None else f"{case.kind} {case.number}"
    assert result.stdout == f"created {case.created} ({described})\n"
    path = workspace / case.created
    text = path.read_text(encoding="utf-8")
    kind = case.kind
    schema = "../" * case.created.count("/") + f"schemas/{kind}.schema.json"
    assert text.startswith(f"# yaml-language-server: $schema={schema}\n")
    if case.renders:
        assert f"\nkind: {kind}\n" in text
        assert f"\ndate: {case.date}\n" in text
    for line in case.contains:
        assert line in text.split("\n"), line

    check = run_cli(["check"], cwd=workspace)
    expected = [
        f"{case.created}:{where.split(': ', 1)[0]}: {_field(where)}: {FILL}: {_hint(where)}"
        for where, _ in case.placeholders
    ]
    assert check.problem_lines == expected
    assert check.exit_code == (1 if case.placeholders else 0)

    for where, value in case.placeholders:
        _fill(path, int(where.split(":")[0]), value)
    check = run_cli(["check"], cwd=workspace)
    assert check.exit_code == 0, check.output
    assert check.problem_lines == []

    if case.renders:
        build = run_cli(["build", "--format", "html", "-j", "1", case.created], cwd=workspace)
        assert build.exit_code == 0, build.output
        pages = [p for p in (workspace / "output").rglob("*.html") if p.name != "index.html"]
        assert len(pages) == 1, pages
        html = pages[0].read_text(encoding="utf-8")
        for _, value in case.placeholders:
            shown = json.loads(value) if value.startswith('"') else None
            if shown is not None and "«" not in shown:  # typography may set quotes apart
                assert shown.rstrip(".") in html, shown

    filled = path.read_text(encoding="utf-8")
    again = run_cli(["new", case.kind, *case.args, "--date", case.date], cwd=workspace)
    assert path.read_text(encoding="utf-8") == filled  # never written over
    if again.exit_code == 0:  # a numbered kind takes the next number, a second brief is named by date
        assert again.stdout.startswith("created ") and case.created not in again.stdout
    else:
        assert again.exit_code in (1, 2), again.output
        if case.number is None:  # its name is decided: the same file again
            assert "already exists" in again.stderr


def _field(where: str) -> str:
    return where.split(": ", 2)[1]


def _hint(where: str) -> str:
    return where.split(": ", 2)[2]


def test_write_new_keeps_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "projects/a/specs/2026-001.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("mine\n", encoding="utf-8")
    with pytest.raises(
        AgencyDocsError, match=r"^projects/a/specs/2026-001.yaml already exists; nothing was written$"
    ):
        write_new(tmp_path, path, ["kind: spec"])
    assert path.read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        *[
            ([kind, "-p", "romashka"], 'unknown project "romashka"; did you mean "romashka-site"?')
            for kind, starter in STARTERS.items()
            if "project" in starter.options
        ],
        (["reminder", "--client", "globx"], 'unknown client "globx"; did you mean "globex"?'),
        (["claim", "--client", "globx"], 'unknown client "globx"; did you mean "globex"?'),
        (["project", "shop", "--client", "globx"], 'unknown client "globx"; did you mean "globex"?'),
        (["credit_note", "--invoice", "2026-02"], 'unknown invoice "2026-02"; did you mean'),
    ],
    ids=lambda value: value[0] if isinstance(value, list) else None,
)
def test_unknown_project_or_client_is_a_usage_error_with_a_suggestion(
    workspace: Path, args: list[str], message: str
) -> None:
    before = sorted(p.relative_to(workspace).as_posix() for p in workspace.rglob("*.yaml"))
    result = run_cli(["new", *args, "--date", DATE], cwd=workspace)
    assert result.exit_code == 2
    assert message in result.stderr.splitlines()[-1]
    assert sorted(p.relative_to(workspace).as_posix() for p in workspace.rglob("*.yaml")) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["spec", "-p", "romashka-site", "--invoice", "2026-019"],
            "--invoice applies to act, credit_note, not to spec",
        ),
        (["report", "-p", "globex-seo", "--with-time"], "--with-time applies to invoice, not to report"),
        (["audit", "site", "-p", "romashka-site"], "ID applies to client, project, not to audit"),
        (
            ["client", "acme", "-p", "romashka-site"],
            "--project applies to invoice, act, contract, addendum, spec, "
            "brief, report, audit, proposal, minutes, letter, not to client",
        ),
        (
            ["invoice", "-p", "romashka-site", "--question-set", "seo"],
            "--question-set applies to brief, not to invoice",
        ),
        (
            ["claim", "--client", "globex", "--period", "2026-11"],
            "--period applies to invoice, report, not to claim",
        ),
    ],  # fmt: skip
)
def test_an_option_of_other_kinds_is_a_usage_error_naming_them(
    workspace: Path, args: list[str], message: str
) -> None:
    result = run_cli(["new", *args], cwd=workspace)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: {message}"


def test_help_lists_every_kind_with_an_example(workspace: Path) -> None:
    result = run_cli(["new", "--help"], cwd=workspace)
    examples = [
        line.strip() for line in result.stdout.splitlines() if line.strip().startswith("agencydocs new ")
    ]
    assert [line.split()[2] for line in examples] == list(STARTERS)
    assert "agencydocs new report --project globex-seo --period 2026-11" in examples


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["client"], "name the new client: agencydocs new client ID"),
        (
            ["client", "Acme_Ltd"],
            'client id "Acme_Ltd": use lowercase letters, digits and dashes, e.g. acme-site',
        ),
        (["client", "globex"], 'client "globex" already exists'),
        (["project", "romashka-site", "--client", "romashka"], 'project "romashka-site" already exists'),
        (["project", "shop"], "a project belongs to a client: --client ID"),
        (["spec"], "a spec belongs to a project: --project ID"),
        (
            ["brief", "-p", "globex-seo", "--question-set", "webste"],
            '--question-set: unknown question set "webste"; did you mean "website"? known: seo, website',
        ),
        (
            ["contract", "-p", "globex-seo", "--option", "growth"],
            "a contract from a proposal needs both --from-proposal FILE and --option ID",
        ),
    ],  # fmt: skip
)
def test_what_a_starter_needs_is_a_usage_error(workspace: Path, args: list[str], message: str) -> None:
    result = run_cli(["new", *args], cwd=workspace)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: {message}"


def test_addendum_needs_a_contract(workspace: Path) -> None:
    run_cli(["new", "project", "shop", "--client", "globex"], cwd=workspace)
    project = workspace / "projects/shop/project.yaml"
    project.write_text(
        project.read_text(encoding="utf-8").replace('"FILL IN: the project title, e.g. Corporate website"', "Shop")
        .replace('"FILL IN: the first stage, e.g. Design"', "Design")
        .replace('"FILL IN: its price, net of VAT, e.g. 1000.00"', "1000.00"),
        encoding="utf-8",
    )  # fmt: skip
    result = run_cli(["new", "addendum", "-p", "shop"], cwd=workspace)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "Error: project shop has no contract to change: start one with `agencydocs new contract --project shop`"
    )
    contract = run_cli(["new", "contract", "-p", "shop", "--date", DATE], cwd=workspace)
    assert contract.stdout == "created projects/shop/contracts/13-2026.yaml (contract 13/2026)\n"
    assert "milestones:\n  - stage-1\n" in (workspace / "projects/shop/contracts/13-2026.yaml").read_text(
        "utf-8"
    )


def test_report_takes_the_months_time_export_and_continues_weekly_metrics(workspace: Path) -> None:
    reports = workspace / "projects/globex-seo/reports"
    export = (reports / "time-2026-10.csv").read_text(encoding="utf-8").replace("2026-10-", "2026-11-")
    (reports / "time-2026-11.csv").write_text(export, encoding="utf-8")
    previous = reports / "2026-10.yaml"
    text = previous.read_text(encoding="utf-8")
    for month in ("      2026-06: 11840\n", "      2026-07: 12410\n", "      2026-08: 13050\n"):
        text = text.replace(month, "")
    weekly = text.replace("2026-09: 14950", "2026-W43: 14950").replace("2026-10: 16320", "2026-W44: 16320")
    previous.write_text(weekly, encoding="utf-8")  # organic sessions by ISO week
    result = run_cli(["new", "report", "-p", "globex-seo", "--date", "2026-12-02"], cwd=workspace)  # November
    assert result.stdout == "created projects/globex-seo/reports/2026-11.yaml (report)\n"
    lines = (reports / "2026-11.yaml").read_text(encoding="utf-8").split("\n")
    assert lines[lines.index("time:") + 1] == '  csv: "time-2026-11.csv"'
    assert [line for line in lines if "2026-W" in line] == [
        '      "2026-W43": 14950',
        '      "2026-W44": 16320',
        *(
            f'      "2026-W{week}": "FILL IN: Organic sessions in 2026-W{week}"'
            for week in (45, 46, 47, 48, 49)
        ),
    ]  # the ISO weeks starting in November (Mondays 2 to 30); a monthly series gets "2026-11"
    assert '      "2026-11": "FILL IN: Keywords in the top 10 in 2026-11"' in lines
