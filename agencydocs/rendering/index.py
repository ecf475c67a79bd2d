"""``output/index.html``: the money per project, then every built document, by client and project, with links.

The money table (invoiced, paid, outstanding, overdue per project and
currency, overdue rows highlighted) is as of the latest date the workspace
records in an invoice, act or payment (``ledger.latest_recorded_date``),
never the day of the build: the same workspace gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from agencydocs.rendering.templates import TemplateSource

if TYPE_CHECKING:
    from agencydocs.building.builder import BuildTarget
    from agencydocs.building.manifest import Entry
    from agencydocs.workspace import Workspace


def render_index(workspace: Workspace, listed: Sequence[tuple[BuildTarget, Entry]]) -> str:
    root = workspace.root
    groups: dict[str, dict[str, list[Mapping[str, object]]]] = {}
    ordered = sorted(listed, key=lambda item: (item[1].client, item[1].project, item[1].kind, item[1].number))
    for target, entry in ordered:
        output_dir = root / "output"
        links = {fmt: path.relative_to(output_dir).as_posix() for fmt, path in target.outputs.items()}
        row = {"kind": entry.kind, "title": entry.title, "note": entry.note, "links": links,
               "source": target.source.file.display}  # fmt: skip
        groups.setdefault(entry.client, {}).setdefault(entry.project, []).append(row)
    template = TemplateSource(root).html_env.get_template("index.html")
    as_of, money = money_rows(workspace)
    return template.render(groups=groups, as_of=as_of, money=money)


def money_rows(workspace: Workspace) -> tuple[str, list[Mapping[str, object]]]:
    """The as-of date (ISO) and one row per project and currency for the index's money table."""
    from agencydocs.domain.ledger import latest_recorded_date
    from agencydocs.domain.receivables import project_money

    as_of = latest_recorded_date(workspace)
    if as_of is None:
        return "", []
    rows: list[Mapping[str, object]] = [
        {
            "project": row.project,
            "client": row.client,
            "currency": row.currency,
            "invoiced": f"{row.invoiced:f}",
            "paid": f"{row.paid:f}",
            "outstanding": f"{row.outstanding:f}",
            "overdue": f"{row.overdue:f}",
            "has_overdue": row.has_overdue,
            "invoices": ", ".join(f"{number} {state}" for number, state in row.states.items()),
        }
        for row in project_money(workspace, as_of)
    ]
    return as_of.isoformat(), rows
