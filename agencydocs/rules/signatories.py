"""Rules of signatories: the authority they sign under, and what Russian text needs of them.

A power of attorney is named by its number and date (a bare "доверенности"
is not a basis a counterparty's lawyer accepts). A signatory printed in a
Russian document needs a Russian title (else "в лице Managing Director …")
and, where the name does not tell, a gender for "действующего / действующей".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from agencydocs.domain.dunning import document_client
from agencydocs.domain.terms import chain, terms_of
from agencydocs.i18n import russian_cases
from agencydocs.models.base import localize
from agencydocs.models.legal import Signatory
from agencydocs.reading.loading import LoadedFile, Loc
from agencydocs.rules.base import RuleContext
from agencydocs.workspace import SourceDocument

_POWER_OF_ATTORNEY = re.compile(r"доверенн|power of attorney|proxy|vollmacht", re.IGNORECASE)
# Kinds whose Russian text declines the signatory ("в лице …, действующего …").
_PREAMBLE_KINDS = frozenset({"contract", "addendum"})


def check_signatories(checker: RuleContext) -> None:
    """Every signatory's basis (the Russian forms are a rule of each document: below)."""
    for file, signatory in _signatories(checker):
        _check_basis(checker, file, signatory)


def check_russian_forms(checker: RuleContext, document: SourceDocument) -> None:
    """What a Russian text of ``document`` would get wrong of its signatories (the agency's and its
    client's): a warning on the signatory's file. Every Russian document of a client finds the same
    warnings; ``check`` reports each once.

    A rule of each document, not of the workspace, so that ``serve`` runs it
    again only for the documents whose inputs changed: deciding a document's
    languages (its terms) was most of the rule's time. Usually no signatory
    lacks anything, and no document's languages are decided at all.
    """
    lacking = [
        (file, signatory, lacks)
        for file, signatory in _signatories_of_document(checker, document)
        if (lacks := _lacks_russian(signatory)) and (lacks != {"gender"} or document.kind in _PREAMBLE_KINDS)
    ]
    if not lacking or "ru" not in terms_of(chain(checker.ws, document)).languages:
        return
    for file, signatory, lacks in lacking:
        if "title" in lacks:
            _report_title(checker, file, signatory)
        if "gender" in lacks and document.kind in _PREAMBLE_KINDS:
            _report_gender(checker, file, signatory)


def _signatories_of_document(
    checker: RuleContext, document: SourceDocument
) -> Iterator[tuple[LoadedFile, Signatory]]:
    """The agency's signatory and that of the client ``document`` is for."""
    if checker.ws.agency is not None:
        yield checker.ws.agency.file, checker.ws.agency.model.signatory
    client = checker.ws.clients.get(document_client(checker.ws, document))
    if client is not None and client.model.signatory is not None:
        yield client.file, client.model.signatory


def _lacks_russian(signatory: Signatory) -> frozenset[str]:
    """What a Russian document needs of ``signatory`` and it lacks: a Russian ``title``, a ``gender``
    that the contract's preamble declines by (when the name does not tell)."""
    unknown = signatory.gender is None and signatory.represented is None
    return _lacks(localize(signatory.title, "ru"), localize(signatory.name, "ru"), unknown)


@functools.lru_cache(maxsize=1024)
def _lacks(title: str, name: str, unknown_gender: bool) -> frozenset[str]:
    """(Asked for every document, of the same few signatories.)"""
    lacks = set()
    if russian_cases.is_foreign(title):
        lacks.add("title")
    if unknown_gender and russian_cases.name_gender(name) is None:
        lacks.add("gender")
    return frozenset(lacks)


def _signatories(checker: RuleContext) -> Iterator[tuple[LoadedFile, Signatory]]:
    if checker.ws.agency is not None:
        yield checker.ws.agency.file, checker.ws.agency.model.signatory
    for client in checker.ws.clients.values():
        if client.model.signatory is not None:
            yield client.file, client.model.signatory


_LOC: Loc = ("signatory",)


def _check_basis(checker: RuleContext, file: LoadedFile, signatory: Signatory) -> None:
    basis = " ".join(
        [signatory.basis] if isinstance(signatory.basis, str) else (signatory.basis or {}).values()
    )
    if signatory.power_of_attorney is None and _POWER_OF_ATTORNEY.search(basis):
        checker.report(
            file,
            (*_LOC, "basis"),
            "a power of attorney needs its number and date: "
            "add power_of_attorney: {number: …, date: YYYY-MM-DD} (and drop basis)",
        )


def _report_title(checker: RuleContext, file: LoadedFile, signatory: Signatory) -> None:
    title = localize(signatory.title, "ru")
    checker.report(
        file,
        (*_LOC, "title"),
        f'Russian documents would print "{title}": give the title per language, '
        f"e.g. {{ru: Генеральный директор, en: {title}}}",
        "warning",
    )


def _report_gender(checker: RuleContext, file: LoadedFile, signatory: Signatory) -> None:
    name = localize(signatory.name, "ru")
    checker.report(
        file,
        (*_LOC, "name"),
        f'cannot tell from "{name}" whether a Russian contract says действующего or действующей: '
        "add gender: male or gender: female to the signatory",
        "warning",
    )
