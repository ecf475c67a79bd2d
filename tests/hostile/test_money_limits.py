"""Amounts that pass ``check`` render; amounts beyond the documented limit are refused by ``check``.

Typed amounts have up to 15 integer and 6 decimal digits; qty x price and sums
of lines have more. ``money.AMOUNT_LIMIT`` (10^18) bounds every line amount and
every sum of lines, so formatting (Babel) and amounts in words (num2words)
always have room: nothing overflows a decimal context while rendering.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from agencydocs.domain import money
from agencydocs.i18n.formatting import (
    amount_in_words,
    format_amount,
    format_money,
    format_price,
    format_quantity,
)
from tests.helpers import build_file_tree, line_of
from tests.hostile.harness import GuardedWorkspace

MAX_TYPED = "999999999999999.999999"  # 15 integer and 6 decimal digits: the largest Money/Quantity
CURRENCIES = ("RUB", "EUR", "JPY", "BHD")


def _invoice(number: str, lines: str, currency: str = "RUB") -> str:
    return (
        f"kind: invoice\nnumber: {number}\ndate: 2026-11-23\ncurrency: {currency}\n"
        f"bank_account: rub\nlines:\n{lines}"
    )


def _line(qty: str, price: str) -> str:
    return f"  - description: Work\n    qty: {qty}\n    price: {price}\n"


def test_max_digit_quantity_times_price_is_refused_by_check_at_the_line(guarded: GuardedWorkspace) -> None:
    path = guarded.root / "projects/romashka-site/big.yaml"
    build_file_tree(
        guarded.root,
        {
            "projects/romashka-site/big.yaml": _invoice(
                "BIG-1", _line("1", "10") + _line(MAX_TYPED, MAX_TYPED)
            )
        },
    )
    outcome = guarded.run("check")
    assert outcome.exit_code == 1
    line = line_of(path, f"qty: {MAX_TYPED}")
    assert (
        f"projects/romashka-site/big.yaml:{line}:10: lines[1].qty: quantity x price = "
        "999999999999999999998000000000.000000000001 (amounts must stay below 10^18, 18 integer digits)"
    ) in outcome.problem_lines, outcome.stderr


def test_lines_summing_past_the_limit_are_refused_at_the_line_that_crosses_it(
    guarded: GuardedWorkspace,
) -> None:
    # Each line is 4 * 10^17 - 400, below the limit; the third brings the sum to 1.2 * 10^18 - 1200.
    lines = "".join(_line("400", "999999999999999") for _ in range(5))
    build_file_tree(guarded.root, {"projects/romashka-site/sum.yaml": _invoice("SUM-1", lines)})
    outcome = guarded.run("check")
    assert outcome.exit_code == 1
    # The invoice names no contract: a warning, not the error under test.
    problems = [p for p in outcome.problem_lines if "sum.yaml" in p and ": warning:" not in p]
    assert len(problems) == 1, outcome.stderr
    assert problems == [
        "projects/romashka-site/sum.yaml:14:10: lines[2].qty: the lines up to this one add up to"
        " 1199999999999998800 (amounts must stay below 10^18, 18 integer digits)"
    ]


def test_proposal_option_and_project_milestones_are_bounded_too(guarded: GuardedWorkspace) -> None:
    project = guarded.root / "projects/romashka-site/project.yaml"
    text = project.read_text(encoding="utf-8").replace("price: 150000.00", f"price: {MAX_TYPED[:15]}", 1)
    text = text.replace("price: 280000.00", f"price: {MAX_TYPED[:15]}", 1)
    project.write_text(text, encoding="utf-8")
    outcome = guarded.run("check")
    # Two milestones of 10^15 - 1 stay far below the limit: valid.
    assert outcome.exit_code == 0, outcome.output
    milestones = "".join(
        f"  - id: m{n}\n    title: M{n}\n    price: 999999999999999\n    status: planned\n"
        for n in range(1001)
    )
    project.write_text(
        text.split("milestones:\n")[0] + "milestones:\n" + milestones + _tail(text), encoding="utf-8"
    )
    guarded.arm()  # the input changed on purpose
    outcome = guarded.run("check")
    assert outcome.exit_code == 1
    crossing = [p for p in outcome.problem_lines if "milestones[1000].price" in p]
    assert crossing and crossing[0].startswith("projects/romashka-site/project.yaml:"), outcome.stderr
    assert "the lines up to this one add up to 1000999999999998999" in crossing[0]


def _tail(project_text: str) -> str:
    """The project file after its milestones list (the next top-level key onwards)."""
    after = project_text.split("milestones:\n", 1)[1]
    lines = after.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line and not line.startswith((" ", "-", "#")):
            return "".join(lines[index:])
    return ""


def test_compute_totals_refuses_what_check_refuses() -> None:
    big = Decimal(MAX_TYPED)
    with pytest.raises(money.AmountTooLarge, match=r"^line 2: quantity x price = 9999") as caught:
        money.compute_totals([money.LineInput(1, 1, None), money.LineInput(big, big, None)], "RUB")
    assert caught.value.line == 2


# Near the largest total a document can have: lines below 10^18, plus VAT below 100%.
NEAR_LARGEST_TOTAL = Decimal("1999999999999999999.987")
AT_THE_LIMIT = {
    ("RUB", "ru"): ("1 999 999 999 999 999 999,99", "Один квинтиллион", "девяносто девять рублей 99 копеек"),
    ("RUB", "en"): ("1,999,999,999,999,999,999.99", "One quintillion", "ninety-nine roubles and 99 kopecks"),
    ("EUR", "ru"): (
        "1 999 999 999 999 999 999,99",
        "Один квинтиллион",
        "девяносто девять евро 99 евроцентов",
    ),
    ("EUR", "en"): ("1,999,999,999,999,999,999.99", "One quintillion", "ninety-nine euros and 99 cents"),
    ("JPY", "ru"): ("2 000 000 000 000 000 000", "Два квинтиллиона иен", "Два квинтиллиона иен"),
    ("JPY", "en"): ("2,000,000,000,000,000,000", "Two quintillion yen", "Two quintillion yen"),
    ("BHD", "ru"): ("1 999 999 999 999 999 999,987", "Один квинтиллион", "девяносто девять BHD 987/1000"),
    ("BHD", "en"): (
        "1,999,999,999,999,999,999.987",
        "One quintillion",
        "ninety-nine Bahraini dinars and 987 fils",
    ),
}


@pytest.mark.parametrize(("currency", "locale"), list(AT_THE_LIMIT))
def test_formatting_and_words_at_the_limit_never_overflow(currency: str, locale: str) -> None:
    grouped, words_start, words_end = AT_THE_LIMIT[currency, locale]
    assert format_amount(NEAR_LARGEST_TOTAL, currency, locale).replace("\u00a0", " ") == grouped
    words = amount_in_words(NEAR_LARGEST_TOTAL, currency, locale)
    assert words.startswith(words_start) and words.endswith(words_end), words
    assert grouped in format_money(NEAR_LARGEST_TOTAL, currency, locale).replace("\u00a0", " ")
    # The largest typed price and quantity print exactly (30 digits would overflow Babel's default context).
    assert format_price(Decimal(MAX_TYPED), currency, locale).endswith(("999,999999", "999.999999"))
    assert format_quantity(Decimal(MAX_TYPED), locale).endswith(("999,999999", "999.999999"))


BIG_RENDER = {
    # qty 999 x the largest price: 9.99 * 10^17, the largest line below the limit.
    "RUB": ("Один квинтиллион двести восемнадцать квадриллионов", "1 218 779 999 999 999 987,81"),
    "EUR": ("Один квинтиллион двести восемнадцать квадриллионов", "1 218 779 999 999 999 987,81"),
    "JPY": ("Один квинтиллион двести восемнадцать квадриллионов", "1 218 779 999 999 999 988"),
    "BHD": ("Один квинтиллион двести восемнадцать квадриллионов", "1 218 779 999 999 999 987,812"),
}


@pytest.mark.slow  # builds in every format
def test_largest_valid_amounts_build_in_every_currency(guarded: GuardedWorkspace) -> None:
    files = {
        f"projects/romashka-site/big/{currency}.yaml": _invoice(
            f"BIG-{currency}", _line("999", "999999999999999.99"), currency
        )
        for currency in CURRENCIES
    }
    build_file_tree(guarded.root, files)
    assert guarded.run("check").exit_code == 0
    outcome = guarded.run("build", "projects/romashka-site/big", "--format", "html", "-j", "2")
    assert outcome.exit_code == 0, outcome.output
    for currency, (words, total) in BIG_RENDER.items():
        html = _read(guarded.output / f"romashka/romashka-site/invoice-BIG-{currency}.html")
        assert words in html, currency
        assert total in html.replace("\u00a0", " ").replace("\u202f", " "), currency


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("currency", CURRENCIES)
def test_thirty_digit_amounts_format_too(currency: str) -> None:
    # Beyond what check lets through, formatting still has room (Babel's default context has 28 digits).
    product = Decimal("999999999999999999998000000000.000000000001")
    assert format_amount(product, currency, "en").startswith("999,999,999,999,999,999,998,000,000,000")
    assert amount_in_words(product, currency, "en").startswith("Nine hundred ninety-nine octillion")


def test_a_proposal_line_priced_from_the_catalogue_is_bounded(guarded: GuardedWorkspace) -> None:
    proposal = guarded.root / "projects/romashka-site/proposals/2026-031.yaml"
    text = proposal.read_text(encoding="utf-8")
    old = "      - service: dev-hours\n        qty: 40\n"
    assert old in text
    proposal.write_text(
        text.replace(old, f"      - service: dev-hours\n        qty: {MAX_TYPED}\n", 1), encoding="utf-8"
    )
    guarded.arm()
    outcome = guarded.run("check")
    assert outcome.exit_code == 1
    line = line_of(proposal, f"qty: {MAX_TYPED}")
    problems = [p for p in outcome.problem_lines if "2026-031.yaml" in p]
    assert len(problems) == 1 and problems[0].startswith(
        f"projects/romashka-site/proposals/2026-031.yaml:{line}:14: options[0].lines[1].qty: quantity x price = "
    ), outcome.stderr
    assert problems[0].endswith("(amounts must stay below 10^18, 18 integer digits)")
