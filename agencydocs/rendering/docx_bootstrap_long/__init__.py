"""Bootstrap the DOCX templates of long documents and reports: a first draft, not the source.

The committed ``agencydocs/templates/<kind>/<kind>.<lang>.docx`` files are the
source of truth: edit them in Word or LibreOffice (``agencydocs check`` finds
a tag an editor split). This module writes a fresh draft of them, one per kind
and language, for a new kind or a layout rebuilt from scratch; its output
need not equal the committed files::

    python -m agencydocs.rendering.docx_bootstrap_long [--out DIR] [KIND ...]

The builders write ``{{ doc.labels.key }}`` where a label goes; before
saving, :func:`literal_labels` writes each such field out in the template's
language (from ``agencydocs/locales/<lang>.yaml``), so the template reads as
the document. Labels that depend on data stay fields.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from agencydocs.i18n.labels import labels_for
from agencydocs.rendering.docx_bootstrap_long import long_docs, report_audit, spec_brief
from agencydocs.rendering.docx_bootstrap_long.parts import document_bytes
from agencydocs.rendering.templates import BUILTIN_TEMPLATES

BUILDERS: dict[str, Callable[[], DocxDocument]] = {
    "contract": long_docs.build_contract,
    "addendum": long_docs.build_addendum,
    "spec": spec_brief.build_spec,
    "brief": spec_brief.build_brief,
    "report": report_audit.build_report,
    "audit": report_audit.build_audit,
}
LANGUAGES = ("ru", "en", "de")
_LABEL_FIELD = re.compile(r"\{\{ doc\.labels\.(\w+)(?: \| trim)? \}\}")


def literal_labels(document: DocxDocument, labels: Mapping[str, str]) -> None:
    """Write every ``{{ doc.labels.key }}`` of the body and footers out as the label's text."""
    parts = [document.element, *(section.footer._element for section in document.sections)]

    def text_of(match: re.Match[str]) -> str:
        value = labels[match.group(1)]
        return value.strip() if "| trim" in match.group(0) else value

    for part in parts:
        for text in part.iter(qn("w:t")):
            if text.text and "doc.labels." in text.text:
                text.text = _LABEL_FIELD.sub(text_of, text.text)


def template_bytes(kind: str, language: str) -> bytes:
    """A draft of the built-in template of ``kind`` in ``language`` as deterministic DOCX bytes."""
    document = BUILDERS[kind]()
    literal_labels(document, labels_for(language))
    return document_bytes(document, kind)


def write_templates(out: Path, kinds: Sequence[str]) -> list[Path]:
    """Write ``<out>/<kind>/<kind>.<lang>.docx`` for each kind and language; the paths written."""
    written = []
    for kind in kinds:
        for language in LANGUAGES:
            target = out / kind / f"{kind}.{language}.docx"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(template_bytes(kind, language))
            written.append(target)
    return written


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: ``[--out DIR] [KIND ...]`` (default: every kind, into the built-in templates)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument(
        "--out", type=Path, default=BUILTIN_TEMPLATES, help="templates folder (default: the built-ins)"
    )
    parser.add_argument("kinds", nargs="*", metavar="KIND", help=", ".join(BUILDERS))
    args = parser.parse_args(argv)
    for path in write_templates(args.out, args.kinds or list(BUILDERS)):
        print(f"wrote {path}")
