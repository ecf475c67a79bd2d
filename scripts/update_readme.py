"""Regenerate the CLI reference section of README.md from the commands' --help."""

from pathlib import Path

from agencydocs.commands.reference import update_readme

readme = Path(__file__).resolve().parent.parent / "README.md"
readme.write_text(update_readme(readme.read_text(encoding="utf-8")), encoding="utf-8")
print(f"updated {readme}")
