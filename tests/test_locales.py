"""The built-in locale files translate the same labels: none missing, none left over."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from agencydocs.i18n.labels import LOCALES_DIR, labels_for
from agencydocs.reading.loading import load_yaml_file

LOCALE_FILES = sorted(LOCALES_DIR.glob("*.yaml"))
ENGLISH = LOCALES_DIR / "en.yaml"


def labels(path: Path) -> dict[str, object]:
    """The labels of one locale file, read with the strict loader (duplicate keys are errors)."""
    return load_yaml_file(path, path.name).data


def test_english_and_russian_are_built_in() -> None:
    assert {path.stem for path in LOCALE_FILES} >= {"en", "ru"}


@pytest.mark.parametrize("path", [p for p in LOCALE_FILES if p != ENGLISH], ids=lambda p: p.name)
def test_locale_has_exactly_the_english_keys(path: Path) -> None:
    english, translated = labels(ENGLISH).keys(), labels(path).keys()
    # A missing key would silently print the English label in this language.
    assert sorted(english - translated) == [], f"{path.name} lacks these labels of en.yaml"
    assert sorted(translated - english) == [], f"{path.name} has labels en.yaml lacks"


@pytest.mark.parametrize("path", LOCALE_FILES, ids=lambda p: p.name)
def test_every_label_is_nonempty_text(path: Path) -> None:
    empty = [key for key, value in labels(path).items() if not isinstance(value, str) or not value.strip()]
    assert empty == []


@pytest.mark.parametrize("path", LOCALE_FILES, ids=lambda p: p.name)
def test_placeholders_are_plain_names(path: Path) -> None:
    # Overrides are checked against these fields: an attribute, index or format spec
    # in a built-in label would let an override reach into the values we pass.
    fields = [
        (key, name, spec, conversion)
        for key, value in labels(path).items()
        for _, name, spec, conversion in string.Formatter().parse(str(value))
        if name is not None and (not name.isidentifier() or spec or conversion)
    ]
    assert fields == []


@pytest.mark.parametrize("path", LOCALE_FILES, ids=lambda p: p.name)
def test_a_locale_is_its_own_file_without_english_fallback(path: Path) -> None:
    assert dict(labels_for(path.stem)) == labels(path)
