"""``new invoice --period``: a retainer's month in one invoice; without it, every done milestone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from agencydocs.commands.check import check
from agencydocs.domain.billing import billing_totals
from tests.helpers import example_workspace, replace_in_file, run_cli

GLOBEX = "projects/globex-seo"
NEW_FILE = f"{GLOBEX}/invoices/2026-023.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return example_workspace(tmp_path)


def _november_report(root: Path) -> None:
    """A November report of the retainer: October's, with its time entries moved a month on."""
    reports = root / GLOBEX / "reports"
    report = (reports / "2026-10.yaml").read_text(encoding="utf-8")
    report = report.replace("2026-10-01", "2026-11-01").replace("2026-10-31", "2026-11-30")
    report = report.replace("time-2026-10.csv", "time-2026-11.csv").replace(
        "date: 2026-11-03", "date: 2026-12-03"
    )
    (reports / "2026-11.yaml").write_text(report, encoding="utf-8")
    entries = (reports / "time-2026-10.csv").read_text(encoding="utf-8").replace("2026-10-", "2026-11-")
    (reports / "time-2026-11.csv").write_text(entries, encoding="utf-8")


def _net_of(root: Path, relative: str) -> Decimal:
    result = check(root)
    assert not result.errors, [p.format() for p in result.problems]
    [source] = [d for d in result.workspace.documents if d.file.display == relative]
    return billing_totals(result.workspace, source).net


def test_period_bills_every_monthly_fee_in_one_invoice(root: Path) -> None:
    result = run_cli(["-C", str(root), "new", "invoice", "-p", "globex-seo", "--period", "2026-11", "--date", "2026-12-01"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == f"created {NEW_FILE} (invoice 2026-023)\n"
    data = yaml.safe_load((root / NEW_FILE).read_text(encoding="utf-8"))
    assert data["contract"] == "GX-2026-07"
    assert data["period"] == {"start": date(2026, 11, 1), "end": date(2026, 11, 30)}
    assert [line["milestone"] for line in data["lines"]] == ["technical", "content", "links"]
    assert data["lines"][0]["unit"] == {"en": "month", "ru": "месяц"}
    # 1,200 + 1,500 + 900: the contract's monthly fees, the project's monthly budget.
    assert _net_of(root, NEW_FILE) == Decimal("3600.00")
    assert run_cli(["-C", str(root), "check", "--strict"]).exit_code == 0


def test_with_time_adds_the_months_hours_at_each_persons_rate(root: Path) -> None:
    _november_report(root)
    args = ["-C", str(root), "new", "invoice", "-p", "globex-seo", "--period", "2026-11", "--with-time"]
    result = run_cli([*args, "--date", "2026-12-03"])
    assert result.exit_code == 0, result.output
    lines = yaml.safe_load((root / NEW_FILE).read_text(encoding="utf-8"))["lines"]
    hours = [(line["description"]["en"], line["qty"], line["price"]) for line in lines[3:]]
    # The CSV's 33 hours: Dmitry 6 h at 85, Igor 4 h at 95, Olga 23 h at 90 (the project's rates).
    assert hours == [
        ("Hours worked: Dmitry Orlov", 6, 85.0),
        ("Hours worked: Igor Belov", 4, 95.0),
        ("Hours worked: Olga Kim", 23, 90.0),
    ]
    assert lines[3]["description"]["ru"] == "Работы по часам: Дмитрий Орлов"
    # 3,600 + 6 x 85 + 4 x 95 + 23 x 90 = 3,600 + 510 + 380 + 2,070
    assert _net_of(root, NEW_FILE) == Decimal("6560.00")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--period", "2026-10"],
            "--period 2026-10: invoice 2026-018 (projects/globex-seo/invoice-2026-018.yaml) bills it already",
        ),  # fmt: skip
        (["--period", "2026-13"], "must be a month written YYYY-MM, e.g. 2026-11 (got '2026-13')"),
        (
            ["--period", "2027-07"],
            "--period 2027-07: project globex-seo has no contract billed monthly in force then",
        ),  # fmt: skip
        (["--with-time"], "--with-time needs --period: the month whose hours to bill"),
        (
            ["--period", "2026-09", "--with-time"],
            "--with-time: no report of globex-seo has time entries in 2026-09",
        ),  # fmt: skip
    ],
)
def test_period_usage_errors(root: Path, args: list[str], message: str) -> None:
    result = run_cli(["-C", str(root), "new", "invoice", "-p", "globex-seo", *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not (root / GLOBEX / "invoices").exists()


def test_period_is_for_invoices_and_reports(root: Path) -> None:
    result = run_cli(["-C", str(root), "new", "act", "-p", "globex-seo", "--period", "2026-11"])
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: --period applies to invoice, report, not to act\n")


def test_stage_contract_has_no_months(root: Path) -> None:
    result = run_cli(["-C", str(root), "new", "invoice", "-p", "romashka-site", "--period", "2026-11"])
    assert result.exit_code == 2
    assert (
        "--period 2026-11: project romashka-site has no contract billed monthly in force then"
        in result.stderr
    )


def test_never_overwrites(root: Path) -> None:
    target = root / NEW_FILE
    target.parent.mkdir()
    # A valid invoice under another number, in the file the next number would take.
    mine = 'kind: invoice\nnumber: "draft-1"\ndate: 2026-12-01\ncontract: "GX-2026-07"\nlines:\n  - milestone: links\n'
    target.write_text(mine, encoding="utf-8")
    result = run_cli(["-C", str(root), "new", "invoice", "-p", "globex-seo", "--period", "2026-11"])
    assert result.exit_code == 1
    assert f"{NEW_FILE} already exists" in result.stderr
    assert target.read_text(encoding="utf-8") == mine


def test_without_period_bills_every_done_milestone(root: Path) -> None:
    project = root / "projects/romashka-site/project.yaml"
    # backend and launch done (frontend and vacancies are billed by 2026-019 already); the example's
    # own final invoice of backend goes, so that the new one bills it.
    (root / "projects/romashka-site/invoices/2026-022.yaml").unlink()
    replace_in_file(project, "price: 70000.00\n    status: planned", "price: 70000.00\n    status: done")
    result = run_cli(["-C", str(root), "new", "invoice", "-p", "romashka-site", "--date", "2026-11-27"])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(
        (root / "projects/romashka-site/invoices/2026-022.yaml").read_text(encoding="utf-8")
    )
    assert data["lines"] == [{"milestone": "backend"}, {"milestone": "launch"}]
    # 330,000 + 70,000 net, the prices contract 12/2026 fixes, less the net 99,000 of backend's
    # advance 2026-021 (30 % of 330,000) it deducts as the final invoice of that stage = 301,000.
    assert _net_of(root, "projects/romashka-site/invoices/2026-022.yaml") == Decimal("301000.00")


def test_with_time_counts_an_entry_once_when_two_reports_read_it(root: Path) -> None:
    _november_report(root)
    reports = root / GLOBEX / "reports"
    first_half = (
        (reports / "2026-11.yaml").read_text(encoding="utf-8").replace("end: 2026-11-30", "end: 2026-11-15")
    )
    (reports / "2026-11-first-half.yaml").write_text(first_half, encoding="utf-8")
    args = ["-C", str(root), "new", "invoice", "-p", "globex-seo", "--period", "2026-11", "--with-time"]
    assert run_cli([*args, "--date", "2026-12-03"]).exit_code == 0
    lines = yaml.safe_load((root / NEW_FILE).read_text(encoding="utf-8"))["lines"]
    assert [line["qty"] for line in lines[3:]] == [6, 4, 23]
