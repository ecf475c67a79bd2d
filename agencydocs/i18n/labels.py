"""Translated template labels: one YAML file per locale in ``locales/``.

Every built-in locale has every key (tests/test_locales.py): a missing one is a
test failure, never an English label printed in a Russian document. A
workspace may override labels by key (``label_overrides.py`` checks them).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from agencydocs import PACKAGE_DIR
from agencydocs.reading.loading import load_yaml_file

LOCALES_DIR = PACKAGE_DIR / "locales"


@cache
def labels_for(locale: str) -> Mapping[str, str]:
    """The built-in labels of ``locale``."""
    return MappingProxyType(_read(locale))


def _read(locale: str) -> dict[str, str]:
    path = LOCALES_DIR / f"{locale}.yaml"
    loaded = load_yaml_file(path, path.name)
    return {key: str(value) for key, value in loaded.data.items()}


class Labels:
    """Label lookup with ``str.format`` placeholders filled from our own values."""

    def __init__(self, locale: str, overrides: Mapping[str, str] | None = None) -> None:
        """``overrides``: the workspace's checked labels of ``locale`` (``locales/<locale>.yaml``)."""
        self.locale = locale
        builtin = labels_for(locale)
        self.table = MappingProxyType({**builtin, **overrides}) if overrides else builtin

    def __call__(self, key: str, **values: object) -> str:
        text = self.table[key]
        return text.format(**values) if values else text

    def get(self, key: str, default: str = "") -> str:
        return self.table.get(key, default)
