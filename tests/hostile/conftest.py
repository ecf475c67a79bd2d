"""Fixtures of the output-side hostile tests (tests/hostile/test_output.py, test_faults.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.built import built_workspace, copy_output, shrink
from tests.hostile.harness import GuardedWorkspace


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example shrunk to one project, built as HTML once per module."""
    return built_workspace(tmp_path_factory.mktemp("built"), ["html"])


@pytest.fixture
def ready(guarded: GuardedWorkspace, built: Path) -> GuardedWorkspace:
    """The guarded workspace, shrunk to the built one, with its up-to-date output/."""
    shrink(guarded.root)
    copy_output(built, guarded.root)
    return guarded
