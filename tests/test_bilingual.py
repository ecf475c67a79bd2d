"""Bilingual documents: same clauses in every language, the prevailing language, bilingual invoices and acts."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx2python import docx2python
from pypdf import PdfReader

from agencydocs import PACKAGE_DIR
from agencydocs.commands.check import check
from agencydocs.context import Row
from agencydocs.resolvers.bilingual import merge_contexts
from agencydocs.resolvers.billing import resolve_document
from agencydocs.resolvers.contract import resolve_contract
from tests.helpers import REPO_ROOT, example_workspace, line_of, output_file, replace_in_file, run_cli

CLAUSES = PACKAGE_DIR / "clauses"
GX_CONTRACT = "projects/globex-seo/contract-gx-2026-07.yaml"
IN_ACT = "projects/initech-support/act-2026-016.yaml"


def _clause_shape(path: Path) -> list[tuple[object, ...]]:
    """Section and clause ids of a built-in clause file, with their conditions and terms, in order.

    Billing models and the terms a clause defines and uses are part of the
    shape: a Russian clause that defines "Этап" has an English twin that
    defines "Stage", in contracts of the same billing model.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    shape: list[tuple[object, ...]] = []

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            conditions = tuple(
                tuple(item.get(key, ())) for key in ("requires", "unless", "billing", "defines", "uses")
            )
            placeholders = tuple(sorted(set(_placeholders(item.get("text", "")))))
            shape.append((item["id"], *conditions, placeholders))
            walk(item.get("clauses", []))

    walk(data["sections"])
    return shape


def _placeholders(text: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(text) if name]


def _sets_by_name() -> dict[str, list[Path]]:
    sets: dict[str, list[Path]] = {}
    for path in sorted(CLAUSES.glob("*.yaml")):
        sets.setdefault(path.stem.split("-", 1)[1], []).append(path)
    return sets


@pytest.mark.parametrize("name", sorted(_sets_by_name()))
def test_every_language_of_a_clause_set_has_the_same_clauses(name: str) -> None:
    """Same ids, in the same order, with the same conditions and placeholders: the texts pair one to one."""
    paths = _sets_by_name()[name]
    assert len(paths) > 1, f"clause set {name} has one language only"
    first, *others = paths
    for other in others:
        assert _clause_shape(other) == _clause_shape(first), f"{other.name} differs from {first.name}"


@pytest.mark.parametrize(
    ("needle", "languages"),
    [
        ("bank charges", ("en",)),
        ("комиссии своего банка", ("ru",)),
        ("GDPR", ("ru", "en")),
        ("152", ("ru", "en")),
    ],
)
def test_the_english_text_adds_no_obligation_the_russian_lacks(
    needle: str, languages: tuple[str, ...]
) -> None:
    for language in languages:
        assert needle in (CLAUSES / f"{language}-services.yaml").read_text(encoding="utf-8")


def _final_clauses(root: Path, path: str) -> list[str]:
    result = check(root)
    source = next(d for d in result.workspace.documents if d.file.display == path)
    context = resolve_contract(result.workspace, source)
    final = next(s for s in context.sections if s.id == "final")
    return [" | ".join(clause.texts) for clause in final.clauses]


def test_a_bilingual_contract_says_which_language_prevails() -> None:
    clauses = _final_clauses(REPO_ROOT, GX_CONTRACT)
    assert clauses[-1] == (
        "Договор составлен на русском и английском языках. При расхождении текстов преимущественную "
        "силу имеет текст на русском языке. | This Agreement is made in Russian and English. In case of "
        "any discrepancy between the texts, the Russian text prevails."
    )


def test_a_contract_in_one_language_has_no_language_clause() -> None:
    clauses = _final_clauses(REPO_ROOT, "projects/initech-support/contract-in-2026-01.yaml")
    assert not any("prevail" in clause for clause in clauses)


def test_the_prevailing_language_is_configurable(tmp_path: Path) -> None:
    root = example_workspace(tmp_path)
    replace_in_file(
        root / GX_CONTRACT, "languages: [ru, en]\n", "languages: [ru, en]\nprevailing_language: en\n"
    )
    last = _final_clauses(root, GX_CONTRACT)[-1]
    assert "преимущественную силу имеет текст на английском языке" in last
    assert "the English text prevails" in last


def test_the_prevailing_language_is_one_of_the_contracts(tmp_path: Path) -> None:
    root = example_workspace(tmp_path)
    replace_in_file(root / GX_CONTRACT, "languages: [ru, en]\n", "languages: [ru]\nprevailing_language: en\n")
    result = run_cli(["check"], cwd=root)
    line = line_of(root / GX_CONTRACT, "prevailing_language")
    assert result.exit_code == 1
    assert (
        f"{GX_CONTRACT}:{line}:22: prevailing_language: must be one of the contract's languages (languages: [ru, en])"
    ) in result.stderr


def test_two_languages_of_a_bilingual_act_must_differ(tmp_path: Path) -> None:
    root = example_workspace(tmp_path)
    replace_in_file(root / IN_ACT, "languages: [ru, en]", "languages: [en, en]")
    result = run_cli(["check"], cwd=root)
    assert result.exit_code == 1
    assert f"{IN_ACT}:{line_of(root / IN_ACT, 'languages')}:" in result.stderr
    assert "languages: languages must be different" in result.stderr


def test_a_bilingual_act_prints_each_text_in_both_languages_and_figures_once() -> None:
    result = check(REPO_ROOT)
    source = next(d for d in result.workspace.documents if d.file.display == IN_ACT)
    act = resolve_document(result.workspace, source)
    assert act.title == (
        "Акт №\xa02026-016 от 30 ноября 2026\u202fг. / Certificate of Completion No.\xa02026-016 dated 30 November 2026"
    )
    assert act.labels["col_description"] == "Наименование работ, услуг / Description"
    line = act.lines[1]
    assert (line.description, line.unit, line.quantity, line.amount) == (
        "Дополнительные часы — исправление ошибок оформления заказа и переход на PHP 8.4 / "
        "Extra hours — checkout bug fixes & PHP 8.4 upgrade",
        "ч / hour",
        "7,75",
        "503,75",
    )
    assert act.totals.summary == (
        "Всего оказано 2\xa0услуги, на сумму 1\xa0153,75\xa0$ / 2\xa0services rendered, total $1,153.75"
    )


def test_merging_keeps_machine_values_and_figures_of_the_first_language() -> None:
    @dataclasses.dataclass(frozen=True)
    class Sample:
        label: Row
        reference: str
        amount: str

    first = Sample(Row("Итого", "1 153,75"), "Счёт 1", "10,00")
    second = Sample(Row("Total", "1,153.75"), "Invoice 1", "10.00")
    merged = merge_contexts(first, second)  # type: ignore[arg-type]  # any dataclass merges
    assert merged == Sample(Row("Итого / Total", "1 153,75"), "Счёт 1", "10,00")


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_the_built_bilingual_act_has_its_dated_title_in_both_languages(example_build: Path, fmt: str) -> None:
    path = output_file(example_build, f"act-2026-016.{fmt}")
    if fmt == "pdf":
        text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    elif fmt == "docx":
        with docx2python(path) as document:
            text = document.text
    else:
        text = path.read_text(encoding="utf-8")
    text = " ".join(text.replace("\xa0", " ").replace("\u202f", " ").split())
    assert "Акт № 2026-016 от 30 ноября 2026 г." in text
    assert "Certificate of Completion No. 2026-016 dated 30 November 2026" in text
    assert "Исполнитель / " in text


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("act-2026-015.html", "Certificate of Completion No.\xa02026-015 dated"),
        ("act-2026-011.html", "Акт №\xa02026-011 от"),
    ],
)
def test_every_act_title_carries_its_date(example_build: Path, name: str, title: str) -> None:
    assert title in output_file(example_build, name).read_text(encoding="utf-8")
