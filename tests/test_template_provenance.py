"""`templates eject` records where each copy came from; `list` and `diff` follow the built-ins.

A changed built-in (what an upgrade of agencydocs brings) is simulated by
pointing ``agencydocs.commands.templates.BUILTIN_TEMPLATES`` at a throwaway copy
of the package's templates and editing that copy.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import docx
import pytest

import agencydocs
from agencydocs.commands import templates as template_admin
from agencydocs.rendering.templates import BUILTIN_TEMPLATES
from tests.helpers import REPO_ROOT, run_cli

RECORD = "templates/.agencydocs-templates.json"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    root.mkdir()
    shutil.copy2(REPO_ROOT / "agency.yaml", root / "agency.yaml")
    return root


@pytest.fixture
def builtins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throwaway copy of the built-in templates that the template commands use."""
    copy = tmp_path / "builtin"
    shutil.copytree(BUILTIN_TEMPLATES, copy)
    monkeypatch.setattr(template_admin, "BUILTIN_TEMPLATES", copy)
    return copy


def templates(root: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli(["-C", str(root), "templates", *args])
    return result.exit_code, result.stdout, result.stderr


def state_of(listing: str, relative: str) -> str:
    match = re.search(rf"^\S+\s+{re.escape(relative)}\s+(.+)$", listing, re.MULTILINE)
    assert match, listing
    return match.group(1)


def change_builtin_html(builtins: Path) -> None:
    path = builtins / "invoice/invoice.html"
    text = path.read_text(encoding="utf-8")
    assert "{% block after %}" in text
    path.write_text(text.replace("{% block after %}", "{% block after %}\n<p>NEW-IN-BUILTIN</p>", 1), "utf-8")


def change_builtin_docx(builtins: Path) -> None:
    document = docx.Document(str(builtins / "invoice/invoice.ru.docx"))
    document.add_paragraph("Late fees: NEW-DOCX-PARAGRAPH")
    document.save(str(builtins / "invoice/invoice.ru.docx"))


def test_eject_records_version_and_hashes(workspace: Path) -> None:
    assert templates(workspace, "eject", "invoice")[0] == 0
    record = json.loads((workspace / RECORD).read_text(encoding="utf-8"))
    assert record["format"] == 1
    # The German DOCX came with the German client (nordlicht): a group ejects every locale.
    assert sorted(record["files"]) == [
        "invoice/invoice.de.docx",
        "invoice/invoice.en.docx",
        "invoice/invoice.html",
        "invoice/invoice.ru.docx",
    ]
    for relative, entry in record["files"].items():
        builtin = (BUILTIN_TEMPLATES / relative).read_bytes()
        assert entry == {"version": agencydocs.__version__, "sha256": hashlib.sha256(builtin).hexdigest()}
        assert (workspace / "templates" / relative).read_bytes() == builtin
    kept = workspace / "templates/.agencydocs-templates/invoice/invoice.html.txt"
    assert kept.read_text(encoding="utf-8") == (BUILTIN_TEMPLATES / "invoice/invoice.html").read_text("utf-8")
    docx_text = (workspace / "templates/.agencydocs-templates/invoice/invoice.ru.docx.txt").read_text("utf-8")
    assert "{{ doc.title }}\n" in docx_text


def test_eject_keeps_an_existing_copy_without_force(workspace: Path) -> None:
    templates(workspace, "eject", "index")
    copy = workspace / "templates/index.html"
    copy.write_text("mine", encoding="utf-8")
    code, _, err = templates(workspace, "eject", "index")
    assert (code, err) == (1, "Error: templates/index.html already exist; use --force to overwrite\n")
    assert copy.read_text(encoding="utf-8") == "mine"
    assert templates(workspace, "eject", "index", "--force")[0] == 0
    assert copy.read_bytes() == (BUILTIN_TEMPLATES / "index.html").read_bytes()


@pytest.mark.parametrize(
    ("edit_copy", "change_builtin", "expected"),
    [
        (False, False, "overridden: up to date"),
        (True, False, "overridden: edited"),
        (False, True, "overridden: built-in changed since eject"),
        (True, True, "overridden: edited, built-in changed since eject"),
    ],
)
def test_list_shows_each_override_state(
    workspace: Path, builtins: Path, edit_copy: bool, change_builtin: bool, expected: str
) -> None:
    templates(workspace, "eject", "invoice")
    if edit_copy:
        (workspace / "templates/invoice/invoice.html").write_text("mine", encoding="utf-8")
    if change_builtin:
        change_builtin_html(builtins)
    code, listing, err = templates(workspace, "list")
    assert (code, err) == (0, "")
    assert state_of(listing, "invoice/invoice.html") == expected
    assert state_of(listing, "invoice/invoice.ru.docx") == "overridden: up to date"
    assert state_of(listing, "act/act.html") == "built-in"


def test_list_marks_a_copy_made_by_hand(workspace: Path) -> None:
    (workspace / "templates/act").mkdir(parents=True, exist_ok=True)
    (workspace / "templates/act/act.html").write_text("by hand", encoding="utf-8")
    assert state_of(templates(workspace, "list")[1], "act/act.html") == "overridden: no eject record"


def test_diff_shows_the_change_of_an_html_builtin(workspace: Path, builtins: Path) -> None:
    templates(workspace, "eject", "invoice")
    (workspace / "templates/invoice/invoice.html").write_text("my own edit", encoding="utf-8")
    change_builtin_html(builtins)
    code, out, err = templates(workspace, "diff", "invoice")
    assert (code, err) == (0, "")
    version = agencydocs.__version__
    # The unchanged DOCXs are named in file order: the German one (added with the German client) first.
    assert out.startswith(
        f"invoice/invoice.de.docx: built-in unchanged since eject (agencydocs {version})\n"
        f"invoice/invoice.en.docx: built-in unchanged since eject (agencydocs {version})\n"
        f"--- invoice/invoice.html (built-in, agencydocs {version})\n"
        f"+++ invoice/invoice.html (built-in, agencydocs {version})\n"
    )
    assert "\n+<p>NEW-IN-BUILTIN</p>\n" in out
    assert "my own edit" not in out  # the diff is of the built-in, not of the user's copy
    assert [line for line in out.splitlines() if line[:1] in "+-"][2:] == ["+<p>NEW-IN-BUILTIN</p>"]


def test_diff_shows_the_text_change_of_a_docx_builtin(workspace: Path, builtins: Path) -> None:
    templates(workspace, "eject", "invoice")
    change_builtin_docx(builtins)
    code, out, _ = templates(workspace, "diff", "invoice")
    assert code == 0
    changed = [line for line in out.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == ["+Late fees: NEW-DOCX-PARAGRAPH"]
    assert "invoice/invoice.html: built-in unchanged since eject" in out
    assert state_of(templates(workspace, "list")[1], "invoice/invoice.ru.docx") == (
        "overridden: built-in changed since eject"
    )


def test_diff_of_a_group_never_ejected(workspace: Path) -> None:
    assert templates(workspace, "diff", "index") == (
        0,
        "index.html: not ejected with a record; nothing to compare\n",
        "",
    )


@pytest.mark.parametrize("command", ["eject", "diff"])
def test_unknown_name_is_a_usage_error(workspace: Path, command: str) -> None:
    code, _, err = templates(workspace, command, "invoce")
    assert code == 2
    assert err.startswith('Error: unknown template "invoce"; did you mean "invoice"?')


@pytest.mark.parametrize(
    ("content", "warning"),
    [
        ("{not json", "not valid JSON"),
        ('["a list"]', 'expected an object with a "files" object; ignored'),
        (
            '{"files": {"../../etc/passwd": {"version": "1", "sha256": "' + "0" * 64 + '"}}}',
            "files: '../../etc/passwd': not a template path (contains '..', '.' or an empty part); entry ignored",
        ),
        (
            '{"files": {"invoice/invoice.html": {"version": "1", "sha256": "xyz"}}}',
            "files: 'invoice/invoice.html': \"sha256\" must be 64 lowercase hex digits; entry ignored",
        ),
        ('{"files": {"invoice/invoice.html": 3}}', "expected an object; entry ignored"),
    ],
)
def test_a_broken_record_is_a_warning(workspace: Path, content: str, warning: str) -> None:
    templates(workspace, "eject", "invoice")
    (workspace / RECORD).write_text(content, encoding="utf-8")
    code, listing, err = templates(workspace, "list")
    assert code == 0
    assert err.startswith(f"warning: {RECORD}: ") and warning in err
    assert state_of(listing, "invoice/invoice.html") == "overridden: no eject record"
    assert templates(workspace, "diff", "invoice")[0] == 0
    # Ejecting again rewrites the record with the valid entries only.
    assert templates(workspace, "eject", "invoice", "--force")[0] == 0
    assert templates(workspace, "list")[2] == ""


def test_eject_help_lists_every_group(workspace: Path) -> None:
    help_text = " ".join(templates(workspace, "eject", "--help")[1].split())
    missing = [
        group for group in template_admin.template_groups() if not re.search(rf"\b{group}\b", help_text)
    ]
    assert missing == []


def test_a_linked_record_is_not_followed(workspace: Path, tmp_path: Path) -> None:
    templates(workspace, "eject", "index")
    secret = tmp_path / "secret.json"
    secret.write_text('{"files": {}}', encoding="utf-8")
    (workspace / RECORD).unlink()
    (workspace / RECORD).symlink_to(secret)
    code, _, err = templates(workspace, "list")
    assert (code, err) == (0, f"warning: {RECORD}: not a regular file under 1 MB; ignored\n")
    assert templates(workspace, "eject", "index", "--force")[0] == 0
    assert secret.read_text(encoding="utf-8") == '{"files": {}}'  # the link was replaced, not written through
    assert not (workspace / RECORD).is_symlink()


def test_eject_refuses_a_templates_folder_leading_outside(workspace: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (workspace / "templates").symlink_to(outside)
    code, _, err = templates(workspace, "eject", "index")
    assert code == 1
    assert err == (
        f"Error: templates: is a link to {outside}, outside the workspace; "
        "agencydocs reads and writes only inside the workspace (make templates/ a folder)\n"
    )
    assert list(outside.iterdir()) == []
