"""``diff``: what changed in the rendered documents between two git revisions of a workspace.

The core API is :func:`diff`; ``report.py`` prints its result as text,
Markdown (a pull-request comment) or JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from agencydocs.commands.check import check
from agencydocs.errors import InvalidInput
from agencydocs.review.compare import Comparison, DocumentChange, MoneyChange, compare
from agencydocs.review.git import Repository, Side, side
from agencydocs.workspace import Workspace

__all__ = ["Comparison", "DocumentChange", "MoneyChange", "diff"]


def diff(
    root: Path,
    base: str | None = None,
    head: str | None = None,
    *,
    progress: Callable[[str], None] = lambda _message: None,
) -> Comparison:
    """Compare the documents of revision ``base`` (default: the merge base with the default
    branch) with ``head`` (default: the working tree) of the workspace at ``root``.

    Raises:
        UsageProblem: ``root`` is not in a git repository, or a revision is unknown (exit 2).
        InvalidInput: a revision's workspace has errors; ``problems`` lists them (exit 1).
    """
    repository = Repository.of(root)
    base = base or repository.default_base()
    with side(repository, base, root) as old, side(repository, head, root) as new:
        assert old.commit is not None
        changed = repository.changed_paths(old.commit, new.commit)
        old_workspace = _checked(old, progress)
        new_workspace = _checked(new, progress)
        return compare((old.label, old_workspace), (new.label, new_workspace), progress, changed)


def _checked(found: Side, progress: Callable[[str], None]) -> Workspace:
    progress(f"checking {found.label}")
    if not (found.root / "agency.yaml").is_file() and found.commit is not None:
        # A revision from before the workspace (the pull request that adds it): every document is new.
        return Workspace(found.root)
    result = check(found.root)
    if result.errors:
        raise InvalidInput(
            f"{found.label} has {len(result.errors)} error(s), listed above; diff compares revisions that pass check",
            result.errors,
        )
    return result.workspace
