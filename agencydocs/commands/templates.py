"""``templates list``, ``eject`` and ``diff``: see, copy and follow the built-in templates.

Ejecting records where each copy came from (see :mod:`agencydocs.rendering.provenance`),
so ``list`` can tell an override whose built-in has changed since, and ``diff``
can show that change after an upgrade.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from agencydocs import __version__
from agencydocs.building.confined import OutputError
from agencydocs.commands.options import workspace_option, workspace_root
from agencydocs.errors import AgencyDocsError, UsageProblem
from agencydocs.kinds import KINDS
from agencydocs.rendering.provenance import (
    EjectRecord,
    read_record,
    record_eject,
    recorded_text,
    sha256,
    template_text,
    templates_dir,
    text_diff,
)
from agencydocs.rendering.templates import BUILTIN_TEMPLATES, WORKSPACE_TEMPLATES
from agencydocs.suggestions import unknown_id_message

# Shared files belong to these groups; every kind (agencydocs.kinds.KINDS) is a group of its own.
_GROUP_FILES = {
    "base": ("base.html", "styles.css", "_page.html"),
    "long": ("long.html", "long.css", "long_macros.html"),
    "business": ("business.html", "business.css"),
    "transfer": ("transfer_form.html", "transfer.css"),  # the УПД and the счёт-фактура
    "index": ("index.html",),
}

BUILTIN = "built-in"
UP_TO_DATE = "up to date"
CHANGED = "built-in changed since eject"
EDITED = "edited"
UNRECORDED = "no eject record"


@dataclass(frozen=True)
class TemplateEntry:
    group: str
    relative: str
    overridden: bool
    states: tuple[str, ...] = ()  # for an override: UP_TO_DATE, or EDITED and/or CHANGED, or UNRECORDED

    @property
    def marker(self) -> str:
        """``built-in``, or ``overridden: <states>`` as ``templates list`` prints it."""
        return f"overridden: {', '.join(self.states)}" if self.overridden else BUILTIN


def template_groups() -> dict[str, list[str]]:
    """Group name -> template files (relative to the templates folder)."""
    groups = {
        name: [f for f in files if (BUILTIN_TEMPLATES / f).is_file()] for name, files in _GROUP_FILES.items()
    }
    for kind in sorted(KINDS, key=lambda spec: spec.name):
        folder = BUILTIN_TEMPLATES / kind.template_dir
        groups[kind.name] = sorted(
            f.relative_to(BUILTIN_TEMPLATES).as_posix() for f in folder.rglob("*") if f.is_file()
        )
    return groups


def _group(name: str) -> list[str]:
    groups = template_groups()
    if name not in groups:
        raise UsageProblem(unknown_id_message("template", name, groups))
    return groups[name]


def list_templates(root: Path) -> tuple[list[TemplateEntry], list[str]]:
    """Every built-in file with its override state, and warnings about a broken eject record."""
    record = read_record(root)
    folder = templates_dir(root)
    entries = []
    for group, files in template_groups().items():
        for relative in files:
            copy = folder.read(relative) if folder.kind(relative) == "file" else None
            states = _states(record.files.get(relative), copy, relative) if copy is not None else ()
            entries.append(TemplateEntry(group, relative, copy is not None, states))
    return entries, record.warnings


def _states(recorded: EjectRecord | None, copy: bytes, relative: str) -> tuple[str, ...]:
    if recorded is None:
        return (UNRECORDED,)
    states = []
    if sha256(copy) != recorded.sha256:
        states.append(EDITED)
    if sha256((BUILTIN_TEMPLATES / relative).read_bytes()) != recorded.sha256:
        states.append(CHANGED)
    return tuple(states) or (UP_TO_DATE,)


def eject(root: Path, name: str, *, force: bool = False) -> list[Path]:
    """Copy one group's built-in files into the workspace's templates/ folder and record them.

    Raises:
        UsageProblem: ``name`` is no template group (exit 2).
        AgencyDocsError: a copy exists and ``force`` is false, or templates/ cannot be written.
    """
    relatives = _group(name)
    folder = templates_dir(root)
    existing = [rel for rel in relatives if folder.kind(rel) != "missing"]
    if existing and not force:
        names = ", ".join(folder.show(rel) for rel in existing)
        raise AgencyDocsError(f"{names} already exist; use --force to overwrite")
    try:
        folder.refuse_outside()
        folder.path.mkdir(exist_ok=True)
        for relative in relatives:
            folder.write(relative, (BUILTIN_TEMPLATES / relative).read_bytes())
        record_eject(root, BUILTIN_TEMPLATES, relatives, __version__)
    except OSError as exc:  # templates is a file, or cannot be created
        raise OutputError(f"{folder.show()}: cannot write ({exc.strerror or exc})") from None
    return [root / WORKSPACE_TEMPLATES / rel for rel in relatives]


def diff(root: Path, name: str) -> tuple[list[str], list[str]]:
    """For each file of group ``name``: what changed in the built-in since it was ejected.

    Returns unified diffs (or one-line notes for unchanged or unrecorded files),
    and warnings about a broken eject record.
    """
    relatives = _group(name)
    record = read_record(root)
    out = []
    for relative in relatives:
        recorded = record.files.get(relative)
        if recorded is None:
            out.append(f"{relative}: not ejected with a record; nothing to compare\n")
            continue
        data = (BUILTIN_TEMPLATES / relative).read_bytes()
        if sha256(data) == recorded.sha256:
            out.append(f"{relative}: built-in unchanged since eject (agencydocs {recorded.version})\n")
            continue
        old = recorded_text(root, relative)
        if old is None:
            out.append(f"{relative}: built-in changed since eject, but its text at eject time is missing\n")
            continue
        change = text_diff(relative, old, template_text(relative, data), recorded.version, __version__)
        out.append(change or f"{relative}: built-in changed since eject; its text is the same\n")
    return out, record.warnings


@click.group("templates")
@workspace_option
def command() -> None:
    """List built-in templates and copy them into the workspace to customise."""


@command.command("list")
@workspace_option
@click.pass_context
def templates_list(ctx: click.Context) -> None:
    """List template groups, their files, and which ones the workspace overrides.

    Example:

        agencydocs templates list
    """
    root = workspace_root(ctx)
    entries, warnings = list_templates(root)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    for entry in entries:
        click.echo(f"{entry.group:10} {entry.relative:28} {entry.marker}")


@command.command("eject")
@workspace_option
@click.argument("name")
@click.option("--force", is_flag=True, help="Overwrite files already in the workspace.")
@click.pass_context
def templates_eject(ctx: click.Context, name: str, force: bool) -> None:
    """Copy the built-in templates of NAME into templates/ and record their origin.

    \b
    NAME is a group: a document kind (act, addendum, audit, brief, claim,
    contract, credit_note, invoice, letter, minutes, proposal, reminder, report,
    spec, statement, upd, vat_invoice), or shared files (base: base.html,
    styles.css, _page.html; long: long.html, long.css, long_macros.html;
    business: business.html, business.css; transfer: transfer_form.html,
    transfer.css, the УПД and the счёт-фактура; index: index.html).

    The copies are then used instead of the built-ins: edit the .html in a
    text editor and the .docx in Word or LibreOffice. The agencydocs version
    and each built-in's SHA-256 and text go to templates/.agencydocs-templates.json
    and templates/.agencydocs-templates/, so `templates list` and `templates diff`
    can show what a later upgrade changed. Existing copies are kept unless --force.

    Example:

        agencydocs templates eject invoice
    """
    root = workspace_root(ctx)
    for path in eject(root, name, force=force):
        click.echo(f"wrote {path.relative_to(root).as_posix()}")


@command.command("diff")
@workspace_option
@click.argument("name")
@click.pass_context
def templates_diff(ctx: click.Context, name: str) -> None:
    """Show what changed in the built-in templates of NAME since they were ejected.

    A unified diff of the built-in at eject time against today's: the source of
    an .html or .css file, the paragraphs and table cells of a .docx. Your own
    edits to the copies are not part of it.

    Example:

        agencydocs templates diff invoice
    """
    root = workspace_root(ctx)
    changes, warnings = diff(root, name)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    for change in changes:
        click.echo(change, nl=False)
