"""The harness itself: a change outside output/ is caught, one inside is not."""

from __future__ import annotations

import pytest

from tests.hostile.harness import GuardedWorkspace


def test_guard_sees_a_change_outside_output(guarded: GuardedWorkspace) -> None:
    guarded.arm()
    (guarded.outside / "precious.txt").unlink()
    with pytest.raises(AssertionError, match="precious.txt"):
        guarded.assert_untouched()
    guarded.before = None  # the teardown check has been exercised here


def test_guard_ignores_output(guarded: GuardedWorkspace) -> None:
    guarded.arm()
    guarded.output.mkdir()
    (guarded.output / "x.html").write_text("x", encoding="utf-8")
    guarded.assert_untouched()


def test_check_of_the_example_is_clean_and_confined(guarded: GuardedWorkspace) -> None:
    outcome = guarded.run("check")
    assert outcome.exit_code == 0, outcome.output
