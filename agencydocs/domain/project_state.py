"""Where a project's paperwork stands: what is billed, what is closed by an act.

Shared by ``new`` (which milestone the next invoice bills, which invoice the
next act closes) and ``status`` (what each project is waiting for).
"""

from __future__ import annotations

from agencydocs.domain.advances import advances_only
from agencydocs.models import Milestone
from agencydocs.models.documents import Act, Invoice
from agencydocs.workspace import SourceDocument, Workspace


def project_documents(workspace: Workspace, project_id: str) -> list[SourceDocument]:
    return [d for d in workspace.documents if d.project_id == project_id]


def unbilled_milestones(workspace: Workspace, project_id: str) -> list[Milestone]:
    """Milestones, in project order, that no invoice line bills and that are not cancelled.

    An advance does not bill its stage: the stage's final invoice is still to come.
    """
    billed = {
        line.milestone
        for document in project_documents(workspace, project_id)
        if isinstance(document.model, Invoice)
        for line in document.model.lines
        if line.advance is None
    }
    project = workspace.projects[project_id].model
    return [m for m in project.milestones if m.id not in billed and m.status != "cancelled"]


def invoices_without_act(workspace: Workspace, project_id: str) -> list[Invoice]:
    """Invoices of the project that no act names, oldest first.

    An invoice of advances only has no act of its own: the act of the stage closes its final invoice.
    """
    documents = project_documents(workspace, project_id)
    closed = {d.model.invoice for d in documents if isinstance(d.model, Act)}
    open_invoices = [
        d.model
        for d in documents
        if isinstance(d.model, Invoice) and d.model.number not in closed and not advances_only(d.model)
    ]
    return sorted(open_invoices, key=lambda invoice: (invoice.date, invoice.number))
