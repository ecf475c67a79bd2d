"""Bilingual invoices and acts: two resolved contexts merged into one, each text in both languages.

A Russian company's act for a foreign client is issued in Russian with a
translation. The document is resolved once per language and the two
contexts merged field by field: a text that differs is printed as
"Акт № 1 от 30 ноября 2026 г. / Certificate of Completion No. 1 dated
30 November 2026"; a figure (no letter in it: amounts, quantities, account
numbers) keeps the first language's format, so one number never appears
twice in two notations. The merged labels serve the template unchanged:
``doc.labels.col_description`` reads "Наименование / Description".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, TypeVar

from agencydocs.context import DocumentContext

SEPARATOR = " / "
# Fields that must stay in the first language: machine-read values (QR text,
# payment reference banks match on), images, codes.
_FIRST_LANGUAGE_ONLY = frozenset(
    {"kind", "locale", "reference", "qr_svg", "qr_png", "qr_text", "logo", "image", "brand_color", "currency"}
)

T = TypeVar("T")


def merge_contexts(first: DocumentContext, second: DocumentContext) -> DocumentContext:
    """``first`` with every text that ``second`` words differently appended after " / "."""
    return _merge(first, second)


def _merge(first: T, second: T, field: str = "") -> T:
    if field in _FIRST_LANGUAGE_ONLY:
        return first
    if isinstance(first, str) and isinstance(second, str):
        return _merge_text(first, second)  # type: ignore[return-value]  # T is str here
    if dataclasses.is_dataclass(first) and not isinstance(first, type):
        changes = {
            f.name: _merge(getattr(first, f.name), getattr(second, f.name), f.name)
            for f in dataclasses.fields(first)
        }
        return dataclasses.replace(first, **changes)
    if isinstance(first, tuple) and isinstance(second, tuple) and len(first) == len(second):
        return tuple(_merge(a, b, field) for a, b in zip(first, second, strict=True))  # type: ignore[return-value]
    if isinstance(first, Mapping) and isinstance(second, Mapping):
        merged: dict[str, Any] = {
            key: _merge(value, second.get(key, value), key) for key, value in first.items()
        }
        return MappingProxyType(merged) if isinstance(first, MappingProxyType) else merged  # type: ignore[return-value]
    return first


def _merge_text(first: str, second: str) -> str:
    if not second or first == second or not any(ch.isalpha() for ch in first + second):
        return first or second
    if not first:
        return second
    return f"{first}{SEPARATOR}{second}"
