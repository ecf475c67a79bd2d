"""An official letter on the agency's letterhead: outgoing number and date, addressee, subject, body, attachments."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator

from agencydocs.models.base import Date, DocNumber, Id, LocalizedText, StrictModel, field_error
from agencydocs.models.documents.common import DocumentBase

# The kinds an attachment may cite by number (every numbered, dated kind but the letter itself).
AttachedKind = Literal[
    "invoice", "act", "credit_note", "contract", "addendum", "spec", "proposal", "reminder", "claim"
]


class Attachment(StrictModel):
    """One enclosure: a document of the workspace by number, or a text for anything else."""

    document: DocNumber | None = Field(
        None,
        description="Number of a document of the workspace (invoice, act, contract…): its title and date",
    )
    kind: AttachedKind | None = Field(
        None, description="The document's kind, when two kinds share the number (an invoice and an act)"
    )
    title: LocalizedText | None = Field(None, description="What is enclosed, when it is no document here")
    pages: int | None = Field(None, ge=1, le=9999, description="Number of sheets (на 1 л.)")
    copies: int | None = Field(None, ge=1, le=99, description="Number of copies (в 2 экз.)")

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        if (self.document is None) == (self.title is None):
            raise field_error("attachment", "an attachment names a document or a title, not both", "document")
        if self.kind is not None and self.document is None:
            raise field_error("attachment", "kind narrows a document number: name the document", "kind")
        return self


class Letter(DocumentBase):
    """A letter to a client: the agency's letterhead, an outgoing number, the addressee, a Markdown body."""

    kind: Literal["letter"]
    number: DocNumber = Field(description="Outgoing number (Исх. №) in the letter series of agency.yaml")
    date: Date
    client: Id | None = Field(
        None, description="Client id (clients/<id>.yaml); default: the project's client"
    )
    to: Id | None = Field(
        None, description="Addressee: the id of one of the client's contacts; default: the client's signatory"
    )
    subject: LocalizedText = Field(description="What the letter is about: О … / Re: … / Betreff: …")
    salutation: LocalizedText | None = Field(
        None, description="Replaces the salutation made from the addressee (Уважаемый Павел Андреевич!)"
    )
    body: LocalizedText = Field(description="The letter's text (Markdown)")
    attachments: list[Attachment] = Field(
        default_factory=list, description="Enclosures, listed under the body (Приложение: …)"
    )
