"""Field types shared by every model: ids, money, dates, codes and safe text.

YAML scalars reach the models as the exact source text (see ``loading.py``),
so each type here parses text itself: money becomes ``Decimal`` straight from
the digits the user typed, dates must be ISO ``YYYY-MM-DD``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError
from typing_extensions import TypeAliasType

from agencydocs import PACKAGE_DIR
from agencydocs.models.countries import check_country

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
# A language is data: it is available when agencydocs/locales/<code>.yaml has its labels
# (and clauses/<code>-*.yaml its contract texts). Adding one needs no code.
SUPPORTED_LOCALES: tuple[str, ...] = tuple(sorted(p.stem for p in (PACKAGE_DIR / "locales").glob("*.yaml")))

# Bidi overrides can make "Acme 1000" display as "Acme 0001" (Trojan Source).
# The loader refuses them in every value read from YAML, with their position
# (see agencydocs/reading/invisible.py); this check keeps names safe for values that
# reach a model another way.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_MONEY = re.compile(r"^-?\d{1,15}(\.\d{1,6})?$", re.ASCII)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


class StrictModel(BaseModel):
    """Base of every input model: unknown fields are errors, values are immutable."""

    # defer_build: a model's validator is built the first time it validates,
    # not at import, so a command pays only for the kinds it meets (and
    # `--help` for none); building all ~60 models up front was a third of a
    # cold `agencydocs check`.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


def field_error(kind: str, message: str, *at: str | int) -> PydanticCustomError:
    """An error a model validator raises about one of the model's fields (``at``, e.g. ``"due"``).

    Pydantic locates a model validator's error at the model, which for a
    document is the top of the file; ``validation.py`` moves it to ``at`` when
    the file has that field, so ``due before the invoice date`` lands on ``due:``.
    """
    return PydanticCustomError(kind, message, {"at": at})


def _parse_decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if not isinstance(value, str) or not _MONEY.match(value.strip()):
        raise PydanticCustomError(
            "decimal_text",
            "must be a number with a dot for decimals, like 1500 or 1500.50 (up to 15 digits)",
        )
    try:
        return Decimal(value.strip())
    except InvalidOperation:  # pragma: no cover - the pattern already guarantees a number
        raise PydanticCustomError("decimal_text", "must be a number") from None


def _positive(value: Decimal) -> Decimal:
    if value <= 0:
        raise PydanticCustomError("greater_than", "must be greater than 0")
    return value


def _non_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise PydanticCustomError("greater_than_equal", "must be 0 or more")
    return value


def _percent(value: Decimal) -> Decimal:
    if not 0 <= value < 100:
        raise PydanticCustomError("percent", "must be a percentage from 0 to less than 100")
    return value


_ADVANCE_ERROR = 'must be a percentage above 0 and at most 100, or "contract" for the contract\'s schedule'


def _parse_advance(value: Any) -> Decimal | str:
    """An advance is ``contract`` or a percent in (0, 100]: one message for every wrong value."""
    if value == "contract" and isinstance(value, str):
        return value
    try:
        percent = _parse_decimal(value)
    except PydanticCustomError:
        raise PydanticCustomError("advance", _ADVANCE_ERROR) from None
    if not 0 < percent <= 100:
        raise PydanticCustomError("advance", _ADVANCE_ERROR)
    return percent


def _parse_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE.match(value):
        raise PydanticCustomError("date_text", "must be a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("date_text", "is not a real calendar date") from None


def _no_bidi(value: str) -> str:
    if _BIDI.search(value):
        raise PydanticCustomError("bidi", "contains a bidirectional override character")
    return value


@cache
def _known_currencies() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def _currency(value: str) -> str:
    if value not in _known_currencies():
        raise PydanticCustomError("currency", "must be an ISO 4217 currency code such as RUB, EUR, USD")
    return value


# What editors are told a decimal may be: typed bare it is a number to the
# editor, quoted a string; both reach _parse_decimal as the source text. The
# string pattern is _MONEY in JSON Schema's ASCII-only spelling.
_DecimalInput = float | Annotated[str, Field(pattern=r"^-?[0-9]{1,15}(\.[0-9]{1,6})?$")]

# The shared field types are named aliases (TypeAliasType), not bare
# Annotated: pydantic builds a named type's schema once per model and refers
# to it, instead of rebuilding it at each of its hundreds of uses (a third
# less time to build the validators), and editors get one JSON Schema $defs
# entry per type.

Id = TypeAliasType(
    "Id", Annotated[str, Field(pattern=ID_PATTERN, description="Lowercase id: letters, digits, dashes")]
)
# A decimal parsed from the text the user typed; the named types add checks.
_DecimalText = Annotated[Decimal, BeforeValidator(_parse_decimal, json_schema_input_type=_DecimalInput)]
Money = TypeAliasType(
    "Money",
    Annotated[
        _DecimalText,
        Field(description="Amount as written, e.g. 150000.00 (a dot for decimals)", examples=["150000.00"]),
    ],
)
PositiveMoney = Annotated[Money, AfterValidator(_positive)]
NonNegativeMoney = Annotated[Money, AfterValidator(_non_negative)]
Quantity = TypeAliasType("Quantity", Annotated[_DecimalText, AfterValidator(_positive)])
Percent = TypeAliasType(
    "Percent",
    Annotated[_DecimalText, AfterValidator(_percent), Field(description="Percent, e.g. 22 for 22%")],
)
Advance = TypeAliasType(
    "Advance",
    Annotated[
        Decimal | Literal["contract"],
        BeforeValidator(_parse_advance, json_schema_input_type=_DecimalInput | Literal["contract"]),
        Field(
            description="Percent of the stage price billed in advance (above 0, at most 100), or "
            "`contract`: the percent the contract's payment schedule fixes for the stage"
        ),
    ],
)
Date = TypeAliasType("Date", Annotated[date, BeforeValidator(_parse_date), Field(description="YYYY-MM-DD")])
Currency = TypeAliasType(
    "Currency",
    Annotated[str, AfterValidator(_currency), Field(description="ISO 4217 code", examples=["RUB"])],
)
Country = TypeAliasType(
    "Country", Annotated[str, AfterValidator(check_country), Field(description="ISO 3166-1 alpha-2 code")]
)


def _locale_code(value: str) -> str:
    """A BCP 47 language code Babel knows (``de``, ``de-AT``) that has built-in labels."""
    if value in SUPPORTED_LOCALES:
        return value
    available = ", ".join(SUPPORTED_LOCALES)
    if not _babel_knows(value):
        message = "unknown language: not a BCP 47 code Babel knows; available: {available}"
    else:
        message = "unsupported language (no agencydocs/locales/{value}.yaml); available: {available}"
    raise PydanticCustomError("locale", message, {"value": value, "available": available})


def _babel_knows(code: str) -> bool:
    # Imported here: Babel's locale data is needed only for a code that is not available.
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code, sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


LocaleCode = TypeAliasType(
    "LocaleCode",
    Annotated[
        str,
        AfterValidator(_locale_code),
        WithJsonSchema(
            {"type": "string", "enum": list(SUPPORTED_LOCALES), "description": "BCP 47 language code"}
        ),
    ],
)
Name = TypeAliasType("Name", Annotated[str, Field(min_length=1, max_length=300), AfterValidator(_no_bidi)])
Text = TypeAliasType("Text", Annotated[str, Field(min_length=1, max_length=20000)])
DocNumber = TypeAliasType(
    "DocNumber",
    Annotated[
        str,
        Field(min_length=1, max_length=40, description="Document number as printed, e.g. 2026-014"),
        AfterValidator(_no_bidi),
    ],
)

# A text in one language, or one text per language: ``{ru: ..., en: ...}``.
LocalizedName = TypeAliasType("LocalizedName", Name | dict[LocaleCode, Name])
LocalizedText = TypeAliasType("LocalizedText", Text | dict[LocaleCode, Text])


def localize(value: str | Mapping[str, str] | None, locale: str) -> str:
    """Pick the text for ``locale``, falling back to English, then to the first language given.

    English first: a German reader of a name given only in Russian and English
    reads the English one.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    for language in (locale, "en"):
        if language in value:
            return value[language]
    return next(iter(value.values()))
