"""Meeting minutes (протокол встречи, Besprechungsprotokoll).

Who met (agency team ids and client contact ids), where or on which call,
the agenda, the discussion (Markdown), the decisions and the action items
(what, whose, by when, open or done), approved by the signatories of both
sides. Open action items past their due date show in ``agencydocs status``
until they are marked done; an addendum or a spec cites the minutes it
follows with ``minutes: <number>``.
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator

from agencydocs.models.base import (
    Date,
    DocNumber,
    Id,
    LocalizedName,
    LocalizedText,
    Name,
    StrictModel,
    field_error,
)
from agencydocs.models.documents.common import DocumentBase

ActionStatus = Literal["open", "done"]


class ActionItem(StrictModel):
    """A task agreed at the meeting: what, whose, by when; open until marked done."""

    what: LocalizedName
    owner: Id = Field(description="A team id from agency.yaml or a contact id from the client's file")
    due: Date
    status: ActionStatus = Field("open", description="open or done; open items past due show in status")


class Minutes(DocumentBase):
    """The minutes of one meeting with the client, numbered and dated."""

    kind: Literal["minutes"]
    number: DocNumber
    date: Date = Field(description="The day of the meeting")
    title: LocalizedName | None = Field(
        None, description="Defaults to «Протокол встречи» / Minutes of the meeting; e.g. Kick-off meeting"
    )
    place: LocalizedName | None = Field(None, description="Where the meeting took place (or call:)")
    call: Name | None = Field(
        None, description="The call's tool or link, e.g. https://meet.example/abc (or place:)"
    )
    participants: list[Id] = Field(
        min_length=1, description="Team ids from agency.yaml and contact ids from the client's file"
    )
    agenda: list[LocalizedName] = Field(default_factory=list, description="The topics, in order")
    discussion: LocalizedText | None = Field(None, description="What was discussed, Markdown")
    decisions: list[LocalizedText] = Field(default_factory=list, description="What was decided, one a line")
    action_items: list[ActionItem] = Field(default_factory=list)
    signatures: bool = Field(
        True, description="End with 'approved by' lines for the signatories of both sides"
    )

    @model_validator(mode="after")
    def _place_or_call(self) -> Self:
        # Neither is a warning of check (rules/minutes.py): `new minutes` leaves it to fill in.
        if self.place is not None and self.call is not None:
            raise field_error("minutes", "give place: or call:, not both", "call")
        return self

    @model_validator(mode="after")
    def _participants_once(self) -> Self:
        seen: set[str] = set()
        for index, participant in enumerate(self.participants):
            if participant in seen:
                raise field_error(
                    "minutes", "listed twice; name each participant once", "participants", index
                )
            seen.add(participant)
        return self
