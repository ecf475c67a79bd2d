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
from dataclasses import dataclass
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


@dataclass(frozen=True)
class RussianName:
    """The parts of a Russian full name, in whichever order it was written.

    ``given`` and ``patronymic`` are None when absent or written as initials
    (``initials`` then holds them as written, "П. А."); ``surname`` is None for
    a name without one ("Павел Андреевич").
    """

    surname: str | None
    given: str | None
    patronymic: str | None
    initials: tuple[str, ...] = ()


# A patronymic: -вич (Андреевич, Ильич), -вна/-ична (Андреевна, Ильинична); a Turkic one is the
# father's name followed by оглы/кызы (also улы/гызы), in one word with a hyphen or in two.
_PATRONYMIC = re.compile(r"(вич|вна|ична|[-‐](оглы|кызы|улы|гызы))$", re.IGNORECASE)
_TURKIC = {"оглы", "кызы", "улы", "гызы"}


def _patronymic_span(words: list[str]) -> tuple[int, int] | None:
    """Where the patronymic stands in ``words`` (start, end exclusive), or None without one."""
    for index, word in enumerate(words):
        if word.lower() in _TURKIC and index > 0:
            return index - 1, index + 1
        if _PATRONYMIC.search(word):
            return index, index + 1
    return None


def parse_name(full_name: str) -> RussianName | None:
    """The surname, given name and patronymic of a Russian name written in either order, or None.

    "Морозова Анна Сергеевна" (official order) and "Анна Сергеевна Морозова"
    are told apart by the patronymic (-вич, -вна, -ична, оглы, кызы): the given
    name stands right before it, the surname is the word that is neither. Two
    words without a patronymic ("Анна Морозова", "Морозова Анна") are told
    apart by the dictionary (pymorphy3 knows given names) when exactly one of
    the two is one, else read in the official order, surname first ("Ким
    Саша"). Initials ("Иванов И. И.", "И.И. Иванов") leave the surname
    only. None: the order cannot be told (three words or more with no
    patronymic second or last, or a foreign name); callers then print
    the name as written rather than guess endings.
    """
    if is_foreign(full_name):
        return None
    words = full_name.replace(".", ". ").split()
    initials = tuple(w for w in words if _INITIAL.match(w))
    rest = [w for w in words if not _INITIAL.match(w)]
    if initials:  # "Иванов И. И.": only the surname is a word
        return RussianName(rest[0], None, None, initials) if len(rest) == 1 else None
    span = _patronymic_span(rest)
    if span is not None:
        start, end = span
        patronymic = " ".join(rest[start:end])
        if start != 1 and not (start == 2 and end == len(rest)):
            return None  # the given name stands right before the patronymic
        given = rest[start - 1]
        others = [w for i, w in enumerate(rest) if not (start - 1 <= i < end)]
        if len(others) > 1:
            return None
        return RussianName(others[0] if others else None, given, patronymic)
    if len(rest) == 1:
        return RussianName(rest[0], None, None)
    if len(rest) == 2:
        names = [w for w in rest if _is_given_name(w)]
        if len(names) == 1:
            surname = next(w for w in rest if w != names[0])
            return RussianName(surname, names[0], None)
        return RussianName(rest[0], rest[1], None)  # untold (Ким Саша): the official order, surname first
    return None


def _is_given_name(word: str) -> bool:
    """Whether the dictionary reads ``word`` as a given name in the nominative (Анна, Павел, Лев)."""
    return any({"Name", "nomn"} <= set(parse.tag.grammemes) for parse in _morph().parse(word))


def _split_name(full_name: str) -> tuple[str, str | None, str | None]:
    """Surname, given name and patronymic for pytrovich ("" as the surname when the name has none)."""
    parsed = parse_name(full_name)
    if parsed is None:
        return "", None, None
    return parsed.surname or "", parsed.given, parsed.patronymic


def short_name(full_name: str) -> str | None:
    """ "Соколова А. В." from "Соколова Анна Викторовна" or "Анна Викторовна Соколова"; None when the
    name cannot be parsed or has no surname (printed as written then)."""
    parsed = parse_name(full_name)
    if parsed is None or parsed.surname is None:
        return None
    if parsed.initials:
        return " ".join([parsed.surname, *parsed.initials])
    given = [w for w in (parsed.given, parsed.patronymic) if w]
    return " ".join([parsed.surname, *(f"{w[0]}." for w in given)])


def name_gender(full_name: str) -> Gender | None:
    """The gender a Russian full name shows (patronymic first, then first name and surname), or None."""
    if is_foreign(full_name):
        return None
    from pytrovich.detector import PetrovichGenderDetector
    from pytrovich.enums import Gender as PetrovichGender

    surname, first, patronymic = _split_name(full_name)
    if not (surname or first or patronymic):
        return _patronymic_gender(full_name)
    detected = PetrovichGenderDetector().detect(
        firstname=first, lastname=surname or None, middlename=patronymic
    )
    if detected is PetrovichGender.MALE:
        return "male"
    if detected is PetrovichGender.FEMALE:
        return "female"
    return None


def _patronymic_gender(full_name: str) -> Gender | None:
    """The gender of a name that cannot be parsed, from a word that reads as a patronymic, or None."""
    words = full_name.split()
    span = _patronymic_span(words)
    if span is None:
        return None
    last = words[span[1] - 1].lower()
    return "female" if last.endswith(("вна", "ична", "кызы", "гызы")) else "male"


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
    parsed = parse_name(full_name)
    if parsed is None:  # the order cannot be told: as written, rather than endings in the wrong places
        return full_name
    parts = {parsed.surname: NamePart.LASTNAME, parsed.given: NamePart.FIRSTNAME}
    words = []
    for word in full_name.split():
        part = parts.get(word)
        words.append(maker.make(part, sex, to, word) if part is not None else word)
    if parsed.patronymic:  # in one piece: a Turkic patronymic of two words declines as one
        declined = maker.make(NamePart.MIDDLENAME, sex, to, parsed.patronymic)
        return " ".join(words).replace(parsed.patronymic, declined, 1)
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
