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
def guarded_workspace(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The example workspace in ``tmp_path/workspace``; on teardown, nothing in ``tmp_path`` outside
    ``workspace/output`` may have changed (the hostile suite's confinement check)."""
    from tests.hostile.harness import TreeGuard

    root = example_workspace(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("must survive\n", encoding="utf-8")
    guard = TreeGuard(tmp_path, root)
    yield root
    guard.assert_untouched()
