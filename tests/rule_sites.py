"""Every place that reports a problem about a document, read from the source.

``tests/test_rule_positions.py`` needs a fixture for each rule; this module
finds the rules without running them, so that a new rule without a fixture
fails that test. A *site* is one call that reports a problem: in
``agencydocs/rules/*.py`` a ``checker.report``, ``checker.reference``,
``checker.out.add`` or a call of one of the small reporting helpers below; in
the models, an error raised by a ``model_validator``. Each site
becomes two patterns: the field it points at (``lines[].milestone``) and its
message (``unknown milestone "…"; known: …``), as regular expressions over
what the rule prints.

A reporting helper that takes the message from its caller is listed in
``HELPERS`` with the argument holding the location and the message it
prints; add a new helper there.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "agencydocs"
RULE_MODULES = sorted((PACKAGE / "rules").glob("*.py"))
# The models of documents and of the files they draw on (legal.py's identifiers are tested apart).
MODELS = sorted((PACKAGE / "models" / "documents").glob("*.py")) + [
    PACKAGE / "models" / name for name in ("agency.py", "client.py", "project.py")
]

_ANY = ".+?"
_SEGMENT = r"(?:\[\d+\]|\.[^\[\]]+)"  # an index, or a mapping key (which may hold dots)


@dataclass(frozen=True)
class Helper:
    loc_arg: int | None  # index of the location argument; None: no location argument
    message: str | None  # the message it prints (a pattern); None: the caller's argument
    message_arg: int | None = None
    field_suffix: tuple[str, ...] = ()  # what the helper appends to the location
    field_arg: int | None = None  # an argument naming the last field


HELPERS = {
    "report": Helper(1, None, message_arg=2),
    "reference": Helper(1, r'unknown {what} ".+?"; (?:did you mean .+?\? )?known: .+?'),
    "_known_id": Helper(2, r'unknown clause id ".+?"; .+?'),
    "check_requirement_refs": Helper(
        2, r'unknown requirement ".+?"; (?:did you mean .+?\? )?known: .+?', field_suffix=("[]",)
    ),
    "_report_entry": Helper(None, None, message_arg=4, field_arg=3),
}


@dataclass(frozen=True)
class Site:
    """One reporting call: where it is and what its problem looks like."""

    where: str  # e.g. rules/billing.py:52
    field: re.Pattern[str]
    message: re.Pattern[str]

    def matches(self, field: str, message: str) -> bool:
        shown = field if field.startswith("[") or not field else "." + field
        return bool(self.field.fullmatch(shown) and self.message.fullmatch(message))


def rule_sites() -> list[Site]:
    """Every reporting call of the cross-file rules."""
    sites = []
    for module in RULE_MODULES:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for function in _functions(tree):
            if function.name in HELPERS or module.name == "base.py":
                continue  # the helper's own call: its callers are the sites
            for call in _calls(function):
                site = _rule_site(module, function, call)
                if site is not None:
                    sites.append(site)
    return sites


def model_sites() -> list[Site]:
    """Every error a ``model_validator`` raises (a field validator's error is at its field already)."""
    sites = []
    for module in MODELS:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for function in _functions(tree):
            if not any("model_validator" in ast.unparse(d) for d in function.decorator_list):
                continue
            for call in _calls(function):
                name = _name(call.func)
                if name in ("field_error", "PydanticCustomError"):
                    at = [_field_part(a) for a in call.args[2:]] if name == "field_error" else []
                    where = f"{module.relative_to(PACKAGE).as_posix()}:{call.lineno}"
                    field = "(?:" + _SEGMENT + ")*" + "".join(at)
                    sites.append(
                        Site(where, re.compile(field), re.compile(re.escape(_constant(call.args[1]))))
                    )
    return sites


def _rule_site(module: Path, function: ast.FunctionDef, call: ast.Call) -> Site | None:
    name = _name(call.func)
    if name == "add" and ast.unparse(call.func).endswith(
        ".out.add"
    ):  # ProblemCollector.add(display, message, field=...)
        field = next((k.value for k in call.keywords if k.arg == "field"), None)
        field_pattern = _text_pattern(field, function) if field is not None else ""
        field_pattern = "(?:\\.)?" + field_pattern
        message = _text_pattern(call.args[1], function)
    elif (helper := HELPERS.get(name or "")) is not None:
        field_pattern = _loc_pattern(call.args[helper.loc_arg]) if helper.loc_arg is not None else "(?:.*)"
        if helper.field_arg is not None:
            field_pattern += _field_part(call.args[helper.field_arg])
        field_pattern += "".join(
            _SEGMENT if part == "[]" else re.escape(part) for part in helper.field_suffix
        )
        if helper.message is None:
            assert helper.message_arg is not None
            message = _text_pattern(call.args[helper.message_arg], function)
        else:
            what = _what(call.args[2]) if name == "reference" else ""
            message = helper.message.replace("{what}", what)
    else:
        return None
    where = f"rules/{module.name}:{call.lineno}"
    return Site(where, re.compile(field_pattern), re.compile(message, re.DOTALL))


def _functions(tree: ast.Module) -> Iterator[ast.FunctionDef]:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            yield node
        elif isinstance(node, ast.ClassDef):
            yield from (n for n in node.body if isinstance(n, ast.FunctionDef))


def _calls(function: ast.FunctionDef) -> Iterator[ast.Call]:
    yield from (node for node in ast.walk(function) if isinstance(node, ast.Call))


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def _what(node: ast.expr) -> str:
    """What a ``reference`` call names: its constant, or anything for a helper's variable (``field``)."""
    if isinstance(node, ast.Name):
        return _ANY
    return re.escape(_constant(node))


def _constant(node: ast.expr) -> str:
    assert isinstance(node, ast.Constant) and isinstance(node.value, str), ast.unparse(node)
    return node.value


def _loc_pattern(node: ast.expr) -> str:
    """``("lines", index, "milestone")`` -> a pattern for ``.lines[0].milestone``."""
    if not isinstance(node, ast.Tuple):
        return "(?:.*)"  # a location built elsewhere
    return "".join(_field_part(part) for part in node.elts)


def _field_part(node: ast.expr) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.escape("." + node.value)
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return re.escape(f"[{node.value}]")
    if isinstance(node, ast.Starred):
        return "(?:.*)"
    return _SEGMENT  # a variable: an index or a mapping key


def _text_pattern(node: ast.expr, function: ast.FunctionDef) -> str:
    """A pattern for the text an expression makes: literal parts exact, the rest anything."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.escape(node.value)
    if isinstance(node, ast.JoinedStr):
        return "".join(
            _text_pattern(v, function) if isinstance(v, ast.Constant) else _ANY for v in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _text_pattern(node.left, function) + _text_pattern(node.right, function)
    if isinstance(node, ast.IfExp):
        return f"(?:{_text_pattern(node.body, function)}|{_text_pattern(node.orelse, function)})"
    if isinstance(node, ast.Name):
        assigned = _assignment(function, node.id)
        if assigned is not None:
            return _text_pattern(assigned, function)
    return _ANY


def _assignment(function: ast.FunctionDef, name: str) -> ast.expr | None:
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return node.value
    return None
