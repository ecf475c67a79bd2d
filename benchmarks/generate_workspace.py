"""Generate a synthetic agencydocs workspace of a given size, reproducibly.

    python benchmarks/generate_workspace.py /tmp/bench --documents 1000

Clients (Russian, German, US), projects with milestones and documents of
every rendered kind, with realistic sizes and checksum-valid identifiers.
The same seed gives the same files.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

from stdnum.ru import inn, ogrn

REPO = Path(__file__).resolve().parent.parent
SERVICES = [
    ("Дизайн главной страницы", "усл.", 45000),
    ("Вёрстка шаблона страницы", "усл.", 12000),
    ("SEO-аудит сайта", "усл.", 60000),
    ("Написание SEO-текста", "шт.", 3500),
    ("Техническая поддержка", "час", 3000),
    ("Настройка аналитики", "усл.", 18000),
]
EN_SERVICES = [
    ("Landing page design", "page", 900),
    ("Technical SEO audit", "audit", 1200),
    ("Content writing, 1,000 words", "text", 140),
    ("Support hours", "hour", 65),
    ("Analytics set-up", "service", 450),
]


def ru_company(rng: random.Random) -> tuple[str, str, str]:
    base = f"77{rng.randrange(10**7):07d}"
    company_inn = base + inn.calc_company_check_digit(base)
    ogrn_base = f"10277{rng.randrange(10**7):07d}"
    return company_inn, f"{company_inn[:4]}01001", ogrn_base + ogrn.calc_check_digit(ogrn_base + "0")


def client_yaml(index: int, rng: random.Random) -> tuple[str, str]:
    client_id = f"client-{index:04d}"
    kind = index % 3
    if kind == 0:
        company_inn, kpp, company_ogrn = ru_company(rng)
        body = f"""id: {client_id}
legal:
  name: Общество с ограниченной ответственностью «Клиент {index}»
  short_name: ООО «Клиент {index}»
  country: RU
  address: 190000, г. Санкт-Петербург, ул. Садовая, д. {index % 90 + 1}
  inn: "{company_inn}"
  kpp: "{kpp}"
  ogrn: "{company_ogrn}"
signatory:
  name: Иванов Иван Иванович
  title: Генеральный директор
  basis: Устава
locale: ru
currency: RUB
payment_terms_days: 5
"""
    elif kind == 1:
        body = f"""id: {client_id}
legal:
  name: Kunde {index} GmbH
  country: DE
  address: Friedrichstraße {index % 200 + 1}, 10117 Berlin, Germany
  vat_id: DE293108457
signatory:
  name: Anna Schmidt
  title: Geschäftsführerin
locale: en
currency: EUR
payment_terms_days: 14
reverse_charge: true
"""
    else:
        body = f"""id: {client_id}
legal:
  name: Client {index} Inc.
  country: US
  address: {index % 900 + 100} Main Street, Austin, TX 78701, USA
  tax_id: EIN 12-3456789
locale: en
currency: USD
payment_terms_days: 30
"""
    return client_id, body


def lines_yaml(rng: random.Random, russian: bool, count: int) -> str:
    catalogue = SERVICES if russian else EN_SERVICES
    out = ["lines:"]
    for _ in range(count):
        name, unit, price = rng.choice(catalogue)
        qty = rng.choice([1, 1, 2, 3, 5, 8, 12])
        cents = rng.choice(["00", "50", "25"])
        out += [
            f"  - description: {name}",
            f"    qty: {qty}",
            f"    unit: {unit}",
            f"    price: {price}.{cents}",
        ]
    return "\n".join(out) + "\n"


def generate(target: Path, documents: int, seed: int = 20261127) -> int:
    """Write the workspace; returns the number of documents written."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    (target / "clients").mkdir(parents=True)
    shutil.copy(REPO / "agency.yaml", target / "agency.yaml")
    shutil.copytree(REPO / "assets", target / "assets")
    per_project = 11  # a contract, then invoice + act pairs
    projects = max(1, -(-documents // per_project))
    written = 0
    for index in range(projects):
        client_id, body = client_yaml(index, rng)
        (target / "clients" / f"{client_id}.yaml").write_text(body, encoding="utf-8")
        written += write_project(target, index, client_id, rng, min(per_project, documents - written))
    return written


def write_project(target: Path, index: int, client_id: str, rng: random.Random, count: int) -> int:
    russian = index % 3 == 0
    project_dir = target / "projects" / f"project-{index:04d}"
    project_dir.mkdir(parents=True)
    milestones = "\n".join(
        f"  - id: stage-{m}\n    title: Этап {m}\n    due: 2026-{m + 1:02d}-20\n    price: {rng.randrange(50, 400) * 1000}.00"
        for m in range(1, 6)
    )
    (project_dir / "project.yaml").write_text(
        f"id: project-{index:04d}\nclient: {client_id}\ntitle: Проект {index}\nmanager: igor\n"
        f"services: [development, seo]\nstart: 2026-01-10\ndeadline: 2026-12-31\nmilestones:\n{milestones}\n",
        encoding="utf-8",
    )
    contract = f"C-{index:04d}"
    (project_dir / "contract.yaml").write_text(
        f"kind: contract\nnumber: {contract}\ndate: 2026-01-10\ntitle: Договор оказания услуг\n",
        encoding="utf-8",
    )
    written = 1
    pair = 0
    while written + 2 <= count:
        pair += 1
        number = f"{index:04d}-{pair:02d}"
        month = (pair - 1) % 11 + 2
        invoice = f"kind: invoice\nnumber: {number}\ndate: 2026-{month:02d}-05\ncontract: {contract}\n"
        (project_dir / f"invoice-{number}.yaml").write_text(
            invoice + lines_yaml(rng, russian, rng.randrange(2, 9)), encoding="utf-8"
        )
        act = f"kind: act\nnumber: {number}\ndate: 2026-{month:02d}-25\ncontract: {contract}\ninvoice: {number}\n"
        (project_dir / f"act-{number}.yaml").write_text(act, encoding="utf-8")
        written += 2
    if written < count:  # an odd remainder: one more invoice, not yet closed by an act
        number = f"{index:04d}-{pair + 1:02d}"
        invoice = f"kind: invoice\nnumber: {number}\ndate: 2026-12-05\ncontract: {contract}\n"
        (project_dir / f"invoice-{number}.yaml").write_text(
            invoice + lines_yaml(rng, russian, 3), encoding="utf-8"
        )
        written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("target", type=Path)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261127)
    args = parser.parse_args()
    count = generate(args.target, args.documents, args.seed)
    print(f"wrote {count} documents to {args.target}")


if __name__ == "__main__":
    main()
