"""Translated template labels: one YAML file per locale in ``locales/``."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

from agencydocs.loading import load_yaml_file

LOCALES_DIR = Path(__file__).parent / "locales"


@cache
def labels_for(locale: str) -> Mapping[str, str]:
    """Labels of ``locale``; keys missing in it fall back to English."""
    english = _read("en")
    if locale == "en":
        return MappingProxyType(english)
    return MappingProxyType({**english, **_read(locale)})


def _read(locale: str) -> dict[str, str]:
    path = LOCALES_DIR / f"{locale}.yaml"
    loaded = load_yaml_file(path, path.name)
    return {key: str(value) for key, value in loaded.data.items()}


class Labels:
    """Label lookup with ``str.format`` placeholders filled from our own values."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.table = labels_for(locale)

    def __call__(self, key: str, **values: object) -> str:
        text = self.table[key]
        return text.format(**values) if values else text

    def get(self, key: str, default: str = "") -> str:
        return self.table.get(key, default)
