"""``agencydocs check`` end to end: broken copies of the example workspace, one fault each.

Each case edits one file of a fresh copy and asserts the exact problem lines
(``file:line:col: field: message``) and the exit code. Line numbers are looked
up in the edited file, and lists of known ids come from the clean example, so
the cases survive additions to the example workspace.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from agencydocs.commands.check import check
from agencydocs.errors import Problem
from agencydocs.kinds import DOCUMENT_MODELS
from agencydocs.models import Project
from agencydocs.models.documents import Invoice
from agencydocs.reading.loading import LoadedFile
from tests.helpers import REPO_ROOT, CliResult, line_of, replace_in_file, run_cli

ROMASHKA_PROJECT = "projects/romashka-site/project.yaml"
INVOICE_014 = "projects/romashka-site/invoices/2026-014.yaml"
INVOICE_019 = "projects/romashka-site/invoices/2026-019.yaml"  # referenced by no act
ACT_011 = "projects/romashka-site/acts/2026-011.yaml"
CLAIM_001 = "projects/romashka-site/claims/2026-001.yaml"  # cites invoice 2026-019
CLAIM_INVOICES_LINE = line_of(REPO_ROOT / CLAIM_001, "invoices:")


@cache
def known() -> dict[str, str]:
    """Id lists that messages print, taken from the clean example workspace."""
    workspace = check(REPO_ROOT).workspace
    milestones = workspace.projects["romashka-site"].model.milestones
    return {
        "clients": ", ".join(sorted(workspace.clients)),
        "invoices": ", ".join(
            sorted(d.model.number for d in workspace.documents if isinstance(d.model, Invoice))
        ),
        "milestones": ", ".join(sorted(m.id for m in milestones)),
        "kinds": ", ".join(sorted(DOCUMENT_MODELS)),
        "project_fields": ", ".join(Project.model_fields),
    }


@cache
def blocked(what: str, name: str) -> tuple[str, ...]:
    """The lines of the files that use a broken client or project ``name``, from the clean example.

    When a client or project has errors, each file using it says so once
    (project.yaml at its ``client:`` line, a document at its first line) and
    its cross-file rules wait until that input is fixed.
    """
    workspace = check(REPO_ROOT).workspace
    message = f'uses {what} "{name}", which has errors'
    lines = []
    if what == "client":
        projects = [p for p in workspace.projects.values() if p.model.client == name]
        lines += [_problem(p.file, ("client",), message) for p in projects]
    else:
        projects = [workspace.projects[name]]
    folders = {p.model.id for p in projects}
    lines += [_problem(d.file, (), message) for d in workspace.documents if d.project_id in folders]
    return tuple(lines)


def _problem(file: LoadedFile, loc: tuple[str, ...], message: str) -> str:
    line, column = file.position(loc)
    return Problem(file.display, line, column, ".".join(loc), message).format()


def in_report_order(lines: Iterable[str]) -> list[str]:
    """Problem lines sorted as ``check`` prints them: by file, then line and column."""

    def key(text: str) -> tuple[str, int, int]:
        file, line, column = text.split(":", 3)[:3]
        return file, int(line), int(column)

    return sorted(lines, key=key)


def check_cli(workspace: Path, *options: str) -> CliResult:
    result = run_cli(["-C", str(workspace), "check", *options])
    assert "Traceback" not in result.output
    return result


@dataclass(frozen=True)
class Edit:
    """Replace ``old`` by ``new`` in ``path``; ``expected`` may use ``{l0}``, ``{l1}``...

    ``{lN}`` is the line of the N-th line of ``new`` in the edited file, and
    the keys of :func:`known` name the id lists.
    """

    path: str
    old: str
    new: str
    expected: tuple[str, ...]
    blocks: tuple[str, str] | None = None  # ("client", id) or ("project", id) the edit breaks

    def apply(self, workspace: Path) -> list[str]:
        file = workspace / self.path
        replace_in_file(file, self.old, self.new)
        lines = {f"l{i}": line_of(file, part) for i, part in enumerate(self.new.splitlines())}
        own = [line.format(**lines, **known()) for line in self.expected]
        return in_report_order([*own, *(blocked(*self.blocks) if self.blocks else ())])


BROKEN = [
    pytest.param(
        Edit(
            ROMASHKA_PROJECT,
            "client: romashka",
            "client: acme",
            (f'{ROMASHKA_PROJECT}:{{l0}}:9: client: unknown client "acme"; known: {{clients}}',),
            blocks=("project", "romashka-site"),
        ),
        id="unknown-client",
    ),
    pytest.param(
        Edit(
            ROMASHKA_PROJECT,
            "id: romashka-site",
            "id: romashka",
            (f'{ROMASHKA_PROJECT}:{{l0}}:5: id: must equal the folder name "romashka-site"',),
        ),
        id="project-id-not-folder",
    ),
    pytest.param(
        Edit(
            ROMASHKA_PROJECT,
            "manager: igor",
            "manager: igor\nmanager: olga",
            (
                f'{ROMASHKA_PROJECT}:{{l1}}:1: manager: duplicate key "manager" '
                "(first defined on line {l0})",
            ),
            blocks=("project", "romashka-site"),
        ),
        id="duplicate-key",
    ),
    pytest.param(
        Edit(
            INVOICE_019,
            "price: 46850.00",
            "price: -46850.00",
            (f'{INVOICE_019}:{{l0}}:12: lines[1].price: must be greater than 0 (got "-46850.00")',),
        ),
        id="negative-price",
    ),
    pytest.param(
        Edit(
            "clients/romashka.yaml",
            'inn: "7812345675"',
            'inn: "7812345676"',
            (
                "clients/romashka.yaml:{l0}:8: legal.inn: is not a valid INN: the check digit is wrong "
                '(got "7812345676")',
            ),
            blocks=("client", "romashka"),
        ),
        id="bad-inn",
    ),
    pytest.param(
        Edit(
            "clients/romashka.yaml",
            "country: RU",
            "country: NO",
            (
                "clients/romashka.yaml:{l0}:12: legal.country: must be RU for an entity with a Russian "
                'inn, kpp, ogrn (got "NO")',
            ),
            blocks=("client", "romashka"),
        ),
        id="country-NO-unquoted",
    ),
    pytest.param(
        Edit(
            ROMASHKA_PROJECT,
            "  amount: 1150000.00",
            "\tamount: 1150000.00",
            (f"{ROMASHKA_PROJECT}:{{l0}}:1: tab character in indentation; indent with spaces",),
            blocks=("project", "romashka-site"),
        ),
        id="tab-indentation",
    ),
    pytest.param(
        Edit(
            ROMASHKA_PROJECT,
            "manager: igor",
            "manager: &who igor\nrates: {igor: *who}",
            (
                f"{ROMASHKA_PROJECT}:{{l0}}:10: anchors and aliases (&who, *who) are not allowed; "
                "repeat the value",
            ),
            blocks=("project", "romashka-site"),
        ),
        id="alias",
    ),
    pytest.param(
        Edit(
            ROMASHKA_PROJECT,
            "manager: igor",
            "manager: igor\nmanger: olga",
            (
                f'{ROMASHKA_PROJECT}:{{l1}}:1: manger: unknown field; did you mean "manager"? '
                "expected one of: {project_fields}",
            ),
            blocks=("project", "romashka-site"),
        ),
        id="unknown-field",
    ),
    pytest.param(
        Edit(
            INVOICE_019,
            "kind: invoice",
            "kind: invoise",
            (
                # The example claim cites 2026-019, which no longer reads as an invoice.
                f'{CLAIM_001}:{CLAIM_INVOICES_LINE}:12: invoices[0]: romashka has no invoice "2026-019"',
                f'{INVOICE_019}:{{l0}}:7: kind: unknown document kind "invoise"; expected one of: {{kinds}}',
            ),
        ),
        id="unknown-kind",
    ),
    pytest.param(
        Edit(
            ACT_011,
            "invoice: 2026-014",
            "invoice: 2026-099",
            (
                f'{ACT_011}:{{l0}}:10: invoice: unknown invoice "2026-099"; did you mean "2026-019"? '
                "known: {invoices}",
            ),
        ),
        id="act-unknown-invoice",
    ),
    pytest.param(
        Edit(
            INVOICE_014,
            "milestone: design",
            "milestone: desing",
            (
                f'{INVOICE_014}:{{l0}}:16: lines[1].milestone: unknown milestone "desing"; '
                'did you mean "design"? known: {milestones}',
            ),
        ),
        id="unknown-milestone",
    ),
    pytest.param(
        Edit(
            "clients/globex.yaml",
            "DE77 1001 0010 0123 4567 89",
            "DE78 1001 0010 0123 4567 89",
            (
                "clients/globex.yaml:{l0}:11: bank_accounts[0].iban: is not a valid IBAN "
                '(Invalid checksum digits) (got "DE78 1001 0010 0123 4567 89")',
            ),
            blocks=("client", "globex"),
        ),
        id="bad-iban",
    ),
    pytest.param(
        Edit(
            "agency.yaml",
            'account: "40702810338000012345"',
            'account: "40702810338000012346"',
            (
                "agency.yaml:{l0}:14: bank_accounts[0].account: control key does not match BIC 044525999; "
                'check both for typos (got "40702810338000012346")',
            ),
        ),
        id="ru-account-key-vs-bic",
    ),
    pytest.param(
        Edit(
            "clients/globex.yaml",
            "vat_id: DE293108457",
            "vat_id: DE293108458",
            (
                "clients/globex.yaml:{l0}:11: legal.vat_id: is not a valid EU VAT id: the check digit "
                'is wrong (got "DE293108458")',
            ),
            blocks=("client", "globex"),
        ),
        id="bad-eu-vat",
    ),
    pytest.param(
        Edit(
            "clients/initech.yaml",
            "currency: USD",
            "currency: XYZ",
            (
                "clients/initech.yaml:{l0}:11: currency: must be an ISO 4217 currency code such as "
                'RUB, EUR, USD (got "XYZ")',
            ),
            blocks=("client", "initech"),
        ),
        id="unknown-currency",
    ),
    pytest.param(
        Edit(
            INVOICE_019,
            "date: 2026-11-23",
            "date: 2026-02-30",
            (f'{INVOICE_019}:{{l0}}:7: date: is not a real calendar date (got "2026-02-30")',),
        ),
        id="impossible-date",
    ),
    pytest.param(
        Edit(
            "clients/initech.yaml",
            "name: Initech Inc.",
            "name: Initech \u202eInc.",
            (
                "clients/initech.yaml:{l0}:17: legal.name: contains U+202E RIGHT-TO-LEFT OVERRIDE, "
                "which can make the text read differently from what is copied; remove it",
            ),
            blocks=("client", "initech"),
        ),
        id="bidi-override",
    ),
    pytest.param(
        Edit(
            "clients/initech.yaml",
            "id: initech",
            "id: initek",
            ('clients/initech.yaml:{l0}:5: id: must equal the file name "initech"',),
        ),
        id="client-id-not-file-name",
    ),
]


@pytest.mark.parametrize("edit", BROKEN)
def test_each_fault_is_reported_on_its_line(workspace: Path, edit: Edit) -> None:
    expected = edit.apply(workspace)
    result = check_cli(workspace)
    assert result.exit_code == 1
    assert result.problem_lines == expected
    assert result.stderr.splitlines()[-1].startswith("FAILED: ")
    assert result.stderr.splitlines()[-1].endswith(f"; {len(expected)} error(s), 0 warning(s)")


def test_a_duplicate_invoice_number_names_the_other_file(workspace: Path) -> None:
    replace_in_file(workspace / INVOICE_019, "number: 2026-019", "number: 2026-018")
    line = line_of(workspace / INVOICE_019, "number: 2026-018")
    other = line_of(workspace / "projects/globex-seo/invoice-2026-018.yaml", "number: 2026-018")
    result = check_cli(workspace)
    assert result.exit_code == 1
    assert result.problem_lines == [
        # The payment of 2026-019 now names a number no invoice has.
        f"payments/romashka.yaml:{line_of(workspace / 'payments/romashka.yaml', '- invoice: 2026-019')}:18: "
        'payments[1].settles[0].invoice: unknown invoice "2026-019"; did you mean "2026-021"? '
        "known: 2026-014, 2026-017, 2026-018, 2026-020, 2026-021, 2026-022",
        # So does the example claim.
        f'{CLAIM_001}:{CLAIM_INVOICES_LINE}:12: invoices[0]: romashka has no invoice "2026-019"',
        f'{INVOICE_019}:{line}:9: number: invoice number "2026-018" is already used by '
        f"projects/globex-seo/invoice-2026-018.yaml:{other}",
    ]


@pytest.mark.parametrize(
    ("path", "content", "expected"),
    [
        pytest.param(
            "clients/globex.yaml",
            # A German client file saved as Latin-1 (its Russian title left out: Latin-1 has no Cyrillic).
            (REPO_ROOT / "clients/globex.yaml")
            .read_text(encoding="utf-8")
            .replace("Управляющий директор", "Geschäftsführer")
            .encode("latin-1"),
            "clients/globex.yaml:{line}:{column}: not valid UTF-8 (byte 0xdf); save the file as UTF-8",
            id="latin-1",
        ),
        pytest.param(
            "clients/initech.yaml",
            b"",
            "clients/initech.yaml:1:1: file is empty; expected a YAML mapping",
            id="empty",
        ),
        pytest.param(
            "clients/initech.yaml",
            b"# yaml-language-server: $schema=../schemas/client.schema.json\n",
            "clients/initech.yaml:1:1: file is empty; expected a YAML mapping",
            id="comment-only",
        ),
    ],
)
def test_unreadable_files_are_reported_once(
    workspace: Path, path: str, content: bytes, expected: str
) -> None:
    source = (REPO_ROOT / path).read_text(encoding="utf-8").splitlines()
    line = next((n for n, text in enumerate(source, start=1) if "ß" in text), 0)
    column = source[line - 1].index("ß") + 1 if line else 0
    (workspace / path).write_bytes(content)
    result = check_cli(workspace)
    assert result.exit_code == 1
    # The files using the client are told it has errors, not that it is unknown.
    client = Path(path).stem
    assert result.problem_lines == in_report_order(
        [expected.format(line=line, column=column), *blocked("client", client)]
    )


def test_a_file_with_several_problems_reports_all_of_them(workspace: Path) -> None:
    project = workspace / ROMASHKA_PROJECT
    replace_in_file(project, "start: 2026-09-01", "start: 2026-13-01")
    replace_in_file(project, "price: 150000.00", "price: -150000.00")
    replace_in_file(project, "status: done", "status: finished")
    replace_in_file(project, "manager: igor", "manager: igor\nmanger: olga")
    at = {needle: line_of(project, needle) for needle in ("manger", "start:", "price: -", "finished")}
    result = check_cli(workspace)
    assert result.exit_code == 1
    assert len(result.problem_lines) == 4 + len(blocked("project", "romashka-site"))
    assert result.problem_lines == in_report_order(
        [
            *blocked("project", "romashka-site"),
            f'{ROMASHKA_PROJECT}:{at["manger"]}:1: manger: unknown field; did you mean "manager"? '
            f"expected one of: {known()['project_fields']}",
            f'{ROMASHKA_PROJECT}:{at["start:"]}:8: start: is not a real calendar date (got "2026-13-01")',
            f'{ROMASHKA_PROJECT}:{at["price: -"]}:12: milestones[0].price: must be 0 or more (got "-150000.00")',
            f"{ROMASHKA_PROJECT}:{at['finished']}:13: milestones[0].status: must be one of 'planned', "
            """'in_progress', 'done' or 'cancelled' (got "finished")""",
        ]
    )


def test_problems_in_several_files_are_all_reported(workspace: Path) -> None:
    replace_in_file(workspace / "clients/initech.yaml", "currency: USD", "currency: XYZ")
    replace_in_file(workspace / INVOICE_019, "price: 46850.00", "price: -46850.00")
    replace_in_file(workspace / "agency.yaml", "rounding: half-up", "rounding: nearest")
    result = check_cli(workspace)
    assert result.exit_code == 1
    uses_initech = [line.split(":", 1)[0] for line in blocked("client", "initech")]
    assert [line.split(":", 1)[0] for line in result.problem_lines] == sorted(
        ["agency.yaml", "clients/initech.yaml", INVOICE_019, *uses_initech]
    )


# --- warnings and --strict ---------------------------------------------------


def test_a_milestone_due_outside_the_project_is_a_warning(workspace: Path) -> None:
    replace_in_file(workspace / ROMASHKA_PROJECT, "due: 2026-12-10", "due: 2027-01-10")
    line = line_of(workspace / ROMASHKA_PROJECT, "due: 2027-01-10")
    warning = (
        f"{ROMASHKA_PROJECT}:{line}:10: warning: milestones[3].due: due date is outside the project's dates"
    )

    lenient = check_cli(workspace)
    assert lenient.exit_code == 0
    assert lenient.problem_lines == [warning]
    assert lenient.stdout.endswith("; 0 error(s), 1 warning(s)\n")

    strict = check_cli(workspace, "--strict")
    assert strict.exit_code == 1
    assert strict.problem_lines == [warning]
    assert strict.stderr.startswith(warning)


# --- JSON -------------------------------------------------------------------------


def test_json_gives_the_same_problems(workspace: Path) -> None:
    replace_in_file(workspace / INVOICE_019, "price: 46850.00", "price: -46850.00")
    replace_in_file(workspace / ROMASHKA_PROJECT, "due: 2026-12-10", "due: 2027-01-10")
    text = check_cli(workspace)

    as_json = check_cli(workspace, "--format", "json")
    assert as_json.exit_code == 1
    assert as_json.stderr == ""
    records = json.loads(as_json.stdout)
    assert [Problem(**record).format() for record in records] == text.problem_lines
    assert [(r["severity"], r["field"]) for r in records] == [
        ("error", "lines[1].price"),
        ("warning", "milestones[3].due"),
    ]
    assert set(records[0]) == {"file", "line", "column", "field", "message", "severity"}


def test_json_of_a_clean_workspace_is_an_empty_list(workspace: Path) -> None:
    result = check_cli(workspace, "--format", "json")
    assert (result.exit_code, json.loads(result.stdout), result.stderr) == (0, [], "")


# --- clean workspace, discovery and usage errors ------------------------------------


def test_the_clean_example_passes(workspace: Path) -> None:
    files = (
        1
        + len(list(workspace.glob("clients/*.yaml")))
        + len(list(workspace.glob("locales/*.yaml")))
        + len(list((workspace / "projects").rglob("*.yaml")))
        + len(list(workspace.glob("payments/*.yaml")))
    )
    result = check_cli(workspace, "--strict")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"OK: {files} file(s) checked; 0 error(s), 0 warning(s)\n"


def test_the_workspace_is_found_from_a_subfolder(workspace: Path) -> None:
    result = run_cli(["check"], cwd=workspace / "projects" / "romashka-site" / "invoices")
    assert result.exit_code == 0
    assert result.stdout.startswith("OK: ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--bogus"], "Error: No such option '--bogus'."),
        (
            ["check", "--format", "xml"],
            "Error: Invalid value for '--format': 'xml' is not one of 'text', 'json', 'github'.",
        ),
        (["frobnicate"], "Error: No such command 'frobnicate'."),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = run_cli(args, cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == message
    assert "Traceback" not in result.output


def test_a_folder_without_agency_yaml_exits_2(tmp_path: Path) -> None:
    result = run_cli(["-C", str(tmp_path), "check"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: {tmp_path} has no agency.yaml"


def test_no_workspace_above_the_current_folder_exits_2(tmp_path: Path) -> None:
    result = run_cli(["check"], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: no agency.yaml in {tmp_path.resolve()} or any folder above it; use -C DIR"
    )


def test_github_annotations(workspace: Path) -> None:
    invoice = workspace / "projects/globex-seo/invoice-2026-018.yaml"
    invoice.write_text(
        invoice.read_text(encoding="utf-8").replace("price: 145.50", "price: -5"), encoding="utf-8"
    )
    line = invoice.read_text(encoding="utf-8").splitlines().index("    price: -5") + 1
    act_line = line_of(workspace / "projects/globex-seo/act-2026-015.yaml", "invoice: 2026-018")
    result = check_cli(workspace, "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"::error file=projects/globex-seo/act-2026-015.yaml,line={act_line},col=10,"
        'title=invoice::uses invoice "2026-018", which has errors',
        f"::error file=projects/globex-seo/invoice-2026-018.yaml,line={line},col=12,"
        'title=lines[3].price::must be greater than 0 (got "-5")',
    ]
