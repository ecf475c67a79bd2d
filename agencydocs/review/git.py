"""The two sides of a ``diff``: git revisions materialised without touching the user's checkout.

A revision is checked out into a temporary folder through a private index
(no worktree registered, the user's index, HEAD and files unchanged; works
on a shallow clone that has the commit); the working tree is read where it is. Every git failure
becomes a usage error (exit 2) in one line.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from agencydocs.errors import UsageProblem

WORKING_TREE = "working tree"
OUTPUT_DIR = "output"
_MEMORY = "/dev/shm"  # a tmpfs on Linux: where revisions are checked out when it has room
_MEMORY_MARGIN = (
    256 * 1024 * 1024
)  # bytes left free there (a container's is often 64 MB: not used)  # built documents (building/builder.py), never an input
# Where the default branch is looked for when the remote does not name it.
_DEFAULT_BRANCHES = ("origin/HEAD", "origin/main", "origin/master", "main", "master")


@dataclass(frozen=True)
class Side:
    """One side of the comparison: a label for people, and the workspace folder to read."""

    label: str  # "1a2b3c4 (main)" or "working tree"
    root: Path
    commit: str | None  # full hash, None for the working tree


def _git(repo: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False, env=env)
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
        folder = Path(tempfile.mkdtemp(prefix="agencydocs-diff-", dir=self._scratch(commit)))
        try:
            self._export(commit, folder)
            yield Side(self.label(revision, commit), folder / "tree", commit)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _scratch(self, commit: str) -> str | None:
        """Where to check a revision out: memory (``/dev/shm``) when there is room for it many
        times over and TMPDIR does not say otherwise, else the system's temporary folder.

        Writing and removing 1,000 small files took 2 s on a disk mounted with
        ``discard`` (each unlink trims), 0.4 s in memory.
        """
        if os.environ.get("TMPDIR") or not os.path.isdir(_MEMORY) or not os.access(_MEMORY, os.W_OK):
            return None
        tree = f"{commit}:{self.prefix.rstrip('/')}" if self.prefix else commit
        listing = _git(self.top, "ls-tree", "-r", "-l", "-z", tree)
        if listing.returncode != 0:
            return None
        size = 0
        for entry in listing.stdout.split(b"\0"):  # "mode type hash size\tpath"; a submodule's size is "-"
            fields = entry.split(None, 4)
            size += int(fields[3]) if len(fields) > 3 and fields[3].isdigit() else 0
        return _MEMORY if shutil.disk_usage(_MEMORY).free > 4 * size + _MEMORY_MARGIN else None

    def _export(self, commit: str, folder: Path) -> None:
        """Check the workspace's tree of ``commit`` out into ``folder`` through a private index.

        ``read-tree`` and ``checkout-index`` with their own GIT_INDEX_FILE leave the
        user's index, HEAD and working tree as they were, need only the commit's
        objects (a shallow clone has them) and write in C: much faster than
        unpacking a ``git archive`` tar in Python.
        """
        tree = f"{commit}:{self.prefix.rstrip('/')}" if self.prefix else commit
        if self.prefix and _git(self.top, "cat-file", "-e", tree).returncode != 0:
            (folder / "tree").mkdir()  # the workspace folder did not exist yet: nothing to compare with
            return
        index = folder / "index"
        env = {**os.environ, "GIT_INDEX_FILE": str(index)}
        for args in (["read-tree", tree], ["checkout-index", "--all", f"--prefix={folder / 'tree'}/"]):
            result = _git(self.top, *args, env=env)
            if result.returncode != 0:
                message = result.stderr.decode("utf-8", "replace").strip().splitlines()
                detail = message[-1] if message else f"git {args[0]} exited with {result.returncode}"
                raise UsageProblem(f"cannot read revision {commit[:7]}: {detail}")
        index.unlink()

    def changed_paths(self, base: str, head: str | None) -> set[str]:
        """Workspace-relative paths that differ between commit ``base`` and ``head`` (None: the
        working tree, untracked files included): git knows them without reading every file."""
        scope = ["--", self.prefix or "."]
        listings = [["diff", "--name-only", "-z", "--no-renames", base, *([head] if head else []), *scope]]
        if head is None:
            listings.append(["ls-files", "-z", "--others", "--exclude-standard", *scope])
        changed: set[str] = set()
        for args in listings:
            result = _git(self.top, *args)
            if result.returncode != 0:
                message = result.stderr.decode("utf-8", "replace").strip().splitlines()
                raise UsageProblem(f"git {args[0]} failed: {message[-1] if message else result.returncode}")
            for name in result.stdout.decode("utf-8", "surrogateescape").split("\0"):
                if name:
                    # ls-files names are relative to the current folder (-C top), diff's to the top.
                    changed.add(name.removeprefix(self.prefix))
        return changed

    def tracks(self, relative: str) -> bool:
        """Whether git's index holds the workspace-relative path ``relative`` or anything under it
        (True when git cannot tell: the caller then trusts nothing found there)."""
        result = _git(self.top, "ls-files", "-z", "--", f":(literal){self.prefix}{relative}")
        return result.returncode != 0 or bool(result.stdout)

    def checked_out_as(self, commit: str) -> bool:
        """Whether the workspace folder of the working tree holds exactly ``commit``'s files.

        True when ``commit`` is checked out and git reports nothing in the folder
        as modified, staged, untracked or even ignored, built documents
        (``output/``, which nothing reads) aside. ``diff origin/main HEAD`` in CI
        then reads HEAD where it is: writing and removing a copy of every file
        was a large part of a 1,000-document diff.
        """
        if _git_text(self.top, "rev-parse", "--verify", "--quiet", "HEAD^{commit}") != commit:
            return False
        status = _git(
            self.top,
            *("status", "--porcelain", "-z", "--ignored=matching", "--untracked-files=all"),
            *("--", self.prefix or "."),
        )
        if status.returncode != 0:
            return False
        for entry in status.stdout.decode("utf-8", "surrogateescape").split("\0"):
            # "XY path", paths relative to the top (-C); a rename's second entry has no status.
            if entry and not entry[3:].removeprefix(self.prefix).startswith(f"{OUTPUT_DIR}/"):
                return False
        return True


@contextlib.contextmanager
def side(repository: Repository, revision: str | None, working_root: Path) -> Iterator[Side]:
    """``revision`` materialised (or read in place when the working tree is exactly that
    commit), or the working tree at ``working_root`` when it is None."""
    if revision is None:
        yield Side(WORKING_TREE, working_root, None)
        return
    commit = repository.commit(revision)
    if repository.checked_out_as(commit):
        yield Side(repository.label(revision, commit), working_root, commit)
    else:
        with repository.materialised(revision) as found:
            yield found
