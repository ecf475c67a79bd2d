"""Cross-file rules, run after every file has passed its own validation.

References (client, person, milestone, contract, invoice, bank account,
images) must resolve; ids and document numbers must be unique; dates must be
in order. A message for a missing reference lists the ids that do exist.

A document kind names its rules in its spec (``agencydocs/kinds/<kind>.py``);
``DOCUMENT_RULES`` is derived from the specs. They run only on documents
whose inputs are valid (see ``rules/inputs.py``).
"""

from __future__ import annotations

from agencydocs.errors import Problem, ProblemCollector
from agencydocs.kinds import KINDS, DocumentRule
from agencydocs.rules.amounts import check_milestone_amounts
from agencydocs.rules.base import RuleContext
from agencydocs.rules.contracts import check_clause_library
from agencydocs.rules.files import check_workspace_files
from agencydocs.rules.glyphs import check_glyphs
from agencydocs.rules.incremental import kept_rule_results
from agencydocs.rules.inputs import inputs_have_errors
from agencydocs.rules.numbers import check_number_gaps, check_output_names, check_unique_numbers
from agencydocs.rules.payments import check_payments
from agencydocs.rules.reports import check_services
from agencydocs.rules.signatories import check_russian_forms, check_signatories
from agencydocs.rules.specs import check_question_sets
from agencydocs.rules.workspace import check_agency, check_clients, check_project
from agencydocs.workspace import SourceDocument, Workspace

DOCUMENT_RULES: dict[str, list[DocumentRule]] = {kind.name: kind.load_rules() for kind in KINDS}


def check_workspace_rules(
    workspace: Workspace, collector: ProblemCollector, *, document_rules: bool = True
) -> None:
    """Apply every cross-file rule, adding problems to ``collector``.

    ``document_rules=False``: only the workspace-wide ones; ``diff`` runs a
    document's own rules when it first resolves it (:func:`document_problems`).
    """
    checker = RuleContext(workspace, collector)
    if workspace.agency is not None:
        check_agency(checker, workspace.agency.model, workspace.agency.file)
    check_clients(checker)
    check_workspace_files(checker)
    for folder, project in workspace.projects.items():
        check_project(checker, folder, project.model, project.file)
        check_milestone_amounts(checker, project.model, project.file)
    check_unique_numbers(checker, workspace.documents)
    check_number_gaps(checker)
    check_output_names(checker)
    check_question_sets(checker)
    check_clause_library(checker)
    check_services(checker)
    check_payments(checker)
    check_signatories(checker)
    if document_rules:
        check_document_rules(workspace, collector)
    check_glyphs(checker)


def check_document_rules(workspace: Workspace, collector: ProblemCollector) -> None:
    """Apply the rules of every document (each kind's, see ``DOCUMENT_RULES``), adding problems to ``collector``."""
    checker = RuleContext(workspace, collector)
    kept = kept_rule_results()
    if kept is not None:  # serve: only the documents whose inputs changed run again
        kept.check(workspace, checker, _document_rules)
    else:
        for document in workspace.documents:
            _document_rules(checker, document)


def document_problems(workspace: Workspace, document: SourceDocument) -> list[Problem]:
    """What the rules of ``document`` alone report."""
    collector = ProblemCollector()
    _document_rules(RuleContext(workspace, collector), document)
    return collector.problems


def _document_rules(checker: RuleContext, document: SourceDocument) -> None:
    """The rules of ``document``'s kind, unless one of its inputs has errors (said once)."""
    if inputs_have_errors(checker, document):
        return
    for rule in DOCUMENT_RULES[document.kind]:
        rule(checker, document)
    check_russian_forms(checker, document)


__all__ = [
    "DOCUMENT_RULES",
    "DocumentRule",
    "RuleContext",
    "check_document_rules",
    "check_workspace_rules",
    "document_problems",
]
