"""Fixtures shared by the test modules."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import example_workspace

# Fixtures that build documents (a whole workspace, or several documents in PDF
# or DOCX): a test using one, directly or through another fixture, is marked
# slow, so that the fast tier never waits for a build. Module-scoped ones build
# once per module and per pytest-xdist worker; ``example_build`` once per run.
BUILDING_FIXTURES = frozenset(
    {
        "example_build",  # below: the example workspace in every format
        "built",  # a module's build (test_logo, tests/hostile/conftest.py) or its example_build
        "built_once",  # test_incremental
        "bill_build",  # test_label_overrides
        "html_built",  # test_label_overrides
        "individual_invoice",  # test_identifiers
        "web_report",  # test_report_periods
        "german_build",  # test_german: the example in German, built to HTML and DOCX
    }
)


# The parse store (agencydocs/reading/parse_store.py) keeps parses between commands by the
# files' bytes and the package's files; a test that patches a validator would meet another
# test's entries. So the suite reads without it, except tests/test_parse_store.py, and
# never with the user's own: its folder is one of this run's.
os.environ["AGENCYDOCS_NO_CACHE"] = "1"


@pytest.fixture(autouse=True, scope="session")
def _run_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    os.environ["XDG_CACHE_HOME"] = str(_run_folder(tmp_path_factory) / "cache")


@pytest.hookimpl(tryfirst=True)  # before `-m "not slow"` deselects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark slow every test that uses a fixture that builds (BUILDING_FIXTURES)."""
    for item in items:
        if BUILDING_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A fresh copy of the repository's example workspace, free to break."""
    return example_workspace(tmp_path)


def _tree_digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the example workspace built once per run in every format: READ ONLY.

    Full builds are what make the suite slow, so every test that only reads the
    example's outputs shares this one (the snapshot test too). A test that edits
    files or builds again takes a private copy with ``built_copy``. On teardown
    the tree must be exactly as built, so a test that wrote into it fails the run.
    """
    root = _build_once(_run_folder(tmp_path_factory) / "example-build")
    before = _tree_digests(root)
    yield root
    after = _tree_digests(root)
    changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    assert changed == [], f"a test changed the shared example build (use built_copy): {changed}"


def _run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This run's temporary folder; with pytest-xdist, the one its workers share."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _build_once(folder: Path) -> Path:
    """Build the example workspace in ``folder/workspace`` unless another worker already did.

    A build that fails is not tried again by every test that needs it (each
    attempt would be a full build): the first attempt records its problems and
    the tests after it fail at once with them.
    """
    from agencydocs.building.builder import build  # imported here: collecting the tests stays fast
    from agencydocs.errors import AgencyDocsError

    folder.mkdir(exist_ok=True)
    root, done, failed = folder / "workspace", folder / "built", folder / "failed"
    with (folder / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the first worker builds, the others wait for it
        if failed.exists():
            pytest.fail(failed.read_text(encoding="utf-8"), pytrace=False)
        if not done.exists():
            shutil.rmtree(root, ignore_errors=True)  # a build interrupted in an earlier attempt
            example_workspace(folder)
            try:
                # Two workers: test_build compares this with a build in one process, byte for byte.
                build(root, jobs=2)
            except AgencyDocsError as error:
                failed.write_text(
                    f"the example workspace did not build:\n{error.format_message()}", encoding="utf-8"
                )
                raise
            done.touch()
    return root


@pytest.fixture
def built_copy(example_build: Path, tmp_path: Path) -> Path:
    """A private copy of the built example workspace (sources and output/), free to edit and rebuild."""
    return Path(shutil.copytree(example_build, tmp_path / "workspace", symlinks=True))


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
