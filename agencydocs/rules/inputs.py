"""A document whose inputs have errors gets one line for them, and no rule runs on it.

A document reads its project, the project's client and the documents it
names (``contract:``, ``invoice:``, ``spec:``, ``proposal:``). When one of
them failed its own checks, the rules would have to guess in its place (an
invalid client's currency falls back to RUB, and "the agency has no bank
account in RUB" appears on invoices in euros): errors that are not the
document's. So the document says once which input to fix, and its rules run
when that input is valid again — MkDocs' post-validation, which runs only
on clean data.
"""

from __future__ import annotations

from agencydocs.rules.base import RuleContext
from agencydocs.workspace import SourceDocument

REFERENCE_FIELDS = ("contract", "invoice", "spec", "proposal")  # fields that name another document


def inputs_have_errors(checker: RuleContext, document: SourceDocument) -> bool:
    """Whether an input of ``document`` has errors; if so, say which, once, on the document."""
    workspace, file = checker.ws, document.file
    project = workspace.projects.get(document.project_id)
    if project is None:  # project.yaml missing or invalid: reported on the project
        checker.report(file, (), f'uses project "{document.project_id}", which has errors')
        return True
    client_id = project.model.client
    if client_id not in workspace.clients:
        if ("client", client_id) in workspace.invalid:
            checker.report(file, (), f'uses client "{client_id}", which has errors')
        else:  # an unknown client: project.yaml's client line says so
            checker.report(file, (), f'uses project "{document.project_id}", which has errors')
        return True
    for field in REFERENCE_FIELDS:
        number = getattr(document.model, field, None)
        if isinstance(number, str) and (field, number) in workspace.invalid:
            checker.report(file, (field,), f'uses {field} "{number}", which has errors')
            return True
    return False
