"""Fixtures shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import example_workspace


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A fresh copy of the repository's example workspace, free to break."""
    return example_workspace(tmp_path)


@pytest.fixture
def guarded(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The example workspace in ``tmp_path/workspace`` and a guard over ``tmp_path``.

    A test prepares its hostile input, then calls ``guarded.arm()``; on teardown
    nothing in ``tmp_path`` outside ``workspace/output`` may differ from the armed
    state (``tmp_path/outside/precious.txt`` is there to be attacked).
    """
    from tests.hostile.harness import GuardedWorkspace

    guarded = GuardedWorkspace(tmp_path, example_workspace(tmp_path))
    yield guarded
    guarded.assert_untouched()
