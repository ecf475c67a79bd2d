"""``status``: what the next build would do, and what each project waits for.

Output: every renderable document compared with the manifest of the last
build (new, changed, an output missing or edited by hand, up to date), and
the files of deleted documents that the next full build removes. The input
keys are the ones ``build`` computes, so "up to date" here means the build
skips it. Nothing is rendered, written or imported for rendering.

Paperwork: per project, the milestones marked done that no invoice bills yet
and the invoices that no act closes yet, each with the ``new`` command that
starts the missing document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from agencydocs.build import FORMATS, OUTPUT_DIR, deleted_outputs, plan_targets
from agencydocs.check import check
from agencydocs.confined import OutputDir
from agencydocs.dependencies import DependencyHasher
from agencydocs.errors import InvalidInput, Problem
from agencydocs.manifest import Freshness, Manifest
from agencydocs.models.base import localize
from agencydocs.project_state import invoices_without_act, unbilled_milestones
from agencydocs.workspace import Workspace


@dataclass(frozen=True)
class DocumentStatus:
    source: str  # the YAML file, relative to the workspace
    kind: str
    freshness: Freshness


@dataclass(frozen=True)
class PendingWork:
    """A document the project is missing, and the command that starts it."""

    project: str
    message: str
    command: str


@dataclass
class Status:
    output_dir: Path
    documents: list[DocumentStatus] = field(default_factory=list)
    removals: list[str] = field(default_factory=list)  # output files, relative to the workspace
    pending: list[PendingWork] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    output_warnings: list[Problem] = field(default_factory=list)  # about output/, e.g. a bad manifest

    @property
    def stale(self) -> list[DocumentStatus]:
        return [d for d in self.documents if d.freshness != "up to date"]


def status(root: Path) -> Status:
    """The status of the workspace at ``root``.

    Raises:
        InvalidInput: the workspace has errors (status is only known for valid input).
        OutputError: output/ is a link leading out of the workspace.
    """
    result = check(root)
    if result.errors:
        raise InvalidInput("the workspace has errors; fix them first", result.problems)
    workspace = result.workspace
    output = OutputDir(root, OUTPUT_DIR)
    output.refuse_outside()
    targets = plan_targets(workspace, output.path, FORMATS)
    # Read without the build lock: a running build replaces every file atomically.
    manifest = Manifest.load(output)
    hasher = DependencyHasher(workspace)
    report = Status(output.path, warnings=list(result.warnings))
    if manifest.warning is not None:
        report.output_warnings.append(manifest.warning)
    for target in targets:
        keys = hasher.keys(target.source, FORMATS)
        freshness = manifest.freshness(target.label, keys, target.outputs)
        report.documents.append(DocumentStatus(target.label, target.source.kind, freshness))
    report.removals = sorted(
        path.relative_to(root).as_posix()
        for paths in deleted_outputs(manifest, targets).values()
        for path in paths
    )
    report.pending = pending_work(workspace)
    return report


def pending_work(workspace: Workspace) -> list[PendingWork]:
    """Done milestones not invoiced and invoices without an act, project by project."""
    locale = workspace.agency.model.locale if workspace.agency is not None else "en"
    pending = []
    for project_id in sorted(workspace.projects):
        command = f"agencydocs new {{}} --project {project_id}"
        for milestone in unbilled_milestones(workspace, project_id):
            if milestone.status == "done":
                title = localize(milestone.title, locale)
                message = f'milestone "{milestone.id}" ({title}) is done but no invoice bills it'
                pending.append(PendingWork(project_id, message, command.format("invoice")))
        for invoice in invoices_without_act(workspace, project_id):
            message = f"invoice {invoice.number} of {invoice.date.isoformat()} has no act"
            pending.append(
                PendingWork(project_id, message, command.format("act") + f" --invoice {invoice.number}")
            )
    return pending
