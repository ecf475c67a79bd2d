"""The pipeline's direction, read from the import statements of the package.

Rules, commands and the domain layer decide and check; resolvers only turn
decided values into render contexts. So nothing in ``rules/``, ``commands/``
or ``domain/`` imports a resolver, and the domain imports neither rendering
nor commands. Every import counts: module level, inside functions, under
``TYPE_CHECKING``, relative or absolute.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "agencydocs"


def imports_of(source: str, package: str) -> set[str]:
    """Every module ``source`` imports, as absolute dotted names (``from x import y`` gives x and x.y).

    ``package`` is the package the source lives in, for relative imports.
    """
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = parts[: len(parts) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def imported_modules(path: Path) -> set[str]:
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    return imports_of(path.read_text(encoding="utf-8"), package)


def modules_under(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def _is_within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


FORBIDDEN = [
    ("rules", "agencydocs.resolvers"),
    ("commands", "agencydocs.resolvers"),
    ("domain", "agencydocs.resolvers"),
    ("domain", "agencydocs.rendering"),
    ("domain", "agencydocs.commands"),
]


@pytest.mark.parametrize(
    ("folder", "forbidden"), FORBIDDEN, ids=[f"{f}-{p.rsplit('.', 1)[1]}" for f, p in FORBIDDEN]
)
def test_layer_does_not_import(folder: str, forbidden: str) -> None:
    offenders = {
        path.relative_to(PACKAGE.parent).as_posix(): sorted(
            m for m in imported_modules(path) if _is_within(m, forbidden)
        )
        for path in modules_under(folder)
    }
    assert modules_under(folder), f"no modules under agencydocs/{folder}"
    assert {file: modules for file, modules in offenders.items() if modules} == {}


def test_imports_are_found_at_every_level() -> None:
    """The scanner sees TYPE_CHECKING, function-level and relative imports (so the test above can fail)."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from agencydocs.resolvers.billing import Subject\n"
        "def f():\n    import agencydocs.resolvers.totals\n    from ..resolvers import proposal\n"
        "    from . import base\n"
    )
    found = imports_of(source, "agencydocs.rules")
    assert {
        "agencydocs.resolvers.billing",
        "agencydocs.resolvers.totals",
        "agencydocs.resolvers",
        "agencydocs.resolvers.proposal",
        "agencydocs.rules.base",
    } <= found
    assert [m for m in found if _is_within(m, "agencydocs.resolvers")]


# Fields whose default comes from another record: choosing between them is precedence.
INHERITED = {"currency", "locale", "languages", "vat", "reverse_charge", "payment_terms_days"}
TERMS_MODULE = PACKAGE / "domain" / "terms.py"


def precedence_sites(source: str) -> list[str]:
    """``a.currency or b.currency``-style choices, and reads of the client's reverse-charge flag."""
    sites = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            attributes = [v.attr for v in node.values if isinstance(v, ast.Attribute) and v.attr in INHERITED]
            if attributes:
                sites.append(f"line {node.lineno}: ... or ... ({', '.join(attributes)})")
        elif isinstance(node, ast.Attribute) and node.attr in ("reverse_charge", "payment_terms_days"):
            sites.append(f"line {node.lineno}: .{node.attr}")
    return sites


def test_currency_language_and_vat_precedence_live_only_in_domain_terms() -> None:
    offenders = {
        path.relative_to(PACKAGE.parent).as_posix(): sites
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != TERMS_MODULE and "models" not in path.parts
        if (sites := precedence_sites(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
    assert precedence_sites(TERMS_MODULE.read_text(encoding="utf-8"))  # the check sees what it looks for


def test_precedence_sites_finds_an_inline_default() -> None:
    found = precedence_sites("currency = document.currency or project.currency or client.currency\n")
    assert found == ["line 1: ... or ... (currency, currency, currency)"]
