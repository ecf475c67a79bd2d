"""``templates list`` and ``templates eject``: see and copy the built-in templates."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from agencydocs.errors import AgencyDocsError, UsageProblem
from agencydocs.rendering.templates import BUILTIN_TEMPLATES, WORKSPACE_TEMPLATES
from agencydocs.suggestions import unknown_id_message

# Shared files belong to the "base" group; every kind has a folder of its own.
_GROUP_FILES = {
    "base": ("base.html", "styles.css", "_page.html"),
    "long": ("long.html", "long.css", "long_macros.html"),
    "business": ("business.html", "business.css"),
    "index": ("index.html",),
}


@dataclass(frozen=True)
class TemplateEntry:
    group: str
    relative: str
    overridden: bool


def template_groups() -> dict[str, list[str]]:
    """Group name -> template files (relative to the templates folder)."""
    groups = {
        name: [f for f in files if (BUILTIN_TEMPLATES / f).is_file()] for name, files in _GROUP_FILES.items()
    }
    for folder in sorted(p for p in BUILTIN_TEMPLATES.iterdir() if p.is_dir()):
        groups[folder.name] = sorted(
            f.relative_to(BUILTIN_TEMPLATES).as_posix() for f in folder.rglob("*") if f.is_file()
        )
    return groups


def list_templates(root: Path) -> list[TemplateEntry]:
    overrides = root / WORKSPACE_TEMPLATES
    return [
        TemplateEntry(group, relative, (overrides / relative).is_file())
        for group, files in template_groups().items()
        for relative in files
    ]


def eject(root: Path, name: str, *, force: bool = False) -> list[Path]:
    """Copy one group's built-in files into the workspace's templates/ folder."""
    groups = template_groups()
    if name not in groups:
        raise UsageProblem(unknown_id_message("template", name, groups))
    targets = [(BUILTIN_TEMPLATES / rel, root / WORKSPACE_TEMPLATES / rel) for rel in groups[name]]
    existing = [dst for _, dst in targets if dst.exists()]
    if existing and not force:
        names = ", ".join(p.relative_to(root).as_posix() for p in existing)
        raise AgencyDocsError(f"{names} already exist; use --force to overwrite")
    for src, dst in targets:
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
    return [dst for _, dst in targets]
