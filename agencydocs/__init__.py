"""agencydocs: agency paperwork as code."""

import functools
import hashlib
from pathlib import Path

__version__ = "0.1.0"

# The installed package: its data folders (templates, locales, fonts, clauses, briefs) sit here.
PACKAGE_DIR = Path(__file__).resolve().parent


@functools.cache
def package_digest() -> str:
    """SHA-256 of the installed package's files (code, templates, locales, fonts, data), once per process."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            file_digest = hashlib.sha256(path.read_bytes()).hexdigest()
            digest.update(f"\n{path.relative_to(PACKAGE_DIR).as_posix()}={file_digest}".encode())
    return digest.hexdigest()
