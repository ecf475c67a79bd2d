"""Deep YAML and deep Markdown: refused with a position, or rendered; never a RecursionError or a crash.

libyaml's composer recurses in C, so ``[[[[...]]]]`` 100,000 deep used to
kill the interpreter (a segmentation fault, no message at all); the loader
now counts the depth before composing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from agencydocs.reading.loading import LoadError, load_yaml_bytes
from agencydocs.reading.nesting import MAX_DEPTH
from tests.helpers import replace_in_file
from tests.hostile.harness import GuardedWorkspace

DEEP = "projects/initech-support/deep.yaml"
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep; flatten the structure"


def _block_mappings(levels: int) -> str:
    # Line 1 is the top-level mapping (depth 1); the mapping at depth d starts on line d + 1.
    return (
        "kind: invoice\nnotes:\n"
        + "".join("  " * (i + 1) + "a:\n" for i in range(levels))
        + "  " * levels
        + "  x\n"
    )


def _compact_sequences(levels: int) -> str:
    return "kind: invoice\nnotes:\n" + "- " * levels + "x\n"


def _flow_sequences(levels: int) -> str:
    return "kind: invoice\nnotes: " + "[" * levels + "]" * levels + "\n"


def _flow_mappings(levels: int) -> str:
    return "kind: invoice\nnotes: " + "{a: " * levels + "x" + "}" * levels + "\n"


def _indented_sequences(levels: int) -> str:
    return (
        "kind: invoice\nnotes:\n" + "".join("  " * i + "-\n" for i in range(levels)) + "  " * levels + "x\n"
    )


# (YAML text, line:column where the 65th level starts)
CASES = {
    "200-deep-mapping": (_block_mappings(200), "66:129"),
    "200-deep-compact-list": (_compact_sequences(200), "3:127"),
    "200-deep-indented-list": (_indented_sequences(200), "66:127"),
    "100000-deep-flow-sequence": (_flow_sequences(100_000), "2:71"),
    "20000-deep-flow-mapping": (_flow_mappings(20_000), "2:260"),
}


@pytest.mark.parametrize(("text", "where"), CASES.values(), ids=CASES.keys())
def test_deep_nesting_is_refused_where_it_gets_too_deep(
    guarded: GuardedWorkspace, text: str, where: str
) -> None:
    (guarded.root / DEEP).write_text(text, encoding="utf-8")
    outcome = guarded.run("check")
    assert outcome.exit_code == 1, outcome.output
    assert outcome.problem_lines == [f"{DEEP}:{where}: {TOO_DEEP}"]


@pytest.mark.parametrize(
    ("levels", "refused"), [(MAX_DEPTH - 1, False), (MAX_DEPTH, True)], ids=["64-levels", "65-levels"]
)
def test_the_limit_is_64_levels_counting_the_top_mapping(levels: int, refused: bool) -> None:
    text = "a: " + "[" * levels + "]" * levels + "\n"
    if refused:
        with pytest.raises(LoadError) as caught:
            load_yaml_bytes(text.encode(), Path("x.yaml"), "x.yaml")
        assert [p.format() for p in caught.value.problems] == [f"x.yaml:1:{4 + MAX_DEPTH - 1}: {TOO_DEEP}"]
    else:
        loaded = load_yaml_bytes(text.encode(), Path("x.yaml"), "x.yaml")
        depth, value = 1, loaded.data["a"]
        while value:
            depth, value = depth + 1, value[0]
        assert depth == MAX_DEPTH - 1


def test_many_brackets_in_text_are_not_nesting() -> None:
    """The cheap bound sends text full of brackets to the exact count, which accepts it."""
    text = "notes: '" + "[link](x) " * 500 + "'\nlist: [[a], [b], {c: [d]}]\n"
    loaded = load_yaml_bytes(text.encode(), Path("x.yaml"), "x.yaml")
    assert loaded.data["list"] == [["a"], ["b"], {"c": ["d"]}]


MARKDOWN = {
    "5000-deep-blockquote": "> " * 5000 + "quoted",
    "3000-deep-compact-list": "- " * 3000 + "item",
    "3000-deep-ordered-list": "1. " * 3000 + "item",
    # Text fields hold at most 20,000 characters.
    "130-deep-indented-list": "\n".join("  " * i + "- item" for i in range(130)),
    "9000-deep-emphasis": "*" * 9000 + "x" + "*" * 9000,
    "9000-deep-brackets-and-images": "[" * 9000 + "![a](assets/logo.png)" + "]" * 9000,
}


@pytest.mark.slow  # builds HTML and DOCX
@pytest.mark.parametrize("markdown", MARKDOWN.values(), ids=MARKDOWN.keys())
def test_deep_markdown_is_checked_and_rendered(guarded: GuardedWorkspace, markdown: str) -> None:
    invoice = guarded.root / "projects/initech-support/invoice-2026-020.yaml"
    block = "\n".join("  " + line for line in markdown.splitlines())
    replace_in_file(
        invoice,
        "notes: Hours are billed in 15-minute increments as agreed in section 4 of the agreement.",
        f"notes: |\n{block}",
    )
    assert guarded.run("check").exit_code == 0
    outcome = guarded.run(
        "build", "-j1", "--format", "html,docx", "projects/initech-support/invoice-2026-020.yaml", timeout=300
    )
    assert outcome.exit_code == 0, outcome.output
    html = (guarded.output / "initech/initech-support/invoice-2026-020.html").read_text(encoding="utf-8")
    assert "Support retainer, November 2026" in html
    assert (guarded.output / "initech/initech-support/invoice-2026-020.docx").stat().st_size > 0
