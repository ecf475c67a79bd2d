"""``output/index.html``: every built document, by client and project, with links."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from agencydocs.rendering.templates import TemplateSource

if TYPE_CHECKING:
    from agencydocs.building.builder import BuildTarget
    from agencydocs.building.manifest import Entry


def render_index(root: Path, listed: Sequence[tuple[BuildTarget, Entry]]) -> str:
    groups: dict[str, dict[str, list[Mapping[str, object]]]] = {}
    ordered = sorted(listed, key=lambda item: (item[1].client, item[1].project, item[1].kind, item[1].number))
    for target, entry in ordered:
        output_dir = root / "output"
        links = {fmt: path.relative_to(output_dir).as_posix() for fmt, path in target.outputs.items()}
        row = {"kind": entry.kind, "title": entry.title, "note": entry.note, "links": links,
               "source": target.source.file.display}  # fmt: skip
        groups.setdefault(entry.client, {}).setdefault(entry.project, []).append(row)
    template = TemplateSource(root).html_env.get_template("index.html")
    return template.render(groups=groups)
