"""What documents read, taken from the last build's records where they are proven current.

``diff`` must know, for every document present on both sides, which files
and listings resolving it reads (``compare._affected``); resolving all of
them to find out was most of a 1,000-document ``diff``. ``agencydocs build``
(and ``serve``) record exactly that in ``output/.agencydocs-manifest.json``
(``building/manifest.py``): per document, every workspace-relative file
read with its SHA-256 and every listing read with its digest, and per output
format a key of this release, its package files and the workspace's
``templates/`` over those inputs.

Resolving is deterministic. A record is used only when it is *verified
current for the head side*, with :class:`~agencydocs.building.dependencies.InputState`
of the head's workspace, as the next build would decide it:

- one output's key equals the key the head would give those inputs (the same
  release, package files and workspace templates: the same code resolves);
- every recorded file and listing has the same digest in the head's
  workspace (the same inputs are read the same way, and lead to the same
  further reads).

Then resolving the document on the head side reads exactly what the build
read, and the build read more than ``diff`` does (it also derives the
e-invoice XML and QR images and renders every format), so its record is a
superset of what ``diff`` would list: a document may at worst be resolved
on both sides for nothing, never be missed. Which side the record is checked
against does not matter for soundness, only that it is the side whose
record it is said to be: the head is checked out in the working tree, read
in place, or in a temporary folder, and the manifest is always the user's
(``root/output/``). A document without a verified record is listed by
resolving it, as before.

The manifest is untrusted input (anyone may edit ``output/``); it is read
confined, as the build reads it, never written, and its warning when invalid
is not shown (``diff`` then just works without it). Two more guards, free:

- a record that does not name the document's own file is not one a build
  wrote (every document reads itself) and is refused;
- the manifest is not used at all when git tracks anything under
  ``output/`` (the caller checks, :meth:`Repository.tracks`): a pull request
  could otherwise commit a manifest whose keys were recomputed over fewer
  inputs, and hide a changed document from the review. CI's build step
  writes the manifest from the checkout just before ``diff`` reads it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from agencydocs.building.confined import OutputDir
from agencydocs.building.dependencies import InputState
from agencydocs.building.manifest import Entry, Manifest
from agencydocs.review.git import OUTPUT_DIR
from agencydocs.review.sides import Listed
from agencydocs.workspace import Workspace


def verified_inputs(workspace: Workspace, files: Iterable[str], manifest_root: Path) -> dict[str, Listed]:
    """Document file -> what resolving it reads, for those of ``files`` whose record in the
    manifest under ``manifest_root/output/`` is current for ``workspace``; the others are left out.

    Costs reading the manifest (0.1 s for 1,000 documents), the head's
    static key (its templates) and the listings the records name, once per
    name; the YAML files' digests are those ``check`` computed while loading.
    """
    wanted = list(files)
    if not wanted:
        return {}
    entries = Manifest.load(OutputDir(manifest_root, OUTPUT_DIR)).entries  # a warning is not diff's to give
    if not entries:
        return {}
    state = InputState(workspace)
    found = {}
    for file in wanted:
        entry = entries.get(file)
        if entry is not None and _current(state, file, entry):
            found[file] = Listed(frozenset(entry.inputs), tuple(sorted(entry.listings.items())))
    return found


def _current(state: InputState, file: str, entry: Entry) -> bool:
    """Whether ``entry`` is what building ``file`` from the head's workspace would record."""
    if file not in entry.inputs:
        return False  # not written by a build: every document reads its own file
    keyed = any(output.key == state.entry_key(fmt, entry) for fmt, output in entry.outputs.items())
    return keyed and state.unchanged_entry(entry)
