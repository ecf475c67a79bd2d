"""What every ``agencydocs new`` starter gets (:class:`NewRequest`) and returns (:class:`NewResult`).

A starter (``KindSpec.new``, see ``kinds/base.py``) reads the workspace
through the request, decides the file's path and lines, and writes them
with :func:`write_new`, which never writes over an existing file. Values
only the user knows are written as ``"FILL IN: …"`` placeholders
(:func:`fill`, the mechanism of ``agencydocs init``): ``check`` reports each
one at its line, naming the field, until it is replaced.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from agencydocs.commands.schema import kind_schema_comment
from agencydocs.domain.numbering import PatternError, next_number
from agencydocs.domain.project_state import project_documents
from agencydocs.errors import AgencyDocsError, InvalidInput, UsageProblem
from agencydocs.models import Client, DocumentBase, Project
from agencydocs.models.documents.common import Period
from agencydocs.reading.placeholders import placeholder
from agencydocs.suggestions import unknown_id_message
from agencydocs.workspace import PROJECTS_DIR, SourceDocument, Workspace

_Doc = TypeVar("_Doc", bound=DocumentBase)


@dataclass(frozen=True)
class NewRequest:
    """One ``agencydocs new`` call: where, which kind, for whom, on which date, with which options."""

    root: Path
    kind: str
    on: date
    id: str | None = None  # the new client's or project's id
    project: str | None = None
    client: str | None = None
    invoice: str | None = None
    period: Period | None = None
    with_time: bool = False
    from_proposal: Path | None = None
    option: str | None = None
    question_set: str | None = None
    attachments: tuple[str, ...] = ()  # document numbers a letter encloses
    act: str | None = None  # the act an УПД or a счёт-фактура states
    status: int | None = None  # an УПД's status (1 or 2); None: decided from the act's sale

    @cached_property
    def checked(self) -> Workspace:
        """The workspace, which must pass ``check``: a document is prefilled from valid data only."""
        from agencydocs.commands.check import check

        result = check(self.root)
        if result.errors:
            raise InvalidInput("fix the workspace first", result.problems)
        return result.workspace

    def project_id(self) -> str:
        """The ``--project`` given, which must name a project of the workspace."""
        if self.project is None:
            raise UsageProblem(f"a {self.kind} belongs to a project: --project ID")
        if self.project not in self.checked.projects:
            raise UsageProblem(
                f"--project: {unknown_id_message('project', self.project, self.checked.projects)}"
            )
        return self.project

    def project_model(self) -> Project:
        return self.checked.projects[self.project_id()].model

    def client_model(self) -> Client:
        """The client of the ``--project`` given."""
        return self.checked.clients[self.project_model().client].model

    def language(self) -> str:
        """The language the project's client reads (its documents default to it)."""
        return self.client_model().locale

    def project_sources(self, model: type[_Doc]) -> list[_Doc]:
        """The project's documents of one model, oldest first (by date, then number)."""
        found = [
            d.model for d in project_documents(self.checked, self.project_id()) if isinstance(d.model, model)
        ]
        return sorted(
            found, key=lambda m: (getattr(m, "date", None) or date.min, getattr(m, "number", "") or "")
        )

    def numbered(self, kind: str, number: str, flag: str) -> SourceDocument:
        """The ``kind`` document numbered ``number`` (given with ``flag``); else a usage error naming close ones."""
        known = self.checked.numbered(kind)
        found = known.get(number)
        if found is None:
            raise UsageProblem(f"{flag}: {unknown_id_message(kind, number, known)}")
        return found

    def next_number(self, project: str | None = None) -> str:
        """The next free number of the kind's series (agency.yaml ``numbering``) for ``project``.

        ``project`` defaults to ``--project``; a document whose project follows from
        what it cites (an act, an invoice, a client's overdue invoices) passes its own.
        """
        workspace = self.checked
        assert workspace.agency is not None, "check passed, so agency.yaml is valid"
        pattern = workspace.agency.model.numbering_series(self.kind).pattern
        existing = [
            getattr(d.model, "number", None) or "" for d in workspace.documents if d.kind == self.kind
        ]
        project = project or self.project_id()
        client = workspace.projects[project].model.client
        try:
            return next_number(pattern, existing, year=self.on.year, client=client, project=project)
        except PatternError as exc:
            raise AgencyDocsError(f"agency.yaml: numbering.{self.kind}: {exc}") from None

    def document_path(self, folder: str, name: str, project: str | None = None) -> Path:
        """``projects/<project>/<folder>/<name>.yaml`` (a number's slashes become dashes); ``project``
        defaults to ``--project``."""
        project = project or self.project_id()
        return self.root / PROJECTS_DIR / project / folder / f"{name.replace('/', '-')}.yaml"

    def header(self, path: Path, number: str | None = None, *, on: date | None = None) -> list[str]:
        """The schema modeline, ``kind``, ``number`` (numbered kinds) and ``date`` (``on``, default the
        request's date) of a new document."""
        lines = [kind_schema_comment(self.root, path, self.kind), f"kind: {self.kind}"]
        if number is not None:
            lines.append(f"number: {quote(number)}")
        return [*lines, f"date: {(on or self.on).isoformat()}"]


@dataclass(frozen=True)
class NewResult:
    """What a starter made: the file, its number (None for kinds named after their file), and what to say."""

    path: Path
    number: str | None = None
    notes: tuple[str, ...] = ()  # printed after the "created" line
    warnings: tuple[str, ...] = field(default=())  # printed to stderr as "warning: ..."


def quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def fill(hint: str) -> str:
    """A quoted placeholder that ``check`` reports as ``<field>: placeholder left to fill in: <hint>``."""
    return quote(placeholder(hint))


def write_new(root: Path, path: Path, lines: list[str]) -> None:
    """Write ``lines`` to a new file at ``path``; an existing file (even one that just appeared) is kept."""
    shown = path.relative_to(root).as_posix()
    if path.exists() or path.is_symlink():
        raise AgencyDocsError(f"{shown} already exists; nothing was written")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:  # "x": never over a file
            file.write("\n".join(lines) + "\n")
    except FileExistsError:
        raise AgencyDocsError(f"{shown} already exists; nothing was written") from None
