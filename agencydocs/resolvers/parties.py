"""Printable views of the parties: legal details, bank details, signatures."""

from __future__ import annotations

from pathlib import Path

from agencydocs.context import Party, Row, RuBankBlock, Signature
from agencydocs.i18n import russian_cases
from agencydocs.i18n.formatting import format_date
from agencydocs.i18n.labels import Labels
from agencydocs.i18n.typography import typeset
from agencydocs.models.base import localize
from agencydocs.models.legal import BankAccount, LegalEntity, Signatory
from agencydocs.reading.images import image_data_uri


def party_view(entity: LegalEntity, role: str, labels: Labels, bank: BankAccount | None = None) -> Party:
    """A party as printed: name, address, tax ids and (optionally) bank details."""
    locale = labels.locale
    name = typeset(localize(entity.name, locale), locale)
    address = typeset(localize(entity.address, locale), locale)
    details = tax_id_rows(entity, labels)
    parts = [name, *(f"{row.label} {row.value}" for row in details), address]
    return Party(
        role=role,
        name=name,
        short_name=typeset(localize(entity.short_name, locale), locale) or name,
        address=address,
        details=details,
        details_line=", ".join(part for part in parts if part),
        bank=bank_rows(bank, labels) if bank else (),
        email=entity.email or "",
        phone=entity.phone or "",
    )


def tax_id_rows(entity: LegalEntity, labels: Labels) -> tuple[Row, ...]:
    rows = []
    if entity.inn:
        rows.append(Row(labels("inn"), entity.inn))
    if entity.kpp:
        rows.append(Row(labels("kpp"), entity.kpp))
    if entity.ogrn:
        rows.append(Row(labels("ogrnip" if len(entity.ogrn) == 15 else "ogrn"), entity.ogrn))
    if entity.vat_id:
        rows.append(Row(labels("vat_id"), entity.vat_id))
    if entity.steuernummer:
        rows.append(Row(labels("steuernummer"), entity.steuernummer))
    if entity.ein:
        rows.append(Row(labels("ein"), entity.ein))
    if entity.tax_id:
        rows.append(Row(labels("tax_id"), entity.tax_id))
    return tuple(rows)


def bank_rows(account: BankAccount, labels: Labels) -> tuple[Row, ...]:
    """Bank details in the order a payer types them into a transfer form."""
    locale = labels.locale
    fields: list[tuple[str, str | None]] = [("bank_name", localize(account.bank_name, locale))]
    if account.scheme == "ru":
        fields += [
            ("bank_bic", account.bic),
            ("bank_corr_account", account.corr_account),
            ("bank_account", account.account),
        ]
    elif account.scheme == "iban":
        fields += [("bank_iban", account.iban), ("bank_swift", account.bic)]
    else:
        fields += [
            ("bank_swift", account.bic),
            ("bank_account_number", account.account_number),
            ("bank_routing", account.routing_number),
        ]
    fields += [
        ("bank_address", localize(account.bank_address, locale) or None),
        ("bank_intermediary", localize(account.intermediary, locale) or None),
    ]
    return tuple(Row(labels(key), value) for key, value in fields if value)


def ru_bank_block(entity: LegalEntity, account: BankAccount, labels: Labels) -> RuBankBlock | None:
    """The 1C-style bank block; only for a Russian account."""
    if account.scheme != "ru":
        return None
    return RuBankBlock(
        bank_name=localize(account.bank_name, labels.locale),
        bic=account.bic or "",
        corr_account=account.corr_account or "",
        account=account.account or "",
        inn=entity.inn or "",
        kpp=entity.kpp or "",
        payee=localize(entity.short_name, labels.locale) or localize(entity.name, labels.locale),
    )


def signatory_gender(signatory: Signatory) -> russian_cases.Gender | None:
    """The gender given in the YAML, else the one the Russian name shows (None for a foreign name)."""
    if signatory.gender is not None:
        return signatory.gender
    return russian_cases.name_gender(localize(signatory.name, "ru"))


def basis_of_authority(signatory: Signatory, labels: Labels) -> str:
    """What the signatory acts under, in the case "на основании" needs: a power of attorney with
    its number and date, the basis given, or "" (the caller's default, the charter)."""
    attorney = signatory.power_of_attorney
    if attorney is not None:
        date = format_date(attorney.date, labels.locale)
        return labels("basis_power_of_attorney", number=attorney.number, date=date)
    return localize(signatory.basis, labels.locale)


def represented_phrase(signatory: Signatory, labels: Labels) -> str:
    """How a contract preamble names the signatory.

    Russian: "в лице Генерального директора Соколовой Анны Викторовны,
    действующей на основании Устава" (genitive name and title, participle
    agreeing with the gender); explicit ``represented``, ``name_genitive`` and
    ``title_genitive`` in the YAML win over the libraries.
    """
    lang = labels.locale
    explicit = localize(signatory.represented, lang)
    if explicit:
        return explicit
    name = localize(signatory.name, lang)
    title = localize(signatory.title, lang)
    basis = basis_of_authority(signatory, labels) or labels("contract_basis_default")
    acting = ""
    if lang == "ru":
        gender = signatory_gender(signatory)
        name = localize(signatory.name_genitive, lang) or russian_cases.genitive_name(name, gender or "male")
        title = localize(signatory.title_genitive, lang) or russian_cases.genitive_title(title)
        acting = russian_cases.acting(gender, genitive=True)
    return labels("contract_represented", title=title, name=name, basis=basis, acting=acting)


def signature(signatory: Signatory, party: str, labels: Labels, root: Path) -> Signature:
    locale = labels.locale
    name = localize(signatory.name, locale)
    basis = basis_of_authority(signatory, labels)
    acting = russian_cases.acting(signatory_gender(signatory), genitive=False) if locale == "ru" else ""
    return Signature(
        party=party,
        title=typeset(localize(signatory.title, locale), locale),
        name=name,
        short_name=typeset(short_person_name(name, locale), locale),
        basis=labels("sign_basis", basis=basis, acting=acting) if basis else "",
        image=data_uri(root, signatory.signature_image),
    )


def short_person_name(full_name: str, locale: str) -> str:
    """Shorten a Russian full name as printed under a signature: Соколова А. В. (in either order written)."""
    # "Bill Lumbergh" is no Russian name to shorten to "Bill L."; one whose order cannot be told
    # ("Ли Мин Хо") is printed as written rather than with the wrong word taken for the surname.
    if locale != "ru" or len(full_name.split()) not in (2, 3, 4):
        return full_name
    return russian_cases.short_name(full_name) or full_name


def data_uri(root: Path, relative: str | None) -> str | None:
    """Embed a workspace image as a data: URI (checked by ``check``; see :mod:`agencydocs.reading.images`)."""
    return image_data_uri(root, relative)
