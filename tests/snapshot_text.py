"""Text snapshots of built documents: what ``tests/snapshots/`` holds and how it is made.

Each output file ``output/<client>/<project>/<name>.<format>`` has one snapshot
``tests/snapshots/<client>/<project>/<name>.<format>.txt``, text that shows a
change to the rendered document as a readable diff:

- HTML: the file itself, with every ``data:`` URI (logo, QR code, charts)
  replaced by its media type, size and a hash, and trailing spaces removed;
- DOCX: the paragraphs and table cells of ``word/document.xml`` in document
  order, one per line (a cell starts with ``| ``, one more per nesting level;
  ``|-`` starts a row), then each header and footer part the same way;
- PDF: ``pdftotext -layout``, with a ``--- page N ---`` line between pages.

The normaliser is ``agencydocs/rendering/textconv.py``, the one ``agencydocs textconv``
uses, so a snapshot diff reads like a ``git diff`` of committed outputs.

``python scripts/update_snapshots.py`` rewrites them all from a fresh build;
``tests/test_snapshots.py`` compares a fresh build with them.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from agencydocs.rendering.textconv import FORMATS, docx_text, format_text, html_text

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
SUFFIX = ".txt"
UPDATE_COMMAND = "python scripts/update_snapshots.py"

# The snapshot names of the shared normalisers (agencydocs/rendering/textconv.py), used by the tests.
html_snapshot = html_text
docx_snapshot = docx_text


def output_texts(output: Path) -> dict[str, str]:
    """The snapshot text of every HTML, DOCX and PDF file under ``output``, keyed by its relative path."""
    texts = {}
    for path in sorted(output.rglob("*")):
        fmt = path.suffix.lstrip(".")
        if path.is_file() and fmt in FORMATS:
            texts[path.relative_to(output).as_posix()] = snapshot_text(path)
    return texts


def snapshot_text(path: Path) -> str:
    """The normalised text of one output file, its format told by its suffix (a build names it)."""
    return format_text(path, path.suffix.lstrip("."))


def snapshot_file(name: str) -> Path:
    """Where the snapshot of output file ``name`` (e.g. ``romashka/x/invoice-1.pdf``) lives."""
    return SNAPSHOTS / f"{name}{SUFFIX}"


def committed_snapshots() -> dict[str, Path]:
    """The committed snapshots, keyed by the output file they describe."""
    return {
        path.relative_to(SNAPSHOTS).as_posix().removesuffix(SUFFIX): path
        for path in sorted(SNAPSHOTS.rglob(f"*{SUFFIX}"))
    }


def write_snapshots(texts: dict[str, str]) -> tuple[list[str], list[str]]:
    """Make ``tests/snapshots/`` hold exactly ``texts``; return the names changed and removed."""
    changed = []
    for name, text in texts.items():
        target = snapshot_file(name)
        if not target.is_file() or target.read_bytes() != text.encode("utf-8"):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
            changed.append(name)
    removed = sorted(set(committed_snapshots()) - set(texts))
    for name in removed:
        snapshot_file(name).unlink()
    for folder in sorted((p for p in SNAPSHOTS.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return changed, removed


def unified_diff(name: str, expected: str, actual: str, limit: int = 80) -> str:
    """The unified diff from the committed snapshot to the fresh text, cut after ``limit`` lines."""
    lines = list(
        difflib.unified_diff(
            expected.splitlines(),
            actual.splitlines(),
            fromfile=f"tests/snapshots/{name}{SUFFIX} (committed)",
            tofile=f"{name} (this build)",
            lineterm="",
        )
    )
    if len(lines) > limit:
        lines = [*lines[:limit], f"... {len(lines) - limit} more diff lines"]
    return "\n".join(lines)
