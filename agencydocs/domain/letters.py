"""What a letter is addressed to and what it encloses, decided once for its rules, resolver and ``new``.

The addressee is a person of the client: its signatory by default, or the
contact the letter names (``to: elena``). An attachment that cites a number
is the one document of an attachable kind with that number; ``kind:``
chooses when two kinds share it (invoice 2026-014 and act 2026-014).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from agencydocs.models import Client
from agencydocs.models.base import LocalizedName
from agencydocs.models.documents.letter import AttachedKind
from agencydocs.models.legal import Signatory
from agencydocs.workspace import SourceDocument, Workspace

ATTACHED_KINDS: tuple[str, ...] = get_args(AttachedKind)


@dataclass(frozen=True)
class Addressee:
    """The person a letter is written to: name and position as the client's file gives them."""

    name: LocalizedName
    title: LocalizedName | None
    gender: Literal["male", "female"] | None  # as the file gives it; None: read from a Russian name


class UnknownAddressee(LookupError):
    """``to:`` names no contact of the client, or the client has no signatory to default to."""


def addressee(client: Client, to: str | None) -> Addressee:
    """The signatory (``to`` unset) or the contact ``to`` of ``client``."""
    if to is None:
        if client.signatory is None:
            raise UnknownAddressee(f"{client.id} has no signatory; name a contact with to:")
        return _of_signatory(client.signatory)
    contact = next((c for c in client.contacts if c.id == to), None)
    if contact is None:
        raise UnknownAddressee(to)
    return Addressee(name=contact.name, title=contact.role, gender=contact.gender)


def contact_ids(client: Client) -> list[str]:
    return [c.id for c in client.contacts if c.id is not None]


def _of_signatory(signatory: Signatory) -> Addressee:
    return Addressee(name=signatory.name, title=signatory.title, gender=signatory.gender)


def attached_candidates(workspace: Workspace, number: str | None, kind: str | None) -> list[SourceDocument]:
    """Every document an attachment's ``number`` may mean (one when it is unambiguous); ``kind`` narrows."""
    kinds = (kind,) if kind is not None else ATTACHED_KINDS
    # Every document of the kinds is looked at (and, in a build, recorded as an input): another one
    # taking the same number would make the attachment ambiguous.
    found = (workspace.numbered(each).get(number) if number is not None else None for each in kinds)
    return [document for document in found if document is not None]


def attachable_numbers(workspace: Workspace, kind: str | None = None) -> set[str]:
    """The numbers an attachment may cite (of ``kind``, or of every attachable kind)."""
    kinds = (kind,) if kind is not None else ATTACHED_KINDS
    return {number for each in kinds for number in workspace.numbered(each)}
