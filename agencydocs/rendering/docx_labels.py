"""Workspace label overrides reach the fixed text of a DOCX template.

A built-in DOCX template in a language writes its labels out ("Журнал
трудозатрат", not ``{{ doc.labels.report_time_log }}``) so that it reads as
the document in Word. A workspace ``locales/<lang>.yaml`` that rewords a
label must still change the DOCX, as it changes the HTML and PDF: before
rendering, the template's fixed text (text nodes, outside Jinja tags) that
is the built-in label, standing alone, is replaced with the workspace's wording. Two
labels with the same built-in text change together; labels with
placeholders are data, never fixed text, and are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from xml.sax.saxutils import escape

from agencydocs.i18n.labels import labels_for
from agencydocs.models.base import SUPPORTED_LOCALES

_TEXT_NODE = re.compile(r"(<w:t(?:\s[^>]*)?>)([^<]*)(</w:t>)")
_JINJA = re.compile(r"(\{\{.*?\}\}|\{%.*?%\})")


def label_changes(locale: str, labels: Mapping[str, str]) -> dict[str, str]:
    """Built-in text -> the workspace's wording, for each label ``labels`` words differently."""
    if locale not in SUPPORTED_LOCALES:  # no built-in template text to change
        return {}
    builtin = labels_for(locale)  # cached
    return {
        escape(builtin[key]): escape(value)
        for key, value in labels.items()
        if key in builtin and value != builtin[key] and "{" not in builtin[key]
    }


@cache
def _pattern(texts: frozenset[str]) -> re.Pattern[str]:
    """A built-in text standing alone, longest first (so "Итого к оплате" wins over "Итого").

    Not next to a word, nor one space from one: "Hours" is the label in
    "Hours:" or "(Hours)", but part of another label in "Hours by person".
    """
    ordered = sorted(texts, key=len, reverse=True)
    alternatives = "|".join(re.escape(t) for t in ordered)
    return re.compile(r"(?<!\w)(?<!\w )(?:" + alternatives + r")(?!\w)(?! \w)")


def relabel_xml(xml: str, changes: Mapping[str, str]) -> str:
    """``xml`` (a template part) with the fixed text of changed labels reworded."""
    if not changes:
        return xml
    pattern = _pattern(frozenset(changes))

    def in_text(match: re.Match[str]) -> str:
        pieces = _JINJA.split(match.group(2))
        # Odd pieces are Jinja tags: data and expressions stay as written.
        text = "".join(
            piece if index % 2 else pattern.sub(lambda m: changes[m.group(0)], piece)
            for index, piece in enumerate(pieces)
        )
        return match.group(1) + text + match.group(3)

    return _TEXT_NODE.sub(in_text, xml)
