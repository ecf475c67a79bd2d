"""A problem that involves two files is annotated on both in a pull request (``check --format github``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import line_of, replace_in_file, run_cli

FIRST = "projects/romashka-site/invoices/2026-014.yaml"
SECOND = "projects/romashka-site/invoices/2026-019.yaml"
ADDENDUM = "projects/romashka-site/addendum-1.yaml"
CONTRACT = "projects/romashka-site/contract-12-2026.yaml"


def _duplicate_number(root: Path) -> tuple[str, list[str]]:
    replace_in_file(root / SECOND, "number: 2026-019", "number: 2026-014")
    first, second = line_of(root / FIRST, "number:"), line_of(root / SECOND, "number:")
    message = f'invoice number "2026-014" is already used by {FIRST}:{first}'
    return message, [
        f"::error file={SECOND},line={second},col=9,title=number::{message}",
        f"::error file={FIRST},line={first},col=9,title=number::{SECOND}:{second}: {message}",
    ]


def _addendum_before_contract(root: Path) -> tuple[str, list[str]]:
    replace_in_file(root / ADDENDUM, "date: 2026-11-10", "date: 2026-08-01")
    at, contract_at = line_of(root / ADDENDUM, "date:"), line_of(root / CONTRACT, "date:")
    message = "addendum is dated before its contract (2026-08-28)"
    return message, [
        f"::error file={ADDENDUM},line={at},col=7,title=date::{message}",
        f"::error file={CONTRACT},line={contract_at},col=7,title=date::{ADDENDUM}:{at}: {message}",
    ]


@pytest.mark.parametrize("break_it", [_duplicate_number, _addendum_before_contract])
def test_a_problem_of_two_files_is_annotated_on_both(
    workspace: Path, break_it: Callable[[Path], tuple[str, list[str]]]
) -> None:
    message, annotations = break_it(workspace)
    github = run_cli(["check", "--format", "github"], cwd=workspace)
    assert github.exit_code == 1
    assert [line for line in github.stdout.splitlines() if message in line] == annotations
    # The text format keeps one line per problem; JSON names the other place.
    text = run_cli(["check"], cwd=workspace)
    assert len([line for line in text.problem_lines if message in line]) == 1
    [problem] = [
        p
        for p in json.loads(run_cli(["check", "--format", "json"], cwd=workspace).stdout)
        if p["message"] == message
    ]
    other = annotations[1].split(",")[0].removeprefix("::error file=")
    assert [r["file"] for r in problem["related"]] == [other]


def test_a_problem_of_one_file_has_no_related_key(workspace: Path) -> None:
    replace_in_file(workspace / SECOND, "    price: 46850.00", "    price: -5")
    problems = json.loads(run_cli(["check", "--format", "json"], cwd=workspace).stdout)
    assert problems and all("related" not in problem for problem in problems)
