"""Documents that agree with each other (#13): a contradiction between files
is a ``check`` error naming both files, and ``build`` refuses it the same
way instead of crashing. The one-rule fixtures with exact positions are in
``tests/test_rule_positions.py``; these tests follow a contradiction through
the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import example_workspace, replace_in_file, run_cli

R = "projects/romashka-site/"
G = "projects/globex-seo/"
IN = "projects/initech-support/"

CONTRADICTIONS = {
    # an act citing another project's invoice used to crash build (AssertionError)
    "act-of-another-projects-invoice": (
        IN + "act-2026-016.yaml",
        "invoice: 2026-020",
        "invoice: 2026-014",
        IN,
        R,
    ),
    "invoice-before-contract": (R + "invoices/2026-019.yaml", "date: 2026-11-23", "date: 2026-08-03", R, R),
    "spec-after-contract": (R + "spec-12-2026.yaml", "date: 2026-08-24", "date: 2026-09-30", R, R),
}


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("name", sorted(CONTRADICTIONS))
def test_a_contradiction_is_an_error_naming_both_files(tmp_path: Path, name: str, command: str) -> None:
    path, old, new, reported_in, other = CONTRADICTIONS[name]
    root = example_workspace(tmp_path)
    replace_in_file(root / path, old, new)
    args = [command] if command == "check" else ["build", "-j1", "--format", "html"]
    result = run_cli(args, cwd=root)
    assert result.exit_code == 1
    errors = [
        line for line in result.problem_lines if line.startswith("projects/") and ": warning:" not in line
    ]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(reported_in) and errors[0].count(other) >= 1
    assert errors[0].count(".yaml:") == 2  # this file and the other, each with its line
    assert not (root / "output").exists() or not any((root / "output").rglob("*.html"))
