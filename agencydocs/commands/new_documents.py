"""``new`` starters of the project documents written by hand: contract, addendum, spec, brief, audit, proposal.

Each file starts from what the project already says (its milestones, its
monthly budget, its latest contract, its client's language) and leaves
``"FILL IN: …"`` placeholders only where the text is the user's to write;
``check`` names each one at its field until it is replaced.
"""

from __future__ import annotations

import re
from datetime import timedelta

from agencydocs.commands.new_request import NewRequest, NewResult, fill, quote, write_new
from agencydocs.errors import AgencyDocsError, UsageProblem
from agencydocs.models.base import localize
from agencydocs.models.documents import Contract, Spec
from agencydocs.models.project import Milestone
from agencydocs.suggestions import unknown_id_message

PROPOSAL_VALID_DAYS = 30  # how long a new proposal's prices hold, the usual month
_REQUIREMENT = re.compile(r"^FR-(\d+)$")


def _milestones(request: NewRequest) -> list[Milestone]:
    """The project's milestones that a new document can take in (cancelled ones are not work)."""
    return [m for m in request.project_model().milestones if m.status != "cancelled"]


def start_contract_from_project(request: NewRequest) -> NewResult:
    """A contract over the project's milestones: priced stages, or monthly fees for a monthly budget."""
    number = request.next_number()
    path = request.document_path("contracts", number)
    project = request.project_model()
    milestones = _milestones(request)
    lines = request.header(path, number)
    monthly = project.budget is not None and project.budget.per == "month"
    if monthly:
        lines.append("billing: monthly  # the project's budget is monthly: its milestones are monthly fees")
    specs = request.project_sources(Spec)
    if specs:
        lines.append(f"spec: {quote(specs[-1].number)}  # the project's latest specification")
    if milestones:
        # Listed, so that milestones added to the project later do not widen this contract.
        lines += ["milestones:", *(f"  - {m.id}" for m in milestones)]
    else:
        lines += [
            "fees:  # the project has no milestones: the contract prices its work as fees",
            f"  - description: {fill('what the fee pays for, e.g. Support')}",
            f"    price: {fill('the price, net of VAT, e.g. 1000.00')}",
            f"    unit: {fill('what the price is per, e.g. month or hour')}",
        ]
    write_new(request.root, path, lines)
    return NewResult(path, number)


def start_addendum(request: NewRequest) -> NewResult:
    """Changes to the project's latest contract; the change itself is the user's to write."""
    contracts = request.project_sources(Contract)
    if not contracts:
        raise AgencyDocsError(
            f"project {request.project_id()} has no contract to change: "
            f"start one with `agencydocs new contract --project {request.project_id()}`"
        )
    number = request.next_number()
    path = request.document_path("addenda", number)
    lines = [
        *request.header(path, number),
        f"contract: {quote(contracts[-1].number)}",
        "# What changes: add scope (a project milestone, or a title and a price), remove milestones,",
        "# move deadlines (deadlines: [{milestone: ID, due: DATE}]) or set advances (payments:).",
        "add:",
        f"  - title: {fill('the work added, e.g. Careers page')}",
        f"    price: {fill('its price, net of VAT, e.g. 45000.00')}",
    ]
    write_new(request.root, path, lines)
    return NewResult(path, number)


def start_spec(request: NewRequest) -> NewResult:
    """A specification with its goals and a first requirement to write."""
    number = request.next_number()
    path = request.document_path("specs", number)
    lines = [
        *request.header(path, number),
        'version: "1.0"',
        f"subject: {quote(localize(request.project_model().title, request.language()))}",
        f"goals: {fill('what the site must achieve, in Markdown')}",
        "requirements:  # ids are unique across the workspace, so contracts and addenda can cite them",
        f"  - id: {_next_requirement_id(request)}",
        f"    title: {fill('what the site must do, e.g. Product catalogue')}",
        "    priority: must",
    ]
    write_new(request.root, path, lines)
    return NewResult(path, number)


def _next_requirement_id(request: NewRequest) -> str:
    used = [
        int(found.group(1))
        for source in request.checked.documents
        if isinstance(source.model, Spec)
        for requirement in source.model.requirements
        if (found := _REQUIREMENT.match(requirement.id))
    ]
    return f"FR-{max(used, default=0) + 1}"


def start_brief(request: NewRequest) -> NewResult:
    """A blank brief of a question set, to send; the answers go in as comments show."""
    from agencydocs.workspace.question_sets import load_question_sets

    sets = load_question_sets(request.root).sets
    chosen = request.question_set or _default_question_set(request)
    if chosen not in sets:
        raise UsageProblem(f"--question-set: {unknown_id_message('question set', chosen, sets)}")
    path = request.document_path("briefs", chosen)
    if path.exists():  # a second brief of the set: named after its date
        path = request.document_path("briefs", f"{chosen}-{request.on.isoformat()}")
    language = request.language()
    lines = [
        *request.header(path),
        f"question_set: {chosen}",
        "mode: blank  # printed with room to answer; with the answers: mode: filled and answers:",
        "# answers:",
        *(
            f"#   {question.id}: …  # {' '.join(localize(question.text, language).split())}"
            for question in sets[chosen].questions().values()
        ),
    ]
    write_new(request.root, path, lines)
    return NewResult(path)


def _default_question_set(request: NewRequest) -> str:
    """``seo`` for a project that only promotes a site, else ``website``."""
    services = set(request.project_model().services)
    return "seo" if "seo" in services and not services & {"development", "design"} else "website"


def start_audit(request: NewRequest) -> NewResult:
    """A site audit: which site, and a summary to write; findings follow the commented shape."""
    path = request.document_path("audits", request.on.isoformat())
    lines = [
        *request.header(path),
        "site:",
        f"  name: {fill('the audited site, e.g. example.com')}",
        f"summary: {fill('the main conclusions, in Markdown')}",
        "findings: []",
        "# findings:",
        "#   - area: technical  # technical, content, usability or performance",
        "#     title: …",
        "#     severity: high  # critical, high, medium or low",
        "#     evidence: …",
        "#     recommendation: …",
    ]
    write_new(request.root, path, lines)
    return NewResult(path)


def start_proposal(request: NewRequest) -> NewResult:
    """A proposal with one option pricing the project's milestones, valid for a month."""
    number = request.next_number()
    path = request.document_path("proposals", number)
    language = request.language()
    project = request.project_model()
    lines = [
        *request.header(path, number),
        f"valid_until: {(request.on + timedelta(days=PROPOSAL_VALID_DAYS)).isoformat()}",
        "context: " + fill("the client's situation and goals, in Markdown"),
        "options:",
        "  - id: main",
        f"    name: {quote(localize(project.title, language))}",
        "    lines:",
    ]
    priced = [m for m in _milestones(request) if m.price > 0]
    for milestone in priced:
        lines += [
            f"      - description: {quote(localize(milestone.title, language))}",
            f"        price: {milestone.price}",
            f"        milestone: {milestone.id}",
        ]
    if not priced:
        lines += [
            f"      - description: {fill('the work offered')}",
            f"        price: {fill('its price, net of VAT, e.g. 1000.00')}",
        ]
    write_new(request.root, path, lines)
    return NewResult(path, number)
