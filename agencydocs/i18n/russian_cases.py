"""Russian grammatical cases of signatories: "в лице Генерального директора Соколовой Анны Викторовны".

A contract preamble names each signatory in the genitive ("в лице кого?")
and agrees the participle with the signatory's gender ("действующего" /
"действующей"). Names are declined with pytrovich (the rules of the
petrovich project, which know surnames such as Дурново or Черных that do not
decline), titles with pymorphy3 (the OpenCorpora dictionary). Both libraries
are imported on first use: most commands never need them.

A name in Latin script ("Thomas Krüger") is foreign and stays as written: the
Russian rules would invent endings for it. Initials ("Иванов И. И.") decline
the surname only.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer

Gender = Literal["male", "female"]

_CYRILLIC = re.compile("[А-Яа-яЁё]")
_INITIAL = re.compile(r"^[А-ЯЁA-Z]\.$")
# Tags of the words of a title that agree with its head noun: "Генеральный", "Главный", "Управляющий".
_AGREEING = {"ADJF", "PRTF"}


def is_foreign(text: str) -> bool:
    """Whether ``text`` has no Cyrillic letter (a name or title Russian grammar does not touch)."""
    return not _CYRILLIC.search(text)


def _split_name(full_name: str) -> tuple[str, str | None, str | None]:
    """Surname, first name and patronymic of "Фамилия Имя Отчество"; initials count as absent.

    "Иванов И. И." and "Иванов И.И." give only the surname; a Turkic patronymic
    in two words ("Мамед оглы") stays one patronymic.
    """
    words = full_name.replace(".", ". ").split()
    if not words:
        return "", None, None
    surname, rest = words[0], [w for w in words[1:] if not _INITIAL.match(w)]
    if len(rest) != len(words) - 1:  # initials: the given names cannot be declined
        return surname, None, None
    first = rest[0] if rest else None
    patronymic = " ".join(rest[1:]) or None
    return surname, first, patronymic


def name_gender(full_name: str) -> Gender | None:
    """The gender a Russian full name shows (patronymic first, then first name and surname), or None."""
    if is_foreign(full_name):
        return None
    from pytrovich.detector import PetrovichGenderDetector
    from pytrovich.enums import Gender as PetrovichGender

    surname, first, patronymic = _split_name(full_name)
    detected = PetrovichGenderDetector().detect(firstname=first, lastname=surname, middlename=patronymic)
    if detected is PetrovichGender.MALE:
        return "male"
    if detected is PetrovichGender.FEMALE:
        return "female"
    return None


def genitive_name(full_name: str, gender: Gender) -> str:
    """ "Соколова Анна Викторовна" -> "Соколовой Анны Викторовны"; foreign names unchanged."""
    return _decline_name(full_name, gender, "genitive")


def dative_name(full_name: str, gender: Gender) -> str:
    """ "Морозов Павел Андреевич" -> "Морозову Павлу Андреевичу" (a letter's addressee: "кому?")."""
    return _decline_name(full_name, gender, "dative")


def _decline_name(full_name: str, gender: Gender, case: Literal["genitive", "dative"]) -> str:
    if is_foreign(full_name):
        return full_name
    from pytrovich.enums import Case, NamePart
    from pytrovich.enums import Gender as PetrovichGender
    from pytrovich.maker import PetrovichDeclinationMaker

    maker = PetrovichDeclinationMaker()
    sex = PetrovichGender.MALE if gender == "male" else PetrovichGender.FEMALE
    to = Case.GENITIVE if case == "genitive" else Case.DATIVE
    surname, first, patronymic = _split_name(full_name)
    declined = maker.make(NamePart.LASTNAME, sex, to, surname)
    if first is None:  # initials follow the surname as written
        return " ".join([declined, *full_name.split()[1:]])
    words = [declined, maker.make(NamePart.FIRSTNAME, sex, to, first)]
    if patronymic:
        words.append(maker.make(NamePart.MIDDLENAME, sex, to, patronymic))
    return " ".join(words)


def given_names(full_name: str) -> str | None:
    """ "Морозов Павел Андреевич" -> "Павел Андреевич", as a Russian salutation names a person; None
    without a patronymic (or with initials), when the polite form is unknown."""
    _surname, first, patronymic = _split_name(full_name)
    return f"{first} {patronymic}" if first and patronymic else None


@functools.cache
def _morph() -> MorphAnalyzer:
    from pymorphy3 import MorphAnalyzer

    return MorphAnalyzer()


def genitive_title(title: str) -> str:
    """ "Генеральный директор" -> "Генерального директора"; "Председатель правления" -> "Председателя правления".

    The words up to and including the head noun are declined (the adjectives
    agree with it); what follows the head noun already depends on it
    ("по развитию", "правления") and keeps its case. A foreign title is
    returned unchanged.
    """
    return _decline_title(title, "gent")


def dative_title(title: str) -> str:
    """ "Генеральный директор" -> "Генеральному директору" (the first line of a letter's addressee)."""
    return _decline_title(title, "datv")


def _decline_title(title: str, case: str) -> str:
    if is_foreign(title):
        return title
    words = title.split(" ")
    for index, word in enumerate(words):
        parse = _nominative_parse(word)
        if parse is None:
            break
        inflected = parse.inflect({case})
        if inflected is None:
            break
        words[index] = _same_capitals(word, inflected.word)
        if parse.tag.POS == "NOUN":
            break
    return " ".join(words)


def _nominative_parse(word: str) -> Any:  # pymorphy3's Parse is untyped
    """The reading of ``word`` as a nominative adjective, participle or noun, or None."""
    for parse in _morph().parse(word):
        if "nomn" in parse.tag and (parse.tag.POS in _AGREEING or parse.tag.POS == "NOUN"):
            return parse
    return None


def _same_capitals(original: str, inflected: str) -> str:
    """Keep "Генерального" capitalised as "Генеральный" was (pymorphy3 answers in lower case)."""
    if original.isupper():
        return inflected.upper()
    if original[:1].isupper():
        return inflected[:1].upper() + inflected[1:]
    return inflected


def acting(gender: Gender | None, *, genitive: bool) -> str:
    """ "действующего" / "действующей" after "в лице"; "действующий" / "действующая" under a signature.

    An unknown gender takes the masculine, as Russian contracts do for a
    position rather than a person.
    """
    if gender == "female":
        return "действующей" if genitive else "действующая"
    return "действующего" if genitive else "действующий"


def inflect(word: str, case: str) -> str:
    """One adjective or noun in the singular of pymorphy3's ``case`` ("loct": "английский" -> "английском")."""
    parse = _nominative_parse(word)
    inflected = parse.inflect({case}) if parse is not None else None
    return _same_capitals(word, inflected.word) if inflected is not None else word
