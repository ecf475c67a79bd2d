"""agencydocs: agency paperwork as code."""

from pathlib import Path

__version__ = "0.1.0"

# The installed package: its data folders (templates, locales, fonts, clauses, briefs) sit here.
PACKAGE_DIR = Path(__file__).resolve().parent
