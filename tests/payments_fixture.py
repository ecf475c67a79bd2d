"""The example workspace without its recorded payments, plus one more open invoice for romashka and globex.

Open invoices then (totals by hand from the files):

* romashka (RUB, VAT 22%): 2026-014 = 574376.00 (see tests/test_build.py),
  2026-019 = 410713.00 (the example's figure), 2026-021 = 30000.00 + 22%
  = 36600.00, due 2026-11-26 + 5 days = 2026-12-01;
* globex (EUR, reverse charge: no VAT): 2026-018 = 2400.00 + 6 x 145.50 +
  4 x 187.25 = 4022.00, due 2026-11-16; 2026-022 = 1000.00, due 2026-11-27
  + 14 days = 2026-12-11;
* initech (USD, exempt): 2026-020 = 650.00 + 7.75 x 65.00 = 1153.75, due 2026-12-25.
"""

from __future__ import annotations

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


def payments_workspace(tmp_path: Path) -> Path:
    """See the module docstring; nothing is paid yet."""
    root = example_workspace(tmp_path)
    (root / "payments/romashka.yaml").unlink()
    for name, text in EXTRA_INVOICES.items():
        (root / name).write_text(text, encoding="utf-8")
    return root
