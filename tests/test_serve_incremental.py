"""``serve``'s rebuilds, in proportion to a save, write what a fresh build writes, after every edit.

``LiveSite.rebuild(changed)`` keeps the manifest, the output names, the
staleness of every document and the index's money table between rebuilds
(``building/live.py``), and decides from the saved paths. These tests apply
a sequence of edits to a small workspace, each followed by the rebuild the
watcher would start, and compare the whole of ``output/`` (pages, index,
manifest) with a fresh build of a copy of the workspace, as ``serve``'s
rebuild was before: ``build(formats=("html",), index_formats=every format)``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from agencydocs.building import workers
from agencydocs.building.builder import FORMATS, build
from agencydocs.reading import loading, validation
from agencydocs.rendering.templates import BUILTIN_TEMPLATES
from agencydocs.rules import incremental
from agencydocs.serving.site import LiveSite
from tests.helpers import replace_in_file
from tests.test_serve import ACT, INVOICE, LINE, PROJECT, small_workspace

pytestmark = pytest.mark.slow  # a fresh build of the workspace after every edit

# An edit of the workspace, returning the paths it saved (what the watcher reports).
Edit = Callable[[Path], list[Path]]
NEW_INVOICE = f"{PROJECT}/invoice-2026-099.yaml"
NEW_ACT = f"{PROJECT}/act-2026-099.yaml"


def _invoice_line(root: Path) -> list[Path]:
    replace_in_file(root / INVOICE, LINE, "Extra hours — served fixes")
    return [root / INVOICE]


def _client_name(root: Path) -> list[Path]:
    # Every initech document shows it.
    replace_in_file(root / "clients/initech.yaml", "name: Initech Inc.", "name: Initech Global Inc.")
    return [root / "clients/initech.yaml"]


def _new_documents(root: Path) -> list[Path]:
    # An invoice and its act: the other invoice and the credit note list the project's acts.
    invoice = (root / INVOICE).read_text(encoding="utf-8").replace("number: 2026-020", "number: 2026-099")
    act = (root / ACT).read_text(encoding="utf-8").replace("number: 2026-016", "number: 2026-099")
    (root / NEW_INVOICE).write_text(invoice, encoding="utf-8")
    (root / NEW_ACT).write_text(act.replace("invoice: 2026-020", "invoice: 2026-099"), encoding="utf-8")
    return [root / NEW_INVOICE, root / NEW_ACT]


def _renumbered(root: Path) -> list[Path]:
    # Its output gets another name: the old file goes.
    replace_in_file(root / NEW_INVOICE, "number: 2026-099", "number: 2026-098")
    replace_in_file(root / NEW_ACT, "invoice: 2026-099", "invoice: 2026-098")
    return [root / NEW_INVOICE, root / NEW_ACT]


def _deleted_documents(root: Path) -> list[Path]:
    (root / NEW_INVOICE).unlink()
    (root / NEW_ACT).unlink()
    return [root / NEW_INVOICE, root / NEW_ACT]


def _template_override(root: Path) -> list[Path]:
    # Where the workspace had no HTML template, it has one now: pages are rendered in workers.
    path = root / "templates/base.html"
    text = (
        path.read_text(encoding="utf-8") if path.exists() else (BUILTIN_TEMPLATES / "base.html").read_text()
    )
    path.write_text(text + "{#- a comment the page does not show #}\n", encoding="utf-8")
    return [path]


def _broken(root: Path) -> list[Path]:
    replace_in_file(root / ACT, "number: 2026-016", "number: [2026-016")
    return [root / ACT]


def _fixed(root: Path) -> list[Path]:
    replace_in_file(root / ACT, "number: [2026-016", "number: 2026-016")
    replace_in_file(root / INVOICE, "Extra hours — served fixes", "Extra hours — fixed again")
    return [root / ACT, root / INVOICE]


EDITS: list[Edit] = [
    _invoice_line,
    _client_name,
    _new_documents,
    _renumbered,
    _deleted_documents,
    _template_override,
    _broken,
    _fixed,
]


@pytest.fixture
def kept() -> Iterator[None]:
    """This process keeps parses, validations and rule results, as ``serve`` does; restored after."""
    saved = (loading._parsed, incremental._kept)
    loading._parsed, incremental._kept = {}, incremental.RuleResults()
    validation._validated.clear()
    try:
        yield
    finally:
        loading._parsed, incremental._kept = saved
        validation._validated.clear()


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()
    }


def _fresh_build(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """``output/`` of a build of a copy of ``root`` without its output."""
    copy = tmp_path / "fresh" / root.name
    shutil.rmtree(copy.parent, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("output"))
    saved = (loading._parsed, incremental._kept)
    loading._parsed, incremental._kept = None, None  # as the build command runs
    try:
        build(copy, formats=("html",), jobs=1, index_formats=FORMATS)
    finally:
        loading._parsed, incremental._kept = saved
    return _tree(copy / "output")


@pytest.mark.parametrize("html_override", [True, False], ids=["html-override", "built-in-html"])
def test_served_output_equals_a_fresh_build_after_every_edit(
    tmp_path: Path, kept: None, monkeypatch: pytest.MonkeyPatch, html_override: bool
) -> None:
    """With an HTML template of the workspace, pages are rendered in worker processes; with
    built-in ones only, a save's few pages are rendered in serve's process (``IN_PROCESS_PAGES``)."""
    root = small_workspace(tmp_path)
    if not html_override:
        (root / "templates/base.html").unlink()  # the DOCX letterheads stay
    pools: list[int] = []
    run_pool = workers.run_pool
    monkeypatch.setattr(
        workers, "run_pool", lambda jobs, *a, **k: pools.append(len(jobs)) or run_pool(jobs, *a, **k)
    )
    site = LiveSite(root, jobs=1)
    assert site.rebuild().error is None
    documents = site._live.candidates
    for edit in EDITS:
        pools.clear()
        outcome = site.rebuild(edit(root))
        if edit is _invoice_line:
            assert pools == ([3] if html_override else []), "rendered in workers only with an HTML override"
        if edit is _broken:
            assert outcome.error == "the workspace has errors; nothing was built"
            continue
        assert outcome.error is None, edit.__name__
        assert _tree(root / "output") == _fresh_build(root, tmp_path), edit.__name__
        if edit is _invoice_line:
            # Decided from the saved path: the invoice and what read it, not every document.
            assert 0 < site._live.candidates < documents
            assert sorted(outcome.rendered) == [ACT, f"{PROJECT}/credit-note-2026-001.yaml", INVOICE]
    # Nothing changed: nothing is decided about, nothing rendered.
    assert site.rebuild([]).rendered == [] and site._live.candidates == 0


def test_a_manifest_written_by_another_build_is_read_again(tmp_path: Path, kept: None) -> None:
    """A concurrent ``agencydocs build`` (or a PDF rendered on demand) rewrites the manifest:
    the kept one is dropped and every document decided again."""
    root = small_workspace(tmp_path)
    site = LiveSite(root, jobs=1)
    assert site.rebuild().error is None
    documents = site._live.candidates
    replace_in_file(root / INVOICE, LINE, "Extra hours — built elsewhere")
    build(root, formats=("html", "docx"), jobs=1, index_formats=FORMATS)
    assert site.rebuild([]).rendered == [] and site._live.candidates == documents
