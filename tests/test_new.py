"""``agencydocs new`` and numbering patterns."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from agencydocs.cli import cli
from agencydocs.domain.numbering import PatternError, next_number
from tests.test_build import copy_workspace
from tests.test_schemas import SCHEMA_DIR, editor_view, named_schema


@pytest.mark.parametrize(
    ("pattern", "existing", "expected"),
    [
        ("{year}-{seq:03}", ["2026-014", "2026-019", "2025-100"], "2026-020"),
        ("{year}-{seq:03}", ["2025-100"], "2026-001"),  # yearly reset
        ("{seq}/{year}", ["12/2026", "3/2026"], "13/2026"),
        ("{client}-{seq}", ["acme-3", "globex-9"], "acme-4"),  # per-client counter
        ("INV-{seq:05}", ["INV-00041", "garbage"], "INV-00042"),
    ],
)
def test_next_number(pattern: str, existing: list[str], expected: str) -> None:
    assert next_number(pattern, existing, year=2026, client="acme", project="site") == expected


@pytest.mark.parametrize("pattern", ["{year}", "{year}-{seq}-{oops}", "{seq}-{seq}"])
def test_bad_patterns(pattern: str) -> None:
    with pytest.raises(PatternError):
        next_number(pattern, [], year=2026, client="a", project="b")


def test_new_invoice_and_act_continue_the_series_and_pass_check(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    # Without the example's final invoice of backend, the stage after the advance 2026-021 is unbilled.
    (root / "projects/romashka-site/invoices/2026-022.yaml").unlink()
    runner = CliRunner()
    result = runner.invoke(
        cli, ["-C", str(root), "new", "invoice", "-p", "romashka-site", "--date", "2026-11-27"]
    )
    assert result.exit_code == 0, result.output
    # Invoice numbers are unique across the workspace: 2026-020 belongs to initech, 2026-021 is the
    # backend advance. The advance does not bill the stage, so the new invoice is its final one.
    assert result.stdout == "created projects/romashka-site/invoices/2026-022.yaml (invoice 2026-022)\n"
    invoice = (root / "projects/romashka-site/invoices/2026-022.yaml").read_text(encoding="utf-8")
    assert invoice.startswith(
        "# yaml-language-server: $schema=../../../schemas/invoice.schema.json\nkind: invoice\n"
    )
    assert 'contract: "12/2026"' in invoice and "milestone: backend" in invoice  # first unbilled milestone
    result = runner.invoke(
        cli, ["-C", str(root), "new", "act", "-p", "romashka-site", "--date", "2026-11-28"]
    )
    assert result.exit_code == 0, result.output
    act = (root / "projects/romashka-site/acts/2026-017.yaml").read_text(encoding="utf-8")
    assert act.startswith("# yaml-language-server: $schema=../../../schemas/act.schema.json\nkind: act\n")
    assert 'invoice: "2026-022"' in act  # not the advance 2026-021: an act closes the final invoice
    assert runner.invoke(cli, ["-C", str(root), "check"]).exit_code == 0
    for kind, written in [("invoice", "invoices/2026-022.yaml"), ("act", "acts/2026-017.yaml")]:
        path = root / "projects/romashka-site" / written
        assert named_schema(path, root) == (root / f"schemas/{kind}.schema.json").resolve()
        schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert list(jsonschema.Draft202012Validator(schema).iter_errors(editor_view(path))) == []


def test_new_for_unknown_project(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    result = CliRunner().invoke(cli, ["-C", str(root), "new", "invoice", "-p", "nope"])
    assert result.exit_code == 2
    assert (
        'unknown project "nope"; known: globex-seo, initech-support, nordlicht-relaunch, romashka-site'
        in result.stderr
    )
