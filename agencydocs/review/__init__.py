"""``diff``: what changed in the rendered documents between two git revisions of a workspace.

The core API is :func:`diff`; ``report.py`` prints its result as text,
Markdown (a pull-request comment) or JSON.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable
from pathlib import Path

from agencydocs.commands.check import cyclic_gc_paused  # imported first: it settles the import order
from agencydocs.review.compare import Comparison, DocumentChange, MoneyChange, compare, library_changes
from agencydocs.review.git import OUTPUT_DIR, Repository, side
from agencydocs.review.lock import lock_problems
from agencydocs.review.sides import DocumentSide, ForkedSide, LocalSide, can_fork

__all__ = ["Comparison", "DocumentChange", "MoneyChange", "diff"]


def diff(
    root: Path,
    base: str | None = None,
    head: str | None = None,
    *,
    progress: Callable[[str], None] = lambda _message: None,
    parallel: bool | None = None,
    exhaustive: bool = False,
    spare: list[object] | None = None,
) -> Comparison:
    """Compare the documents of revision ``base`` (default: the merge base with the default
    branch) with ``head`` (default: the working tree) of the workspace at ``root``.

    ``parallel``: read the base revision in a forked process while this one reads
    the head (default: where the platform can fork). ``exhaustive``: list the inputs
    of every document on both sides (slow; the tests compare it with the default,
    which takes them from the last build's records where those are verified
    current for the head, ``review/recorded.py``, and lists each other
    document's on one side only). ``spare``: the two loaded sides are appended
    to it rather than freed on return (the command leaves them to the
    process's end, ``cli.exit_now``: freeing a 1,000-document workspace one
    object at a time takes 0.15 s), and every object alive then is left out of
    the cyclic collector's later walks (``gc.freeze``).

    Raises:
        UsageProblem: ``root`` is not in a git repository, or a revision is unknown (exit 2).
        InvalidInput: a revision's workspace has errors; ``problems`` lists them (exit 1).
    """
    with cyclic_gc_paused():  # two loaded workspaces, hardly any cycles: see cyclic_gc_paused
        comparison = _diff(root, base, head, progress, parallel, exhaustive, [] if spare is None else spare)
        if spare is not None:
            # Kept to the process's end: out of the collector's sight, or the first collection
            # once it runs again walks them all (70 ms for a 1,000-document head).
            gc.freeze()
    return comparison


def _diff(
    root: Path,
    base: str | None,
    head: str | None,
    progress: Callable[[str], None],
    parallel: bool | None,
    exhaustive: bool,
    spare: list[object],
) -> Comparison:
    repository = Repository.of(root)
    base = base or repository.default_base()
    base_commit = repository.commit(base)  # an unknown revision is a usage error before anything starts
    opened = functools.partial(side, repository, base, root)
    with contextlib.ExitStack() as stack:
        forked = None
        if can_fork() if parallel is None else parallel:
            # The child checks the base out and checks it while this process does the head.
            forked = ForkedSide(repository.label(base, base_commit), opened)
            stack.callback(forked.close)
        new_side = stack.enter_context(side(repository, head, root))
        changed = repository.changed_paths(base_commit, new_side.commit)
        progress(f"checking {repository.label(base, base_commit)} and {new_side.label}")
        old: DocumentSide = forked or LocalSide(stack.enter_context(opened()))
        new = LocalSide(new_side)
        spare += [old, new]
        # While the child still checks the base, this process verifies the last build's records.
        recorded = new.recorded(root) if _records_help(repository, changed, exhaustive) else {}
        if recorded:
            progress(f"{len(recorded)} document(s) read as the last build recorded")
        if forked is not None:
            forked.wait_checked()
        comparison = compare(old, new, changed, progress, exhaustive=exhaustive, recorded=recorded)
        comparison.locked = lock_problems(old.ask("issued")(), new.workspace, old.label)
        return comparison


def _records_help(repository: Repository, changed: set[str], exhaustive: bool) -> bool:
    """Whether the build's records could spare resolving documents, and may be trusted.

    Not when nothing changed (nothing is listed), when a library changed (every
    document is compared) or when git tracks something under ``output/``: a
    committed manifest is the pull request's word, not a build's (``recorded.py``).
    """
    return (
        bool(changed)
        and not exhaustive
        and not library_changes(changed)
        and not repository.tracks(OUTPUT_DIR)
    )
