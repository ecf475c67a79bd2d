"""``agencydocs init``: a new workspace with every file a team needs to work in git.

``agency.yaml`` and the example client hold placeholders (``"FILL IN: …"``)
wherever only the agency knows the value — never a made-up tax id that
would pass its checksum — and ``check`` reports each until it is filled
(``workspace/placeholders.py``). Existing files are never overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from agencydocs.reading.placeholders import placeholder

EU_VAT_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CH",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GB",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "NO",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)
CLIENT_ID = "example-client"
PROJECT_ID = "example-site"
MANAGER_ID = "manager"
WORKFLOW = ".github/workflows/documents.yml"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _fill(hint: str) -> str:
    return _q(placeholder(hint))


@dataclass(frozen=True)
class Settings:
    country: str | None  # ISO code; None leaves it a placeholder
    locale: str
    currency: str


def settings(country: str | None, locale: str | None, currency: str | None) -> Settings:
    """Defaults from the country: Russian and roubles for RU, English and the country's currency elsewhere."""
    import babel.numbers

    code = country.upper() if country else None
    if currency is None:
        found = babel.numbers.get_territory_currencies(code) if code else []
        currency = found[0] if found else "EUR"
    return Settings(code, locale or ("ru" if code == "RU" else "en"), currency.upper())


def _tax_ids(country: str | None, indent: str, whose: str) -> list[str]:
    """The tax-id fields a legal entity of ``country`` prints, as placeholders."""
    if country == "RU":
        return [
            f"{indent}inn: {_fill(f'{whose} INN (10 digits; 12 for an individual entrepreneur)')}",
            f"{indent}kpp: {_fill(f'{whose} KPP (9 characters; remove the line for an individual entrepreneur)')}",
            f"{indent}ogrn: {_fill(f'{whose} OGRN (13 digits; OGRNIP, 15, for an individual entrepreneur)')}",
        ]
    if country in EU_VAT_COUNTRIES:
        return [f"{indent}vat_id: {_fill(f'{whose} VAT id with its country prefix, e.g. {country}…')}"]
    if country == "US":
        return [f"{indent}ein: {_fill(f'{whose} EIN, 12-3456789')}"]
    return [f"{indent}tax_id: {_fill(f'{whose} tax number as printed on invoices')}"]


def _bank(country: str | None, currency: str) -> list[str]:
    lines = ["bank_accounts:", "  - id: main", f"    currency: {currency}"]
    lines.append(f"    bank_name: {_fill('the name of your bank')}")
    if country == "RU":
        lines += [
            f"    bic: {_fill('the bank BIC (БИК, 9 digits)')}",
            f"    account: {_fill('your settlement account (расчётный счёт, 20 digits)')}",
            f"    corr_account: {_fill('the bank correspondent account (20 digits)')}",
        ]
    elif country == "US":
        lines += [
            f"    account_number: {_fill('your account number')}",
            f"    routing_number: {_fill('the ABA routing number (9 digits)')}",
        ]
    else:
        lines += [f"    iban: {_fill('your IBAN')}", f"    bic: {_fill('the bank SWIFT/BIC')}"]
    return lines


def agency_yaml(chosen: Settings, today: dt.date) -> str:
    country = chosen.country or placeholder("your country as an ISO code, e.g. RU, DE, US")
    tax_hint = "your VAT rate in percent, or replace this line with no_vat_wording: (why no VAT is charged)"
    lines = [
        "# yaml-language-server: $schema=schemas/agency.schema.json",
        '# Your agency. Replace every "FILL IN" value: `agencydocs check` lists the ones left.',
        "legal:",
        f"  name: {_fill('the full legal name of the agency')}",
        f"  country: {_q(country)}",
        f"  address: {_fill('the legal address as printed on documents')}",
        *_tax_ids(chosen.country, "  ", "the agency's"),
        f"  email: {_fill('the e-mail printed on documents')}",
        "",
        *_bank(chosen.country, chosen.currency),
        "",
        "signatory:",
        f"  name: {_fill('the full name of the person who signs')}",
        f"  title: {_fill('their position, e.g. General Director')}",
        f"  basis: {_fill('their authority to sign, e.g. the Articles of Association')}",
        "",
        f"locale: {chosen.locale}",
        f"currency: {chosen.currency}",
        "",
        "# Dated: a new rate is a new entry with its own `since`.",
        "tax:",
        f"  - since: {today.year}-01-01",
        f"    vat_rate: {_q(placeholder(tax_hint))}",
        "",
        "team:",
        f"  - id: {MANAGER_ID}",
        f"    name: {_fill('the account manager full name')}",
        f"    role: {_fill('their role, e.g. Account Manager')}",
        "",
    ]
    return "\n".join(lines)


def client_yaml(
    chosen: Settings,
    client_id: str = CLIENT_ID,
    note: str = "# An example client: fill it in for your first client, and rename the file and its id.",
) -> str:
    """A client file whose legal details are placeholders (``init``'s example, ``new client``)."""
    country = chosen.country or placeholder("the client's country as an ISO code")
    lines = [
        "# yaml-language-server: $schema=../schemas/client.schema.json",
        note,
        f"id: {client_id}",
        "legal:",
        f"  name: {_fill('the client legal name')}",
        f"  country: {_q(country)}",
        f"  address: {_fill('the client legal address')}",
        *_tax_ids(chosen.country, "  ", "the client's"),
        "signatory:",
        f"  name: {_fill('the full name of the person who signs for the client')}",
        f"  title: {_fill('their position')}",
        f"locale: {chosen.locale}",
        f"currency: {chosen.currency}",
        "payment_terms_days: 10",
        "",
    ]
    return "\n".join(lines)


def project_yaml(chosen: Settings, today: dt.date) -> str:
    return "\n".join(
        [
            "# yaml-language-server: $schema=../../schemas/project.schema.json",
            "# An example project; its documents go in this folder. Start the first invoice with",
            f"#   agencydocs new invoice --project {PROJECT_ID}",
            f"id: {PROJECT_ID}",
            f"client: {CLIENT_ID}",
            "title: Website",
            f"manager: {MANAGER_ID}",
            "services: [design, development]",
            f"start: {today.isoformat()}",
            "milestones:",
            "  - id: design",
            "    title: Design",
            f"    due: {(today + dt.timedelta(days=30)).isoformat()}",
            "    price: 1000.00",
            "    status: done",
            "",
        ]
    )


def vscode_settings() -> str:
    """The YAML extension's schema per folder, for files without the modeline.

    No catch-all for documents: a file that several patterns match gets every
    matching schema, and ``!`` exclusions are not understood by every version
    of the extension. Documents by kind folder, as ``new`` writes them.
    """
    schemas = {
        "schemas/agency.schema.json": "agency.yaml",
        "schemas/client.schema.json": "clients/*.yaml",
        "schemas/project.schema.json": "projects/*/project.yaml",
        **{f"schemas/{kind}.schema.json": f"projects/*/{folder}/*.yaml" for kind, folder in _KIND_FOLDERS},
    }
    return json.dumps({"yaml.schemas": schemas}, indent=2) + "\n"


_KIND_FOLDERS = (
    ("invoice", "invoices"),
    ("act", "acts"),
    ("contract", "contracts"),
    ("addendum", "addenda"),
    ("proposal", "proposals"),
    ("report", "reports"),
    ("brief", "briefs"),
    ("audit", "audits"),
)


def _data(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def scaffold_files(chosen: Settings, today: dt.date) -> dict[str, str]:
    """Workspace-relative path -> content of every text file init writes (schemas aside)."""
    return {
        "agency.yaml": agency_yaml(chosen, today),
        f"clients/{CLIENT_ID}.yaml": client_yaml(chosen),
        f"projects/{PROJECT_ID}/project.yaml": project_yaml(chosen, today),
        ".gitignore": "# Built documents: rebuilt by `agencydocs build`, reviewed with `agencydocs diff`.\noutput/\n",
        ".vscode/settings.json": vscode_settings(),
        ".pre-commit-config.yaml": _data("pre-commit-config.yaml"),
        WORKFLOW: _data("documents.yml"),
    }


@dataclass
class InitReport:
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # existed already: left as they were


def init_workspace(root: Path, chosen: Settings, today: dt.date) -> InitReport:
    """Write the scaffold into ``root`` (created if needed), keeping every file that exists."""
    from agencydocs.commands.schema import dump_schema, generate_schemas
    from agencydocs.errors import AgencyDocsError
    from agencydocs.reading.files import outside_link

    files = scaffold_files(chosen, today)
    files |= {f"schemas/{name}": dump_schema(schema) for name, schema in generate_schemas().items()}
    report = InitReport()
    for relative, content in files.items():
        path = root / relative
        reason = outside_link(root, path)
        if reason is not None:
            raise AgencyDocsError(f"{relative}: {reason}")
        if path.exists() or path.is_symlink():
            report.kept.append(relative)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as file:  # "x": never over a file that appeared
            file.write(content)
        report.written.append(relative)
    return report
