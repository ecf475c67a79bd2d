"""Where a document's outputs go: ``<client>/<project>/<kind>-<number>.<format>`` (slides: ``.slides.pdf``).

Both ``build`` (to write) and ``check`` (to find two documents that would
share a file before anything is built) ask this module.
"""

from __future__ import annotations

from collections.abc import Sequence

from agencydocs.building.writing import safe_name
from agencydocs.workspace import SourceDocument, Workspace


def output_stem(workspace: Workspace, source: SourceDocument) -> str:
    """The output path without its format suffix, relative to ``output/``."""
    client_id = workspace.projects[source.project_id].model.client
    number = getattr(source.model, "number", None) or source.file.path.stem
    return f"{safe_name(client_id)}/{safe_name(source.project_id)}/{source.kind}-{safe_name(number)}"


def output_paths(workspace: Workspace, source: SourceDocument, formats: Sequence[str]) -> dict[str, str]:
    """Format -> output path relative to ``output/``, for the formats the document has
    (only an XRechnung invoice has an ``xml``, only a kind with slides a ``slides`` and ``pptx``)."""
    from agencydocs.rendering.formats import file_suffix, get

    stem = output_stem(workspace, source)
    return {fmt: f"{stem}{file_suffix(fmt)}" for fmt in formats if get(fmt).applies(workspace, source)}
