"""Where an ejected template came from, so later upgrades can be compared with it.

``templates eject`` records, in ``templates/.agencydocs-templates.json``, the
agencydocs version and, per ejected file, the SHA-256 of the built-in it
copied (the copy had the same bytes then). It also keeps the *text* of that
built-in in ``templates/.agencydocs-templates/<path>.txt``: the verbatim
source for an HTML/CSS file, the paragraphs and table cells of
``word/document.xml`` for a DOCX. A hash alone says *that* the built-in
changed; showing *what* changed needs the old text, and the package no longer
has it after an upgrade. Plain text files (not JSON strings, not a second
binary copy of the DOCX) keep the record small, readable and diffable in the
workspace's version control.

The record sits in the workspace and may have been edited by hand, so it is
untrusted: every entry is validated, a broken file is a warning (never a
traceback), and reads and writes go through :class:`~agencydocs.building.confined.OutputDir`
confined to ``templates/`` (no ``..``, no links followed, atomic writes).
"""

from __future__ import annotations

import difflib
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from agencydocs.building.confined import OutputDir, relative_problem
from agencydocs.rendering.templates import WORKSPACE_TEMPLATES

RECORD_NAME = ".agencydocs-templates.json"
TEXT_FOLDER = ".agencydocs-templates"
RECORD_FORMAT = 1
MAX_RECORD_BYTES = 1_000_000
MAX_TEXT_BYTES = 5_000_000
_SHA256 = re.compile(r"[0-9a-f]{64}")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class EjectRecord:
    """One ejected file: the agencydocs version and the built-in's hash at eject time."""

    version: str
    sha256: str


@dataclass(frozen=True)
class RecordFile:
    """The parsed ``.agencydocs-templates.json``: entries that passed validation, and warnings."""

    files: dict[str, EjectRecord]
    warnings: list[str]


def templates_dir(root: Path) -> OutputDir:
    """``templates/`` with confined, link-free reads and atomic writes."""
    return OutputDir(root, WORKSPACE_TEMPLATES)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_record(root: Path) -> RecordFile:
    """The eject record of the workspace; problems become warnings, never exceptions."""
    folder = templates_dir(root)
    where = folder.show(RECORD_NAME)
    if folder.kind(RECORD_NAME) == "missing":
        return RecordFile({}, [])
    data = folder.read(RECORD_NAME, limit=MAX_RECORD_BYTES)
    if data is None:
        return RecordFile({}, [f"{where}: not a regular file under 1 MB; ignored"])
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        return RecordFile({}, [f"{where}: not valid JSON ({exc}); ignored"])
    if not isinstance(parsed, dict) or not isinstance(parsed.get("files"), dict):
        return RecordFile({}, [f'{where}: expected an object with a "files" object; ignored'])
    files: dict[str, EjectRecord] = {}
    warnings: list[str] = []
    for relative, entry in parsed["files"].items():
        problem = _entry_problem(relative, entry)
        if problem:
            warnings.append(f"{where}: files: {relative!r}: {problem}; entry ignored")
        else:
            files[relative] = EjectRecord(entry["version"], entry["sha256"])
    return RecordFile(files, warnings)


def _entry_problem(relative: str, entry: object) -> str | None:
    path_problem = relative_problem(relative)
    if path_problem or relative.startswith("."):
        return f"not a template path ({path_problem or 'hidden'})"
    if not isinstance(entry, dict):
        return "expected an object"
    if not isinstance(entry.get("version"), str) or len(entry["version"]) > 64:
        return '"version" must be a short string'
    if not isinstance(entry.get("sha256"), str) or not _SHA256.fullmatch(entry["sha256"]):
        return '"sha256" must be 64 lowercase hex digits'
    return None


def record_eject(root: Path, builtin: Path, relatives: list[str], version: str) -> None:
    """Add (or replace) the records of ``relatives`` and keep the built-ins' text.

    Raises:
        OutputError: ``templates/`` or a file in it cannot be written.
    """
    folder = templates_dir(root)
    files = dict(read_record(root).files)  # a broken record is rewritten with valid entries only
    for relative in relatives:
        data = (builtin / relative).read_bytes()
        folder.write(text_path(relative), template_text(relative, data).encode("utf-8"))
        files[relative] = EjectRecord(version, sha256(data))
    document = {
        "format": RECORD_FORMAT,
        "files": {rel: {"version": r.version, "sha256": r.sha256} for rel, r in sorted(files.items())},
    }
    folder.write(RECORD_NAME, (json.dumps(document, indent=2) + "\n").encode("utf-8"))


def text_path(relative: str) -> str:
    return f"{TEXT_FOLDER}/{relative}.txt"


def recorded_text(root: Path, relative: str) -> str | None:
    """The built-in's text kept at eject time (None when missing or unreadable)."""
    data = templates_dir(root).read(text_path(relative), limit=MAX_TEXT_BYTES)
    if data is None:
        return None
    return data.decode("utf-8", errors="replace")


def template_text(relative: str, data: bytes) -> str:
    """What a diff compares: the source of a text template, the text of a DOCX."""
    if relative.endswith(".docx"):
        return docx_text(data)
    return data.decode("utf-8", errors="replace")


def docx_text(data: bytes) -> str:
    """The paragraphs of ``word/document.xml``, one a line; a table row as ``cell | cell``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("word/document.xml")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        body = etree.fromstring(xml, parser).find(f"{_W}body")
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        return f"(not a readable DOCX: {exc})\n"
    lines: list[str] = []
    for element in body if body is not None else ():
        if element.tag == f"{_W}p":
            lines.append(_paragraph_text(element))
        elif element.tag == f"{_W}tbl":
            lines += [
                " | ".join(
                    " / ".join(map(_paragraph_text, cell.iter(f"{_W}p"))) for cell in row.iter(f"{_W}tc")
                )
                for row in element.iter(f"{_W}tr")
            ]
    return "".join(line + "\n" for line in lines)


def _paragraph_text(paragraph: etree._Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{_W}t"))


def text_diff(relative: str, old: str, new: str, old_version: str, new_version: str) -> str:
    """A unified diff of the built-in's text from eject time to now."""
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"{relative} (built-in, agencydocs {old_version})",
            tofile=f"{relative} (built-in, agencydocs {new_version})",
        )
    )
