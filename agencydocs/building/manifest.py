"""``output/.agencydocs-manifest.json``: what was built from what, per document and format.

For every document: its number, title and owner; the inputs its last build
read (workspace-relative path -> SHA-256, and listings such as "which
addenda exist", see ``dependencies.py``); and per output format a key (the
tool, its templates and fonts, the format, those inputs) with the path and
SHA-256 of the file written. A build skips a format whose key, inputs and
file are unchanged, so ``build --format pdf`` after a full build keeps the
HTML and DOCX records; the record also proves which inputs an issued PDF was
built from. The file is sorted JSON without timestamps, so the same build
gives the same manifest.

The manifest lies in ``output/`` where anyone can edit it, so it is untrusted
input: it is validated (schema, types, size, version) and every path in it
must be a plain ``<client>/<project>/<name>.<format>`` path inside
``output/``; every recorded input a plain relative path inside the workspace
(read, when the next build compares it, only through ``read_file``: confined,
never through a link out). A manifest that fails is ignored with one warning, which means
a full rebuild and no deletions; an old format version is ignored silently.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from agencydocs.building.confined import OutputDir, relative_problem
from agencydocs.errors import Problem
from agencydocs.rendering.formats import FORMAT_NAMES, file_suffix

if TYPE_CHECKING:
    from agencydocs.building.dependencies import InputState

MANIFEST_NAME = ".agencydocs-manifest.json"
FORMAT_VERSION = 3
OLD_VERSIONS = (1, 2)  # written by earlier releases: a full rebuild, no warning
MAX_MANIFEST_BYTES = 64 * 1024 * 1024  # ~50,000 documents; anything larger was not written by us
OUTPUT_PATH_PARTS = 3  # <client>/<project>/<kind>-<number>.<format>, as build.plan_targets names them

# Why a document would (not) be rendered by the next build: never built,
# built from other inputs (or not in this format), or an output file missing
# or changed since it was written.
Freshness = Literal["up to date", "new", "changed", "output edited"]
OUTPUT_FORMATS = FORMAT_NAMES
_Hex = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
_Text = Annotated[str, Field(max_length=4096)]
_Digest = Annotated[str, Field(pattern=r"^([0-9a-f]{64}|missing)$")]  # "missing": absent or refused
# documents, documents:<kind>[:<project>], number:<kind>:<number>, clients, projects, folder:<path>
# (see workspace/view.py)
_LISTING = re.compile(
    r"documents(:[a-z_]{1,40}(:[^/\x00-\x1f]{1,1000})?)?|number:[a-z_]{1,40}:[^\x00-\x1f]{1,1000}"
    r"|clients|projects|folder:.{1,1000}"
)
MAX_INPUTS = 10_000  # per document; a real one reads dozens


class _Record(BaseModel):
    # strict: a number where a string belongs is tampering, not something to coerce.
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)


class Output(_Record):
    """One written file: the inputs it was built from and its bytes."""

    key: _Hex
    path: _Text  # relative to output/, POSIX separators
    sha256: _Hex


class Entry(_Record):
    """The record of one built document."""

    kind: _Text
    number: _Text
    title: _Text
    note: _Text
    client: _Text
    project: _Text
    outputs: dict[str, Output] = Field(default_factory=dict)  # format -> file
    inputs: dict[str, _Digest] = Field(default_factory=dict, max_length=MAX_INPUTS)  # path -> digest
    listings: dict[str, _Hex] = Field(default_factory=dict, max_length=MAX_INPUTS)  # name -> digest

    @field_validator("inputs")
    @classmethod
    def _inside_workspace(cls, inputs: dict[str, str]) -> dict[str, str]:
        for path in inputs:
            _check_workspace_path(path)
        return inputs

    @field_validator("listings")
    @classmethod
    def _known_listings(cls, listings: dict[str, str]) -> dict[str, str]:
        for name in listings:
            if not _LISTING.fullmatch(name):
                raise ValueError(f"unknown listing {name[:80]!r}")
            if name.startswith("folder:"):
                _check_workspace_path(name.removeprefix("folder:"))
        return listings

    @field_validator("outputs")
    @classmethod
    def _confined(cls, outputs: dict[str, Output]) -> dict[str, Output]:
        for fmt, output in outputs.items():
            if fmt not in OUTPUT_FORMATS:
                raise ValueError(f"unknown format {fmt[:20]!r}")
            problem = relative_problem(output.path)
            parts = output.path.split("/")
            if problem is None and (len(parts) != OUTPUT_PATH_PARTS or parts[-1].startswith(".")):
                problem = "is not a <client>/<project>/<file> path"
            if problem is None and not output.path.endswith(file_suffix(fmt)):
                problem = f"does not end with {file_suffix(fmt)}"
            if problem is not None:
                raise ValueError(f"{fmt} path {output.path[:80]!r} {problem}")
        return outputs


def _check_workspace_path(path: str) -> None:
    problem = _workspace_path_problem(path)
    if problem is not None:
        raise ValueError(f"input {path[:80]!r} {problem.replace('output/', 'the workspace')}")


@functools.lru_cache(maxsize=1 << 14)
def _workspace_path_problem(path: str) -> str | None:
    """``relative_problem`` once per path: the agency's, clients' and projects' files are inputs of many documents."""
    return relative_problem(path)


class _ManifestFile(_Record):
    format: Literal[3]
    documents: dict[Annotated[str, Field(max_length=4096)], Entry]


class Manifest:
    def __init__(
        self, output: OutputDir, entries: dict[str, Entry] | None = None, warning: Problem | None = None
    ) -> None:
        self.output = output
        self.entries: dict[str, Entry] = entries or {}
        self.warning = warning  # why the file on disk was ignored

    @property
    def output_dir(self) -> Path:
        return self.output.path

    @classmethod
    def load(cls, output: OutputDir) -> Manifest:
        """Read and validate the manifest; a missing, old or invalid one means "build everything"."""
        try:
            entries = _read(output)
        except _Ignored as ignored:
            if not ignored.reason:
                return cls(output)
            problem = Problem(
                output.show(MANIFEST_NAME), message=f"{ignored.reason}; ignored, every document is rebuilt",
                severity="warning",
            )  # fmt: skip
            return cls(output, warning=problem)
        return cls(output, entries)

    def relative(self, path: Path) -> str:
        return path.relative_to(self.output.path).as_posix()

    def format_freshness(self, source: str, fmt: str, path: Path, state: InputState) -> Freshness:
        """Whether ``source``'s file in ``fmt`` was built from the inputs of ``state`` and is on disk as built."""
        entry = self.entries.get(source)
        if entry is None:
            return "new"
        output = entry.outputs.get(fmt)
        if output is None or output.key != state.entry_key(fmt, entry) or not state.unchanged_entry(entry):
            return "changed"
        if output.path != self.relative(path) or self.output.digest(output.path) != output.sha256:
            return "output edited"
        return "up to date"

    def freshness(self, source: str, outputs: Mapping[str, Path], state: InputState) -> Freshness:
        """The document's state over the formats of ``outputs``: the worst one of them."""
        states = {self.format_freshness(source, fmt, path, state) for fmt, path in outputs.items()}
        worst: tuple[Freshness, ...] = ("new", "changed", "output edited")
        return next((state for state in worst if state in states), "up to date")

    def stale_formats(self, source: str, outputs: Mapping[str, Path], state: InputState) -> list[str]:
        """The formats of ``outputs`` that the next build must render."""
        return [
            fmt
            for fmt, path in outputs.items()
            if self.format_freshness(source, fmt, path, state) != "up to date"
        ]

    def forget(self, source: str, formats: list[str]) -> None:
        """Drop the records of ``formats`` (their files may be half-updated); keep the others."""
        entry = self.entries.get(source)
        if entry is None:
            return
        kept = {fmt: out for fmt, out in entry.outputs.items() if fmt not in formats}
        if kept:
            self.entries[source] = entry.model_copy(update={"outputs": kept})
        else:
            del self.entries[source]

    def save(self) -> None:
        documents = {source: self.entries[source].model_dump(mode="json") for source in sorted(self.entries)}
        text = json.dumps(
            {"format": FORMAT_VERSION, "documents": documents}, ensure_ascii=False, indent=1, sort_keys=True
        )
        self.output.write(MANIFEST_NAME, (text + "\n").encode("utf-8"))


class _Ignored(Exception):
    """The manifest on disk is not used; ``reason`` is empty when that needs no warning."""

    def __init__(self, reason: str = "") -> None:
        super().__init__(reason)
        self.reason = reason


def _read(output: OutputDir) -> dict[str, Entry]:
    if not output.path.is_dir():
        raise _Ignored()  # no output/ yet (or a file there, which build reports): nothing was built
    kind = output.kind(MANIFEST_NAME)
    if kind == "missing":
        raise _Ignored()
    if kind != "file":
        raise _Ignored(f"is a {kind}, not a file" if kind in ("folder", "link") else "is not a regular file")
    data = output.read(MANIFEST_NAME, limit=MAX_MANIFEST_BYTES)
    if data is None:
        raise _Ignored(f"is unreadable or larger than {MAX_MANIFEST_BYTES // 2**20} MiB")
    try:
        parsed = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise _Ignored("is not UTF-8 text") from None
    except (ValueError, RecursionError) as exc:
        raise _Ignored(f"is not valid JSON ({str(exc)[:80]})") from None
    if not isinstance(parsed, dict):
        raise _Ignored(f"is a JSON {type(parsed).__name__}, not an object")
    version = parsed.get("format")
    if isinstance(version, int) and not isinstance(version, bool) and version in OLD_VERSIONS:
        raise _Ignored()
    if version != FORMAT_VERSION:
        raise _Ignored(
            f"has an unknown format version {_short(version)} (this release reads {FORMAT_VERSION})"
        )
    try:
        return _ManifestFile.model_validate(parsed).documents
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in error["loc"])
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        message = error["msg"].removeprefix("Value error, ")
        raise _Ignored(_printable(f"{where[:200]}: {message[:200]}{more}")) from None


def _printable(text: str) -> str:
    # Keys come from the file: a newline in one must not split the warning into two lines.
    return "".join(char if char.isprintable() else "?" for char in text)


def _short(value: object) -> str:
    text = repr(value) if not isinstance(value, int) or value.bit_length() < 64 else "(a huge number)"
    return text if len(text) <= 40 else text[:37] + "..."
