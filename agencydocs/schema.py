"""JSON Schemas of the workspace files, for editors.

VS Code (with the YAML extension) and other editors that speak
yaml-language-server read them through a first-line comment such as
``# yaml-language-server: $schema=schemas/agency.schema.json`` and then offer
completion, hover text (the models' field descriptions) and inline errors.

The schemas are generated from the pydantic models and committed in
``schemas/``; a test fails when they are out of date. Regenerate them from the
repository root with::

    python -m agencydocs.schema [DIRECTORY]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from agencydocs.models import Agency, Client, Document, Project

DEFAULT_DIRECTORY = Path("schemas")
_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# File name -> (title, model). Document is an annotated union, not a class:
# TypeAdapter turns either kind into a schema.
_MODELS: dict[str, tuple[str, Any]] = {
    "agency.schema.json": ("agencydocs agency.yaml", Agency),
    "client.schema.json": ("agencydocs client (clients/<id>.yaml)", Client),
    "project.schema.json": ("agencydocs project (projects/<id>/project.yaml)", Project),
    "document.schema.json": ("agencydocs document (projects/<id>/**/*.yaml)", Document),
}


def generate_schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema, for agency, client, project and document files.

    Generated in validation mode, i.e. what a file may contain: money and
    quantities may be numbers or strings because the loader reads the text
    either way.
    """
    schemas: dict[str, dict[str, Any]] = {}
    for name, (title, model) in _MODELS.items():
        schema = TypeAdapter(model).json_schema()
        schemas[name] = {"$schema": _DIALECT, **schema, "title": title}
    return schemas


def dump_schema(schema: dict[str, Any]) -> str:
    """The committed text of a schema: sorted keys, indent 2, UTF-8 as is, trailing newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema into ``directory`` (created if needed); return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in generate_schemas().items():
        path = directory / name
        path.write_text(dump_schema(schema), encoding="utf-8", newline="\n")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    directory = Path(args[0]) if args else DEFAULT_DIRECTORY
    for path in write_schemas(directory):
        print(path.as_posix())


if __name__ == "__main__":
    main()
