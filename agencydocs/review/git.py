"""The two sides of a ``diff``: git revisions materialised without touching the user's checkout.

A revision is exported with ``git archive`` into a temporary folder (no
worktree registered, no index or HEAD changed, works on a shallow clone that
has the commit); the working tree is read where it is. Every git failure
becomes a usage error (exit 2) in one line.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from agencydocs.errors import UsageProblem

WORKING_TREE = "working tree"
# Where the default branch is looked for when the remote does not name it.
_DEFAULT_BRANCHES = ("origin/HEAD", "origin/main", "origin/master", "main", "master")


@dataclass(frozen=True)
class Side:
    """One side of the comparison: a label for people, and the workspace folder to read."""

    label: str  # "1a2b3c4 (main)" or "working tree"
    root: Path
    commit: str | None  # full hash, None for the working tree


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageProblem("git is not installed; diff compares git revisions") from None


def _git_text(repo: Path, *args: str) -> str | None:
    result = _git(repo, *args)
    return result.stdout.decode("utf-8", "replace").strip() if result.returncode == 0 else None


@dataclass(frozen=True)
class Repository:
    """The git repository holding a workspace, and where the workspace sits in it."""

    top: Path
    prefix: str  # the workspace folder relative to ``top``, "" or ending in "/"

    @classmethod
    def of(cls, root: Path) -> Repository:
        top = _git_text(root, "rev-parse", "--show-toplevel")
        prefix = _git_text(root, "rev-parse", "--show-prefix")
        if top is None or prefix is None:
            raise UsageProblem(f"{root} is not inside a git repository; diff compares git revisions")
        return cls(Path(top), prefix)

    def commit(self, revision: str) -> str:
        """The full hash of ``revision``; a usage error naming it when git does not know it."""
        found = _git_text(
            self.top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
        )
        if not found:
            raise UsageProblem(
                f'unknown revision "{revision}" (on a shallow CI checkout, fetch it first: '
                f"git fetch --depth=1 origin {revision})"
            )
        return found

    def default_base(self) -> str:
        """The merge base of HEAD with the default branch: what a pull request would be compared with."""
        for branch in _DEFAULT_BRANCHES:
            if _git_text(self.top, "rev-parse", "--verify", "--quiet", f"{branch}^{{commit}}"):
                base = _git_text(self.top, "merge-base", "HEAD", branch)
                if base:
                    return base
        raise UsageProblem(
            "cannot find the default branch (origin/HEAD, main or master) or its merge base with HEAD; "
            "name the revisions: agencydocs diff BASE [HEAD]"
        )

    def label(self, revision: str, commit: str) -> str:
        short = commit[:7]
        return short if revision.startswith(short) or revision == commit else f"{short} ({revision})"

    @contextlib.contextmanager
    def materialised(self, revision: str) -> Iterator[Side]:
        """The workspace as it is in ``revision``, in a temporary folder removed afterwards."""
        commit = self.commit(revision)
        folder = Path(tempfile.mkdtemp(prefix="agencydocs-diff-"))
        try:
            self._export(commit, folder)
            yield Side(self.label(revision, commit), folder / self.prefix, commit)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _export(self, commit: str, folder: Path) -> None:
        args = ["archive", "--format=tar", commit]
        if self.prefix:
            args.append(self.prefix)
        result = _git(self.top, *args)
        if result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").strip().splitlines()
            detail = message[0] if message else f"git archive exited with {result.returncode}"
            raise UsageProblem(f"cannot read revision {commit[:7]}: {detail}")
        with tarfile.open(fileobj=io.BytesIO(result.stdout)) as archive:
            # "data": no absolute paths, no links out of the folder, no device files.
            archive.extractall(folder, filter="data")
        (folder / self.prefix).mkdir(parents=True, exist_ok=True)


@contextlib.contextmanager
def side(repository: Repository, revision: str | None, working_root: Path) -> Iterator[Side]:
    """``revision`` materialised, or the working tree at ``working_root`` when it is None."""
    if revision is None:
        yield Side(WORKING_TREE, working_root, None)
    else:
        with repository.materialised(revision) as found:
            yield found
