"""Rules over the files the workspace names or holds: images, and the templates folder.

Each image must be a PNG, JPEG or safe SVG inside the workspace (see
:mod:`agencydocs.reading.images`); templates are read only at build time, so their
folder is checked here for links out of the workspace and special files.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from agencydocs.models.legal import Signatory
from agencydocs.reading.files import not_regular, outside_link
from agencydocs.reading.loading import LoadedFile, Loc
from agencydocs.rules.base import RuleContext
from agencydocs.rules.workspace import check_workspace_file
from agencydocs.workspace import TEMPLATES_DIR


def check_workspace_files(checker: RuleContext) -> None:
    """Signature images beyond the agency's own, Markdown images, and the templates folder."""
    ws = checker.ws
    signatories: list[tuple[LoadedFile, Loc, Signatory | None]] = [
        (client.file, ("signatory",), client.model.signatory) for client in ws.clients.values()
    ]
    if ws.agency is not None:
        signatories.append((ws.agency.file, ("chief_accountant",), ws.agency.model.chief_accountant))
    for file, loc, signatory in signatories:
        if signatory is not None and signatory.signature_image is not None:
            check_workspace_file(checker, file, (*loc, "signature_image"), signatory.signature_image)
    files = [
        *([ws.agency.file] if ws.agency else []),
        *(c.file for c in ws.clients.values()),
        *(p.file for p in ws.projects.values()),
        *(d.file for d in ws.documents),
    ]
    for file in files:
        check_markdown_images(checker, file)
    check_templates_folder(checker)


def check_markdown_images(checker: RuleContext, file: LoadedFile) -> None:
    """Every image a Markdown text shows (``![logo](assets/x.png)``) must be a real image."""
    if not file.image_texts:  # the loader noted the values with "![" in them
        return
    # Imported only for a text that shows an image: markdown-it is start-up
    # time that `check` of most workspaces never needs (tests/test_startup.py).
    from agencydocs.rendering.markdown import image_sources

    for loc in file.image_texts:
        text = _value_at(file.data, loc)
        for source in image_sources(text if isinstance(text, str) else ""):
            check_workspace_file(checker, file, loc, source.as_posix())


def _value_at(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = data[part]
    return data


def check_templates_folder(checker: RuleContext) -> None:
    """Template overrides: no link out of the workspace, no pipe or device (read at build time)."""
    root = checker.ws.root
    folder = root / TEMPLATES_DIR
    leaves = outside_link(root, folder, "folder")
    if leaves is not None:
        checker.out.add(TEMPLATES_DIR, leaves)
        return
    for current, dirs, names in os.walk(folder, followlinks=False):
        here = Path(current)
        for name in sorted([*dirs, *names]):
            path = here / name
            display = path.relative_to(root).as_posix()
            if path.is_symlink():
                leaves = outside_link(root, path, "folder" if path.is_dir() else "file")
                if leaves is not None:
                    checker.out.add(display, leaves)
            elif name in names:
                problem = not_regular(path.lstat().st_mode)
                if problem is not None:
                    checker.out.add(display, problem)
