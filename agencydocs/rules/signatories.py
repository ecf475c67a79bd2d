"""Rules of signatories: the authority they sign under, and what Russian text needs of them.

A power of attorney is named by its number and date (a bare "доверенности"
is not a basis a counterparty's lawyer accepts). A signatory printed in a
Russian document needs a Russian title (else "в лице Managing Director …")
and, where the name does not tell, a gender for "действующего / действующей".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from agencydocs.domain.terms import chain, terms_of
from agencydocs.i18n import russian_cases
from agencydocs.models.base import localize
from agencydocs.models.legal import Signatory
from agencydocs.reading.loading import LoadedFile, Loc
from agencydocs.rules.base import RuleContext

_POWER_OF_ATTORNEY = re.compile(r"доверенн|power of attorney|proxy|vollmacht", re.IGNORECASE)
# Kinds whose Russian text declines the signatory ("в лице …, действующего …").
_PREAMBLE_KINDS = frozenset({"contract", "addendum"})


def check_signatories(checker: RuleContext) -> None:
    """Every signatory's basis, and the Russian forms of those a Russian document prints."""
    for file, signatory in _signatories(checker):
        _check_basis(checker, file, signatory)
    reported: set[tuple[str, str]] = set()
    for document in checker.ws.documents:
        links = chain(checker.ws, document)
        if "ru" not in terms_of(links).languages:
            continue
        for file, signatory in _signatories_of(checker, links.client):
            if (file.display, "title") not in reported and _check_title(checker, file, signatory):
                reported.add((file.display, "title"))
            preamble = document.kind in _PREAMBLE_KINDS and (file.display, "gender") not in reported
            if preamble and _check_gender(checker, file, signatory):
                reported.add((file.display, "gender"))


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


def _check_title(checker: RuleContext, file: LoadedFile, signatory: Signatory) -> bool:
    title = localize(signatory.title, "ru")
    if not russian_cases.is_foreign(title):
        return False
    checker.report(
        file,
        (*_LOC, "title"),
        f'Russian documents would print "{title}": give the title per language, '
        f"e.g. {{ru: Генеральный директор, en: {title}}}",
        "warning",
    )
    return True


def _check_gender(checker: RuleContext, file: LoadedFile, signatory: Signatory) -> bool:
    if signatory.gender is not None or signatory.represented is not None:
        return False
    name = localize(signatory.name, "ru")
    if russian_cases.name_gender(name) is not None:
        return False
    checker.report(
        file,
        (*_LOC, "name"),
        f'cannot tell from "{name}" whether a Russian contract says действующего or действующей: '
        "add gender: male or gender: female to the signatory",
        "warning",
    )
    return True
