"""The example workspace without its recorded payments, plus one more open invoice for romashka and globex.

Each extra invoice bills a fee its contract fixes (the fixture adds the fee
to the contract), so that ``check --strict`` passes: the contract prices
every line. Open invoices then (totals by hand from the files; due dates are
the contract's ``payment_days`` in Russian business days, the agency's
country, from the invoice date or, for a stage's balance, its act):

* romashka (RUB, VAT 22%): 2026-014 = (discovery 150000.00 + design
  280000.00) + 22% = 524600.00, a stage's balance: due 5 business days
  from its act 2026-011 of 2026-10-20 (Tue) = 2026-10-27; 2026-019 =
  (frontend 320000.00 + vacancies 46850.00 - 1850.00 = 45000.00) + 22% =
  445300.00, no act yet: due 2026-11-23 (Mon) + 5 business days =
  2026-11-30; 2026-021 = 30000.00 + 22% = 36600.00, due 2026-11-26 (Thu)
  + 5 business days = 2026-12-03 (it takes the place of the example's
  backend advance 2026-021, same number, date and due date, so that the
  bank statements in tests/data/bank keep matching it);
* globex (EUR, not subject to Russian VAT): 2026-018 = monthly fees 1200.00 +
  1500.00 + 900.00 + 6 x 145.50 = 4473.00, due 2026-11-02 + 10 business
  days, 4 November a holiday = 2026-11-17; 2026-022 = 1000.00, due
  2026-11-27 (Fri) + 10 business days = 2026-12-11;
* initech (USD, exempt): 2026-020 = 650.00 + 7.75 x 65.00 = 1153.75, due
  2026-11-25 (Wed) + 5 business days = 2026-12-02; credit note CN-2026-001
  takes 65.00 off it: 1088.75 open.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.helpers import example_workspace

DATA = Path(__file__).parent / "data" / "bank"

EXTRA_INVOICES = {
    "projects/romashka-site/invoices/2026-021.yaml": """\
kind: invoice
number: 2026-021
date: 2026-11-26
issued: 2026-11-26
contract: 12/2026
lines:
  - description: Настройка аналитики
    price: 30000.00
""",
    "projects/globex-seo/invoice-2026-022.yaml": """\
kind: invoice
number: 2026-022
date: 2026-11-27
issued: 2026-11-27
contract: GX-2026-07
lines:
  - description: Extra landing page texts
    price: 1000.00
""",
}


# The fees the extra invoices bill, added to their contracts. A fee on the
# stages contract 12/2026 does not move its stages' due dates: an invoice of
# milestones still counts from the act (domain/terms.py, _payment_event).
EXTRA_FEES = {
    "projects/romashka-site/contract-12-2026.yaml": """\
fees:
  - description: Настройка аналитики
    price: 30000.00
    unit: усл.
""",
    "projects/globex-seo/contract-gx-2026-07.yaml": """\
  - description: Extra landing page texts
    price: 1000.00
    unit: {ru: усл., en: service}
""",
}
FEES_AFTER = {
    "projects/romashka-site/contract-12-2026.yaml": "payment_days: 5\n",
    "projects/globex-seo/contract-gx-2026-07.yaml": "    unit: {ru: текст, en: text}\n",
}


def payments_workspace(tmp_path: Path) -> Path:
    """See the module docstring; nothing is paid yet."""
    root = example_workspace(tmp_path)
    (root / "payments/romashka.yaml").unlink()
    # The example's claim is for the balance its own payments leave open on 2026-019; the tests
    # record other payments (some settle 2026-019 in full, leaving nothing to claim), so it goes too.
    shutil.rmtree(root / "projects/romashka-site/claims")
    # The example's backend final invoice deducts the advance 2026-021 that EXTRA_INVOICES replaces,
    # and its number is the one the extra globex invoice takes here.
    (root / "projects/romashka-site/invoices/2026-022.yaml").unlink()
    for name, text in EXTRA_INVOICES.items():
        (root / name).write_text(text, encoding="utf-8")
    for name, fee in EXTRA_FEES.items():
        path = root / name
        before = path.read_text(encoding="utf-8")
        anchor = FEES_AFTER[name]
        assert before.count(anchor) == 1, name
        path.write_text(before.replace(anchor, anchor + fee), encoding="utf-8")
    return root
