"""Fixtures shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import example_workspace


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A fresh copy of the repository's example workspace, free to break."""
    return example_workspace(tmp_path)
