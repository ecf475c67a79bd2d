"""Generate a synthetic agencydocs workspace of a given size, reproducibly.

    python benchmarks/generate_workspace.py /tmp/bench --documents 1000

Each project is a renamed copy of one of the example workspace's projects
(so every document kind appears with realistic sizes: contracts, addenda,
specifications, briefs, reports with charts and time sheets, audits,
proposals, invoices and acts), plus monthly invoice/act pairs with random
lines, as an agency's workspace accumulates them. Document numbers and
requirement ids get a per-project suffix so that they stay unique. The same
seed gives the same files.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = ("romashka-site", "globex-seo", "initech-support")
MONTHLY_PAIRS = 6
_REFERENCE = re.compile(
    r'^(\s*(?:- )?)(number|contract|invoice|spec|proposal|act|minutes|document): ("?)([^"#\n]+?)\3(\s*#.*)?$',
    re.MULTILINE,
)
_REFERENCE_LIST = re.compile(r"^(\s*invoices: \[)([^\]\n]*)\]", re.MULTILINE)  # a claim's invoices
_REQUIREMENT = re.compile(r"\bFR-(\d+)\b")
LINES = {
    "ru": [("Техническая поддержка сайта", "час", "3000.00"), ("SEO-текст для категории", "шт.", "3500.00"),
           ("Доработка шаблона страницы", "усл.", "12000.00"), ("Настройка аналитики", "усл.", "18000.00")],
    "en": [("Support hours", "hour", "65.00"), ("Content writing, 1,000 words", "text", "140.00"),
           ("Landing page changes", "page", "450.00"), ("Link building placement", "placement", "187.25")],
}  # fmt: skip


def generate(target: Path, documents: int, seed: int = 20261127) -> int:
    """Write the workspace; returns the number of documents written."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    (target / "clients").mkdir(parents=True)
    shutil.copy(REPO / "agency.yaml", target / "agency.yaml")
    shutil.copytree(REPO / "assets", target / "assets")
    written, index = 0, 0
    while written < documents:
        written += copy_project(target, index, rng, documents - written)
        index += 1
    return written


def copy_project(target: Path, index: int, rng: random.Random, budget: int) -> int:
    template = TEMPLATES[index % len(TEMPLATES)]
    source = REPO / "projects" / template
    project_id, suffix = f"p{index:04d}-{template}", f"-P{index:04d}"
    client_id = re.search(
        r"^client: (\S+)", (source / "project.yaml").read_text(encoding="utf-8"), re.M
    ).group(1)  # type: ignore[union-attr]
    new_client = f"c{index:04d}-{client_id}"
    client = (REPO / "clients" / f"{client_id}.yaml").read_text(encoding="utf-8")
    (target / "clients" / f"{new_client}.yaml").write_text(
        client.replace(f"id: {client_id}", f"id: {new_client}"), encoding="utf-8"
    )
    destination = target / "projects" / project_id
    written = 0
    for path in sorted(source.rglob("*")):
        if not path.is_file() or (
            written >= budget and path.suffix == ".yaml" and path.name != "project.yaml"
        ):
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".yaml":
            text = _rename(text, template, project_id, client_id, new_client, suffix, index)
            written += path.name != "project.yaml"
        out = destination / path.relative_to(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    if written >= budget:  # the last project, cut short: maybe without its contract
        return written
    return written + _monthly_pairs(destination, index, rng, budget - written)


def _rename(
    text: str, template: str, project_id: str, client: str, new_client: str, suffix: str, index: int
) -> str:
    text = text.replace(f"id: {template}", f"id: {project_id}").replace(
        f"client: {client}\n", f"client: {new_client}\n"
    )
    text = _REFERENCE.sub(lambda m: f"{m[1]}{m[2]}: {m[3]}{m[4]}{suffix}{m[3]}{m[5] or ''}", text)
    text = _REFERENCE_LIST.sub(
        lambda m: m[1] + ", ".join(f"{item.strip()}{suffix}" for item in m[2].split(",")) + "]", text
    )
    return _REQUIREMENT.sub(lambda m: f"FR{index}-{m[1]}", text)


def _monthly_pairs(destination: Path, index: int, rng: random.Random, budget: int) -> int:
    contract = _REFERENCE.search((next(destination.glob("contract-*.yaml"))).read_text(encoding="utf-8"))
    assert contract is not None
    language = "ru" if index % len(TEMPLATES) == 0 else "en"
    written = 0
    for month in range(1, MONTHLY_PAIRS + 1):
        if written >= budget:
            break
        number = f"M{index:04d}-{month:02d}"
        lines = ["lines:"]
        for description, unit, price in rng.sample(LINES[language], rng.randrange(1, 4)):
            lines += [f"  - description: {description}", f"    qty: {rng.choice([1, 2, 4, 8, 10])}",
                      f"    unit: {unit}", f"    price: {price}"]  # fmt: skip
        # 2027: after every example contract (a document dated before its contract is an error).
        header = f"number: {number}\ndate: 2027-{month:02d}-05\ncontract: {contract[4]}\n"
        (destination / f"invoice-{number}.yaml").write_text(
            f"kind: invoice\n{header}" + "\n".join(lines) + "\n", encoding="utf-8"
        )
        written += 1
        if written < budget:
            act = f"kind: act\nnumber: {number}\ndate: 2027-{month:02d}-28\ncontract: {contract[4]}\ninvoice: {number}\n"
            (destination / f"act-{number}.yaml").write_text(act, encoding="utf-8")
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
