"""A letter's address block and salutation, in the convention of its language.

Russian business letters name the addressee in the dative, position first
(ГОСТ Р 7.0.97): "Генеральному директору / ООО «Ромашка» / Морозову П. А.",
and greet by first name and patronymic: "Уважаемый Павел Андреевич!".
German letters (DIN 5008) put the company first, then "Herrn Jens Petersen",
and greet "Sehr geehrter Herr Petersen,"; English ones "Dear Ms Hansen,".
Without a known gender the greeting is the neutral one of each language.
The words around the names are labels (``letter_to_*``, ``letter_salutation_*``),
so a workspace can restyle them without code.
"""

from __future__ import annotations

from dataclasses import dataclass

from agencydocs.domain.letters import Addressee
from agencydocs.i18n import russian_cases
from agencydocs.i18n.labels import Labels
from agencydocs.i18n.typography import typeset
from agencydocs.models.base import localize
from agencydocs.resolvers.parties import short_person_name


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
    # Russian greets by first name and patronymic; English and German by title and surname.
    called = (russian_cases.given_names(name) or name) if labels.locale == "ru" else surname(name)
    return labels(f"letter_salutation_{gender}", name=called)


def surname(full_name: str) -> str:
    """The family name: the first word of a Russian surname-first name, else the last word."""
    words = full_name.split()
    if not words:
        return full_name
    return words[-1] if russian_cases.is_foreign(full_name) else words[0]
