"""``receivables``: open invoices per client and currency, by aging bucket.

The figures come from :mod:`agencydocs.domain.receivables`; this module only
formats them as text, JSON or CSV. CSV cells that a spreadsheet would read as
a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return) get a leading apostrophe: client names and invoice numbers come from
files anyone can edit.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from agencydocs.commands.check import check
from agencydocs.commands.options import as_of_option, os_errors_as_messages, workspace_option, workspace_root
from agencydocs.domain.receivables import BUCKETS, ClientReceivables, receivables, totals_by_currency
from agencydocs.errors import AgencyDocsError, InvalidInput

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def load_receivables(root: Path, as_of: date, client: str | None) -> list[ClientReceivables]:
    """The receivables of the workspace at ``root``.

    Raises:
        InvalidInput: the workspace has errors.
        AgencyDocsError: ``client`` is not a client of the workspace.
    """
    result = check(root)
    if result.errors:
        raise InvalidInput("the workspace has errors; fix them first", result.problems)
    workspace = result.workspace
    if client is not None and client not in workspace.clients:
        known = ", ".join(sorted(workspace.clients)) or "none"
        raise click.BadParameter(f'no client "{client}"; clients: {known}', param_hint="--client")
    return receivables(workspace, as_of, client)


@click.command("receivables")
@workspace_option
@as_of_option
@click.option(
    "--client", "client", metavar="ID", help="Only this client (its id, the name of clients/ID.yaml)."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="For people, JSON for scripts, or CSV for a spreadsheet.",
)
@click.pass_context
def command(ctx: click.Context, as_of: date | None, client: str | None, output_format: str) -> None:
    """Show who owes what: open invoices per client and currency, by days past due.

    An invoice counts once it is issued (`issued: DATE`, or a payment in
    payments/ settles part of it) and is not void. Buckets: not due, 1-30,
    31-60, 61-90, over 90 days past the due date. Reads only; exits 1 when
    the workspace has errors.

    Example:

        agencydocs receivables --as-of 2026-12-31 --format csv > receivables.csv
    """
    root = workspace_root(ctx)
    day = as_of or date.today()
    with os_errors_as_messages():
        groups = load_receivables(root, day, client)
    if output_format == "json":
        click.echo(receivables_json(groups, day))
    elif output_format == "csv":
        click.echo(receivables_csv(groups), nl=False)
    else:
        click.echo(receivables_text(groups, day))


def receivables_text(groups: list[ClientReceivables], as_of: date) -> str:
    """A table per client and currency, each open invoice under it, then totals per currency."""
    if not groups:
        return f"Receivables as of {as_of.isoformat()}: nothing open"
    lines = [f"Receivables as of {as_of.isoformat()}"]
    header = "".join(f"{name:>14}" for name in (*BUCKETS, "total"))
    for group in groups:
        lines += ["", f"{group.client} ({group.currency})", f"{'':<24}{header}"]
        amounts = "".join(f"{_plain(group.buckets[name]):>14}" for name in BUCKETS)
        lines.append(f"{'':<24}{amounts}{_plain(group.total):>14}")
        for invoice in group.invoices:
            overdue = f"{invoice.days_overdue} day(s) overdue" if invoice.days_overdue else "not due"
            lines.append(
                f"  {invoice.number:<12} {invoice.project:<20} due {invoice.due.isoformat()}"
                f"  open {_plain(invoice.open):>14} of {_plain(invoice.total):>14}  {overdue}"
            )
    lines += ["", "Totals"]
    for currency, sums in totals_by_currency(groups).items():
        amounts = "".join(f"{_plain(sums[name]):>14}" for name in (*BUCKETS, "total"))
        lines.append(f"{currency:<24}{amounts}")
    return "\n".join(lines)


def receivables_json(groups: list[ClientReceivables], as_of: date) -> str:
    """Amounts as strings (exact decimals, never floats)."""
    data: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "buckets": list(BUCKETS),
        "clients": [
            {
                "client": g.client,
                "currency": g.currency,
                "buckets": {name: _plain(g.buckets[name]) for name in BUCKETS},
                "total": _plain(g.total),
                "invoices": [
                    {
                        "number": i.number,
                        "project": i.project,
                        "date": i.invoice_date.isoformat(),
                        "due": i.due.isoformat(),
                        "total": _plain(i.total),
                        "paid": _plain(i.paid),
                        "open": _plain(i.open),
                        "days_overdue": i.days_overdue,
                        "bucket": i.bucket,
                    }
                    for i in g.invoices
                ],
            }
            for g in groups
        ],
        "totals": {
            currency: {name: _plain(amount) for name, amount in sums.items()}
            for currency, sums in totals_by_currency(groups).items()
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def receivables_csv(groups: list[ClientReceivables]) -> str:
    """One row per open invoice: client, currency, invoice, project, dates, amounts, days overdue, bucket."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "client",
            "currency",
            "invoice",
            "project",
            "date",
            "due",
            "total",
            "paid",
            "open",
            "days_overdue",
            "bucket",
        ]
    )
    for g in groups:
        for i in g.invoices:
            row = [
                g.client, g.currency, i.number, i.project, i.invoice_date.isoformat(), i.due.isoformat(),
                _plain(i.total), _plain(i.paid), _plain(i.open), str(i.days_overdue), i.bucket,
            ]  # fmt: skip
            writer.writerow([neutralise_cell(cell) for cell in row])
    return buffer.getvalue()


def neutralise_cell(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (OWASP CSV injection)."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _plain(amount: Decimal) -> str:
    return f"{amount:f}"


__all__ = ["AgencyDocsError", "command", "load_receivables", "neutralise_cell"]
