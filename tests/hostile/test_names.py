"""File and folder names with control or invisible characters: refused, and every message stays on one line."""

from __future__ import annotations

import shutil

import pytest

from tests.hostile.harness import GuardedWorkspace

INVOICE = "projects/romashka-site/invoices/2026-014.yaml"


@pytest.mark.parametrize(
    ("name", "shown", "char"),
    [
        ("bad\nname.yaml", "bad\\u000aname.yaml", "U+000A CONTROL CHARACTER"),
        ("bad\rname.yaml", "bad\\u000dname.yaml", "U+000D CONTROL CHARACTER"),
        ("x\u202egpj.yaml", "x\\u202egpj.yaml", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("2026\u200b-099.yaml", "2026\\u200b-099.yaml", "U+200B ZERO WIDTH SPACE"),
        ("tab\there.yaml", "tab\\u0009here.yaml", "U+0009 CONTROL CHARACTER"),
    ],
    ids=["newline", "carriage-return", "rlo", "zero-width", "tab"],
)
def test_a_document_named_with_an_unprintable_character_is_refused_on_one_line(
    guarded: GuardedWorkspace, name: str, shown: str, char: str
) -> None:
    shutil.copy(guarded.root / INVOICE, guarded.root / "projects/romashka-site/invoices" / name)
    outcome = guarded.run("check")
    assert outcome.exit_code == 1
    assert outcome.problem_lines == [
        f"projects/romashka-site/invoices/{shown}: the file name contains {char}; rename the file"
    ]


def test_a_folder_with_a_newline_is_shown_on_one_line(guarded: GuardedWorkspace) -> None:
    folder = guarded.root / "projects/romashka-site/odd\nfolder"
    folder.mkdir()
    (folder / "note.yaml").write_text("kind: invoice\n", encoding="utf-8")
    outcome = guarded.run("check")
    assert outcome.exit_code == 1
    lines = outcome.problem_lines
    assert lines and all(
        line.startswith("projects/romashka-site/odd\\u000afolder/note.yaml:") for line in lines
    )
