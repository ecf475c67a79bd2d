"""The README and the CLI stay in step: every command has help and is documented."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from agencydocs.cli import cli
from agencydocs.commands.reference import command_paths, update_readme

README = Path(__file__).resolve().parent.parent / "README.md"


def _command(path: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        found = command.get_command(click.Context(command), name)
        assert found is not None
        command = found
    return command


@pytest.mark.parametrize("path", list(command_paths(cli)), ids=lambda p: " ".join(p) or "agencydocs")
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    command = _command(path)
    assert command.help and len(command.help.strip()) > 20


def test_readme_cli_reference_is_current() -> None:
    text = README.read_text(encoding="utf-8")
    assert update_readme(text) == text, "README CLI reference is stale: run python scripts/update_readme.py"


def apt_packages(script: str) -> list[str]:
    """The packages of the first ``apt-get install … --no-install-recommends`` in a shell text."""
    match = re.search(
        r"apt-get install [^\n]*?--no-install-recommends ([^&>\n]+)", script.replace("\\\n", " ")
    )
    assert match, "no apt-get install --no-install-recommends line"
    return sorted(match.group(1).split())


def test_readme_setup_commands_match_ci() -> None:
    text = README.read_text(encoding="utf-8")
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[test]' && agencydocs build" in text
    assert "python -m pytest" in text and "python -m pytest" in ci
    assert apt_packages(text) == apt_packages(ci)
    # WeasyPrint's libraries, cairo for SVG logos in DOCX, pdftotext and LibreOffice to read outputs, Noto Sans to regenerate the subset.
    needed = {
        "libharfbuzz-subset0",
        "libcairo2",
        "poppler-utils",
        "libreoffice-writer-nogui",
        "libreoffice-impress-nogui",  # LibreOffice opens the slides' PPTX only with Impress
        "libpango-1.0-0",
        "fonts-noto-core",
    }
    assert needed <= set(apt_packages(ci))
