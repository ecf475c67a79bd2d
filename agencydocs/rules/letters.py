"""Rules of letters, located on the field at fault.

The client must exist and the addressee be one of its people (its
signatory, or the contact ``to`` names), with a name and title written in the letter's
language (an English letter to "Морозов Павел Андреевич" would greet
"Dear Mr Морозов"); each enclosure that cites a number must be exactly one
document of the workspace, or the letter would list a title and date it
cannot know.
"""

from __future__ import annotations

from agencydocs.domain import letters
from agencydocs.domain.dunning import document_client
from agencydocs.domain.terms import terms
from agencydocs.i18n import russian_cases
from agencydocs.models import Client
from agencydocs.models.base import LocalizedName, localize
from agencydocs.models.documents.letter import Letter
from agencydocs.reading.loading import Loc
from agencydocs.rules.base import RuleContext
from agencydocs.suggestions import unknown_id_message
from agencydocs.workspace import SourceDocument


def check_letter(checker: RuleContext, document: SourceDocument) -> None:
    letter = document.model
    assert isinstance(letter, Letter)
    file = document.file
    if letter.client is not None and not checker.reference(
        file, ("client",), "client", letter.client, checker.ws.clients
    ):
        return
    client = checker.ws.clients.get(document_client(checker.ws, document))
    if client is not None:
        _addressee(checker, document, letter, client.model)
    for index, attachment in enumerate(letter.attachments):
        if attachment.document is None:
            continue
        found = letters.attached_candidates(checker.ws, attachment.document, attachment.kind)
        where = ("attachments", index, "document")
        if not found:
            broken = _invalid_kind(checker, attachment.document, attachment.kind)
            if broken is not None:  # it exists; its own problems are reported on it
                checker.report(file, where, f'uses {broken} "{attachment.document}", which has errors')
                continue
            known = letters.attachable_numbers(checker.ws, attachment.kind)
            what = attachment.kind or "document"
            checker.report(file, where, unknown_id_message(what, attachment.document, known))
        elif len(found) > 1:
            kinds = ", ".join(d.kind for d in found)
            message = (
                f'"{attachment.document}" numbers documents of several kinds ({kinds}): add kind: to choose'
            )
            checker.report(file, where, message)


def _invalid_kind(checker: RuleContext, number: str, kind: str | None) -> str | None:
    """The kind of an invalid document numbered ``number`` (of ``kind`` if given), if there is one."""
    kinds = (kind,) if kind is not None else letters.ATTACHED_KINDS
    return next((k for k in kinds if (k, number) in checker.ws.invalid), None)


def _addressee(checker: RuleContext, document: SourceDocument, letter: Letter, client: Client) -> None:
    try:
        person = letters.addressee(client, letter.to)
    except letters.UnknownAddressee:
        if letter.to is None:
            message = (
                f"{client.id} has no signatory to address the letter to: name one of its contacts in to:"
            )
            checker.report(document.file, (), message)
        else:
            contact = unknown_id_message(f"contact of {client.id}", letter.to, letters.contact_ids(client))
            checker.report(document.file, ("to",), contact)
        return
    _printed_in_the_letters_language(checker, document, letter, client, person.name, person.title)


def _printed_in_the_letters_language(
    checker: RuleContext,
    document: SourceDocument,
    letter: Letter,
    client: Client,
    name: LocalizedName,
    title: LocalizedName | None,
) -> None:
    """Warn when a letter not in Russian would print its addressee's name or title in Cyrillic
    ("Dear Mr Морозов", "General Director" printed as "Генеральный директор")."""
    language = terms(checker.ws, document).language
    if language == "ru":
        return
    if letter.to is None:
        base: Loc = ("signatory",)
        title_field = "title"
    else:
        base = ("contacts", next(i for i, contact in enumerate(client.contacts) if contact.id == letter.to))
        title_field = "role"
    client_file = checker.ws.clients[client.id].file
    for what, value, where in (
        ("the addressee", name, (*base, "name")),
        ("the addressee's title", title, (*base, title_field)),
    ):
        printed = localize(value, language)
        if not printed or russian_cases.is_foreign(printed):
            continue
        line, _ = client_file.position(where)
        part = "name" if where[-1] == "name" else "title"
        checker.report(
            document.file,
            ("to",) if letter.to is not None else (),
            f'a letter in {language} would print {what} "{printed}" ({client_file.display}:{line}): '
            f"give the {part} per language there, e.g. {{ru: {printed}, {language}: …}}",
            "warning",
            related=[(client_file, where)],
        )
