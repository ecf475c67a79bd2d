"""'Did you mean …?' for unknown field names and unknown ids, with the exact messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from agencydocs.commands.check import check
from agencydocs.models import Client
from agencydocs.models.legal import LegalEntity
from agencydocs.suggestions import did_you_mean, unknown_id_message
from tests.helpers import line_of, replace_in_file, run_cli

PROJECT = "projects/romashka-site/project.yaml"
PROPOSAL = "projects/romashka-site/proposals/2026-031.yaml"


def _fields(model: type[Client] | type[LegalEntity]) -> str:
    return ", ".join(model.model_fields)


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    [
        pytest.param(
            "clients/globex.yaml",
            "  vat_id: DE293108457",
            "  vat: DE293108457",
            '{path}:{line}:3: legal.vat: unknown field; did you mean "vat_id"? expected one of: {legal}',
            id="nested-field",
        ),
        pytest.param(
            "clients/globex.yaml",
            "currency: EUR",
            "curency: EUR",
            '{path}:{line}:1: curency: unknown field; did you mean "currency"? expected one of: {client}',
            id="top-level-field",
        ),
        pytest.param(
            "clients/globex.yaml",
            "currency: EUR",
            "money: EUR",
            "{path}:{line}:1: money: unknown field; expected one of: {client}",
            id="field-nothing-close",
        ),
        pytest.param(
            PROJECT,
            "manager: igor",
            "manager: igr",
            '{path}:{line}:10: manager: unknown person "igr"; did you mean "igor"? known: {team}',
            id="person",
        ),
        pytest.param(
            PROJECT,
            "client: romashka",
            "client: romashk",
            '{path}:{line}:9: client: unknown client "romashk"; did you mean "romashka"? '
            "known: globex, initech, nordlicht, romashka",
            id="client",
        ),
        pytest.param(
            PROPOSAL,
            "service: seo-audit",
            "service: seo-audt",
            '{path}:{line}:18: options[0].lines[0].service: unknown service "seo-audt"; '
            'did you mean "seo-audit"? known: {services}',
            id="service",
        ),
    ],
)
def test_check_suggests_the_close_name(workspace: Path, path: str, old: str, new: str, expected: str) -> None:
    clean = check(workspace).workspace
    assert clean.agency is not None
    replace_in_file(workspace / path, old, new)
    result = run_cli(["-C", str(workspace), "check"])
    assert result.exit_code == 1
    message = expected.format(
        path=path,
        line=line_of(workspace / path, new.strip()),
        legal=_fields(LegalEntity),
        client=_fields(Client),
        team=", ".join(sorted(p.id for p in clean.agency.model.team)),
        services=", ".join(sorted(s.id for s in clean.agency.model.services)),
    )
    assert message in result.problem_lines, result.stderr


def test_new_suggests_the_close_project(workspace: Path) -> None:
    result = run_cli(["-C", str(workspace), "new", "invoice", "-p", "romashka"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        'Error: unknown project "romashka"; did you mean "romashka-site"? '
        "known: globex-seo, initech-support, nordlicht-relaunch, romashka-site"
    )


@pytest.mark.parametrize(
    ("value", "known", "n", "expected"),
    [
        ("desing", ["design", "development"], 1, 'did you mean "design"?'),
        ("2026-099", ["2026-018", "2026-019", "2026-020"], 2, 'did you mean "2026-019" or "2026-020"?'),
        ("zzz", ["design"], 1, ""),
    ],
)
def test_did_you_mean(value: str, known: list[str], n: int, expected: str) -> None:
    assert did_you_mean(value, known, n=n) == expected


def test_unknown_id_message_without_any_known() -> None:
    assert unknown_id_message("person", "anna", []) == 'unknown person "anna"; known: none defined'


def test_new_contract_suggests_the_close_option(workspace: Path) -> None:
    result = run_cli(
        [
            "-C",
            str(workspace),
            "new",
            "contract",
            "--from-proposal",
            str(workspace / PROPOSAL),
            "--option",
            "grwth",
        ]
    )
    assert result.exit_code == 2
    assert f'{PROPOSAL}: no option "grwth"; did you mean "growth"? known: start, growth' in result.stderr
