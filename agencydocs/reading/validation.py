"""Per-file validation: pydantic errors turned into located, readable problems.

Pydantic reports a location such as ``("lines", 2, "price")``; the loader
kept the line and column of every node, so each error becomes
``file:line:col: lines[2].price: must be greater than 0 (got "-5")``.
"""

from __future__ import annotations

import types
import typing
import unicodedata
from collections.abc import Iterator
from typing import Any, TypeVar, cast

from pydantic import BaseModel, ValidationError
from typing_extensions import TypeAliasType

from agencydocs.errors import Problem
from agencydocs.models.base import Name, Text
from agencydocs.reading import loading
from agencydocs.reading.invisible import zero_width_message
from agencydocs.reading.loading import LoadedFile, Loc, format_loc
from agencydocs.reading.placeholders import placeholder_problems, shadowed_by
from agencydocs.suggestions import did_you_mean

M = TypeVar("M", bound=BaseModel)

# Pydantic's own wording ("Input should be ...") rephrased in the style of the
# rest of our messages; our custom types already speak this way.
_MESSAGE_OVERRIDES = {
    "missing": "required field is missing",
    "string_too_short": "must not be empty",
    "bool_parsing": "must be true or false",
    "int_parsing": "must be a whole number",
    "dict_type": "must be a mapping of fields",
    "list_type": "must be a list",
    "model_type": "must be a mapping of fields",
    "string_type": "must be a text",
}
_KEY_ERRORS = {"missing", "extra_forbidden"}
_SHAPE_ERRORS = {"must be a text", "must be a mapping of fields", "must be a list"}


def validate_model(
    model: type[M], loaded: LoadedFile, data: dict[str, Any] | None = None
) -> tuple[M | None, list[Problem]]:
    """Validate ``loaded`` (or ``data`` from it) against ``model``; never raises.

    In a process that keeps parsed files (``serve``), a file whose bytes did not
    change is not validated again: its model (frozen) and problems are kept too.
    """
    if data is not None:
        return _validate(model, loaded, data)
    if not loading.parses_kept():
        return _stored_validation(model, loaded)
    key = (model, loaded.path, loaded.display, loaded.sha256)
    found = _validated.get(key)
    if found is None:
        if len(_validated) >= loading.MAX_PARSED:
            _validated.clear()
        found = _validated[key] = _stored_validation(model, loaded)
    value, problems = found
    return cast("M | None", value), list(problems)


def _stored_validation(model: type[M], loaded: LoadedFile) -> tuple[M | None, list[Problem]]:
    """What validating ``loaded`` gives, from the command's parse store where it has it (``parse_store.py``)."""
    from agencydocs.reading import parse_store

    store = parse_store.active()
    found = store.validated(model, loaded) if store is not None else None
    if found is None:
        found = _validate(model, loaded, None)
        if store is not None:
            store.keep_validated(model, loaded, found)
    value, problems = found
    return cast("M | None", value), problems


# (model, path, display, sha256) -> what validating that file gave; see validate_model.
_validated: dict[tuple[type[BaseModel], Any, str, str], tuple[BaseModel | None, list[Problem]]] = {}


def _validate(
    model: type[M], loaded: LoadedFile, data: dict[str, Any] | None
) -> tuple[M | None, list[Problem]]:
    invisible = _zero_width_problems(model, loaded) if loaded.invisible else []
    try:
        value: M | None = model.model_validate(loaded.data if data is None else data)
        problems: list[Problem] = []
    except ValidationError as exc:
        value, problems = None, _problems(exc, model, loaded)
    placeholders = placeholder_problems(loaded)
    if placeholders:
        # A file that still holds placeholders (from init or new) is not ready; say which, not what they break.
        return None, [*invisible, *placeholders, *(p for p in problems if not shadowed_by(placeholders, p))]
    if invisible:
        # The invisible character is why such a field failed its pattern or checksum: say only that.
        fields = {p.field for p in invisible}
        return None, [*invisible, *(p for p in problems if p.field not in fields)]
    return value, problems


# Free text and names may hold zero-width characters (emoji sequences, Persian
# ZWNJ, break hints); every other field may not. See agencydocs/reading/invisible.py.
_FREE_TEXT: tuple[object, ...] = (Text, Name)


def _zero_width_problems(model: type[BaseModel], loaded: LoadedFile) -> list[Problem]:
    problems = []
    for loc, (line, col, char) in loaded.invisible.items():
        if not _is_free_text(model, loc):
            problems.append(Problem(loaded.display, line, col, format_loc(loc), zero_width_message(char)))
    return problems


def _is_free_text(model: type[BaseModel], loc: Loc) -> bool:
    """Whether the field at ``loc`` is declared free text or a name (in any member of a union)."""
    current: list[Any] = [model]
    for part in loc:
        current = [step for annotation in current for step in _step(annotation, part)]
    return any(member in _FREE_TEXT for annotation in current for member in _members(annotation))


def _members(annotation: Any) -> Iterator[Any]:
    """The types an annotation allows, through aliases, ``Annotated`` and unions (free text kept whole)."""
    if any(annotation is free for free in _FREE_TEXT):
        yield annotation
    elif isinstance(annotation, TypeAliasType):
        yield from _members(annotation.__value__)
    elif typing.get_origin(annotation) in (typing.Annotated, typing.Union, types.UnionType):
        args = typing.get_args(annotation)
        for arg in args[:1] if typing.get_origin(annotation) is typing.Annotated else args:
            yield from _members(arg)
    else:
        yield annotation


def _step(annotation: Any, part: int | str) -> Iterator[Any]:
    """The annotations one step into ``annotation``: a model's field, a list's item, a mapping's value."""
    for member in _members(annotation):
        origin, args = typing.get_origin(member), typing.get_args(member)
        if isinstance(member, type) and issubclass(member, BaseModel) and isinstance(part, str):
            field = member.model_fields.get(part)
            if field is not None:
                yield field.annotation
        elif origin in (list, tuple) and isinstance(part, int) and args:
            yield args[0]
        elif origin is dict and isinstance(part, str) and len(args) == 2:
            yield args[1]


def _problems(exc: ValidationError, model: type[BaseModel], loaded: LoadedFile) -> list[Problem]:
    problems: dict[tuple[str, str], Problem] = {}
    for error in exc.errors(include_url=False):
        loc = _field_of_model_error(loaded, _data_loc(loaded.data, error["loc"], error["type"]), error)
        if error["type"] == "extra_forbidden":
            line, col = loaded.key_position(loc)
            message = _unknown_field_message(model, loc)
        else:
            line, col = loaded.position(loc)
            message = _message(error)
        field = format_loc(loc)
        # A union (text or per-language mapping) reports once per member; keep one.
        problems.setdefault(
            (field, error["type"] if error["type"] != "extra_forbidden" else message),
            Problem(loaded.display, line, col, field, message),
        )
    return _one_per_field(_drop_shadowed_shapes(list(problems.values())))


def _field_of_model_error(loaded: LoadedFile, loc: Loc, error: Any) -> Loc:
    """A model validator's error about one field (``models.base.field_error``) goes to that field.

    Pydantic locates it at the model, the top of the file for a document; the
    field is where the user has to look, when the file has it.
    """
    at = (error.get("ctx") or {}).get("at")
    if not at:
        return loc
    field = (*loc, *at)
    return field if field in loaded.positions else loc


def _drop_shadowed_shapes(problems: list[Problem]) -> list[Problem]:
    """Of a union's errors, keep the one that went deeper into the value.

    For ``description: {ru: x, de: y}`` pydantic says both "must be a text"
    (the plain-text member) and "description.de: ..." (the mapping member);
    only the second helps.
    """
    fields = {p.field for p in problems}

    def shadowed(p: Problem) -> bool:
        return p.message in _SHAPE_ERRORS and any(
            f.startswith(p.field + ".") or f.startswith(p.field + "[") for f in fields
        )

    return [p for p in problems if not shadowed(p)]


def _is_shape(message: str) -> bool:
    return any(message == s or message.startswith(f"{s} (got ") for s in _SHAPE_ERRORS)


def _one_per_field(problems: list[Problem]) -> list[Problem]:
    by_field: dict[str, list[Problem]] = {}
    for problem in problems:
        by_field.setdefault(problem.field, []).append(problem)
    result = []
    for group in by_field.values():
        # ``name: "Acme\u202e"`` fails the text member for its content and the
        # per-language member for its shape; the shape error is noise then.
        if any(not _is_shape(p.message) for p in group):
            group = [p for p in group if not _is_shape(p.message)]
        messages = sorted({p.message for p in group})
        if len(messages) > 1 and all(m.startswith("must be") for m in messages):
            merged = " or ".join([messages[0], *(m.removeprefix("must be ") for m in messages[1:])])
            result.append(Problem(group[0].file, group[0].line, group[0].column, group[0].field, merged))
        else:
            result.extend(group)
    return result


def _data_loc(data: Any, loc: tuple[int | str, ...], kind: str) -> Loc:
    """Drop the parts of a pydantic loc that are union-member tags, not data keys."""
    out: list[int | str] = []
    current = data
    for index, part in enumerate(loc):
        if (
            isinstance(current, dict)
            and isinstance(part, str)
            and part in current
            or isinstance(current, list)
            and isinstance(part, int)
            and 0 <= part < len(current)
        ):
            # The test above paired a dict with a str key or a list with an int index.
            current = cast(Any, current)[part]
        elif index == len(loc) - 1 and isinstance(current, dict) and kind in _KEY_ERRORS:
            pass  # a missing or unknown key: keep it, it names the field
        else:
            continue
        out.append(part)
    return tuple(out)


def _message(error: Any) -> str:
    kind = error["type"]
    if kind in _MESSAGE_OVERRIDES:
        message = _MESSAGE_OVERRIDES[kind]
    elif kind == "literal_error":
        message = f"must be one of {error['ctx']['expected']}"
    elif kind == "string_pattern_mismatch" and "a-z0-9" in str(error.get("ctx", {}).get("pattern")):
        message = "must be an id: lowercase letters, digits and dashes, starting with a letter or digit"
    else:
        message = error["msg"].removeprefix("Value error, ")
        message = message.replace("Input should be", "must be").replace("String should", "must")
        message = message.replace("List should", "must")
    value = error.get("input")
    if kind != "missing" and isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        message = _with_input(message, f'(got "{_visible(shown)}")')
    return message


def _with_input(message: str, got: str) -> str:
    """Append ``(got "…")``, or put it before a suggestion, next to the refusal it explains."""
    if "did you mean" not in message:
        return f"{message} {got}"
    refusal, _, rest = message.partition("; ")
    return f"{refusal} {got}; {rest}"


def _visible(text: str) -> str:
    """Escape invisible characters, so a bidi override or a newline cannot garble the report line."""
    return "".join(
        f"\\u{ord(char):04x}" if unicodedata.category(char) in ("Cc", "Cf") else char for char in text
    )


def _unknown_field_message(model: type[BaseModel], loc: Loc) -> str:
    owner = _model_at(model, loc[:-1])
    if owner is None:
        return "unknown field"
    known = ", ".join(owner.model_fields)
    suggestion = did_you_mean(str(loc[-1]), owner.model_fields) if loc else ""
    return f"unknown field; {suggestion + ' ' if suggestion else ''}expected one of: {known}"


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """Follow field annotations along ``loc`` to the model that owns the last key."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            current = _inner_model(current, want_item=True)
        elif (values := _mapping_values(current)) is not None:
            current = values  # a key of a dict[str, Model] field, e.g. numbering.invoice
        else:
            model_cls = _inner_model(current)
            if model_cls is None or part not in model_cls.model_fields:
                return None
            current = model_cls.model_fields[part].annotation
    return _inner_model(current)


def _mapping_values(annotation: Any) -> Any:
    """The value type of a ``dict[str, X]`` annotation (also inside Annotated or Optional), else None."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is dict and len(args) == 2:
        return args[1]
    if origin is typing.Annotated:
        return _mapping_values(args[0])
    if origin in (typing.Union, types.UnionType):
        found = [v for v in map(_mapping_values, args) if v is not None]
        return found[0] if found else None
    return None


def _inner_model(annotation: Any, want_item: bool = False) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _inner_model(args[0], want_item)
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            found = _inner_model(arg, want_item)
            if found is not None:
                return found
        return None
    if want_item and origin is list and args:
        return args[0]
    return None
