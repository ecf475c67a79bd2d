"""Compare the documents of two checked workspaces: which changed, their money, their text, and why.

Only documents whose inputs differ between the two sides (or every document
when the workspace's templates, clauses or briefs differ) are resolved; of
those, only the ones whose resolved context (or template) changed are
rendered, as HTML turned into plain text. A document is reported when its
text or one of its money figures differs.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from agencydocs.build.dependencies import WORKSPACE_LIBRARIES, DependencyHasher
from agencydocs.kinds import RenderContext, renderable_kinds, resolve
from agencydocs.review.money import headline_total, leaves, money_figures
from agencydocs.review.text import html_plain_text
from agencydocs.workspace import SourceDocument, Workspace

Status = Literal["added", "removed", "changed"]
Progress = Callable[[str], None]
MISSING = "missing"


@dataclass(frozen=True)
class MoneyChange:
    label: str
    old: str  # "" when the figure is new
    new: str  # "" when the figure is gone


@dataclass(frozen=True)
class DocumentChange:
    """One document that differs between the two sides."""

    status: Status
    file: str  # workspace-relative, as check names it
    kind: str
    number: str
    title: str
    money: tuple[MoneyChange, ...]
    text_diff: tuple[str, ...]  # unified diff lines of the plain text
    inputs: tuple[str, ...]  # the input files whose content differs
    total: MoneyChange | None = None  # the document's headline total, when it has one


@dataclass
class Comparison:
    base: str
    head: str
    documents: list[DocumentChange] = field(default_factory=list)
    compared: int = 0  # documents on either side
    resolved: int = 0  # documents whose inputs differed, resolved on both sides


@dataclass
class _Side:
    """One checked workspace, with its file digests computed once."""

    label: str
    workspace: Workspace
    digests: dict[Path, str] = field(default_factory=dict)
    renderer: object | None = None
    real_root: Path | None = None

    @property
    def root(self) -> Path:
        return self.workspace.root

    def digest(self, path: Path) -> str:
        if path not in self.digests:
            self.digests[path] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else MISSING
        return self.digests[path]

    def relative(self, path: Path) -> str:
        if self.real_root is None:
            self.real_root = self.root.resolve()  # agency images come resolved
        for root in (self.root, self.real_root):
            if path.is_relative_to(root):
                return path.relative_to(root).as_posix()
        return path.as_posix()

    def inputs(self, source: SourceDocument) -> dict[str, str]:
        """Workspace-relative path -> content digest of every input of ``source``."""
        return {self.relative(path): self.digest(path) for path in _inputs_of(self.workspace, source)}

    def input_paths(self, source: SourceDocument) -> set[str]:
        return {self.relative(path) for path in _inputs_of(self.workspace, source)}

    def libraries(self) -> dict[str, str]:
        """The workspace's templates, clauses and briefs: they may change any document."""
        found = {}
        for library in WORKSPACE_LIBRARIES:
            folder = self.root / library
            if folder.is_dir():
                for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                    found[self.relative(path)] = self.digest(path)
        return found

    def text(self, ctx: RenderContext) -> list[str]:
        from agencydocs.rendering.pipeline import Renderer

        if self.renderer is None:
            self.renderer = Renderer(self.root)
        assert isinstance(self.renderer, Renderer)
        return html_plain_text(self.renderer.render(ctx, ["html"])["html"].decode("utf-8"))


# One dependency hasher per workspace of this run (it lists folders once).
_HASHERS: dict[int, tuple[Workspace, DependencyHasher]] = {}


def _inputs_of(workspace: Workspace, source: SourceDocument) -> Iterable[Path]:
    """The files ``source``'s output depends on: the one place ``diff`` asks.

    Today the build's dependency rules; once resolvers record what they read,
    this returns the recorded inputs instead, and nothing else changes.
    """
    entry = _HASHERS.get(id(workspace))
    if entry is None or entry[0] is not workspace:
        entry = _HASHERS[id(workspace)] = (workspace, DependencyHasher(workspace))
    return entry[1].dependencies(source)


def compare(
    base: tuple[str, Workspace],
    head: tuple[str, Workspace],
    progress: Progress,
    changed: set[str] | None = None,
) -> Comparison:
    """The documents that differ between the checked workspaces ``base`` and ``head``.

    ``changed``: the workspace-relative paths known to differ (from git); without
    it, every input file of every document is hashed on both sides.
    """
    old, new = _Side(*base), _Side(*head)
    try:
        return _Comparer(old, new, progress, changed).run()
    finally:
        _HASHERS.clear()


class _Comparer:
    def __init__(self, old: _Side, new: _Side, progress: Progress, changed: set[str] | None) -> None:
        self.old, self.new, self.progress, self.changed = old, new, progress, changed
        # A changed template or clause may change any document: each is then resolved and rendered.
        if changed is None:
            self.library_changes = _changed(old.libraries(), new.libraries())
        else:
            self.library_changes = sorted(p for p in changed if p.split("/", 1)[0] in WORKSPACE_LIBRARIES)

    def _differing_inputs(self, before: SourceDocument, after: SourceDocument) -> list[str]:
        if self.changed is None:
            return _changed(self.old.inputs(before), self.new.inputs(after))
        paths = self.old.input_paths(before) | self.new.input_paths(after)
        return sorted(paths & self.changed)

    def run(self) -> Comparison:
        old_docs, new_docs = _renderable(self.old.workspace), _renderable(self.new.workspace)
        result = Comparison(self.old.label, self.new.label, compared=len(old_docs.keys() | new_docs.keys()))
        candidates: list[tuple[str, SourceDocument | None, SourceDocument | None, tuple[str, ...]]] = []
        for file in sorted(old_docs.keys() | new_docs.keys()):
            before, after = old_docs.get(file), new_docs.get(file)
            if before is None or after is None:
                candidates.append((file, before, after, ()))
                continue
            differing = self._differing_inputs(before, after) + self.library_changes
            if differing:
                candidates.append((file, before, after, tuple(differing)))
        if candidates:
            self.progress(f"resolving {len(candidates)} of {result.compared} document(s) whose inputs differ")
        for file, before, after, inputs in candidates:
            result.resolved += 1
            change = self._document(file, before, after, inputs)
            if change is not None:
                result.documents.append(change)
        return result

    def _document(
        self, file: str, before: SourceDocument | None, after: SourceDocument | None, inputs: tuple[str, ...]
    ) -> DocumentChange | None:
        old_ctx = resolve(self.old.workspace, before) if before is not None else None
        new_ctx = resolve(self.new.workspace, after) if after is not None else None
        if (
            old_ctx is not None
            and new_ctx is not None
            and not self.library_changes
            and list(leaves(old_ctx)) == list(leaves(new_ctx))
        ):
            return None  # an input changed, but nothing this document shows
        old_text = self.old.text(old_ctx) if old_ctx is not None else []
        new_text = self.new.text(new_ctx) if new_ctx is not None else []
        old_money = money_figures(self.old.workspace, before, old_ctx) if before and old_ctx else {}
        new_money = money_figures(self.new.workspace, after, new_ctx) if after and new_ctx else {}
        money = _money_changes(old_money, new_money)
        if old_text == new_text and not money and before is not None and after is not None:
            return None
        shown = new_ctx or old_ctx
        assert shown is not None
        status: Status = "added" if before is None else "removed" if after is None else "changed"
        diff = difflib.unified_diff(
            old_text,
            new_text,
            fromfile=f"a/{file}" if before is not None else "/dev/null",
            tofile=f"b/{file}" if after is not None else "/dev/null",
            n=2,
            lineterm="",
        )
        causes = inputs if status == "changed" else (file,)
        old_total = headline_total(old_ctx) if old_ctx is not None else ""
        new_total = headline_total(new_ctx) if new_ctx is not None else ""
        total = MoneyChange("total", old_total, new_total) if old_total or new_total else None
        return DocumentChange(
            status, file, shown.kind, shown.number, shown.title, money, tuple(diff), causes, total
        )


def _renderable(workspace: Workspace) -> dict[str, SourceDocument]:
    kinds = set(renderable_kinds())
    return {
        d.file.display: d
        for d in workspace.documents
        if d.kind in kinds and d.project_id in workspace.projects
    }


def _changed(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """The paths whose digest differs (a file that appeared or went counts)."""
    return [
        path for path in sorted(old.keys() | new.keys()) if old.get(path, MISSING) != new.get(path, MISSING)
    ]


def _money_changes(old: dict[str, str], new: dict[str, str]) -> tuple[MoneyChange, ...]:
    """Every figure whose printed value differs, in the order the new document prints them."""
    order = list(new) + [label for label in old if label not in new]
    return tuple(
        MoneyChange(label, old.get(label, ""), new.get(label, ""))
        for label in order
        if old.get(label, "") != new.get(label, "")
    )
