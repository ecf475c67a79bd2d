"""Rewrite ``tests/snapshots/`` from a fresh build of the example workspace.

Run ``python scripts/update_snapshots.py`` after an intended change to a
rendered document, review ``git diff tests/snapshots`` and commit it with the
change. The example workspace is copied to a temporary folder and built there
in every format (the repository's own ``output/`` is left alone); snapshots of
outputs that no longer exist are removed. Running it twice writes the same
bytes. What a snapshot holds is described in ``tests/snapshot_text.py``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # `tests` is a folder of the repository, not an installed package

from agencydocs.building.builder import build  # noqa: E402
from tests.helpers import example_workspace  # noqa: E402
from tests.snapshot_text import SNAPSHOTS, output_texts, write_snapshots  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="agencydocs-snapshots-") as folder:
        root = example_workspace(Path(folder))
        build(root)
        texts = output_texts(root / "output")
    changed, removed = write_snapshots(texts)
    where = SNAPSHOTS.relative_to(REPO)
    for name in changed:
        print(f"updated  {where}/{name}.txt")
    for name in removed:
        print(f"removed  {where}/{name}.txt")
    print(f"{len(texts)} snapshot(s), {len(changed)} updated, {len(removed)} removed")


if __name__ == "__main__":
    main()
