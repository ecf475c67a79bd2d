"""Invisible characters: direction controls refused in every value, zero-width ones outside free text.

Each case edits one value of the example workspace, runs the real ``check``
and asserts the one located line: the file, the line and column of the
character itself (or of the value when it was written as an escape), the
field and the code point.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import replace_in_file
from tests.hostile.harness import GuardedWorkspace

RLO = "\u202e"
DIRECTION = "which can make the text read differently from what is copied; remove it"
ZERO_WIDTH = (
    "an invisible character that makes the value differ from what is shown; "
    "remove it (allowed only in free text and names)"
)
ZERO_WIDTH_CODES = {"U+200B", "U+200C", "U+200D", "U+2060", "U+FEFF"}
INVOICE = "projects/initech-support/invoice-2026-020.yaml"
ACT = "projects/initech-support/act-2026-016.yaml"


@dataclass(frozen=True)
class Edit:
    file: str
    old: str
    new: str
    field: str
    code_point: str  # as the message names it: "U+202E RIGHT-TO-LEFT OVERRIDE"
    column: int  # where the character (or the escaped value) is on its line

    def apply(self, root: Path) -> str:
        """Make the edit; the expected problem line."""
        replace_in_file(root / self.file, self.old, self.new)
        lines = (root / self.file).read_text(encoding="utf-8").splitlines()
        marker = self.new.splitlines()[-1].strip()  # the edited line (the last one when a line is added)
        line = next(n for n, text in enumerate(lines, start=1) if marker in text)
        family = ZERO_WIDTH if self.code_point.split()[0] in ZERO_WIDTH_CODES else DIRECTION
        field = f"{self.field}: " if self.field else ""
        return f"{self.file}:{line}:{self.column}: {field}contains {self.code_point}, {family}"


BIDI_CASES = {
    "iban": Edit(
        "clients/globex.yaml", "iban: DE77 1001", f"iban: DE77 {RLO}1001",
        "bank_accounts[0].iban", "U+202E RIGHT-TO-LEFT OVERRIDE", 16,
    ),
    "bank-account-quoted": Edit(
        "agency.yaml", 'account: "40702810338000012345"', f'account: "4070281033800001{RLO}2345"',
        "bank_accounts[0].account", "U+202E RIGHT-TO-LEFT OVERRIDE", 31,
    ),
    "bic": Edit(
        "clients/globex.yaml", "bic: COBADEFFXXX", "bic: COBA\u202dDEFFXXX",
        "bank_accounts[0].bic", "U+202D LEFT-TO-RIGHT OVERRIDE", 14,
    ),
    "document-number": Edit(
        ACT, "number: 2026-016", "number: 2026-\u2067016", "number", "U+2067 RIGHT-TO-LEFT ISOLATE", 14,
    ),
    "client-id": Edit(
        "clients/globex.yaml", "id: globex", f"id: glo{RLO}bex", "id", "U+202E RIGHT-TO-LEFT OVERRIDE", 8,
    ),
    "payment-purpose": Edit(
        INVOICE, "contract: IN-2026-01", f"contract: IN-2026-01\npayment_purpose: Payment for invoice 2026-020{RLO}",
        "payment_purpose", "U+202E RIGHT-TO-LEFT OVERRIDE", 46,
    ),
    "email": Edit(
        "clients/globex.yaml", "email: accounts@globex.example", "email: accounts@glo\u2066bex.example",
        "legal.email", "U+2066 LEFT-TO-RIGHT ISOLATE", 22,
    ),
    "url": Edit(
        "agency.yaml", "website: pixellab.example", "website: pixel\u202blab.example",
        "legal.website", "U+202B RIGHT-TO-LEFT EMBEDDING", 17,
    ),
    "reference": Edit(
        INVOICE, "contract: IN-2026-01", "contract: IN-2026-01\u2069", "contract", "U+2069 POP DIRECTIONAL ISOLATE", 21,
    ),
    "free-text": Edit(
        INVOICE, "notes: Hours are billed", f"notes: Hours are {RLO}billed", "notes",
        "U+202E RIGHT-TO-LEFT OVERRIDE", 18,
    ),
    "written-as-escape": Edit(
        INVOICE, "notes: Hours are billed in 15-minute increments as agreed in section 4 of the agreement.",
        'notes: "Hours are \\u202ebilled"', "notes", "U+202E RIGHT-TO-LEFT OVERRIDE", 8,
    ),
    "in-a-comment": Edit(
        "agency.yaml", "website: pixellab.example", f"website: pixellab.example  # old: pixel{RLO}lab.example",
        "", "U+202E RIGHT-TO-LEFT OVERRIDE", 42,
    ),
    "in-a-key": Edit(
        "clients/globex.yaml", "    iban: DE77", f"    ib{RLO}an: DE77", "bank_accounts[0]",
        "U+202E RIGHT-TO-LEFT OVERRIDE", 7,
    ),
}  # fmt: skip

ZERO_WIDTH_CASES = {
    "document-kind": Edit(ACT, "kind: act", "kind: a\u200bct", "kind", "U+200B ZERO WIDTH SPACE", 8),
    "inn": Edit(
        "agency.yaml", 'inn: "7709123453"', 'inn: "77091\u200b23453"', "legal.inn", "U+200B ZERO WIDTH SPACE", 14,
    ),
    "document-number": Edit(
        ACT, "number: 2026-016", "number: 2026-\u200d016", "number", "U+200D ZERO WIDTH JOINER", 14,
    ),
    "client-id": Edit(
        "clients/globex.yaml", "id: globex", "id: glo\u200cbex", "id", "U+200C ZERO WIDTH NON-JOINER", 8,
    ),
    "iban": Edit(
        "clients/globex.yaml", "iban: DE77 1001", "iban: DE77\u2060 1001",
        "bank_accounts[0].iban", "U+2060 WORD JOINER", 15,
    ),
    "email": Edit(
        "clients/globex.yaml", "email: accounts@globex.example", "email: accounts@globex\ufeff.example",
        "legal.email", "U+FEFF ZERO WIDTH NO-BREAK SPACE", 25,
    ),
    "reference": Edit(
        INVOICE, "contract: IN-2026-01", "contract: IN-2026\u200b-01", "contract", "U+200B ZERO WIDTH SPACE", 18,
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    "edit",
    [*BIDI_CASES.values(), *ZERO_WIDTH_CASES.values()],
    ids=[*(f"bidi-{k}" for k in BIDI_CASES), *(f"zero-width-{k}" for k in ZERO_WIDTH_CASES)],
)
def test_invisible_character_refused_where_it_is(guarded: GuardedWorkspace, edit: Edit) -> None:
    expected = edit.apply(guarded.root)
    outcome = guarded.run("check")
    assert outcome.exit_code == 1, outcome.output
    assert outcome.own_problem_lines == [expected]


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        pytest.param(INVOICE, "notes: Hours", "notes: 👩\u200d💻 Hours", id="zwj-emoji-in-notes"),
        pytest.param(
            "clients/globex.yaml", "name: Jana Weber", "name: Jana\u200c Weber", id="zwnj-in-a-name"
        ),
        pytest.param(INVOICE, "en: Support retainer", "en: Sup\u200bport retainer", id="zwsp-in-a-line"),
    ],
)
def test_zero_width_is_allowed_in_free_text_and_names(
    guarded: GuardedWorkspace, file: str, old: str, new: str
) -> None:
    replace_in_file(guarded.root / file, old, new)
    outcome = guarded.run("check")
    assert outcome.exit_code == 0, outcome.output


def test_direction_control_in_a_time_sheet_cell(guarded: GuardedWorkspace) -> None:
    csv = guarded.root / "projects/globex-seo/reports/time-2026-10.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    task = lines[0].split(",").index("task")
    cells = lines[2].split(",")  # 2026-10-02,igor,1.0,Monthly planning call with Jana Weber,,yes
    cells[task] = f"Keyword {RLO}research"
    lines[2] = ",".join(cells)
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcome = guarded.run("check")
    assert outcome.exit_code == 1, outcome.output
    column = len(",".join(cells[:task])) + 2  # the cell's first character
    assert outcome.problem_lines == [
        f"projects/globex-seo/reports/time-2026-10.csv:3:{column}: task: contains U+202E RIGHT-TO-LEFT "
        f"OVERRIDE, {DIRECTION} (got 'Keyword \\u202eresearch')"
    ]
