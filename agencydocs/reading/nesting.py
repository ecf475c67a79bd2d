"""The nesting limit of YAML files, checked before composing.

libyaml's composer recurses in C: ``[[[[...]]]]`` 100,000 deep (200 KB)
crashes the interpreter, and the loader's tree walk recurses in Python.
Counting start and end events needs no recursion, but parses the file a
second time, so it runs only when a cheap bound on the depth allows deep
nesting: every flow level needs a ``[`` or ``{`` where a value may start
(not "Invoice {number}"), and every two block levels a deeper start on their
line (indentation and ``- ``/``? ``/``: `` indicators).
"""

from __future__ import annotations

import re

import yaml

from agencydocs.errors import Problem

# Deepest nesting of mappings and sequences (the top-level mapping is 1); real
# files stay under 10.
MAX_DEPTH = 64
# Indentation and block indicators at the start of a line.
_BLOCK_PREFIX = re.compile(r"^[ \t?:-]*", re.MULTILINE)
# A "[" or "{" where a flow collection may start: at a line's start, or after an
# indicator (": ", "- ", "? ", ",", another bracket), spaces allowed between.
_FLOW_START = re.compile(r"(?:^|(?<=[:\-?,\[{]))[ \t]*[\[{]", re.MULTILINE)


def nesting_problem(text: str, display: str, loader: type) -> Problem | None:
    """Where ``text`` first nests deeper than :data:`MAX_DEPTH`, or None.

    ``loader`` is the parser class the loader composes with.
    """
    if _depth_bound(text) <= MAX_DEPTH:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    assert event.start_mark is not None  # the parser marks every event it emits
                    line, col = event.start_mark.line + 1, event.start_mark.column + 1
                    message = f"nested more than {MAX_DEPTH} levels deep; flatten the structure"
                    return Problem(display, line, col, message=message)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # composing reports the syntax error with its position
    return None


def _depth_bound(text: str) -> int:
    """An upper bound of the nesting depth of ``text``, from its brackets and indentation."""
    if "[" not in text and "{" not in text:
        flow = 0
    elif "&" in text or "!" in text:  # an anchor or tag may stand between a key and its "["
        flow = text.count("[") + text.count("{")
    else:
        flow = len(_FLOW_START.findall(text))
    block_column = max(map(len, _BLOCK_PREFIX.findall(text)), default=0)
    return flow + 2 * (block_column + 2) + 2
