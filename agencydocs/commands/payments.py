"""``payments import FILE``: record the incoming payments of a bank statement.

Reads a 1CClientBankExchange export or a CAMT.053 statement
(:mod:`agencydocs.banking`), matches each incoming transaction to open
invoices, appends the matched ones to ``payments/<client>.yaml`` and lists
the ones it could not place, with the reason. Transactions already recorded
are skipped, so importing a statement again adds nothing. ``--dry-run``
shows the same without writing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from agencydocs.commands.check import check
from agencydocs.commands.options import os_errors_as_messages, workspace_option, workspace_root
from agencydocs.errors import InvalidInput

if TYPE_CHECKING:
    from agencydocs.banking.matching import ImportPlan, Matched


@click.group("payments")
@workspace_option
def command() -> None:
    """Record payments received: import a bank statement into payments/<client>.yaml."""


@command.command("import")
@workspace_option
@click.argument("statement", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would be recorded; write nothing.")
@click.pass_context
def import_command(ctx: click.Context, statement: Path, dry_run: bool) -> None:
    """Match a bank statement's incoming payments to open invoices and record them.

    STATEMENT is a 1CClientBankExchange export (Russian banks, Windows-1251
    text) or an ISO 20022 CAMT.053 XML statement. A payment matches by the
    invoice numbers in its purpose, the payer's tax id (INN, VAT id) and the
    amount; a partial payment and one payment for several invoices are
    recorded with their parts. Matched payments are appended to
    payments/<client>.yaml (existing text is kept as written); payments
    already recorded are skipped; the rest are listed as unmatched. Exits 1
    when the workspace has errors or the statement cannot be read.

    Example:

        agencydocs payments import ~/Downloads/kl_to_1c.txt --dry-run
    """
    from agencydocs.banking.appending import write_payments
    from agencydocs.banking.matching import plan_import
    from agencydocs.banking.statement import read_statement

    root = workspace_root(ctx)
    with os_errors_as_messages():
        result = check(root)
        if result.errors:
            raise InvalidInput("the workspace has errors; fix them first", result.problems)
        workspace = result.workspace
        assert workspace.agency is not None  # check reports a missing agency.yaml
        max_bytes = workspace.agency.model.limits.max_file_size
        transactions = read_statement(statement, click.format_filename(statement), max_bytes)
        plan = plan_import(workspace, transactions)
        _print_plan(plan, dry_run)
        if dry_run:
            return
        by_client: dict[str, list[Matched]] = {}
        for matched in plan.matched:
            by_client.setdefault(matched.client, []).append(matched)
        for client, payments in sorted(by_client.items()):
            path = write_payments(root, client, payments, statement.name, max_bytes)
            click.echo(f"wrote {path.relative_to(root).as_posix()} (+{len(payments)} payment(s))")


def _print_plan(plan: ImportPlan, dry_run: bool) -> None:
    verb = "would record" if dry_run else "recording"
    click.echo(f"{len(plan.matched)} payment(s) matched, {verb}:")
    for matched in plan.matched:
        t = matched.transaction
        parts = ", ".join(f"{number} {amount:f}" for number, amount in matched.parts)
        click.echo(f"  {t.date.isoformat()} {t.amount:f} {t.currency} {t.payer} -> {matched.client}: {parts}")
    if plan.recorded:
        click.echo(f"{len(plan.recorded)} payment(s) already recorded, skipped:")
        for t, where in plan.recorded:
            click.echo(f"  {t.date.isoformat()} {t.amount:f} {t.currency} {t.payer} (in {where})")
    click.echo(f"{len(plan.unmatched)} payment(s) unmatched{':' if plan.unmatched else ''}")
    for unmatched in plan.unmatched:
        t = unmatched.transaction
        where = f"line {t.line}: " if t.line else ""
        click.echo(f"  {where}{t.date.isoformat()} {t.amount:f} {t.currency} {t.payer}: {unmatched.reason}")
        if t.purpose:
            click.echo(f"      purpose: {t.purpose}")
