"""The `agencydocs-check` pre-commit hook of `.pre-commit-hooks.yaml` (#14 item 6).

`pre-commit try-repo` clones this checkout (HEAD plus its uncommitted
changes) and pip-installs it into a fresh virtualenv from PyPI, as a user's
pre-commit would: about 90-110 s per run here, so the test is marked slow.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers import REPO_ROOT, example_workspace, line_of


def _try_repo(workspace: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """Run the hook as a commit would: on the staged workspace, from this repository's checkout."""
    subprocess.run(["git", "add", "-A"], cwd=workspace, check=True)
    # The hook's virtualenv must run the agencydocs it installed, not this checkout through PYTHONPATH.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["PRE_COMMIT_HOME"] = str(home)
    return subprocess.run(
        ["pre-commit", "try-repo", str(REPO_ROOT), "agencydocs-check"],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.slow
def test_the_hook_passes_a_clean_workspace_and_fails_a_broken_one_with_file_and_line(tmp_path: Path) -> None:
    workspace = example_workspace(tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=workspace, check=True)
    home = tmp_path / "pre-commit-home"

    clean = _try_repo(workspace, home)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "agencydocs check" in clean.stdout
    assert "Passed" in clean.stdout

    agency = workspace / "agency.yaml"
    agency.write_text(agency.read_text(encoding="utf-8") + "bogus_field: 1\n", encoding="utf-8")
    broken = _try_repo(workspace, home)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "Failed" in broken.stdout
    line = line_of(agency, "bogus_field")
    assert f"agency.yaml:{line}:1: bogus_field: unknown field" in broken.stdout
