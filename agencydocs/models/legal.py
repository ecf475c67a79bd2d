"""Legal entities, bank accounts and signatories, validated by checksum.

Identifiers are checked with python-stdnum and schwifty. Two Russian checks
have no maintained library: the KPP pattern and the control key of a bank
account against its BIC, both implemented here.

Both libraries are imported by the validator that needs them (together
~30 ms of start-up, and most workspaces use only a few of the checks).
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from typing import Literal, Self

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from agencydocs.models.base import (
    Country,
    Currency,
    Id,
    LocalizedName,
    LocalizedText,
    Name,
    StrictModel,
)

# re.ASCII: a bare \d also matches Arabic-Indic and other digits.
_KPP = re.compile(r"^\d{4}[\dA-Z]{2}\d{3}$", re.ASCII)
_RU_BIC = re.compile(r"^04\d{7}$", re.ASCII)
_DIGITS20 = re.compile(r"^\d{20}$", re.ASCII)
_ACCOUNT_KEY_WEIGHTS = ((7, 1, 3) * 8)[:23]


def _stdnum_check(module: str, value: str, what: str, component: str = "wrong format") -> str:
    """Validate ``value`` with the python-stdnum module ``stdnum.<module>``; its compact form.

    ``component`` words stdnum's "a part of the number is not valid" for this
    identifier (an EIN's first two digits, say).
    """
    from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength
    from stdnum.exceptions import ValidationError as StdnumError

    try:
        return str(importlib.import_module(f"stdnum.{module}").validate(value))
    except InvalidChecksum:
        raise PydanticCustomError("checksum", f"is not a valid {what}: the check digit is wrong") from None
    except InvalidLength:
        raise PydanticCustomError("checksum", f"is not a valid {what}: wrong number of digits") from None
    except InvalidComponent:
        raise PydanticCustomError("checksum", f"is not a valid {what}: {component}") from None
    except StdnumError:
        raise PydanticCustomError("checksum", f"is not a valid {what}: wrong format") from None


def _vat_id(value: str) -> str:
    """An EU, UK, Swiss or Norwegian VAT id, as printed: country prefix first.

    The prefix picks the scheme; each outside the EU has its own stdnum
    module, and the Swiss and Norwegian ones end in a suffix (MWST/TVA/IVA,
    MVA) that the bare company number lacks.
    """
    prefix = value.strip()[:2].upper()
    if prefix == "GB":
        return "GB" + _stdnum_check("gb.vat", value, "UK VAT number")
    if prefix == "CH":
        _suffix_needed(
            value, "ch.uid", "a Swiss VAT number ends in MWST, TVA or IVA, e.g. CHE-113.690.319 MWST"
        )
        return _format("ch.vat", _stdnum_check("ch.vat", value, "Swiss VAT number"))
    if prefix == "NO":
        _suffix_needed(value, "no.orgnr", "a Norwegian VAT number ends in MVA, e.g. NO 995 525 828 MVA")
        return _format("no.mva", _stdnum_check("no.mva", value, "Norwegian VAT number"))
    return _stdnum_check("eu.vat", value, "EU VAT id")


def _suffix_needed(value: str, company_module: str, message: str) -> None:
    """Refuse a bare company number where a VAT number is its number plus a suffix."""
    module = importlib.import_module(f"stdnum.{company_module}")
    bare = value.strip()[2:] if company_module == "no.orgnr" else value
    if module.is_valid(bare):
        raise PydanticCustomError("checksum", message)


def _format(module: str, compact: str) -> str:
    return str(importlib.import_module(f"stdnum.{module}").format(compact))


def ru_account_key_ok(account: str, bic: str, *, correspondent: bool = False) -> bool:
    """Bank of Russia control key: weights 7-1-3 over BIC digits + account, sum ends in 0.

    A settlement account is keyed with the last three digits of its BIC; a
    correspondent account with "0" and BIC digits 5-6 (the region of the
    settlement centre).
    """
    prefix = "0" + bic[4:6] if correspondent else bic[-3:]
    digits = prefix + account
    return sum(int(d) * w for d, w in zip(digits, _ACCOUNT_KEY_WEIGHTS, strict=True)) % 10 == 0


class PowerOfAttorney(StrictModel):
    """The document a signatory who is not the head of the company signs under."""

    number: Name = Field(description="Number of the power of attorney, e.g. 17/2026")
    date: dt.date = Field(description="Date it was issued")


class Signatory(StrictModel):
    """The person who signs for a party, and on what authority."""

    name: LocalizedName = Field(description="Full name, e.g. Иванов Иван Иванович")
    title: LocalizedName = Field(description="Position, e.g. Генеральный директор")
    basis: LocalizedName | None = Field(
        None, description="Authority to sign, e.g. Устава / the Articles of Association"
    )
    signature_image: str | None = Field(None, description="Path inside the workspace to a signature image")
    power_of_attorney: PowerOfAttorney | None = Field(
        None, description="Number and date of the power of attorney, when the signatory acts under one"
    )
    gender: Literal["male", "female"] | None = Field(
        None,
        description="Agrees Russian words with the signatory (действующего / действующей); "
        "by default read from the patronymic or first name",
    )
    name_genitive: LocalizedName | None = Field(
        None,
        description="The name after Russian 'в лице', when the library declines it wrongly: Заяца → Зайца",
    )
    title_genitive: LocalizedName | None = Field(
        None, description="The title after Russian 'в лице', e.g. Генерального директора"
    )
    represented: LocalizedName | None = Field(
        None,
        description="The whole phrase a contract preamble names the signatory with, replacing the "
        "declined one: в лице Генерального директора Соколовой Анны Викторовны, действующей на основании Устава",
    )


class BankAccount(StrictModel):
    """A Russian account (account, BIC, correspondent account), a SEPA IBAN or a SWIFT account."""

    id: Id = "main"
    bank_name: LocalizedName
    bank_address: LocalizedText | None = None
    currency: Currency | None = None
    # Russian: bic (9 digits) is declared before the accounts so validators can key them.
    bic: str | None = Field(None, description="Russian BIC (9 digits) or SWIFT/BIC (8 or 11 characters)")
    account: str | None = Field(None, description="Russian settlement account, 20 digits")
    corr_account: str | None = Field(None, description="Russian correspondent account, 20 digits")
    iban: str | None = Field(None, description="IBAN (SEPA and most of the world)")
    account_number: str | None = Field(None, description="Account number for SWIFT / US transfers")
    routing_number: str | None = Field(None, description="US ABA routing number")
    intermediary: LocalizedText | None = None

    @field_validator("bic")
    @classmethod
    def _bic(cls, value: str | None) -> str | None:
        if value is None or _RU_BIC.match(value):
            return value
        from schwifty import BIC
        from schwifty.exceptions import SchwiftyException

        try:
            return str(BIC(value))
        except SchwiftyException as exc:
            raise PydanticCustomError(
                "bic", f"must be a Russian BIC (9 digits) or a SWIFT code ({exc})"
            ) from None

    @field_validator("account", "corr_account")
    @classmethod
    def _ru_account(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return value
        if not _DIGITS20.match(value):
            raise PydanticCustomError("account", "must be 20 digits")
        bic = info.data.get("bic")
        if bic is None or not _RU_BIC.match(bic):
            raise PydanticCustomError("account", "needs a Russian 9-digit bic in the same account")
        if not ru_account_key_ok(value, bic, correspondent=info.field_name == "corr_account"):
            raise PydanticCustomError(
                "checksum", f"control key does not match BIC {bic}; check both for typos"
            )
        return value

    @field_validator("iban")
    @classmethod
    def _iban(cls, value: str | None) -> str | None:
        if value is None:
            return value
        from schwifty import IBAN
        from schwifty.exceptions import SchwiftyException

        try:
            return IBAN(value).formatted
        except SchwiftyException as exc:
            raise PydanticCustomError("checksum", f"is not a valid IBAN ({exc})") from None

    @field_validator("routing_number")
    @classmethod
    def _routing(cls, value: str | None) -> str | None:
        return None if value is None else _stdnum_check("us.rtn", value, "ABA routing number")

    @model_validator(mode="after")
    def _complete(self) -> Self:
        if self.scheme == "ru" and not (self.account and self.corr_account):
            raise PydanticCustomError("bank", "a Russian account needs account, bic and corr_account")
        if self.scheme == "swift" and not (self.account_number and self.bic):
            raise PydanticCustomError(
                "bank",
                "needs either iban, or account + bic + corr_account (Russia), "
                "or account_number + bic (SWIFT)",
            )
        return self

    @property
    def scheme(self) -> str:
        if self.iban:
            return "iban"
        if self.bic and _RU_BIC.match(self.bic):
            return "ru"
        return "swift"


class LegalEntity(StrictModel):
    """Legal name, address and tax identifiers of a company or sole trader.

    A Russian entity is a company or an individual by its INN: 10 digits, a
    company (with a KPP and a 13-digit OGRN); 12 digits, an individual
    entrepreneur, ИП (no KPP, a 15-digit OGRNIP) — see ``is_individual``.
    The INN already says which, so there is no field to keep in step with it.
    """

    name: LocalizedName = Field(description="Full legal name, e.g. ООО «Пиксель»")
    short_name: LocalizedName | None = None
    address: LocalizedText = Field(description="Legal address as printed on documents")
    postcode: str | None = Field(
        None, description="Postcode of the address, for e-invoices (XRechnung needs it)"
    )
    city: str | None = Field(None, description="City of the address, for e-invoices (XRechnung needs it)")
    # inn is declared before kpp and ogrn, whose validators check them against it.
    inn: str | None = Field(
        None, description="Russian INN: 10 digits (company) or 12 (individual entrepreneur, ИП)"
    )
    kpp: str | None = Field(None, description="Russian KPP, companies only (an ИП has none)")
    ogrn: str | None = Field(None, description="Russian OGRN (13 digits) or, for an ИП, OGRNIP (15)")
    vat_id: str | None = Field(
        None,
        description="VAT id with its country prefix: EU (DE136695976), UK (GB980780684), "
        "Swiss (CHE-113.690.319 MWST) or Norwegian (NO 995 525 828 MVA)",
    )
    ein: str | None = Field(None, description="US Employer Identification Number, e.g. 12-3456789")
    # § 14 Abs. 4 Satz 1 Nr. 2 UStG: a German invoice carries the Steuernummer or the USt-IdNr.
    steuernummer: str | None = Field(
        None, description="German tax number from the Finanzamt (Steuernummer), e.g. 22/815/08150"
    )
    # Declared after the tax ids so its validator can check them against it.
    country: Country
    tax_id: Name | None = Field(None, description="Any other tax number, printed as written")
    email: str | None = None
    phone: str | None = None
    website: str | None = None

    @field_validator("inn")
    @classmethod
    def _inn(cls, value: str | None) -> str | None:
        return None if value is None else _stdnum_check("ru.inn", value, "INN")

    @field_validator("ogrn")
    @classmethod
    def _ogrn(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        ogrn = _stdnum_check("ru.ogrn", value, "OGRN/OGRNIP")
        inn = info.data.get("inn")
        if inn and len(inn) == 12 and len(ogrn) != 15:
            raise PydanticCustomError(
                "russian_ids", "an individual entrepreneur (12-digit INN) has a 15-digit OGRNIP, not an OGRN"
            )
        if inn and len(inn) == 10 and len(ogrn) != 13:
            raise PydanticCustomError(
                "russian_ids", "a company (10-digit INN) has a 13-digit OGRN, not an OGRNIP"
            )
        return ogrn

    @field_validator("kpp")
    @classmethod
    def _kpp(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return value
        if not _KPP.match(value):
            raise PydanticCustomError("kpp", "must be 9 characters: 4 digits, 2 digits or letters, 3 digits")
        inn = info.data.get("inn")
        if inn and len(inn) == 12:
            raise PydanticCustomError(
                "russian_ids", "an individual entrepreneur (12-digit INN) has no KPP; remove it"
            )
        return value

    @field_validator("vat_id")
    @classmethod
    def _vat(cls, value: str | None) -> str | None:
        return None if value is None else _vat_id(value)

    @field_validator("ein")
    @classmethod
    def _ein(cls, value: str | None) -> str | None:
        if value is None:
            return None
        ein = _stdnum_check("us.ein", value, "EIN", "its first two digits are not an IRS prefix")
        return _format("us.ein", ein)

    @field_validator("steuernummer")
    @classmethod
    def _steuernummer(cls, value: str | None) -> str | None:
        if value is None:
            return None
        _stdnum_check("de.stnr", value, "Steuernummer")
        return value.strip()  # printed as the Finanzamt writes it (regional format)

    @field_validator("country")
    @classmethod
    def _country_matches_ids(cls, value: str, info: ValidationInfo) -> str:
        russian = [name for name in ("inn", "kpp", "ogrn") if info.data.get(name)]
        if russian and value != "RU":
            raise PydanticCustomError(
                "country", f"must be RU for an entity with a Russian {', '.join(russian)}"
            )
        if info.data.get("ein") and value != "US":
            raise PydanticCustomError("country", "must be US for an entity with an EIN")
        if info.data.get("steuernummer") and value != "DE":
            raise PydanticCustomError("country", "must be DE for an entity with a Steuernummer")
        vat_id = info.data.get("vat_id")
        if vat_id and vat_id[:2] not in (value, "EL" if value == "GR" else value):
            raise PydanticCustomError("country", f"does not match the VAT id's country prefix {vat_id[:2]}")
        return value

    @model_validator(mode="after")
    def _russian_ids(self) -> Self:
        if self.country != "RU":
            return self
        if not self.inn:
            raise PydanticCustomError("russian_ids", "a Russian entity needs an inn")
        if len(self.inn) == 10 and not self.kpp:
            raise PydanticCustomError("russian_ids", "a Russian company (10-digit INN) needs a kpp")
        return self

    @property
    def is_individual(self) -> bool:
        """A Russian individual entrepreneur (ИП): 12-digit INN, OGRNIP, no KPP."""
        return self.country == "RU" and self.inn is not None and len(self.inn) == 12


class Contact(StrictModel):
    id: Id | None = Field(
        None,
        description="Names the contact in meeting minutes (participants, action item owners) and as a letter's addressee (to: elena)",
    )
    name: LocalizedName
    role: LocalizedName | None = None
    email: str | None = None
    phone: str | None = None
    gender: Literal["male", "female"] | None = Field(
        None, description="Chooses a letter's salutation: Sehr geehrte Frau … / Dear Mr …; Уважаемая …"
    )


__all__ = [
    "BankAccount",
    "Contact",
    "LegalEntity",
    "Name",
    "Signatory",
    "ru_account_key_ok",
]
