"""Helpers shared by the tests: fixture trees, the example workspace and the CLI runner."""

from __future__ import annotations

import contextlib
import shutil
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from agencydocs.cli import cli

REPO_ROOT = Path(__file__).resolve().parent.parent
# What makes up the example workspace at the repository root.
EXAMPLE_FILES = ("agency.yaml",)
EXAMPLE_DIRS = ("clients", "projects", "assets", "locales", "templates", "payments")


def build_file_tree(root: Path, files: dict[str, str | bytes]) -> None:
    """Write ``files`` (relative path -> content) under ``root``.

    Text is dedented and written as UTF-8; bytes are written unchanged, for
    encodings and line ends a test wants exactly.
    """
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8", newline="\n")


def example_workspace(tmp_path: Path) -> Path:
    """Copy the repository's example workspace into ``tmp_path/workspace`` and return it."""
    target = tmp_path / "workspace"
    target.mkdir()
    for name in EXAMPLE_FILES:
        shutil.copy2(REPO_ROOT / name, target / name)
    for name in EXAMPLE_DIRS:
        if (REPO_ROOT / name).is_dir():
            shutil.copytree(REPO_ROOT / name, target / name)
    return target


def example_documents(root: Path = REPO_ROOT) -> dict[str, dict[str, Any]]:
    """The documents of a workspace (YAML files under ``projects/`` with a ``kind:``): path -> data.

    Read with PyYAML, independently of agencydocs, so that counts in tests follow
    the example workspace instead of being typed in.
    """
    documents = {}
    for path in sorted(root.glob("projects/*/**/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "kind" in data:
            documents[path.relative_to(root).as_posix()] = data
    return documents


def output_file(root: Path, name: str) -> Path:
    """The one file called ``name`` (e.g. ``invoice-2026-014.pdf``) under ``root/output``."""
    [path] = (root / "output").rglob(name)
    return path


def replace_in_file(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` by ``new`` in a UTF-8 file; fails loudly when ``old`` is absent."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not found {count} time(s) in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8", newline="")


def line_of(path: Path, needle: str) -> int:
    """1-based number of the first line of ``path`` containing ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not found in {path}")


@dataclass(frozen=True)
class CliResult:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    @property
    def problem_lines(self) -> list[str]:
        """The ``file:line:col: ...`` lines of stderr, without the summary line."""
        return [line for line in self.stderr.splitlines() if line and not line.startswith(("OK:", "FAILED:"))]


def run_cli(args: Sequence[str], cwd: Path | None = None) -> CliResult:
    """Run ``agencydocs <args>`` in-process, in ``cwd`` when given, keeping stdout and stderr apart."""
    runner = CliRunner()
    with contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext():
        result = runner.invoke(cli, list(args), prog_name="agencydocs")
    # CliRunner turns an unhandled exception into exit code 1, which would pass
    # for a reported error: re-raise it so the test fails with the traceback.
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return CliResult(result.exit_code, result.stdout, result.stderr)
