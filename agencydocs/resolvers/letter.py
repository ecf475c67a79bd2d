"""An official letter: a checked ``kind: letter`` -> a frozen :class:`LetterContext`.

The letterhead is the one of the business documents (``Heading``): the
agency's logo, name, address, contacts and tax ids on the left, the outgoing
number and the date on the right. Then the addressee in the language's
convention (``resolvers/addressing.py``), the subject, the salutation, the
Markdown body (rendered by the templates' safe ``markdown`` filter), the
enclosures with the titles and dates of the documents they cite, the closing
and the agency signatory's signature.
"""

from __future__ import annotations

from dataclasses import dataclass

from agencydocs.context import Row, Signature
from agencydocs.domain import letters
from agencydocs.i18n.plurals import counted
from agencydocs.i18n.typography import typeset
from agencydocs.kinds import RenderContext
from agencydocs.models.base import localize
from agencydocs.models.documents.letter import Attachment, Letter
from agencydocs.resolvers.addressing import address_block, letter_fields
from agencydocs.resolvers.collection import agency_signature, collection_subject
from agencydocs.resolvers.letterhead import Heading
from agencydocs.resolvers.parties import tax_id_rows
from agencydocs.resolvers.subject import ProjectSubject
from agencydocs.workspace import SourceDocument, Workspace


@dataclass(frozen=True, kw_only=True)
class LetterContext(RenderContext):
    heading: Heading
    addressee: tuple[str, ...]  # the address block, one line each
    subject: str  # "О направлении документов", with the language's prefix
    salutation: str
    body: str  # Markdown
    attachments: tuple[str, ...]  # numbered: "1. Счёт на оплату № 2026-021 от 23 ноября 2026 г. на 1 л."
    closing: str
    signature: Signature
    agency: str

    @property
    def index_note(self) -> str:
        """The subject, for output/index.html."""
        return self.subject


def resolve_letter(workspace: Workspace, source: SourceDocument) -> LetterContext:
    letter = source.model
    assert isinstance(letter, Letter)
    subject = collection_subject(workspace, source)
    labels, locale = subject.labels, subject.locale
    client = subject.client
    block = address_block(
        letters.addressee(client, letter.to),
        subject.client_name,
        typeset(localize(client.legal.address, locale), locale),
        labels,
    )
    date_long = subject.date(letter.date)
    title = labels("letter_title", number=letter.number, date=date_long)
    about = typeset(localize(letter.subject, locale), locale)
    return LetterContext(
        **letter_fields(subject, "letter", letter.number, title, letter.date, about),
        heading=_heading(subject, letter),
        addressee=block.lines,
        subject=labels("letter_subject", subject=about),
        salutation=typeset(localize(letter.salutation, locale), locale) or block.salutation,
        body=localize(letter.body, locale),
        attachments=tuple(
            f"{index}. {_attachment(workspace, subject, a)}" for index, a in enumerate(letter.attachments, 1)
        ),
        closing=labels("letter_closing"),
        signature=agency_signature(workspace, subject),
        agency=subject.agency_name,
    )


def _heading(subject: ProjectSubject, letter: Letter) -> Heading:
    """The agency with its address, contacts and tax ids; the outgoing number and the date."""
    agency, locale, labels = subject.agency, subject.locale, subject.labels
    legal = agency.legal
    contacts = " · ".join(part for part in (legal.email, legal.phone, legal.website) if part)
    requisites = ", ".join(f"{row.label} {row.value}" for row in tax_id_rows(legal, labels))
    lines = (typeset(localize(legal.address, locale), locale), contacts, requisites)
    return Heading(
        agency=subject.agency_name,
        agency_lines=tuple(line for line in lines if line),
        logo=subject.logo,
        title="",
        subtitle="",
        rows=(
            Row(labels("letter_outgoing"), letter.number),
            Row(labels("letterhead_date"), subject.date(letter.date)),
        ),
    )


def _attachment(workspace: Workspace, subject: ProjectSubject, attachment: Attachment) -> str:
    """One enclosure as listed: the cited document's title and date, or the text given; sheets, copies."""
    labels, locale = subject.labels, subject.locale
    if attachment.document is not None:
        found = letters.attached_candidates(workspace, attachment.document, attachment.kind)[
            0
        ]  # check: exactly one
        day = getattr(found.model, "date", None)  # every attachable kind is dated (models: Date, required)
        text = labels(f"letter_doc_{found.kind}", number=attachment.document, date=subject.date(day))
    else:
        text = typeset(localize(attachment.title, locale), locale)
    if attachment.pages is not None:
        text += labels("letter_pages", pages=counted(attachment.pages, labels("letter_pages_forms"), locale))
    if attachment.copies is not None:
        text += labels(
            "letter_copies", copies=counted(attachment.copies, labels("letter_copies_forms"), locale)
        )
    return text
