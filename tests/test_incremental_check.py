"""``serve``'s incremental check reports exactly what a full ``check`` reports, after every edit.

A long-lived process keeps parsed and validated files and each document's rule
results with what the rules read (``reading/loading.py``,
``reading/validation.py``, ``rules/incremental.py``). These tests apply a
sequence of edits to the example workspace — prices, references, a broken
file and its repair, a duplicate number, a new and a deleted document, a
payment, a client's currency, a label override — and after each one compare
the kept check with a fresh full one.
"""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from agencydocs.commands.check import check
from agencydocs.errors import Problem
from agencydocs.reading import loading, validation
from agencydocs.rules import incremental
from tests.helpers import example_workspace, replace_in_file

Edit = Callable[[Path], None]

INVOICE = "projects/globex-seo/invoice-2026-018.yaml"
ACT = "projects/globex-seo/act-2026-015.yaml"
ROMASHKA_INVOICE = "projects/romashka-site/invoices/2026-019.yaml"


def _price(root: Path) -> None:
    replace_in_file(root / INVOICE, "price: 145.50", "price: 146.50")


def _act_cites_unknown_invoice(root: Path) -> None:
    replace_in_file(root / ACT, "invoice: 2026-018", "invoice: 2026-918")


def _act_cites_its_invoice_again(root: Path) -> None:
    replace_in_file(root / ACT, "invoice: 2026-918", "invoice: 2026-018")


def _break_yaml(root: Path) -> None:
    replace_in_file(root / INVOICE, "number: 2026-018", "number: [2026-018")


def _repair_yaml(root: Path) -> None:
    replace_in_file(root / INVOICE, "number: [2026-018", "number: 2026-018")


def _duplicate_number(root: Path) -> None:
    (root / "projects/globex-seo/invoice-copy.yaml").write_text(
        (root / INVOICE).read_text(encoding="utf-8"), encoding="utf-8"
    )


def _delete_the_copy(root: Path) -> None:
    (root / "projects/globex-seo/invoice-copy.yaml").unlink()


def _payment_of_unknown_invoice(root: Path) -> None:
    replace_in_file(root / "payments/romashka.yaml", "invoice: 2026-014", "invoice: 2026-914")


def _payment_repaired(root: Path) -> None:
    replace_in_file(root / "payments/romashka.yaml", "invoice: 2026-914", "invoice: 2026-014")


def _client_currency(root: Path) -> None:
    replace_in_file(root / "clients/globex.yaml", "currency: EUR", "currency: USD")


def _client_currency_back(root: Path) -> None:
    replace_in_file(root / "clients/globex.yaml", "currency: USD", "currency: EUR")


def _invoice_deleted(root: Path) -> None:
    (root / ROMASHKA_INVOICE).rename(root / "deleted-invoice.txt")


def _invoice_restored(root: Path) -> None:
    (root / "deleted-invoice.txt").rename(root / ROMASHKA_INVOICE)


def _invoice_dated_before_contract(root: Path) -> None:
    replace_in_file(root / ROMASHKA_INVOICE, "date: 2026-11-23", "date: 2020-11-23")


def _label_override(root: Path) -> None:
    path = root / "locales/en.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nno_such_label_key: Hello\n", encoding="utf-8")


EDITS: list[Edit] = [
    _price,
    _act_cites_unknown_invoice,
    _act_cites_its_invoice_again,
    _break_yaml,
    _repair_yaml,
    _duplicate_number,
    _delete_the_copy,
    _payment_of_unknown_invoice,
    _payment_repaired,
    _client_currency,
    _client_currency_back,
    _invoice_deleted,
    _invoice_restored,
    _invoice_dated_before_contract,
    _label_override,
]


@pytest.fixture
def kept() -> Iterator[incremental.RuleResults]:
    """This process keeps parses, validations and rule results, as ``serve`` does; restored after."""
    saved = (loading._parsed, incremental._kept)
    loading._parsed, incremental._kept = {}, incremental.RuleResults()
    validation._validated.clear()
    try:
        yield incremental._kept
    finally:
        loading._parsed, incremental._kept = saved
        validation._validated.clear()


def _full_check(root: Path) -> list[Problem]:
    """A check with nothing kept, as the ``check`` command runs it."""
    saved = (loading._parsed, incremental._kept)
    loading._parsed, incremental._kept = None, None
    try:
        return check(root).problems
    finally:
        loading._parsed, incremental._kept = saved


@pytest.mark.slow  # two checks of the example per edit, three orders
@pytest.mark.parametrize("seed", [None, 1, 2])
def test_kept_check_equals_full_check_after_every_edit(
    tmp_path: Path, kept: incremental.RuleResults, seed: int | None
) -> None:
    root = example_workspace(tmp_path)
    edits = list(EDITS)
    if seed is not None:  # the same edits in another order: each one on a different state
        random.Random(seed).shuffle(edits)
    assert check(root).problems == _full_check(root)
    for edit in edits:
        try:
            edit(root)
        except (AssertionError, FileNotFoundError, ValueError):
            continue  # shuffled: this edit's precondition (an earlier edit) does not hold
        assert check(root).problems == _full_check(root), edit.__name__


def test_a_kept_check_runs_only_the_rules_of_documents_whose_inputs_changed(
    tmp_path: Path, kept: incremental.RuleResults
) -> None:
    root = example_workspace(tmp_path)
    documents = len(check(root).workspace.documents)
    assert kept.ran == documents  # the first check runs every document's rules
    check(root)
    assert kept.ran == 0  # nothing changed
    _price(root)
    problems = check(root).problems
    # The invoice, the act and report repeating it, the reminder reading globex's ledger;
    # not romashka's, initech's or nordlicht's documents.
    assert 0 < kept.ran < documents / 2
    assert problems == _full_check(root)


@pytest.mark.slow  # a check per edit
def test_the_edits_change_what_check_reports(tmp_path: Path) -> None:
    """The sequence is worth running: most edits change the problems a full check reports."""
    root = example_workspace(tmp_path)
    seen = [_full_check(root)]
    for edit in EDITS:
        edit(root)
        seen.append(_full_check(root))
    changed = sum(before != after for before, after in zip(seen, seen[1:], strict=False))
    assert changed >= len(EDITS) // 2


@pytest.mark.slow  # starts Python, renders the DOCX overrides
def test_check_renders_template_overrides_without_building_e_invoices(tmp_path: Path) -> None:
    # The example has DOCX overrides of the invoice and a German invoice with an XRechnung:
    # the overrides are rendered, but the XML (lxml, Factur-X's schemas, Saxon) is not built.
    root = example_workspace(tmp_path)
    code = (
        "import sys; from pathlib import Path; from agencydocs.commands.check import check; "
        f"result = check(Path({str(root)!r}), render_overrides=True); "
        "print(len(result.errors), sorted(m for m in ('facturx', 'saxonche', 'agencydocs.einvoice.cii') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split(maxsplit=1) == ["0", "[]\n"]
