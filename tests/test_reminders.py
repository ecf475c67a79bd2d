"""Payment reminders: the overdue invoices from the receivables, the QR code, rules, ``new reminder``.

The example (projects/globex-seo/reminders/2026-001.yaml, 2026-11-30) reminds
Globex of invoice 2026-018: 4,473.00 EUR, due 2026-11-17 (10 business days
after 2026-11-02), nothing paid, so 4,473.00 open and 13 days overdue.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from agencydocs.domain.receivables import receivables
from tests.dunning_fixture import build_documents, checked, output_texts, plain, resolved
from tests.helpers import REPO_ROOT, line_of, run_cli

REMINDER = "projects/globex-seo/reminders/2026-001.yaml"


def test_example_reminder_shows_the_receivables_figures() -> None:
    workspace = checked(REPO_ROOT)
    reminder = resolved(workspace, REMINDER)
    [group] = receivables(workspace, date(2026, 11, 30), "globex")
    [invoice] = group.invoices
    assert (invoice.number, invoice.open, invoice.days_overdue) == ("2026-018", Decimal("4473.00"), 13)
    assert [(r.number, r.due, plain(r.open), r.days_overdue) for r in reminder.invoices] == [
        ("2026-018", "17 November 2026", "€4,473.00", "13")
    ]
    assert [(r.label, plain(r.value)) for r in reminder.totals] == [("Total outstanding", "€4,473.00")]
    # Invoice 2026-018 is paid to the agency's SEPA account: the EPC (GiroCode) of the open amount.
    assert reminder.payment.reference == "Invoice 2026-018"
    assert reminder.payment.qr_svg is not None


def test_example_reminder_reads_back_in_every_format(tmp_path: Path) -> None:
    root = build_documents(tmp_path, REMINDER)
    for fmt, text in output_texts(root, "reminder-2026-001").items():
        for expected in (
            "Payment Reminder 2026-001 of 30 November 2026", "Globex Handels GmbH", "2026-018",
            "17 November 2026", "€4,473.00", "Total outstanding", "Payment details", "DE94 5007 0010 0123 4567 89",
        ):  # fmt: skip
            assert expected in text, (fmt, expected)


def test_a_rouble_reminder_carries_the_gost_qr_code_of_the_open_amount(workspace: Path) -> None:
    (workspace / "projects/romashka-site/reminders").mkdir()
    (workspace / "projects/romashka-site/reminders/2026-002.yaml").write_text(
        # On 2 December only 2026-019 is overdue (the advance 2026-021 falls due on 3 December).
        "kind: reminder\nnumber: 2026-002\ndate: 2026-12-02\n",
        encoding="utf-8",
    )
    reminder = resolved(checked(workspace), "projects/romashka-site/reminders/2026-002.yaml")
    assert [(r.number, plain(r.open), r.days_overdue) for r in reminder.invoices] == [
        ("2026-019", "245 300,00 ₽", "2")
    ]
    assert reminder.payment.qr_svg is not None and reminder.payment.qr_png is not None
    # The QR asks for what is open (245,300.00 in kopecks), not the invoice total.
    assert "|Sum=24530000|" in reminder.payment.qr_text
    assert plain(reminder.title) == "Напоминание об оплате № 2026-002 от 2 декабря 2026 г."


@pytest.mark.parametrize(
    ("body", "field", "severity", "message"),
    [
        ("date: 2026-11-10\n", "date", "warning",
         "no invoice of globex is overdue on 2026-11-10: there is nothing to remind of"),
        ("date: 2026-11-30\nclient: nobody\n", "client", "error", 'unknown client "nobody"'),
        ("date: 2026-11-30\ninvoices: [2026-014]\n", "invoices[0]", "error", 'globex has no invoice "2026-014"'),
    ],
)  # fmt: skip
def test_reminder_problems_are_located(
    workspace: Path, body: str, field: str, severity: str, message: str
) -> None:
    path = workspace / "projects/globex-seo/reminders/2026-002.yaml"
    path.write_text(f"kind: reminder\nnumber: 2026-002\n{body}", encoding="utf-8")
    result = run_cli(["check"], cwd=workspace)
    assert result.exit_code == (0 if severity == "warning" else 1)
    key = field.partition("[")[0] + ":"
    line = line_of(path, key)
    [problem] = [
        p for p in result.problem_lines if p.startswith("projects/globex-seo/reminders/2026-002.yaml")
    ]
    assert problem.startswith(f"projects/globex-seo/reminders/2026-002.yaml:{line}:")
    assert f": {field}: {message}" in problem
    assert ("warning" in problem) == (severity == "warning")


def test_new_reminder_prefills_from_the_receivables_and_never_overwrites(workspace: Path) -> None:
    first = run_cli(["new", "reminder", "--client", "globex", "--date", "2026-11-30"], cwd=workspace)
    assert first.exit_code == 0, first.output
    assert first.stdout == "created projects/globex-seo/reminders/2026-002.yaml (reminder 2026-002)\n"
    path = workspace / "projects/globex-seo/reminders/2026-002.yaml"
    text = path.read_text(encoding="utf-8")
    assert '  - "2026-018"  # 4473.00 EUR open of 4473.00, due 2026-11-17, 13 day(s) overdue' in text
    second = run_cli(["new", "reminder", "--client", "globex", "--date", "2026-11-30"], cwd=workspace)
    assert second.stdout == "created projects/globex-seo/reminders/2026-003.yaml (reminder 2026-003)\n"
    assert path.read_text(encoding="utf-8") == text
    assert run_cli(["check", "--strict"], cwd=workspace).exit_code == 0


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--client", "nobody"], 2, '--client: unknown client "nobody"'),
        (["--client", "initech", "--date", "2026-11-30"], 1,
         "no invoice of initech is overdue on 2026-11-30: nothing to write a reminder about"),
        ([], 2, "a reminder is written to a client: --client ID"),
    ],
)  # fmt: skip
def test_new_reminder_refusals(workspace: Path, args: list[str], code: int, message: str) -> None:
    result = run_cli(["new", "reminder", *args], cwd=workspace)
    assert result.exit_code == code
    assert message in result.stderr
    assert not (workspace / "projects/initech-support/reminders").exists()


def test_the_receivables_command_shows_the_reminder_figures() -> None:
    result = run_cli(
        ["receivables", "--as-of", "2026-11-30", "--client", "globex", "--format", "json"], cwd=REPO_ROOT
    )
    [client] = json.loads(result.stdout)["clients"]
    [invoice] = client["invoices"]
    assert (invoice["number"], invoice["open"], invoice["days_overdue"]) == ("2026-018", "4473.00", 13)
