"""JSON Schemas of the workspace files, for editors: ``agencydocs schema``.

VS Code (with the YAML extension) and other editors that speak
yaml-language-server read them through a first-line comment such as
``# yaml-language-server: $schema=../../schemas/invoice.schema.json`` and then
offer completion, hover text (the models' field descriptions and examples) and
inline errors.

There is one schema per file type (agency, client, project) and one per
document kind (``invoice.schema.json``, ...). A per-kind schema gives sharp
errors ("'qyt' was unexpected"); ``document.schema.json``, the union of every
kind, is kept for files whose kind is not known yet, but an editor reports a
mistake in it as "not valid under any of the given schemas".

The schemas are generated from the pydantic models and committed in
``schemas/``; a test fails when they are out of date. Regenerate them with
``agencydocs schema`` (or ``python -m agencydocs.commands.schema [DIRECTORY]``).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any, Union

import click
from pydantic import Field, TypeAdapter

from agencydocs.commands.options import os_errors_as_messages, workspace_option, workspace_root
from agencydocs.errors import AgencyDocsError
from agencydocs.kinds import KINDS
from agencydocs.models import Agency, Client, Project
from agencydocs.models.payments import PaymentsFile
from agencydocs.reading.files import outside_link
from agencydocs.workspace.writing import write_text_atomically

SCHEMAS_DIR = "schemas"  # the workspace folder the schemas are committed in
DEFAULT_DIRECTORY = Path(SCHEMAS_DIR)
_DIALECT = "https://json-schema.org/draft/2020-12/schema"
UNION_SCHEMA = "document.schema.json"

# File name -> (title, model) of the files that are not documents.
_FILE_MODELS: dict[str, tuple[str, Any]] = {
    "agency.schema.json": ("agencydocs agency.yaml", Agency),
    "client.schema.json": ("agencydocs client (clients/<id>.yaml)", Client),
    "project.schema.json": ("agencydocs project (projects/<id>/project.yaml)", Project),
    "payments.schema.json": ("agencydocs payments (payments/<client-id>.yaml)", PaymentsFile),
}
_UNION_TITLE = "agencydocs document, any kind (projects/<id>/**/*.yaml)"


def kind_schema_name(kind: str) -> str:
    """The file name of the schema of one document kind: ``invoice`` -> ``invoice.schema.json``."""
    return f"{kind}.schema.json"


def document_union() -> Any:
    """Every kind's model as one union tagged by ``kind``, in registry order.

    Only for the schema editors use: validation dispatches on ``kind`` itself
    so that error locations do not carry the union's tag.
    """
    return Annotated[Union[tuple(kind.model for kind in KINDS)], Field(discriminator="kind")]  # noqa: UP007


def _all_models() -> dict[str, tuple[str, Any]]:
    models = {**_FILE_MODELS, UNION_SCHEMA: (_UNION_TITLE, document_union())}
    for kind in KINDS:
        models[kind_schema_name(kind.name)] = (f"agencydocs {kind.name} (kind: {kind.name})", kind.model)
    return models


def generate_schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema: agency, client, project, the document union, and one per kind.

    Generated in validation mode, i.e. what a file may contain: money and
    quantities may be numbers or strings because the loader reads the text
    either way.
    """
    schemas: dict[str, dict[str, Any]] = {}
    for name, (title, model) in _all_models().items():
        schema = _sharpen(TypeAdapter(model).json_schema())
        schemas[name] = {"$schema": _DIALECT, **schema, "title": title}
    return schemas


def _sharpen(node: Any) -> Any:
    """Spell "a number, or a string matching P" as one schema instead of an ``anyOf``.

    Both accept the same values (``pattern`` applies to strings only), but a
    validator explains a bad ``1,5`` as "does not match '^-?[0-9]...'" instead
    of "is not valid under any of the given schemas".
    """
    if isinstance(node, list):
        return [_sharpen(item) for item in node]
    if not isinstance(node, dict):
        return node
    sharpened = {key: _sharpen(value) for key, value in node.items()}
    options = sharpened.get("anyOf")
    if (
        isinstance(options, list)
        and len(options) == 2
        and options[0] == {"type": "number"}
        and set(options[1]) == {"type", "pattern"}
        and options[1]["type"] == "string"
    ):
        del sharpened["anyOf"]
        sharpened.update(type=["number", "string"], pattern=options[1]["pattern"])
    return sharpened


def dump_schema(schema: dict[str, Any]) -> str:
    """The committed text of a schema: sorted keys, indent 2, UTF-8 as is, trailing newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema into ``directory`` (created if needed); return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in generate_schemas().items():
        path = directory / name
        write_text_atomically(path, dump_schema(schema))
        written.append(path)
    return written


def write_workspace_schemas(root: Path) -> list[Path]:
    """Write every schema into ``schemas/`` of the workspace ``root``; return the paths written.

    A ``schemas`` link that leads out of the workspace is refused: the
    command writes into the workspace, not wherever a checked-out link points.
    """
    directory = root / SCHEMAS_DIR
    reason = outside_link(root, directory, "folder")
    if reason is not None:
        raise AgencyDocsError(f"{SCHEMAS_DIR}: {reason}")
    return write_schemas(directory)


def schema_comment(file: Path, schema: Path) -> str:
    """The first line that points an editor at ``schema`` from ``file``, by a relative path."""
    relative = Path(os.path.relpath(schema, file.parent)).as_posix()
    return f"# yaml-language-server: $schema={relative}"


def kind_schema_comment(root: Path, file: Path, kind: str) -> str:
    """The schema line of a new ``kind`` document at ``file`` in the workspace ``root``."""
    return schema_comment(file, root / SCHEMAS_DIR / kind_schema_name(kind))


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    directory = Path(args[0]) if args else DEFAULT_DIRECTORY
    for path in write_schemas(directory):
        print(path.as_posix())


if __name__ == "__main__":
    main()


@click.command("schema")
@workspace_option
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the schemas into. Default: schemas/ of the workspace.",
)
@click.pass_context
def command(ctx: click.Context, output: Path | None) -> None:
    """Write the JSON Schemas editors use for completion, hover help and inline errors.

    One schema per file type (agency, client, project), one per document kind
    (invoice.schema.json, act.schema.json, ...) and document.schema.json for
    any kind. Writes only into the chosen folder, each file atomically. A YAML
    file names its schema on its first line (`agencydocs new` writes it):

        # yaml-language-server: $schema=../../schemas/invoice.schema.json

    Examples:

        agencydocs schema

        agencydocs schema --output /tmp/schemas
    """
    if output is not None:
        with os_errors_as_messages():
            written = write_schemas(output)
        for path in written:
            click.echo(f"wrote {path.as_posix()}")
        return
    root = workspace_root(ctx)
    with os_errors_as_messages():
        written = write_workspace_schemas(root)
    for path in written:
        click.echo(f"wrote {path.relative_to(root).as_posix()}")
