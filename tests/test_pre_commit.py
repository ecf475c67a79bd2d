"""The `agencydocs-check` pre-commit hook of `.pre-commit-hooks.yaml` (#14 item 6).

pre-commit installs the hook as a user's `.pre-commit-config.yaml` makes it
do: it clones this repository at a commit and pip-installs it into a fresh
virtualenv from PyPI, about 90-110 s here, so the test is marked slow. The
commit is this checkout with its uncommitted changes, as `pre-commit
try-repo` would make; unlike try-repo, which installs into a throwaway store
on every call, the two runs below share one store and so one install.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers import REPO_ROOT, example_workspace, line_of


def _git(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def _checkout_as_a_commit(folder: Path) -> tuple[Path, str]:
    """A clone of this repository whose HEAD adds the checkout's staged and unstaged changes.

    Made the way ``pre-commit try-repo`` makes its shadow repository: the
    checkout's changes are added to the clone's index and objects, and this
    checkout is only read.
    """
    clone = folder / "agencydocs"
    _git("clone", "-q", str(REPO_ROOT), str(clone), cwd=folder)
    _git("checkout", "-q", "-b", "snapshot", _git("rev-parse", "HEAD", cwd=REPO_ROOT).strip(), cwd=clone)
    into_clone = {
        **os.environ,
        "GIT_INDEX_FILE": _git("rev-parse", "--absolute-git-dir", cwd=clone).strip() + "/index",
        "GIT_OBJECT_DIRECTORY": _git("rev-parse", "--absolute-git-dir", cwd=clone).strip() + "/objects",
    }
    staged = _git("diff", "--staged", "--name-only", "--no-ext-diff", "-z", cwd=REPO_ROOT).split("\0")
    if staged := [name for name in staged if name]:
        _git("add", "--", *staged, cwd=REPO_ROOT, env=into_clone)
    _git("add", "-u", cwd=REPO_ROOT, env=into_clone)
    identity = ["-c", "user.name=test", "-c", "user.email=test@example.invalid"]
    _git(*identity, "commit", "-q", "--no-verify", "--allow-empty", "-m", "checkout", cwd=clone)
    return clone, _git("rev-parse", "HEAD", cwd=clone).strip()


def _commit(workspace: Path, config: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """Run the hook as a commit would: on the staged workspace."""
    _git("add", "-A", cwd=workspace)
    # The hook's virtualenv must run the agencydocs it installed, not this checkout through PYTHONPATH.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["PRE_COMMIT_HOME"] = str(home)
    return subprocess.run(
        ["pre-commit", "run", "--config", str(config)],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.slow
def test_the_hook_passes_a_clean_workspace_and_fails_a_broken_one_with_file_and_line(tmp_path: Path) -> None:
    workspace = example_workspace(tmp_path)
    _git("init", "-q", cwd=workspace)
    repository, commit = _checkout_as_a_commit(tmp_path)
    config = tmp_path / "pre-commit-config.yaml"
    config.write_text(
        f"repos:\n- repo: {repository}\n  rev: {commit}\n  hooks:\n  - id: agencydocs-check\n",
        encoding="utf-8",
    )
    home = tmp_path / "pre-commit-home"

    clean = _commit(workspace, config, home)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "agencydocs check" in clean.stdout
    assert "Passed" in clean.stdout

    agency = workspace / "agency.yaml"
    agency.write_text(agency.read_text(encoding="utf-8") + "bogus_field: 1\n", encoding="utf-8")
    broken = _commit(workspace, config, home)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "Failed" in broken.stdout
    line = line_of(agency, "bogus_field")
    assert f"agency.yaml:{line}:1: bogus_field: unknown field" in broken.stdout
    assert len(list(home.glob("repo*/py_env-*"))) == 1  # one install served both runs
