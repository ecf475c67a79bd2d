"""A letter's address block and salutation, in the convention of its language.

Russian business letters name the addressee in the dative, position first
(ГОСТ Р 7.0.97): "Генеральному директору / ООО «Ромашка» / Морозову П. А.",
and greet by first name and patronymic: "Уважаемый Павел Андреевич!".
German letters (DIN 5008) put the company first, then "Herrn Jens Petersen",
and greet "Sehr geehrter Herr Petersen,"; English ones "Dear Ms Hansen,".
Without a known gender the greeting is the neutral one of each language.
The words around the names are labels (``letter_to_*``, ``letter_salutation_*``),
so a workspace can restyle them without code.

:func:`letter_fields` is the header a letter, a reminder and a claim share:
their number, title, dated footer and metadata, addressed to the same client.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TypedDict

from agencydocs.domain.letters import Addressee
from agencydocs.i18n import russian_cases
from agencydocs.i18n.labels import Labels
from agencydocs.i18n.typography import typeset
from agencydocs.models.base import localize
from agencydocs.resolvers.parties import short_person_name
from agencydocs.resolvers.subject import ProjectSubject


class LetterFields(TypedDict):
    """The :class:`~agencydocs.kinds.RenderContext` fields of a letter-like document."""

    kind: str
    number: str
    title: str
    locale: str
    footer: str
    brand_color: str
    logo: str | None
    labels: Mapping[str, str]
    meta: Mapping[str, str]


def letter_fields(
    subject: ProjectSubject, kind: str, number: str, title: str, day: date, about: str
) -> LetterFields:
    """The header of a letter, a reminder or a claim numbered ``number`` of ``day``: the footer is the
    label ``<kind>_footer`` with the number and the short date; the metadata's subject is ``about``."""
    labels = subject.labels
    return LetterFields(
        kind=kind,
        number=number,
        title=title,
        locale=subject.locale,
        footer=labels(f"{kind}_footer", number=number, date=subject.date(day, "short")),
        brand_color=subject.agency.brand_color,
        logo=subject.logo,
        labels=labels.table,
        meta={"title": title, "author": subject.agency_name, "subject": about, "date": day.isoformat()},
    )


@dataclass(frozen=True)
class AddressBlock:
    lines: tuple[str, ...]  # as printed, one per line
    salutation: str


def address_block(person: Addressee, company: str, address: str, labels: Labels) -> AddressBlock:
    """The address lines and the salutation for ``person`` of ``company`` in ``labels``' language."""
    locale = labels.locale
    name = localize(person.name, locale)
    title = localize(person.title, locale)
    gender = person.gender or russian_cases.name_gender(name)
    if locale == "ru":
        lines = _russian_lines(name, title, gender, company)
    else:
        to = labels(f"letter_to_{gender or 'none'}", name=name)
        lines = [company, to, title] if locale == "de" else [to, title, company]
    lines.append(address)
    return AddressBlock(
        lines=tuple(typeset(line, locale) for line in lines if line),
        salutation=typeset(salutation(name, gender, labels), locale),
    )


def _russian_lines(name: str, title: str, gender: str | None, company: str) -> list[str]:
    """Position, company and surname with initials, position and name in the dative."""
    short = short_person_name(name, "ru")
    sex: russian_cases.Gender = "female" if gender == "female" else "male"
    return [
        russian_cases.dative_title(title) if title else "",
        company,
        russian_cases.dative_name(short, sex),
    ]


def salutation(name: str, gender: str | None, labels: Labels) -> str:
    """ "Уважаемый Павел Андреевич!", "Sehr geehrte Frau Hansen,", "Dear Mr Petersen,"; neutral without a gender."""
    if gender is None:
        return labels("letter_salutation_none", name=name)
    # Russian greets by first name and patronymic; English and German by title and surname. A
    # Russian name without a patronymic, or whose order cannot be told, is greeted as written,
    # "Уважаемая Анна Морозова!": the gender (given, or read from a patronymic) chooses the word,
    # and no part is guessed; without a gender the neutral "Здравствуйте, …!" above is used.
    called = (russian_cases.given_names(name) or name) if labels.locale == "ru" else surname(name)
    return labels(f"letter_salutation_{gender}", name=called)


def surname(full_name: str) -> str:
    """The family name: a Russian name's surname (in either order written), else the last word."""
    words = full_name.split()
    if not words:
        return full_name
    parsed = russian_cases.parse_name(full_name)
    if parsed is not None and parsed.surname is not None:
        return parsed.surname
    return words[-1]
