"""Brief (бриф): a questionnaire the client fills in, and its question sets.

A brief names a question set (built-in ``website`` or ``seo``, or a
workspace's own ``briefs/<id>.yaml``) and a mode: ``blank`` prints the
questions with room to answer, ``filled`` prints the client's answers
(Markdown), keyed by question id. Briefs have no number of their own; the
output is named after the file.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from agencydocs.models.base import Date, DocNumber, Id, LocalizedName, LocalizedText, Name, StrictModel
from agencydocs.models.documents.common import DocumentBase

BriefMode = Literal["blank", "filled"]


class Question(StrictModel):
    id: Id
    text: LocalizedText
    hint: LocalizedText | None = Field(None, description="Shown under the question, smaller")
    required: bool = False
    lines: int = Field(3, ge=1, le=20, description="Ruled lines left for the answer in a blank brief")
    options: list[LocalizedName] = Field(
        default_factory=list, description="Choices, printed as check boxes in a blank brief"
    )


class QuestionSection(StrictModel):
    id: Id
    title: LocalizedName
    questions: list[Question] = Field(min_length=1)


class QuestionSet(StrictModel):
    """A question set file: ``agencydocs/briefs/<id>.yaml`` or ``briefs/<id>.yaml``."""

    title: LocalizedName = Field(description="e.g. Бриф на разработку сайта")
    intro: LocalizedText | None = Field(None, description="Markdown shown before the questions")
    sections: list[QuestionSection] = Field(min_length=1)


class Brief(DocumentBase):
    """A questionnaire, blank or with the client's answers."""

    numbered: ClassVar[bool] = False
    kind: Literal["brief"]
    question_set: Id = Field(description="website, seo, or the id of a file in briefs/")
    mode: BriefMode = Field("blank", description="blank: room to answer; filled: the answers given")
    number: DocNumber | None = Field(None, description="Optional; the output is named after the file")
    date: Date | None = None
    title: LocalizedName | None = Field(None, description="Defaults to the question set's title")
    respondent: Name | None = Field(None, description="Who answered, e.g. Елена Морозова, маркетинг")
    answers: dict[str, LocalizedText] = Field(
        default_factory=dict, description="Question id -> answer (Markdown)"
    )
