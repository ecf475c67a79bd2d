"""Every registered kind is complete, and no table of kinds can miss one.

A kind is one spec in ``agencydocs.kinds.KINDS``; these tests check that
each spec's parts exist (model, resolver, rules, templates, labels, JSON
Schema, example document) and that the tables the code looks kinds up in
are the ones derived from the specs.
"""

from __future__ import annotations

import inspect
import re
import zipfile
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import pytest

from agencydocs.building.builder import plan_targets
from agencydocs.commands.check import check
from agencydocs.commands.new import command as new_command
from agencydocs.commands.schema import UNION_SCHEMA, generate_schemas, kind_schema_name
from agencydocs.commands.templates import template_groups
from agencydocs.i18n.labels import LOCALES_DIR, labels_for
from agencydocs.kinds import (
    CHART_KINDS,
    DOCUMENT_MODELS,
    KINDS,
    NEW_KINDS,
    REFERENCE_FIELDS,
    RESOLVERS,
    KindSpec,
    UnknownKind,
    _registered,
    kind_spec,
    resolver,
)
from agencydocs.kinds.base import BUILTIN_TEMPLATES
from agencydocs.rules import DOCUMENT_RULES
from agencydocs.workspace import SourceDocument, Workspace
from tests.helpers import REPO_ROOT, example_documents

LOCALES = sorted(path.stem for path in LOCALES_DIR.glob("*.yaml"))
KIND_IDS = [kind.name for kind in KINDS]

# A label read by name in a template (labels.key, labels["key"]) or a resolver (labels("key", ...)).
_TEMPLATE_LABEL = re.compile(r"""labels(?:\.([a-z][a-z0-9_]*)|\[["']([a-z][a-z0-9_]*)["']\])""")
_CODE_LABEL = re.compile(r"""labels(?:\.get)?\(\s*["']([a-z][a-z0-9_]*)["']""")


def each_kind() -> Any:
    return pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)


@cache
def schemas() -> dict[str, dict[str, Any]]:
    return generate_schemas()


@cache
def example_workspace() -> Workspace:
    """The example workspace at the repository root, checked (read only: nothing is built)."""
    result = check(REPO_ROOT)
    assert not result.errors, result.problems
    return result.workspace


def test_kinds_have_distinct_names() -> None:
    assert len(set(KIND_IDS)) == len(KINDS) > 0


@each_kind()
def test_model_is_the_one_of_its_kind(kind: KindSpec) -> None:
    # The model accepts exactly `kind: <name>`, so the loader's dispatch and the schema agree.
    annotation = kind.model.model_fields["kind"].annotation
    assert get_origin(annotation) is Literal
    assert get_args(annotation) == (kind.name,)
    if kind.numbered:  # a numbered kind's files cannot leave the number out
        assert kind.model.model_fields["number"].is_required()


@each_kind()
def test_resolver_imports_and_takes_a_workspace_and_a_document(kind: KindSpec) -> None:
    function = resolver(kind.name)
    assert kind.resolver.startswith("agencydocs.resolvers.")
    assert list(inspect.signature(function).parameters) == ["workspace", "source"]


@each_kind()
def test_rules_import(kind: KindSpec) -> None:
    rules = kind.load_rules()
    assert rules, f"{kind.name} has no rules"
    assert all(callable(rule) and rule.__module__.startswith("agencydocs.rules.") for rule in rules)


@each_kind()
def test_html_and_docx_templates_exist(kind: KindSpec) -> None:
    assert (BUILTIN_TEMPLATES / kind.html_template).is_file()
    docx = kind.builtin_templates(".docx")
    assert docx, f"{kind.name} has no DOCX template"
    for path in docx:
        assert path.parent == BUILTIN_TEMPLATES / kind.template_dir
        with zipfile.ZipFile(path) as archive:
            assert "word/document.xml" in archive.namelist()


def labels_used_by(kind: KindSpec) -> set[str]:
    """The label keys a kind's templates and resolver module name literally, plus its composed ones."""
    used = set(kind.label_keys)
    html = (BUILTIN_TEMPLATES / kind.html_template).read_text(encoding="utf-8")
    used |= {a or b for a, b in _TEMPLATE_LABEL.findall(html)}
    for path in kind.builtin_templates(".docx"):
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("word/document.xml").decode("utf-8")
        used |= {a or b for a, b in _TEMPLATE_LABEL.findall(xml)}
    module = inspect.getsourcefile(resolver(kind.name))
    assert module is not None
    used |= set(_CODE_LABEL.findall(Path(module).read_text(encoding="utf-8")))
    return used


@each_kind()
def test_label_keys_carry_the_kind_prefix(kind: KindSpec) -> None:
    assert kind.label_keys
    # the prefix as whole words of the key (a kind's name may have two: credit_note)
    prefix = re.compile(rf"(^|_){re.escape(kind.label_prefix)}(_|$)")
    assert all(prefix.search(key) for key in kind.label_keys), kind.label_keys


@each_kind()
@pytest.mark.parametrize("locale", LOCALES)
def test_labels_exist_in_every_locale(kind: KindSpec, locale: str) -> None:
    used = labels_used_by(kind)
    assert f"{kind.label_prefix}_footer" in used  # found at all: the scan reads real files
    assert sorted(used - set(labels_for(locale))) == []


@each_kind()
def test_json_schema_per_kind_and_in_the_union(kind: KindSpec) -> None:
    schema = schemas()[kind_schema_name(kind.name)]
    assert schema["properties"]["kind"]["const"] == kind.name
    assert kind.name in schemas()[UNION_SCHEMA]["discriminator"]["mapping"]


@each_kind()
def test_example_workspace_has_a_document_of_the_kind(kind: KindSpec) -> None:
    kinds = {data["kind"] for data in example_documents().values()}
    assert kind.name in kinds


@each_kind()
def test_references_name_registered_kinds_and_model_fields(kind: KindSpec) -> None:
    for field in kind.references:
        assert field in KIND_IDS  # the field is named after the kind it cites
        assert field in kind.model.model_fields


def test_every_table_of_kinds_is_derived_from_the_registry() -> None:
    names = set(KIND_IDS)
    assert set(DOCUMENT_MODELS) == set(RESOLVERS) == set(DOCUMENT_RULES) == names
    assert names <= set(template_groups())
    assert {name.removesuffix(".schema.json") for name in schemas()} >= names
    assert {"report", "audit"} == CHART_KINDS  # the kinds whose documents draw charts
    assert set(REFERENCE_FIELDS) == {field for kind in KINDS for field in kind.references}
    choice = next(param for param in new_command.params if param.name == "kind")
    assert (
        tuple(choice.type.choices)
        == NEW_KINDS
        == ("invoice", "act", "credit_note", "upd", "vat_invoice", "contract", "reminder", "claim")
    )  # type: ignore[attr-defined]


def test_a_registered_module_must_describe_its_own_kind() -> None:
    # kinds/base.py has no SPEC: registering it by mistake fails at import, naming the fix.
    with pytest.raises(
        TypeError, match=r"agencydocs/kinds/base.py must define SPEC = KindSpec\(name='base', ...\)"
    ):
        _registered("base")


def test_an_unknown_kind_is_an_error_naming_the_registered_ones() -> None:
    with pytest.raises(
        UnknownKind, match=r"no document kind 'ghost' in agencydocs.kinds.KINDS \(invoice, act, "
    ):
        kind_spec("ghost")


def test_a_build_plans_every_document(tmp_path: Path) -> None:
    workspace = example_workspace()
    targets = plan_targets(workspace, tmp_path / "output", ["html"])
    assert [target.source for target in targets] == workspace.documents
    assert {target.source.kind for target in targets} == set(KIND_IDS)


def test_a_build_refuses_a_kind_without_a_spec_instead_of_skipping_it(tmp_path: Path) -> None:
    workspace = example_workspace()
    source = workspace.documents[0]
    ghost = SourceDocument(source.model.model_copy(update={"kind": "ghost"}), source.file, source.project_id)
    planned = Workspace(workspace.root, workspace.agency, workspace.clients, workspace.projects, [ghost])
    with pytest.raises(UnknownKind, match="'ghost'"):
        plan_targets(planned, tmp_path / "output", ["html"])
