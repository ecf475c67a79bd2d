"""What ``serve`` shows and when it changes: builds through ``building.builder``, watches with watchfiles.

There is no second builder here. Every rebuild is ``build(formats=("html",))``,
run by ``building.live.LiveBuild``, which keeps what it can between
rebuilds and decides from the saved paths (``rebuild(changed)``). It skips
each document whose recorded inputs did not change (the manifest), takes
the build lock (a concurrent ``agencydocs build`` waits,
and so do we), and writes nothing when the workspace has errors, so the
last good output stays in ``output/``. The index links every format, as a
full build's index does; a PDF or DOCX is rendered by the same ``build``,
for that one document and format, the first time it is asked for after a
change.

Each rebuild that changes what the browser shows bumps
:attr:`LiveSite.generation`, and notes which pages changed with it: a page
the server sends carries its own generation (:meth:`LiveSite.page_generation`,
the last one that changed that page or every page) and reloads when the
server announces another (``server.py``). So the open page of a saved
invoice reloads as soon as its HTML is written, before the index is; a page
that did not change does not reload.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from agencydocs import PACKAGE_DIR
from agencydocs.building.builder import FORMATS, OUTPUT_DIR, BuildReport, build
from agencydocs.building.confined import OutputDir
from agencydocs.building.live import LiveBuild
from agencydocs.errors import AgencyDocsError, Problem

# What the live preview renders on every change; the other formats wait until asked for.
PREVIEW_FORMAT = "html"
ON_DEMAND_FORMATS = tuple(fmt for fmt in FORMATS if fmt != PREVIEW_FORMAT)
# Built-in folders a template author edits while previewing (when the package is not inside the workspace).
PACKAGE_WATCHED = ("templates", "clauses", "locales")
# Folders of the workspace whose changes never change a document.
IGNORED_FOLDERS = (OUTPUT_DIR, ".ruff_cache", ".venv", "node_modules")


@dataclass
class Outcome:
    """One rebuild: the documents it rendered, its problems (errors mean nothing was written)."""

    rendered: list[str] = field(default_factory=list)
    report: BuildReport | None = None
    error: str | None = None
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0


class LiveSite:
    """The workspace at ``root`` as ``serve`` shows it; thread-safe."""

    def __init__(
        self, root: Path, *, jobs: int | None = None, on_wait: Callable[[int | None], None] | None = None
    ) -> None:
        self.root = root
        self.output = OutputDir(root, OUTPUT_DIR)
        self.jobs = jobs
        self.on_wait = on_wait
        self.generation = 0
        self._every_page = 0  # the last generation that changed every page (an error, a removal)
        self._pages: dict[str, int] = {}  # page in output/ -> the last generation that changed it
        self.error: str | None = None  # why the last rebuild wrote nothing; None when it succeeded
        self.problems: list[Problem] = []  # that rebuild's problems
        self.stopping = False
        self._building = threading.Lock()  # one build at a time in this process (builds fork workers)
        self._changed = threading.Condition()
        self._rendered_on_demand: set[str] = set()  # output paths rendered since the last change
        self._documents: dict[str, str] | None = None  # output stem -> document, read from the manifest
        # The HTML build, keeping the manifest, output names and money table between rebuilds.
        self._live = LiveBuild(root, index_formats=FORMATS)

    # -- rebuilding --------------------------------------------------------------------------

    def rebuild(self, changed: Iterable[Path] | None = None) -> Outcome:
        """Render the HTML of every document whose inputs changed, and the index.

        ``changed``: the files saved since the last call (the watcher's
        paths); then only the documents that recorded one of them as an
        input (or a listing that changed) are compared with the manifest. By
        default every document is, as ``build`` does.
        """
        outcome = Outcome()
        started = time.perf_counter()
        announced: list[bool] = []

        def written(pages: Sequence[str] | None) -> None:
            # These pages are on disk: they reload now, not after the index is written and the
            # manifest saved (a few MB in a big workspace, fsynced). One generation per rebuild.
            self._announce(pages, new_generation=not announced)
            announced.append(True)

        with self._building:
            self._live.note_changed(changed)
            try:
                outcome.report = self._live.build(
                    jobs=self.jobs,
                    on_wait=self.on_wait,
                    on_document=outcome.rendered.append,
                    on_written=written,
                )
            except AgencyDocsError as exc:
                outcome.error, outcome.problems = exc.message, list(exc.problems)
            except OSError as exc:
                # A disk error: said on the page and in the terminal; the next save tries again.
                outcome.error = f"{exc.filename}: {exc.strerror or exc}" if exc.filename else str(exc)
            outcome.seconds = time.perf_counter() - started
            self._publish(outcome, announced=bool(announced))
        return outcome

    def _announce(self, pages: Sequence[str] | None, *, new_generation: bool) -> None:
        """A successful rebuild changed ``pages`` in output/ (None: maybe every page): at once."""
        with self._changed:
            self.error, self.problems = None, []
            if new_generation:
                self.generation += 1
            self._changed_pages(pages)
            self._rendered_on_demand.clear()
            self._documents = None
            self._changed.notify_all()

    def _changed_pages(self, pages: Sequence[str] | None) -> None:
        if pages is None:
            self._every_page = self.generation
        else:
            self._pages.update(dict.fromkeys(pages, self.generation))

    def page_generation(self, page: str | None) -> int:
        """The last generation that changed ``page`` (an HTML file in output/); None: any page."""
        with self._changed:
            if page is None:
                return self.generation
            return max(self._every_page, self._pages.get(page, 0))

    def _publish(self, outcome: Outcome, *, announced: bool = False) -> None:
        """Tell the open pages to reload when what they show may have changed (and was not
        ``announced`` when the files were written)."""
        report = outcome.report
        changed = (
            outcome.error != self.error
            or outcome.problems != self.problems
            or (
                not announced
                and report is not None
                and bool(report.written or report.removed or report.problems)
            )
        )
        with self._changed:
            self.error = outcome.error
            self.problems = outcome.problems if outcome.error else []
            if changed:
                self.generation += 1
                self._changed_pages(None)
                self._rendered_on_demand.clear()
                self._documents = None
                self._changed.notify_all()

    def wait_for_change(self, seen: int, timeout: float, page: str | None = None) -> int:
        """``page``'s generation once it differs from ``seen`` (or after ``timeout`` seconds, or on
        stop); None: the site's generation."""
        with self._changed:
            self._changed.wait_for(lambda: self.page_generation(page) != seen or self.stopping, timeout)
            return self.page_generation(page)

    def stop(self) -> None:
        with self._changed:
            self.stopping = True
            self._changed.notify_all()

    # -- formats on demand -------------------------------------------------------------------

    def render_on_demand(self, relative: str) -> AgencyDocsError | None:
        """Render ``relative`` (``<client>/<project>/<name>.pdf``) when it is a document's output
        not rendered since the last change; what went wrong, if anything."""
        stem, fmt = _split_format(relative)
        if fmt not in ON_DEMAND_FORMATS or self.error is not None:
            return None  # a workspace with errors builds nothing: the last good file, if any, is served
        with self._building:
            if relative in self._rendered_on_demand:
                return None
            document = self._document_for(stem)
            if document is None:
                return None
            try:
                # Skipped by build() when that file is up to date.
                build(
                    self.root, selection=[self.root / document], formats=(fmt,), jobs=1,
                    on_wait=self.on_wait, index_formats=FORMATS,
                )  # fmt: skip
            except AgencyDocsError as exc:
                return exc
            self._rendered_on_demand.add(relative)
        return None

    def _document_for(self, stem: str) -> str | None:
        """The document (workspace-relative path) whose HTML is ``<stem>.html``, by the manifest."""
        if self._documents is None:
            from agencydocs.building.manifest import Manifest

            entries = Manifest.load(self.output).entries
            self._documents = {
                entry.outputs[PREVIEW_FORMAT].path.removesuffix(f".{PREVIEW_FORMAT}"): source
                for source, entry in entries.items()
                if PREVIEW_FORMAT in entry.outputs
            }
        document = self._documents.get(stem)
        # The manifest is untrusted: only a file of this workspace is ever built.
        if document is None or not (self.root / document).is_file():
            return None
        return document


def watched_paths(root: Path) -> list[Path]:
    """The workspace, and the built-in templates, clauses and locales when they lie outside it."""
    paths = [root]
    if not PACKAGE_DIR.is_relative_to(root):
        paths += [PACKAGE_DIR / name for name in PACKAGE_WATCHED if (PACKAGE_DIR / name).is_dir()]
    return paths


def forget_package_caches(changed: Iterable[Path]) -> None:
    """After a built-in template, clause or locale changed: drop what this process cached of them.

    (A build's key includes a hash of the package, computed once per process;
    built-in labels are read once per language.)
    """
    if not any(path.is_relative_to(PACKAGE_DIR) for path in changed):
        return
    from agencydocs.building.dependencies import _package_digest
    from agencydocs.i18n.labels import labels_for
    from agencydocs.i18n.overrides import takes_placeholders

    _package_digest.cache_clear()
    labels_for.cache_clear()
    takes_placeholders.cache_clear()


def watch(site: LiveSite, stop: threading.Event, on_rebuild: Callable[[Outcome], None]) -> None:
    """Rebuild after every batch of saved files until ``stop`` is set (run in a thread)."""
    import watchfiles

    ignored = [site.root / name for name in IGNORED_FOLDERS]
    changes_filter = watchfiles.DefaultFilter(ignore_paths=ignored)
    # step: a save is one batch once 30 ms pass without another event (editors
    # write a temporary file, then rename it); debounce caps a batch of a long `git checkout`.
    # Both are set explicitly: serve has 0.3 s from a save to the new page (issue #17), and
    # watchfiles' defaults would spend much of it (step 50 ms after every save) or all of it
    # (debounce 1600 ms, waited out in full while events keep coming, e.g. a formatter's).
    for changes in watchfiles.watch(
        *watched_paths(site.root), watch_filter=changes_filter, stop_event=stop, step=30, debounce=800,
        raise_interrupt=False,
    ):  # fmt: skip
        paths = [Path(path) for _, path in changes]
        forget_package_caches(paths)
        on_rebuild(site.rebuild(paths))


def _split_format(relative: str) -> tuple[str, str]:
    """``a/b/proposal-1.slides.pdf`` -> (``a/b/proposal-1``, ``slides``); the longest suffix wins."""
    from agencydocs.rendering.formats import file_suffix

    for fmt in sorted(ON_DEMAND_FORMATS, key=lambda name: -len(file_suffix(name))):
        if relative.endswith(file_suffix(fmt)):
            return relative.removesuffix(file_suffix(fmt)), fmt
    stem, _, fmt = relative.rpartition(".")
    return stem, fmt
