"""Rules of document numbers and the output files named after them.

A number is unique within its kind; a yearly series (as agency.yaml's
numbering pattern defines it) has no holes unless the series allows them;
two documents never share an output file, which a number that differs only
in characters a file name cannot keep would otherwise make them do.
"""

from __future__ import annotations

from agencydocs.building.output_names import output_stem
from agencydocs.domain.numbering import find_gaps
from agencydocs.kinds import renderable_kinds
from agencydocs.rules.base import RuleContext
from agencydocs.workspace import SourceDocument


def check_unique_numbers(checker: RuleContext, documents: list[SourceDocument]) -> None:
    first: dict[tuple[str, str], SourceDocument] = {}
    for document in documents:
        number = getattr(document.model, "number", None)
        if number is None:
            continue
        key = (document.kind, number)
        if key in first:
            checker.report(
                document.file,
                ("number",),
                f'{document.kind} number "{number}" is already used by {_where(first[key])}',
                related=[(first[key].file, ("number",))],
            )
        else:
            first[key] = document


def check_number_gaps(checker: RuleContext) -> None:
    """Warn at the document after each hole of a series, unless agency.yaml allows gaps in it."""
    if checker.ws.agency is None:
        return
    agency = checker.ws.agency.model
    kinds = sorted({d.kind for d in checker.ws.documents if getattr(d.model, "number", None)})
    for kind in kinds:
        series = agency.numbering_series(kind)
        if series.gaps == "allowed":
            continue
        documents = checker.ws.numbered(kind)
        for gap in find_gaps(series.pattern, documents):
            checker.report(
                documents[gap.before].file,
                ("number",),
                f"{kind} {gap.describe()} before this one; number documents without holes, or set "
                f"numbering.{kind}.gaps: allowed in agency.yaml",
                "warning",
            )


def check_output_names(checker: RuleContext) -> None:
    """Two documents whose outputs would land on one file (letter case aside: macOS and Windows ignore it)."""
    kinds = renderable_kinds()
    first: dict[str, SourceDocument] = {}
    for document in checker.ws.documents:
        if document.kind not in kinds or document.project_id not in checker.ws.projects:
            continue
        stem = output_stem(checker.ws, document)
        other = first.setdefault(stem.casefold(), document)
        if other is not document and not _same_number(document, other):  # a duplicate is reported already
            checker.report(
                document.file,
                ("number",),
                f"output/{stem}.* is also the output of {_where(other)}; give the documents numbers "
                "that differ in Latin letters or digits",
                related=[(other.file, ("number",))],
            )


def _same_number(one: SourceDocument, other: SourceDocument) -> bool:
    number = getattr(one.model, "number", None)
    return one.kind == other.kind and number is not None and number == getattr(other.model, "number", None)


def _where(document: SourceDocument) -> str:
    """``file:line`` of a document's number (of the file alone when it has none)."""
    if getattr(document.model, "number", None) is None:
        return document.file.display
    line, _ = document.file.position(("number",))
    return f"{document.file.display}:{line}"
