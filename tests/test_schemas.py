"""The committed JSON Schemas in ``schemas/`` match the models and fit the example files."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from agencydocs.models import DOCUMENT_MODELS
from agencydocs.schema import dump_schema, generate_schemas, main, write_schemas
from tests.helpers import REPO_ROOT

SCHEMA_DIR = REPO_ROOT / "schemas"
NAMES = ["agency.schema.json", "client.schema.json", "project.schema.json", "document.schema.json"]
UPDATE_HINT = "run `python -m agencydocs.schema` to update"


@cache
def generated() -> dict[str, dict[str, Any]]:
    return generate_schemas()


def test_generates_the_four_schemas() -> None:
    assert sorted(generated()) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_committed_schema_is_up_to_date(name: str) -> None:
    committed = SCHEMA_DIR / name
    assert committed.is_file(), f"schemas/{name} is missing; {UPDATE_HINT}"
    expected = dump_schema(generated()[name])
    assert committed.read_text(encoding="utf-8") == expected, f"schemas/{name} is out of date; {UPDATE_HINT}"


def test_no_stale_schema_is_committed() -> None:
    committed = sorted(p.name for p in SCHEMA_DIR.glob("*.json"))
    assert committed == sorted(NAMES), f"schemas/ has files no model generates; {UPDATE_HINT}"


def test_dump_is_deterministic_sorted_and_ends_with_a_newline() -> None:
    schema = generate_schemas()["project.schema.json"]
    text = dump_schema(schema)
    assert text == dump_schema(generate_schemas()["project.schema.json"])
    assert text.endswith("}\n")
    assert text.startswith('{\n  "$defs": {\n')
    assert json.loads(text) == schema


def test_write_schemas_writes_every_file(tmp_path: Path) -> None:
    written = write_schemas(tmp_path / "out")
    assert [p.name for p in written] == NAMES
    for path in written:
        assert path.read_text(encoding="utf-8") == (SCHEMA_DIR / path.name).read_text(encoding="utf-8")


def test_module_entry_point_writes_and_lists(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main([str(tmp_path)])
    assert capsys.readouterr().out.splitlines() == [(tmp_path / name).as_posix() for name in NAMES]


def test_document_schema_is_the_union_on_kind() -> None:
    schema = generated()["document.schema.json"]
    assert schema["discriminator"]["propertyName"] == "kind"
    assert sorted(schema["discriminator"]["mapping"]) == sorted(DOCUMENT_MODELS)
    assert len(schema["oneOf"]) == len(DOCUMENT_MODELS)


@pytest.mark.parametrize("name", NAMES)
def test_schemas_declare_their_dialect_and_title(name: str) -> None:
    schema = generated()[name]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"].startswith("agencydocs ")


# --- what an editor sees ---------------------------------------------------------


# yaml-language-server reads YAML 1.2 (core schema): bare numbers are numbers,
# true/false are booleans, dates and "NO" stay strings.
_INT = re.compile(r"^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


def _as_editor_sees(node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return {key.value: _as_editor_sees(value) for key, value in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_as_editor_sees(item) for item in node.value]
    assert isinstance(node, yaml.ScalarNode)
    text = node.value
    if node.style:  # quoted or block: a string whatever it looks like
        return text
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return text.lower() == "true"
    if _INT.match(text):
        return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


def editor_view(path: Path) -> Any:
    root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    assert root is not None
    return _as_editor_sees(root)


def _schema_for(path: Path) -> str:
    relative = path.relative_to(REPO_ROOT).as_posix()
    if relative == "agency.yaml":
        return "agency.schema.json"
    if relative.startswith("clients/"):
        return "client.schema.json"
    return "project.schema.json" if path.name == "project.yaml" else "document.schema.json"


EXAMPLE_FILES = sorted(
    [REPO_ROOT / "agency.yaml", *REPO_ROOT.glob("clients/*.yaml"), *REPO_ROOT.glob("projects/**/*.yaml")]
)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.relative_to(REPO_ROOT).as_posix())
def test_example_files_are_valid_for_an_editor(path: Path) -> None:
    schema = json.loads((SCHEMA_DIR / _schema_for(path)).read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(editor_view(path)), key=str)
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []


_SCHEMA_COMMENT = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)
COMMENTED_FILES = [p for p in EXAMPLE_FILES if _SCHEMA_COMMENT.search(p.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("path", COMMENTED_FILES, ids=lambda p: p.relative_to(REPO_ROOT).as_posix())
def test_schema_comments_point_at_the_right_schema(path: Path) -> None:
    match = _SCHEMA_COMMENT.search(path.read_text(encoding="utf-8"))
    assert match is not None
    assert (path.parent / match.group(1)).resolve() == SCHEMA_DIR / _schema_for(path)


def milestone_schema() -> dict[str, Any]:
    schema = json.loads((SCHEMA_DIR / "project.schema.json").read_text(encoding="utf-8"))
    return {"$defs": schema["$defs"], "$ref": "#/$defs/Milestone"}


@pytest.mark.parametrize("price", [150000, 150000.5, "150000.00", "-1", "0"])
def test_money_may_be_a_number_or_a_decimal_string(price: object) -> None:
    jsonschema.validate({"id": "a", "title": "A", "price": price}, milestone_schema())


@pytest.mark.parametrize("price", ["1,5", "1e3", "", "150 000", "1.1234567", True, None])
def test_money_text_must_look_like_a_decimal(price: object) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "a", "title": "A", "price": price}, milestone_schema())


def test_an_unknown_field_is_flagged_by_the_editor() -> None:
    schema = json.loads((SCHEMA_DIR / "client.schema.json").read_text(encoding="utf-8"))
    client = {**editor_view(REPO_ROOT / "clients/initech.yaml"), "curency": "USD"}
    with pytest.raises(jsonschema.ValidationError, match="Additional properties are not allowed"):
        jsonschema.validate(client, schema)
