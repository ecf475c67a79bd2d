"""``output/.agencydocs-manifest.json``: what was built from what.

For every document: the hash of its inputs (see ``dependencies.py``), and the
path and SHA-256 of each output file. A build skips a document whose key and
outputs are unchanged; the record also proves which inputs an issued PDF was
built from. The file is sorted JSON without timestamps, so the same build
gives the same manifest.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from agencydocs.writing import write_atomic

MANIFEST_NAME = ".agencydocs-manifest.json"
FORMAT_VERSION = 1

# Why a document would (not) be rendered by the next build: never built,
# built from other inputs (or other formats), or an output file missing or
# changed since it was written.
Freshness = Literal["up to date", "new", "changed", "output edited"]


@dataclass
class Entry:
    """The record of one built document."""

    key: str
    kind: str
    number: str
    title: str
    note: str
    client: str
    project: str
    outputs: dict[str, str] = field(default_factory=dict)  # relative output path -> sha256


class Manifest:
    def __init__(self, output_dir: Path, entries: dict[str, Entry] | None = None) -> None:
        self.output_dir = output_dir
        self.entries: dict[str, Entry] = entries or {}

    @classmethod
    def load(cls, output_dir: Path) -> Manifest:
        """Read the manifest; a missing or unreadable one means "build everything"."""
        try:
            data = json.loads((output_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT_VERSION:
                return cls(output_dir)
            entries = {source: Entry(**entry) for source, entry in data["documents"].items()}
        except (OSError, ValueError, TypeError, KeyError):
            return cls(output_dir)
        return cls(output_dir, entries)

    def freshness(self, source: str, key: str, outputs: dict[str, Path]) -> Freshness:
        """ "up to date" when ``source`` was built from ``key`` and its outputs are on disk as built."""
        entry = self.entries.get(source)
        if entry is None:
            return "new"
        if entry.key != key:
            return "changed"
        expected = {path.relative_to(self.output_dir).as_posix() for path in outputs.values()}
        if set(entry.outputs) != expected or any(
            _sha256(self.output_dir / rel) != digest for rel, digest in entry.outputs.items()
        ):
            return "output edited"
        return "up to date"

    def is_fresh(self, source: str, key: str, outputs: dict[str, Path]) -> bool:
        return self.freshness(source, key, outputs) == "up to date"

    def save(self) -> None:
        documents = {source: asdict(self.entries[source]) for source in sorted(self.entries)}
        text = json.dumps(
            {"format": FORMAT_VERSION, "documents": documents}, ensure_ascii=False, indent=1, sort_keys=True
        )
        write_atomic(self.output_dir / MANIFEST_NAME, (text + "\n").encode("utf-8"))


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
