"""The package's layout is the one the README describes, and every module imports on its own.

README "Development" holds the module map: one line per module and package,
indented by folder. A module added, moved or removed without its line fails
here, with the lines to paste (each module's own first docstring line).
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO_ROOT

PACKAGE = REPO_ROOT / "agencydocs"
README = REPO_ROOT / "README.md"
MAX_TOP_LEVEL_MODULES = 10  # the "at most ~10 modules at the package top"
_ENTRY = re.compile(r"^(?P<indent>(?:  )*)(?P<name>[\w.]+/?)(?:\s{2,}(?P<text>\S.*))?$")


def _module_map() -> list[str]:
    """The code block right after README's "## Development" heading."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Development\n", 1)[1]
    block = section.split("```\n", 2)[1]
    return block.rstrip("\n").splitlines()


def _listed_paths() -> dict[str, str]:
    """Path (relative to the repository) -> description, from the README's indented map."""
    lines = _module_map()
    assert lines[0] == "agencydocs/", "the module map starts with the package folder"
    stack: list[str] = ["agencydocs"]
    listed: dict[str, str] = {}
    for line in lines[1:]:
        match = _ENTRY.match(line)
        assert match, f"module map line is not `name  description`: {line!r}"
        depth = len(match["indent"]) // 2
        assert 1 <= depth <= len(stack), f"module map line indented too far: {line!r}"
        del stack[depth:]
        name = match["name"]
        path = "/".join([*stack, name.rstrip("/")])
        listed[path + ("/" if name.endswith("/") else "")] = match["text"] or ""
        if name.endswith("/"):
            stack.append(name.rstrip("/"))
    return listed


def _python_modules() -> dict[str, str]:
    """Every module and package of the tree -> its docstring's first line."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        relative = path.relative_to(REPO_ROOT)
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        first = doc.strip().splitlines()[0] if doc.strip() else ""
        if path.name == "__init__.py":
            if relative.parent != Path("agencydocs"):
                found[relative.parent.as_posix() + "/"] = first
        elif path.name != "__main__.py":
            found[relative.as_posix()] = first
    return found


def test_the_readme_module_map_lists_every_module_and_nothing_else() -> None:
    listed, actual = _listed_paths(), _python_modules()
    data_folders = {path for path in listed if path.endswith("/") and path not in actual}
    missing = sorted(set(actual) - set(listed))
    extra = sorted(path for path in set(listed) - set(actual) - data_folders)
    not_there = sorted(path for path in data_folders if not (REPO_ROOT / path).is_dir())
    suggestions = "\n".join(f"  {path}  {actual[path]}" for path in missing)
    assert not missing, f"README module map lacks:\n{suggestions}"
    assert not extra and not not_there, f"README module map lists what is not there: {extra + not_there}"


def test_every_module_in_the_map_says_what_it_is_for() -> None:
    empty = [path for path, text in _listed_paths().items() if not text]
    assert not empty


def test_the_package_top_holds_at_most_ten_modules() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top


@pytest.mark.slow
def test_every_module_imports_on_its_own() -> None:
    """Import order must not matter: a cycle that only works when something else
    was imported first breaks the next caller that starts elsewhere."""
    script = (
        "import importlib, sys\n"
        "failures = []\n"
        "for name in sys.argv[1:]:\n"
        "    for loaded in [m for m in sys.modules if m == 'agencydocs' or m.startswith('agencydocs.')]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as exc:\n"
        "        failures.append(f'{name}: {exc!r}')\n"
        "print('\\n'.join(failures))\n"
    )
    modules = [
        ".".join(path.relative_to(REPO_ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in sorted(PACKAGE.rglob("*.py"))
        if "__pycache__" not in path.parts and path.name != "__main__.py"
    ]
    result = subprocess.run(
        [sys.executable, "-c", script, *modules], capture_output=True, text=True, cwd=REPO_ROOT, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
