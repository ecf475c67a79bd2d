"""``output/index.html``: the money per project, then every built document, by client and project, with links.

The money table (invoiced, paid, outstanding, overdue per project and
currency, overdue rows highlighted) is as of the latest date the workspace
records in an invoice, act or payment (``ledger.latest_recorded_date``),
never the day of the build: the same workspace gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from agencydocs.rendering.templates import TemplateSource

if TYPE_CHECKING:
    from agencydocs.building.builder import BuildTarget
    from agencydocs.building.manifest import Entry
    from agencydocs.domain.receivables import ProjectMoney
    from agencydocs.rules.incremental import Kept
    from agencydocs.workspace import Workspace


def render_index(
    workspace: Workspace,
    listed: Sequence[tuple[BuildTarget, Entry]],
    money: MoneyTable | None = None,
    templates: TemplateSource | None = None,
) -> str:
    """The index's HTML; ``money``: a table kept between builds (``serve``), else computed here;
    ``templates``: where the compiled index template is kept, else compiled here."""
    root = workspace.root
    groups: dict[str, dict[str, list[Mapping[str, object]]]] = {}
    ordered = sorted(listed, key=lambda item: (item[1].client, item[1].project, item[1].kind, item[1].number))
    # Every output path is output/<relative>: cut the prefix (Path.relative_to costs ~0.1 ms a call).
    prefix = (root / "output").as_posix() + "/"
    for target, entry in ordered:
        links = {fmt: _under(path.as_posix(), prefix) for fmt, path in target.outputs.items()}
        row = {"kind": entry.kind, "title": entry.title, "note": entry.note, "links": links,
               "source": target.source.file.display}  # fmt: skip
        groups.setdefault(entry.client, {}).setdefault(entry.project, []).append(row)
    template = (templates or TemplateSource(root)).html_env.get_template("index.html")
    as_of, rows = money_rows(workspace) if money is None else money.rows(workspace)
    return template.render(groups=groups, as_of=as_of, money=rows)


def _under(path: str, prefix: str) -> str:
    if not path.startswith(prefix):
        raise ValueError(f"{path} is not in {prefix}")
    return path[len(prefix) :]


def money_rows(workspace: Workspace) -> tuple[str, list[Mapping[str, object]]]:
    """The as-of date (ISO) and one row per project and currency for the index's money table."""
    from agencydocs.domain.ledger import latest_recorded_date
    from agencydocs.domain.receivables import project_money

    as_of = latest_recorded_date(workspace)
    if as_of is None:
        return "", []
    return as_of.isoformat(), _rows(project_money(workspace, as_of))


class MoneyTable:
    """The money table kept between builds of one long-lived process (``serve``).

    Each client's rows are kept with what computing them read (its invoices,
    acts, credit notes, payments, terms: recorded as a rule run records its
    inputs, ``rules/incremental.py``), and computed again only when one of
    those changed, or the as-of date moved (it decides what is overdue). A
    project belongs to one client and ``check`` refuses a payment or credit
    note of another client's invoice, so the rows of all clients, sorted by
    project and currency, are those of :func:`money_rows`.
    """

    def __init__(self) -> None:
        self._as_of: date | None = None
        self._kept: dict[str, Kept[list[ProjectMoney]]] = {}
        self.computed = 0  # clients whose rows the last call computed (the others were kept)

    def rows(self, workspace: Workspace) -> tuple[str, list[Mapping[str, object]]]:
        from agencydocs.domain.ledger import latest_recorded_date
        from agencydocs.rules.incremental import compute_recorded, current_digests

        as_of = latest_recorded_date(workspace)
        self.computed = 0
        if as_of != self._as_of:
            self._kept.clear()
            self._as_of = as_of
        if as_of is None:
            return "", []
        current = current_digests(workspace)
        kept: dict[str, Kept[list[ProjectMoney]]] = {}
        for client in sorted({project.model.client for project in workspace.projects.values()}):
            found = self._kept.get(client)
            if found is None or not current.unchanged(found):
                found = compute_recorded(workspace, partial(_client_money, as_of=as_of, client=client))
                self.computed += 1
            kept[client] = found
        self._kept = kept
        every = sorted(
            (row for found in kept.values() for row in found.value),
            key=lambda row: (row.project, row.currency),
        )
        return as_of.isoformat(), _rows(every)


def _client_money(workspace: Workspace, *, as_of: date, client: str) -> list[ProjectMoney]:
    from agencydocs.domain.receivables import project_money

    return project_money(workspace, as_of, client)


def _rows(money: Sequence[ProjectMoney]) -> list[Mapping[str, object]]:
    return [
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
        for row in money
    ]
