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

from agencydocs.commands.schema import dump_schema, generate_schemas, main, write_schemas
from agencydocs.kinds import DOCUMENT_MODELS
from tests.helpers import REPO_ROOT, run_cli

SCHEMA_DIR = REPO_ROOT / "schemas"
FILE_TYPE_NAMES = [
    "agency.schema.json",
    "client.schema.json",
    "project.schema.json",
    "payments.schema.json",
    "document.schema.json",
]
KIND_NAMES = [f"{kind}.schema.json" for kind in DOCUMENT_MODELS]
NAMES = FILE_TYPE_NAMES + KIND_NAMES
UPDATE_HINT = "run `agencydocs schema` to update"


@cache
def generated() -> dict[str, dict[str, Any]]:
    return generate_schemas()


def test_generates_one_schema_per_file_type_and_per_kind() -> None:
    assert sorted(generated()) == sorted(NAMES)
    assert "invoice.schema.json" in KIND_NAMES


@pytest.mark.parametrize("kind", sorted(DOCUMENT_MODELS))
def test_a_kind_schema_accepts_only_its_kind(kind: str) -> None:
    schema = generated()[f"{kind}.schema.json"]
    assert schema["properties"]["kind"]["const"] == kind
    assert "oneOf" not in schema and "discriminator" not in schema
    assert schema["title"] == f"agencydocs {kind} (kind: {kind})"


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
    """The schema a workspace file should name: by its place, and for a document by its kind."""
    relative = path.relative_to(REPO_ROOT).as_posix()
    if relative == "agency.yaml":
        return "agency.schema.json"
    if relative.startswith("clients/"):
        return "client.schema.json"
    if path.name == "project.yaml":
        return "project.schema.json"
    if relative.startswith("payments/"):
        return "payments.schema.json"
    return f"{editor_view(path)['kind']}.schema.json"


# Every YAML file of the example workspace but locales/*.yaml: label overrides
# have no schema (their keys are the built-in labels, checked by `check`).
EXAMPLE_FILES = sorted(
    [
        REPO_ROOT / "agency.yaml",
        *REPO_ROOT.glob("clients/*.yaml"),
        *REPO_ROOT.glob("projects/**/*.yaml"),
        *REPO_ROOT.glob("payments/*.yaml"),
    ]
)
_SCHEMA_COMMENT = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)


def named_schema(path: Path, root: Path = REPO_ROOT) -> Path:
    """The schema file the first line of ``path`` points an editor at, resolved."""
    first_line = path.read_text(encoding="utf-8").split("\n", 1)[0]
    match = _SCHEMA_COMMENT.match(first_line)
    assert match is not None, f"{path.relative_to(root)}: no yaml-language-server line first"
    return (path.parent / match.group(1)).resolve()


def test_the_example_workspace_has_files_of_every_kind() -> None:
    assert len(EXAMPLE_FILES) > 20
    named = {named_schema(path).name for path in EXAMPLE_FILES}
    assert named == set(NAMES) - {"document.schema.json"}


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.relative_to(REPO_ROOT).as_posix())
def test_schema_comments_point_at_the_right_schema(path: Path) -> None:
    assert named_schema(path) == SCHEMA_DIR / _schema_for(path)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.relative_to(REPO_ROOT).as_posix())
def test_example_files_are_valid_under_the_schema_they_name(path: Path) -> None:
    schema = json.loads(named_schema(path).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(editor_view(path)), key=str)
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.relative_to(REPO_ROOT).as_posix())
def test_example_files_are_valid_under_their_file_type_schema(path: Path) -> None:
    # A document is also valid under the union, for files whose kind an editor cannot know.
    name = _schema_for(path)
    schema = generated()["document.schema.json" if name in KIND_NAMES else name]
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(editor_view(path)))
    assert [e.message for e in errors] == []


INVOICE = REPO_ROOT / "projects/romashka-site/invoices/2026-019.yaml"


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        ({"qyt": 1}, ["lines", 0], "Additional properties are not allowed ('qyt' was unexpected)"),
        ({"price": "1,5"}, ["lines", 0, "price"], "'1,5' does not match '^-?[0-9]{1,15}(\\\\.[0-9]{1,6})?$'"),
        ({"qty": "x"}, ["lines", 0, "qty"], "'x' does not match '^-?[0-9]{1,15}(\\\\.[0-9]{1,6})?$'"),
    ],
)
def test_an_error_under_a_kind_schema_names_the_field(
    change: dict[str, Any], where: list[object], message: str
) -> None:
    invoice = editor_view(INVOICE)
    invoice["lines"][0] = {**invoice["lines"][0], **change}
    kind_schema = json.loads((SCHEMA_DIR / "invoice.schema.json").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(kind_schema).iter_errors(invoice))
    assert len(errors) == 1
    # The error a validator shows first (check-jsonschema and editors pick the best match too).
    best = jsonschema.exceptions.best_match(errors)
    assert best is not None
    assert (list(best.absolute_path), best.message) == (where, message)


def test_the_union_schema_is_vague_where_the_kind_schema_is_sharp() -> None:
    # Why per-kind schemas exist: the union reports the whole file, not the field.
    invoice = {**editor_view(INVOICE), "totl": 1}
    union = generated()["document.schema.json"]
    errors = list(jsonschema.Draft202012Validator(union).iter_errors(invoice))
    assert [
        (list(e.absolute_path), e.message.endswith(" is not valid under any of the given schemas"))
        for e in errors
    ] == [([], True)]
    kind_errors = list(
        jsonschema.Draft202012Validator(generated()["invoice.schema.json"]).iter_errors(invoice)
    )
    assert [(list(e.absolute_path), e.message) for e in kind_errors] == [
        ([], "Additional properties are not allowed ('totl' was unexpected)")
    ]


def test_the_schema_command_writes_what_is_committed(tmp_path: Path) -> None:
    result = run_cli(["schema", "--output", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"wrote {(tmp_path / 'out' / name).as_posix()}" for name in NAMES]
    for name in NAMES:
        committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert (tmp_path / "out" / name).read_text(encoding="utf-8") == committed, f"{UPDATE_HINT}"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(NAMES)  # no temporary left


def test_the_schema_command_defaults_to_the_workspace_schemas_folder(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "agency.yaml").write_text(
        (REPO_ROOT / "agency.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (root / "schemas").mkdir()
    (root / "schemas/invoice.schema.json").write_text("stale", encoding="utf-8")
    result = run_cli(["schema", "-C", str(root)], cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"wrote schemas/{name}" for name in NAMES]
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == sorted(
        ["agency.yaml", "schemas", *(f"schemas/{name}" for name in NAMES)]
    )
    written = (root / "schemas/invoice.schema.json").read_text(encoding="utf-8")
    assert written == (SCHEMA_DIR / "invoice.schema.json").read_text(encoding="utf-8")


def test_the_schema_command_refuses_a_schemas_link_out_of_the_workspace(tmp_path: Path) -> None:
    root, elsewhere = tmp_path / "ws", tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    (root / "agency.yaml").write_text(
        (REPO_ROOT / "agency.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (root / "schemas").symlink_to(elsewhere)
    result = run_cli(["schema", "-C", str(root)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: schemas: is a symbolic link to {elsewhere.resolve()} outside the workspace; "
        "copy the folder into the workspace instead\n"
    )
    assert list(elsewhere.iterdir()) == []


def test_the_schema_command_reports_a_folder_it_cannot_make(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = run_cli(["schema", "--output", str(tmp_path / "file" / "schemas")])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'file' / 'schemas'}: Not a directory\n"


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
