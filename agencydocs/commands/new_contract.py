"""``new contract --from-proposal FILE --option ID``: the contract for the option the client chose.

Each line of the option becomes a project milestone (id: the line's
``milestone``, else its service id; title: its description; price: the
line's amount as the proposal showed it; due: the contract date plus the
weeks of the lines so far), added to ``project.yaml`` when the project
does not have it yet. The contract lists those milestones as its scope.
Files are edited as text so that comments and layout survive; if the
result does not pass ``check``, both files are put back as they were.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import cast

from agencydocs.building.writing import safe_name
from agencydocs.commands.check import check
from agencydocs.commands.new import _next_number
from agencydocs.commands.new_request import write_new
from agencydocs.domain.pricing import PricedLine, priced_option
from agencydocs.domain.terms import terms
from agencydocs.errors import AgencyDocsError, InvalidInput, UsageProblem
from agencydocs.models.documents import Contract, Proposal
from agencydocs.suggestions import did_you_mean
from agencydocs.workspace import PROJECT_FILE, PROJECTS_DIR, SourceDocument, Workspace


@dataclass(frozen=True)
class Milestone:
    id: str
    title: str
    price: Decimal
    due: date | None


@dataclass(frozen=True)
class CreatedContract:
    path: Path
    number: str
    added_milestones: tuple[str, ...]
    # Milestones the project already had at another price: the contract uses the project's.
    kept_prices: tuple[str, ...] = ()
    # Earlier contracts of the project without a ``milestones`` list: their scope is every
    # milestone, so it now takes in the added ones too.
    widened: tuple[str, ...] = ()


def contract_from_proposal(root: Path, proposal_file: Path, option_id: str, *, on: date) -> CreatedContract:
    """Write the contract of one proposal option (and its missing milestones); return what was made."""
    result = check(root)
    if result.errors:
        raise InvalidInput("fix the workspace first", result.problems)
    workspace = result.workspace
    source = _proposal_source(workspace, proposal_file)
    proposal = source.model
    assert isinstance(proposal, Proposal)
    option = next((o for o in proposal.options if o.id == option_id), None)
    if option is None:
        known = [o.id for o in proposal.options]
        suggestion = did_you_mean(option_id, known)
        raise UsageProblem(
            f'{source.file.display}: no option "{option_id}"; '
            f"{suggestion + ' ' if suggestion else ''}known: {', '.join(known)}"
        )
    assert workspace.agency is not None, "check passed, so agency.yaml is valid"
    priced = priced_option(terms(workspace, source), workspace.agency.model, proposal, option.lines)
    project = workspace.projects[source.project_id].model
    milestones = _milestones(priced.lines, on, project.deadline)
    missing = [m for m in milestones if project.milestone(m.id) is None]
    number = _next_number(workspace, "contract", source.project_id, on)
    project_path = root / PROJECTS_DIR / source.project_id / PROJECT_FILE
    contract_path = root / PROJECTS_DIR / source.project_id / "contracts" / f"{safe_name(number)}.yaml"
    if contract_path.exists():
        raise AgencyDocsError(f"{contract_path.relative_to(root).as_posix()} already exists")
    old_project = project_path.read_text(encoding="utf-8")
    new_project = (
        add_milestones(old_project, missing, workspace, source.project_id) if missing else old_project
    )
    contract_text = _contract_yaml(proposal, option.id, number, on, milestones, priced.totals.currency)
    _write_checked(root, project_path, old_project, new_project, contract_path, contract_text)
    kept = tuple(
        m.id for m in milestones if (old := project.milestone(m.id)) is not None and old.price != m.price
    )
    widened = tuple(
        cast(Contract, d.model).number
        for d in workspace.documents
        if missing and d.project_id == source.project_id and d.kind == "contract"
        and getattr(d.model, "milestones", []) is None
    )  # fmt: skip
    return CreatedContract(contract_path, number, tuple(m.id for m in missing), kept, widened)


def _proposal_source(workspace: Workspace, proposal_file: Path) -> SourceDocument:
    wanted = proposal_file.resolve()
    for source in workspace.documents:
        if source.file.path.resolve() == wanted:
            if not isinstance(source.model, Proposal):
                raise UsageProblem(f"{source.file.display} is a {source.kind}, not a proposal")
            return source
    raise UsageProblem(f"{proposal_file}: not a document of this workspace")


def _milestones(lines: tuple[PricedLine, ...], start: date, deadline: date | None) -> list[Milestone]:
    result, weeks = [], 0
    for line in lines:
        due = None
        if line.line.weeks:
            weeks += line.line.weeks
            due = start + timedelta(weeks=weeks)
            # A due date past the project's deadline would be a warning on every check.
            if deadline is not None and due > deadline:
                due = None
        result.append(Milestone(line.milestone_id, line.description, line.amount.net, due))
    return result


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _milestone_yaml(milestone: Milestone, indent: str) -> list[str]:
    lines = [
        f"{indent}- id: {milestone.id}",
        f"{indent}  title: {_quote(milestone.title)}",
        f"{indent}  price: {milestone.price}",
    ]
    if milestone.due is not None:
        lines.append(f"{indent}  due: {milestone.due.isoformat()}")
    lines.append(f"{indent}  status: planned")
    return lines


def add_milestones(text: str, milestones: list[Milestone], workspace: Workspace, project_id: str) -> str:
    """``project.yaml`` with ``milestones`` appended to its list (or a new list at the end)."""
    project = workspace.projects[project_id]
    lines = text.splitlines()
    key = project.file.key_positions.get(("milestones",))
    if key is None:
        block = ["milestones:", *(row for m in milestones for row in _milestone_yaml(m, "  "))]
        return "\n".join([*lines, *block]) + "\n"
    if not project.model.milestones:
        if lines[key[0] - 1].split("#", 1)[0].strip() not in ("milestones:", "milestones: []"):
            raise AgencyDocsError(f"{project.file.display}: write milestones as a block list to add to it")
        lines[key[0] - 1] = "milestones:"
        end, indent = key[0], "  "
    else:
        first_item = project.file.positions[("milestones", 0)]
        indent = " " * max(first_item[1] - 3, 0)
        end = _block_end(lines, key[0], key[1])
    new = [row for m in milestones for row in _milestone_yaml(m, indent)]
    return "\n".join([*lines[:end], *new, *lines[end:]]) + "\n"


def _block_end(lines: list[str], key_line: int, key_column: int) -> int:
    """Index of the first line after the block under the key at ``key_line`` (1-based)."""
    key_indent, end = key_column - 1, key_line
    for index in range(key_line, len(lines)):
        stripped = lines[index].strip()
        if not stripped or stripped.startswith("#"):
            continue
        indentation = len(lines[index]) - len(lines[index].lstrip())
        if indentation > key_indent or (indentation == key_indent and stripped.startswith("-")):
            end = index + 1
        else:
            break
    return end


def _contract_yaml(
    proposal: Proposal, option_id: str, number: str, on: date, milestones: list[Milestone], currency: str
) -> str:
    total = sum((m.price for m in milestones), Decimal(0))
    lines = [
        "# yaml-language-server: $schema=../../../schemas/contract.schema.json",
        f'# Created by `agencydocs new contract --from-proposal` from proposal {proposal.number}, option "{option_id}":',
        f"# {len(milestones)} milestone(s), {total} {currency} before VAT.",
        "kind: contract",
        f"number: {_quote(number)}",
        f"date: {on.isoformat()}",
    ]
    fields = Contract.model_fields
    if "proposal" in fields:
        lines.append(f"proposal: {_quote(proposal.number)}")
    if "milestones" in fields:
        lines.append("milestones:")
        lines += [f"  - {m.id}" for m in milestones]
    return "\n".join(lines) + "\n"


def _write_checked(
    root: Path, project_path: Path, old_project: str, new_project: str, contract_path: Path, contract: str
) -> None:
    write_new(root, contract_path, contract.splitlines())  # first: it never replaces a file
    project_path.write_text(new_project, encoding="utf-8")
    result = check(root)
    if result.errors:
        project_path.write_text(old_project, encoding="utf-8")
        contract_path.unlink()
        raise InvalidInput("the new contract would not pass check; nothing was changed", result.errors)
