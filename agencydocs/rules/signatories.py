"""Rules of signatories: the authority they sign under, and what Russian text needs of them.

A power of attorney is named by its number and date (a bare "доверенности"
is not a basis a counterparty's lawyer accepts). A signatory printed in a
Russian document needs a Russian title (else "в лице Managing Director …")
and, where the name does not tell, a gender for "действующего / действующей".
"""

from __future__ import annotations

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
    """Every signatory's basis, and the Russian forms of those a Russian document prints."""
    for file, signatory in _signatories(checker):
        _check_basis(checker, file, signatory)
    # What Russian text would get wrong, per signatory. Usually nothing: then no
    # document's languages need deciding (that was most of this rule's time).
    lacking = {file.display: _lacks_russian(signatory) for file, signatory in _signatories(checker)}
    agency = checker.ws.agency.file.display if checker.ws.agency is not None else ""
    for document in checker.ws.documents:
        if not any(lacking.values()):
            return
        if not lacking.get(agency) and not lacking.get(_client_file(checker, document)):
            continue  # nothing it could print is lacking: its languages need no deciding
        links = chain(checker.ws, document)
        if "ru" not in terms_of(links).languages:
            continue
        for file, signatory in _signatories_of(checker, links.client):
            lacks = lacking[file.display]
            if "title" in lacks:
                _report_title(checker, file, signatory)
                lacks.discard("title")
            if "gender" in lacks and document.kind in _PREAMBLE_KINDS:
                _report_gender(checker, file, signatory)
                lacks.discard("gender")


def _client_file(checker: RuleContext, document: SourceDocument) -> str:
    """The file name of the client ``document`` is for ("" when unknown)."""
    client = checker.ws.clients.get(document_client(checker.ws, document))
    return client.file.display if client is not None else ""


def _lacks_russian(signatory: Signatory) -> set[str]:
    """What a Russian document needs of ``signatory`` and it lacks: a Russian ``title``, a ``gender``
    that the contract's preamble declines by (when the name does not tell)."""
    lacks = set()
    if russian_cases.is_foreign(localize(signatory.title, "ru")):
        lacks.add("title")
    unknown = signatory.gender is None and signatory.represented is None
    if unknown and russian_cases.name_gender(localize(signatory.name, "ru")) is None:
        lacks.add("gender")
    return lacks


def _signatories(checker: RuleContext) -> Iterator[tuple[LoadedFile, Signatory]]:
    if checker.ws.agency is not None:
        yield checker.ws.agency.file, checker.ws.agency.model.signatory
    for client in checker.ws.clients.values():
        if client.model.signatory is not None:
            yield client.file, client.model.signatory


def _signatories_of(checker: RuleContext, client: object) -> Iterator[tuple[LoadedFile, Signatory]]:
    """The agency's signatory and that of ``client`` (the model a document's chain found)."""
    if checker.ws.agency is not None:
        yield checker.ws.agency.file, checker.ws.agency.model.signatory
    for sourced in checker.ws.clients.values():
        if sourced.model is client and sourced.model.signatory is not None:
            yield sourced.file, sourced.model.signatory


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
