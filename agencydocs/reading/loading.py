"""Strict YAML loading that remembers where every value came from.

PyYAML's constructor applies YAML 1.1 rules (``NO`` -> False, ``012`` -> 10,
``1:30`` -> 90, floats for money) and forgets positions. We therefore only
*compose* the node tree with libyaml's C parser (fast, keeps marks) and build
plain Python data ourselves: mappings become dicts, sequences lists, and every
scalar stays the exact text the user typed (``None`` for an empty or ``null``
plain scalar). Pydantic decides what the text means, field by field.

Refused, each with a position: non-UTF-8 bytes, control characters, anchors
and aliases, explicit tags, duplicate keys, non-string keys, an empty file, a
root that is not a mapping, and files over a size cap (checked before
reading the content).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from agencydocs.errors import Problem
from agencydocs.reading.files import RefusedFile, read_file
from agencydocs.reading.invisible import (
    ANY_INVISIBLE,
    DIRECTION_CONTROLS,
    ZERO_WIDTH,
    Found,
    direction_message,
    locate,
    zero_width_message,
)
from agencydocs.reading.nesting import nesting_problem

_IMPLICIT_SCALAR, _IMPLICIT_SEQ, _IMPLICIT_MAP = "?scalar", "?seq", "?map"


class _NoResolver:
    """Gives every untagged node a placeholder tag.

    PyYAML's resolver runs YAML 1.1 regexes on every scalar (in Python, even
    under libyaml); we never use the implicit types, so skipping it speeds
    up composing by a third. A node whose tag is not a placeholder had an
    explicit tag in the source.
    """

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        if kind is yaml.ScalarNode:
            return _IMPLICIT_SCALAR
        return _IMPLICIT_SEQ if kind is yaml.SequenceNode else _IMPLICIT_MAP


try:
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - libyaml missing; still correct, only slower
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _PureParser(Reader, Scanner, Parser, Composer):
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)

    _Parser = _PureParser  # type: ignore[misc, assignment]


class _Loader(_Parser, _NoResolver):
    """libyaml's parser and composer, with our placeholder resolver."""


DEFAULT_MAX_FILE_SIZE = 1024 * 1024

Loc = tuple[str | int, ...]
Mark = tuple[int, int]  # 1-based line and column

_NULLS = {"", "~", "null", "Null", "NULL"}
# Tab, LF and CR (Windows line ends) are the only control characters a YAML
# file needs; anything else is pasted garbage and would corrupt a DOCX.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_YAML_TAG_PREFIX = "tag:yaml.org,2002:"


class LoadError(Exception):
    """A file could not be loaded; carries the problems found."""

    def __init__(self, problems: list[Problem], data: dict[str, Any] | None = None) -> None:
        super().__init__("; ".join(p.format() for p in problems))
        self.problems = problems
        # What could be read despite the problems (e.g. a refused character in one
        # value): enough to know a document's kind and number, so that references
        # to it are not reported as unknown as well.
        self.data = data


@dataclass
class LoadedFile:
    """A YAML file as plain data plus the position of every value and key."""

    path: Path
    display: str
    data: dict[str, Any]
    positions: dict[Loc, Mark] = field(default_factory=dict)
    key_positions: dict[Loc, Mark] = field(default_factory=dict)
    # Where a value holds a zero-width character; allowed only in free text,
    # which the model knows (``validation`` applies the policy).
    invisible: dict[Loc, Found] = field(default_factory=dict)
    # Values that may show a Markdown image (``![...](path)``), for ``check`` to verify the file.
    image_texts: list[Loc] = field(default_factory=list)
    # SHA-256 of the bytes read: what the build records as this input's state.
    sha256: str = ""

    def position(self, loc: Loc) -> Mark:
        """Best position for a field path: the value, else its key, else the nearest parent."""
        loc = tuple(loc)
        while True:
            if loc in self.positions:
                return self.positions[loc]
            if loc in self.key_positions:
                return self.key_positions[loc]
            if not loc:
                return (1, 1)
            loc = loc[:-1]

    def key_position(self, loc: Loc) -> Mark:
        """Position of the key that names ``loc`` (for unknown-field errors)."""
        return self.key_positions.get(tuple(loc)) or self.position(loc)


def load_yaml_file(
    path: Path, display: str, max_bytes: int = DEFAULT_MAX_FILE_SIZE, *, root: Path | None = None
) -> LoadedFile:
    """Load one YAML file strictly. Raises :class:`LoadError` listing every problem.

    ``root`` is the workspace the file must stay in (see :mod:`agencydocs.reading.files`);
    None for the package's built-in files.
    """
    try:
        raw = read_file(path, root=root, max_bytes=max_bytes)
    except RefusedFile as exc:
        raise LoadError([Problem(display, message=str(exc))]) from None
    from agencydocs.reading import parse_store  # it imports this module

    store = parse_store.active()
    if _parsed is None and store is None:
        return load_yaml_bytes(raw, path, display)
    digest = hashlib.sha256(raw)
    key = (path, display, digest.digest())
    loaded = _parsed.get(key) if _parsed is not None else None
    if loaded is None and store is not None:
        loaded = store.loaded(path, display, digest.hexdigest())
    if loaded is None:
        loaded = load_yaml_bytes(raw, path, display)  # a file with errors raises: not kept
        if store is not None:
            store.keep_loaded(loaded)
    if _parsed is not None:
        if len(_parsed) >= MAX_PARSED:
            _parsed.clear()
        _parsed[key] = loaded
    return loaded


# ``agencydocs serve`` checks the whole workspace again after every save, in
# one long-lived process: it keeps each file's parse, keyed by its bytes, so
# that only the files that changed are parsed again (most of a check's time in
# a big workspace). Nothing else keeps them: a command parses each file once.
_parsed: dict[tuple[Path, str, bytes], LoadedFile] | None = None
MAX_PARSED = 50_000  # files; beyond that (a huge workspace) start over rather than grow


def parses_kept() -> bool:
    """Whether this process keeps parsed files (and so their validation; see ``validation.py``)."""
    return _parsed is not None


def keep_parsed_files() -> None:
    """Parse each file again only when its bytes change (for a long-lived process; see above)."""
    global _parsed
    if _parsed is None:
        _parsed = {}


def load_yaml_bytes(raw: bytes, path: Path, display: str) -> LoadedFile:
    text = _decode(raw, display)
    _check_control_characters(text, display)
    too_deep = nesting_problem(text, display, _Loader)
    if too_deep is not None:
        raise LoadError([too_deep])
    try:
        # types-PyYAML names PyYAML's own loaders only; PyYAML takes any parser + composer + resolver.
        root = yaml.compose(text, Loader=_Loader)  # type: ignore[arg-type]
    except yaml.YAMLError as exc:
        raise LoadError([_yaml_error_problem(exc, text, display)]) from exc
    if root is None:
        raise LoadError([Problem(display, 1, 1, message="file is empty; expected a YAML mapping")])
    if "&" in text:
        _check_anchors(text, display)
    builder = _TreeBuilder(display, text)
    data = builder.build(root)
    builder.check_comments()
    if builder.problems:
        raise LoadError(builder.problems, data if isinstance(data, dict) else None)
    if not isinstance(data, dict):
        line, col = _mark(root)
        raise LoadError([Problem(display, line, col, message="the top level must be a mapping of fields")])
    return LoadedFile(
        path, display, data, builder.positions, builder.key_positions, builder.invisible, builder.image_texts,
        sha256=hashlib.sha256(raw).hexdigest(),
    )  # fmt: skip


def _decode(raw: bytes, display: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        # Everything before the first bad byte is valid UTF-8: count characters, not bytes.
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8")) + 1
        raise LoadError(
            [
                Problem(
                    display,
                    line,
                    column,
                    message=f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                )
            ]
        ) from exc
    return text.removeprefix("\ufeff")


def _check_control_characters(text: str, display: str) -> None:
    problems = []
    for match in _CONTROL_CHARS.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        code = f"U+{ord(match.group()):04X}"
        problems.append(Problem(display, line, column, message=f"control character {code} is not allowed"))
        if len(problems) >= 10:
            break
    if problems:
        raise LoadError(problems)


def _check_anchors(text: str, display: str) -> None:
    """Refuse anchors even when no alias uses them: they are never needed here."""
    for event in yaml.parse(text, Loader=_Loader):  # type: ignore[arg-type]  # as in load_yaml_bytes
        anchor = getattr(event, "anchor", None)
        if anchor is not None and not isinstance(event, yaml.AliasEvent):
            assert event.start_mark is not None  # the parser marks every event it emits
            line, col = event.start_mark.line + 1, event.start_mark.column + 1
            raise LoadError(
                [
                    Problem(
                        display,
                        line,
                        col,
                        message=f"anchors and aliases (&{anchor}, *{anchor}) are not allowed; "
                        "repeat the value",
                    )
                ]
            )


def _yaml_error_problem(exc: yaml.YAMLError, text: str, display: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    source_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    indentation = source_line[: len(source_line) - len(source_line.lstrip())]
    if "\t" in indentation:
        col = indentation.index("\t") + 1
        message = "tab character in indentation; indent with spaces"
    elif str(problem).startswith("but found another document"):
        message = "only one YAML document per file is allowed; remove the '---' line"
    elif context:
        message = f"invalid YAML: {problem} ({context})"
    else:
        message = f"invalid YAML: {problem}"
    return Problem(display, line, col, message=message)


def _mark(node: yaml.Node) -> Mark:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _TreeBuilder:
    """Turns composed nodes into plain data, recording positions and problems."""

    def __init__(self, display: str, text: str) -> None:
        self.display = display
        # Escapes can only be written with "\\" and aliases with "*": most files
        # have neither, and skipping those checks speeds up the walk.
        self._check_escapes = "\\" in text
        self._check_aliases = "*" in text
        self._check_invisible = self._check_escapes or ANY_INVISIBLE.search(text) is not None
        self._lines = text.splitlines() if self._check_invisible else []
        self.invisible: dict[Loc, Found] = {}
        self._check_images = "![" in text
        self.image_texts: list[Loc] = []
        self._lines_with_values: set[int] = set()  # 0-based lines of values that held a direction control
        self.positions: dict[Loc, Mark] = {}
        self.key_positions: dict[Loc, Mark] = {}
        self.problems: list[Problem] = []
        self._seen: set[int] = set()

    def build(self, node: yaml.Node, loc: Loc = ()) -> Any:
        mark = node.start_mark
        self.positions[loc] = (mark.line + 1, mark.column + 1)
        if self._check_aliases:
            # The composer returns the *same* node object for an alias, so seeing a
            # node twice means an alias: refuse it before walking (billion laughs).
            if id(node) in self._seen:
                self._problem(node, loc, "aliases (*name) are not allowed; repeat the value")
                return None
            self._seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, loc)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        self._check_tag(node, _IMPLICIT_SEQ, loc)  # the composer makes no other kind
        return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        self._check_tag(node, _IMPLICIT_MAP, loc)
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                self._problem(key_node, loc, "keys must be plain names (no merge keys or complex keys)")
                continue
            key = key_node.value
            key_line = key_node.start_mark.line + 1
            if self._check_escapes:
                self._check_text(key_node, loc, key)  # not (*loc, key): the field would print it
            if self._check_invisible:
                self._invisible_in_key(key_node, loc, key)
            if key in first_seen:
                self._problem(
                    key_node, (*loc, key), f'duplicate key "{key}" (first defined on line {first_seen[key]})'
                )
                continue
            first_seen[key] = key_line
            self.key_positions[(*loc, key)] = (key_line, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, (*loc, key))
        return result

    def _scalar(self, node: yaml.ScalarNode, loc: Loc) -> str | None:
        plain = not node.style
        if node.tag != _IMPLICIT_SCALAR:
            self._tag_problem(node, loc)
        if self._check_escapes:
            self._check_text(node, loc, node.value)
        if self._check_invisible:
            self._invisible_in_value(node, loc, node.value)
        if self._check_images and "![" in node.value:
            self.image_texts.append(loc)
        if plain and node.value in _NULLS:
            return None
        return node.value

    def _check_text(self, node: yaml.Node, loc: Loc, value: str) -> None:
        # The raw text was checked already; this catches escapes in quoted
        # scalars ("\a", "\f", "\x07") that decode to control characters.
        match = _CONTROL_CHARS.search(value)
        if match:
            code = f"U+{ord(match.group()):04X}"
            self._problem(node, loc, f"control character {code} (written as an escape) is not allowed")

    def _invisible_in_value(self, node: yaml.Node, loc: Loc, value: str) -> None:
        """Refuse a direction control; note a zero-width character for the model's policy."""
        control = DIRECTION_CONTROLS.search(value)
        if control is not None:
            self._invisible_problem(node, loc, control.group())
            return
        zero_width = ZERO_WIDTH.search(value)
        if zero_width is not None:
            self.invisible[loc] = (*self._locate(node, zero_width.group()), zero_width.group())

    def _invisible_in_key(self, node: yaml.Node, loc: Loc, key: str) -> None:
        # A key is a field name or an id, never free text: no invisible character at all.
        found = DIRECTION_CONTROLS.search(key) or ANY_INVISIBLE.search(key)
        if found is not None:
            self._invisible_problem(node, loc, found.group())  # loc, not (*loc, key), as _check_text

    def check_comments(self) -> None:
        """A direction control outside any value is in a comment, where it can still hide a value
        on its line from a reviewer (Trojan Source): refuse it too."""
        if not self._check_invisible:
            return
        for number, line in enumerate(self._lines):
            found = DIRECTION_CONTROLS.search(line)
            if found is not None and number not in self._lines_with_values:
                message = direction_message(found.group())
                self.problems.append(Problem(self.display, number + 1, found.start() + 1, message=message))

    def _invisible_problem(self, node: yaml.Node, loc: Loc, char: str) -> None:
        end = node.end_mark.line + (1 if node.end_mark.column else 0)  # a block scalar ends at column 0 below
        self._lines_with_values.update(range(node.start_mark.line, max(end, node.start_mark.line + 1)))
        line, col = self._locate(node, char)
        message = direction_message(char) if DIRECTION_CONTROLS.match(char) else zero_width_message(char)
        self.problems.append(Problem(self.display, line, col, format_loc(loc), message))

    def _locate(self, node: yaml.Node, char: str) -> Mark:
        """Where ``char`` is typed inside ``node``, else (written as an escape) where the node starts."""
        return locate(self._lines, node.start_mark.line, node.end_mark.line, char) or _mark(node)

    def _check_tag(self, node: yaml.Node, expected: str, loc: Loc) -> None:
        if node.tag != expected:
            self._tag_problem(node, loc)

    def _tag_problem(self, node: yaml.Node, loc: Loc) -> None:
        # Show the tag as typed ("!!int"), not as resolved ("tag:yaml.org,2002:int").
        tag = node.tag.replace(_YAML_TAG_PREFIX, "!!", 1)
        self._problem(node, loc, f"tags ({tag}) are not allowed; write the plain value")

    def _problem(self, node: yaml.Node, loc: Loc, message: str) -> None:
        line, col = _mark(node)
        self.problems.append(Problem(self.display, line, col, format_loc(loc), message))


def format_loc(loc: Loc) -> str:
    """``("lines", 2, "price")`` -> ``lines[2].price``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
