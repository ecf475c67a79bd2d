"""Every rendered document of the example workspace equals its committed text snapshot.

A failure shows the unified diff of the text. When the change is intended,
run ``python scripts/update_snapshots.py``, review ``git diff tests/snapshots``
and commit the snapshots with the change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.snapshot_text import (
    UPDATE_COMMAND,
    committed_snapshots,
    docx_snapshot,
    html_snapshot,
    output_texts,
    unified_diff,
    write_snapshots,
)

COMMITTED = committed_snapshots()


@pytest.fixture(scope="module")
def fresh(example_build: Path) -> dict[str, str]:
    """Snapshot texts of the session's build of the example workspace."""
    return output_texts(example_build / "output")


def test_every_output_has_a_snapshot_and_every_snapshot_an_output(fresh: dict[str, str]) -> None:
    missing = sorted(set(fresh) - set(COMMITTED))
    extra = sorted(set(COMMITTED) - set(fresh))
    message = []
    if missing:
        message.append("outputs without a snapshot:\n  " + "\n  ".join(missing))
    if extra:
        message.append("snapshots of outputs the build no longer makes:\n  " + "\n  ".join(extra))
    assert not message, "\n".join(message) + f"\nreview the outputs, then run: {UPDATE_COMMAND}"


@pytest.mark.parametrize("name", sorted(COMMITTED))
def test_output_equals_its_snapshot(name: str, fresh: dict[str, str]) -> None:
    if name not in fresh:
        pytest.fail(f"{name} was not built; if it was removed on purpose, run: {UPDATE_COMMAND}")
    expected = COMMITTED[name].read_text(encoding="utf-8")
    if fresh[name] != expected:
        diff = unified_diff(name, expected, fresh[name])
        pytest.fail(f"{name} differs from its snapshot:\n{diff}\nif intended, run: {UPDATE_COMMAND}")


def test_html_data_uris_become_their_size_and_hash() -> None:
    html = '<img src="data:image/png;base64,aGVsbG8="><a href="data:text/plain,hi">'
    assert html_snapshot(html) == (
        '<img src="data:image/png;5 bytes;sha256=2cf24dba5fb0a30e">'
        '<a href="data:text/plain;2 bytes;sha256=8f434346648f6b96">'
    )


def test_docx_text_lists_paragraphs_cells_and_headers_in_order(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Title")
    document.add_paragraph("")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(1, 0).text = "a", "b", "c"
    table.cell(1, 1).add_table(rows=1, cols=1).cell(0, 0).text = "nested"
    document.add_paragraph("After\tthe table")
    document.sections[0].footer.paragraphs[0].text = "Footer"
    path = tmp_path / "doc.docx"
    document.save(str(path))
    # An empty body paragraph is spacing and left out; an empty cell keeps its line.
    assert docx_snapshot(path).splitlines() == [
        "Title",
        "|-",
        "| a",
        "| b",
        "|-",
        "| c",
        "| ",
        "| |-",
        "| | nested",
        "| ",
        "After\tthe table",
        "=== word/footer1.xml ===",
        "Footer",
    ]


def test_writing_keeps_exactly_the_given_snapshots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tests.snapshot_text as module

    monkeypatch.setattr(module, "SNAPSHOTS", tmp_path)
    assert write_snapshots({"a/x.html": "one\n", "a/b/y.pdf": "two\n"}) == (["a/x.html", "a/b/y.pdf"], [])
    assert write_snapshots({"a/x.html": "one\n"}) == ([], ["a/b/y.pdf"])
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["a", "a/x.html.txt"]


def test_a_difference_is_shown_as_a_unified_diff_cut_to_a_readable_length() -> None:
    diff = unified_diff("a/x.pdf", "one\ntwo\nthree\n", "one\n2\nthree\n").splitlines()
    assert diff == [
        "--- tests/snapshots/a/x.pdf.txt (committed)",
        "+++ a/x.pdf (this build)",
        "@@ -1,3 +1,3 @@",
        " one",
        "-two",
        "+2",
        " three",
    ]
    long = unified_diff("a/x.pdf", "", "".join(f"{n}\n" for n in range(200)), limit=10).splitlines()
    assert len(long) == 11 and long[-1] == "... 193 more diff lines"
