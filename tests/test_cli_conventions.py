"""CLI conventions: -C after any command, usage errors exit 2, plain words for an empty workspace.

Every command and subcommand is found by walking the click group (as
sqlite-utils' test_docs does), so a new command must join these tests.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from agencydocs.cli import cli
from agencydocs.commands.reference import command_paths
from tests.helpers import REPO_ROOT, example_workspace, run_cli

COMMANDS = [path for path in command_paths(cli) if path]
# What each command is run with after `-C DIR`, its exit code, and a piece of
# output that shows it read DIR (run from a folder with no workspace above it).
RUNS: dict[tuple[str, ...], tuple[list[str], int, str]] = {
    ("build",): (["-j1"], 0, "No documents yet"),
    ("check",): ([], 0, "OK: 1 file(s) checked"),
    ("diff",): ([], 2, "empty is not inside a git repository; diff compares git revisions"),
    ("doctor",): ([], 0, "agencydocs"),
    ("init",): ([], 0, "kept agency.yaml (it exists; not overwritten)"),
    ("new",): (["invoice", "-p", "nope"], 2, 'unknown project "nope"'),
    # The statement is read from the current folder, like any FILE argument.
    ("payments",): (["import", "nowhere.txt"], 1, "nowhere.txt: cannot read file: No such file or directory"),
    ("payments", "import"): (["nowhere.txt"], 1, "nowhere.txt: cannot read file: No such file or directory"),
    ("receivables",): ([], 0, "nothing open"),
    ("schema",): ([], 0, "wrote schemas/invoice.schema.json"),
    # serve runs until Ctrl-C; an address it cannot take ends it, after finding the workspace (else exit 2).
    ("serve",): (["--host", "256.0.0.1", "--port", "1"], 1, "cannot listen on 256.0.0.1:1 ("),
    ("status",): ([], 0, "Output: no documents yet"),
    ("templates",): (["list"], 0, "invoice    invoice/invoice.en.docx      built-in"),
    ("templates", "diff"): (["index"], 0, "index.html: not ejected with a record; nothing to compare"),
    ("templates", "eject"): (["index"], 0, "wrote templates/index.html"),
    ("templates", "list"): ([], 0, "invoice    invoice/invoice.en.docx      built-in"),
    # textconv needs no workspace; a relative FILE is read from the -C folder.
    ("textconv",): (["agency.yaml"], 1, "agency.yaml: not a PDF, DOCX, PPTX or HTML file"),
}


@pytest.fixture
def empty_workspace(tmp_path: Path) -> Path:
    """A workspace with the example's agency.yaml and no client, project or document."""
    root = tmp_path / "empty"
    (root / "assets").mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO_ROOT / "agency.yaml", root / "agency.yaml")
    shutil.copy2(REPO_ROOT / "assets/logo.png", root / "assets/logo.png")
    return root


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def test_every_command_is_covered() -> None:
    assert sorted(RUNS) == sorted(COMMANDS)


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_takes_the_workspace_after_its_name(
    path: tuple[str, ...], empty_workspace: Path, elsewhere: Path
) -> None:
    args, exit_code, shows = RUNS[path]
    result = run_cli([*path, "-C", str(empty_workspace), *args], cwd=elsewhere)
    assert result.exit_code == exit_code, result.output
    assert shows in result.output


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_has_help_and_documents_the_workspace_option(path: tuple[str, ...]) -> None:
    result = run_cli([*path, "--help"])
    assert result.exit_code == 0
    description, _, options = result.stdout.partition("Options:")
    assert len(description.split("\n\n", 1)[-1].strip()) > 30  # more than the usage line
    assert "-C, --workspace DIRECTORY" in options


def test_the_workspace_given_last_wins(empty_workspace: Path, elsewhere: Path) -> None:
    after = run_cli(["-C", str(elsewhere), "check", "-C", str(empty_workspace)], cwd=elsewhere)
    assert after.exit_code == 0, after.output
    before = run_cli(["-C", str(empty_workspace), "check", "-C", str(elsewhere)], cwd=elsewhere)
    assert before.exit_code == 2
    assert f"Error: {elsewhere} has no agency.yaml" in before.stderr


def test_a_workspace_option_naming_no_workspace_is_a_usage_error(elsewhere: Path) -> None:
    result = run_cli(["check", "-C", str(elsewhere)], cwd=elsewhere)
    assert result.exit_code == 2
    assert f"Error: {elsewhere} has no agency.yaml" in result.stderr


def test_an_empty_workspace_has_no_documents_yet(empty_workspace: Path) -> None:
    hint = "(start one with `agencydocs new invoice -p PROJECT`)"
    status = run_cli(["-C", str(empty_workspace), "status"])
    assert status.exit_code == 0, status.output
    assert status.stdout.splitlines()[0] == f"Output: no documents yet {hint}"
    built = run_cli(["-C", str(empty_workspace), "build", "-j1"])
    assert built.exit_code == 0, built.output
    assert built.stdout.startswith(f"No documents yet {hint}: 1 file(s) written, 0 unchanged, 0 removed")
    assert "0 document(s)" not in status.output + built.output


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workspace, shared: the usage errors below must leave it untouched."""
    return example_workspace(tmp_path_factory.mktemp("conventions"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["templates", "eject", "invoce"],
            'Error: unknown template "invoce"; did you mean "invoice"? known: act, addendum, audit, base, '
            "brief, business, claim, contract, credit_note, index, invoice, letter, long, minutes, proposal, reminder, report, spec, statement, "
            "transfer, upd, vat_invoice",
        ),
        (
            ["new", "invoice", "-p", "romashka"],
            'Error: unknown project "romashka"; did you mean "romashka-site"? '
            "known: globex-seo, initech-support, nordlicht-relaunch, romashka-site",
        ),
        (
            ["new", "act", "-p", "romashka-site", "--invoice", "2026-01"],
            'Error: --invoice: project romashka-site: unknown invoice "2026-01"; did you mean "2026-019"? '
            "known: 2026-014, 2026-019",
        ),
        (
            [
                "new",
                "contract",
                "--from-proposal",
                "projects/romashka-site/proposals/2026-031.yaml",
                "--option",
                "grow",
            ],
            'Error: projects/romashka-site/proposals/2026-031.yaml: no option "grow"; did you mean "growth"? '
            "known: start, growth",
        ),
        (
            [
                "new",
                "contract",
                "--from-proposal",
                "projects/romashka-site/project.yaml",
                "--option",
                "start",
            ],
            "Error: projects/romashka-site/project.yaml: not a document of this workspace",
        ),
        (["build", ".."], "Error: Invalid value for PATHS: ..: is outside the workspace"),
        (["build", "--format", "xls"], "Error: Invalid value for '--format': choose from html, pdf, docx"),
        (
            ["build", "--jobs", "0"],
            "Error: Invalid value for '-j' / '--jobs': 0 is not in the range 1<=x<=256.",
        ),
        (["check", "--format", "xml"], "Error: Invalid value for '--format': 'xml' is not one of"),
        (
            ["new", "invoice", "-p", "romashka-site", "--date", "2026-13-01"],
            "Error: Invalid value for '--date'",
        ),
    ],
    ids=[
        "template",
        "project",
        "invoice",
        "option",
        "proposal",
        "path",
        "format",
        "jobs",
        "check-format",
        "date",
    ],
)
def test_usage_errors_exit_2_and_change_nothing(example: Path, args: list[str], message: str) -> None:
    before = sorted(p.relative_to(example) for p in example.rglob("*"))
    result = run_cli(args, cwd=example)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert sorted(p.relative_to(example) for p in example.rglob("*")) == before


@pytest.mark.parametrize(
    ("args", "edit", "code", "stream", "shows"),
    [
        (["check"], None, 0, "stdout", "file(s) checked"),
        (
            ["check"],
            ("qty: 7.75", "qty: [7.75"),
            1,
            "stderr",
            "projects/initech-support/invoice-2026-020.yaml:",
        ),
        (["check", "--no-such-option"], None, 2, "stderr", "No such option '--no-such-option'"),
        (["status"], None, 0, "stdout", "2026-021 issued"),
    ],
    ids=["ok", "invalid", "usage", "long-output"],
)
def test_the_entry_point_exits_with_the_commands_code_and_all_its_output(
    tmp_path: Path, args: list[str], edit: tuple[str, str] | None, code: int, stream: str, shows: str
) -> None:
    """``python -m agencydocs`` ends the process without tearing the interpreter down
    (``cli.exit_now``): the exit code and every line written must still come out, through pipes."""
    import subprocess
    import sys

    root = example_workspace(tmp_path)
    if edit is not None:
        path = root / "projects/initech-support/invoice-2026-020.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "agencydocs", *args], cwd=root, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == code, done.stderr
    assert shows in getattr(done, stream)
    in_process = run_cli(args, cwd=root)
    assert (done.stdout, in_process.exit_code) == (in_process.stdout, code)  # nothing lost at the end
