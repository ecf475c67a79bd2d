"""Rules over the agency, clients and projects."""

from __future__ import annotations

import os
from pathlib import Path

from agencydocs.models import Agency, Project
from agencydocs.reading.files import RefusedFile
from agencydocs.reading.images import DEFAULT_MAX_IMAGE_SIZE, OUTSIDE_WORKSPACE, read_image
from agencydocs.reading.loading import LoadedFile, Loc
from agencydocs.rules.base import RuleContext


def check_clients(checker: RuleContext) -> None:
    for file_id, client in checker.ws.clients.items():
        if client.model.id != file_id:
            checker.report(client.file, ("id",), f'must equal the file name "{file_id}"')


def check_agency(checker: RuleContext, agency: Agency, file: LoadedFile) -> None:
    seen: dict[str, int] = {}
    for index, person in enumerate(agency.team):
        if person.id in seen:
            checker.report(
                file,
                ("team", index, "id"),
                f'duplicate person id "{person.id}" (also team[{seen[person.id]}])',
            )
        seen.setdefault(person.id, index)
    account_ids = [a.id for a in agency.bank_accounts]
    for index, account in enumerate(agency.bank_accounts):
        first = account_ids.index(account.id)
        if first != index:
            checker.report(
                file,
                ("bank_accounts", index, "id"),
                f'duplicate bank account id "{account.id}" (also bank_accounts[{first}])',
            )
    images = {
        ("logo",): agency.logo,
        ("seal_image",): agency.seal_image,
        ("signatory", "signature_image"): agency.signatory.signature_image,
    }
    for loc, image in images.items():
        if image is not None:
            check_workspace_file(checker, file, loc, image)


def check_workspace_file(checker: RuleContext, file: LoadedFile, loc: Loc, relative: str) -> None:
    """An image field: the file must exist, stay in the workspace and be a PNG, JPEG or safe SVG."""
    root = checker.ws.root
    agency = checker.ws.agency
    max_bytes = agency.model.limits.max_image_size if agency is not None else DEFAULT_MAX_IMAGE_SIZE
    try:
        read_image(root, relative, max_bytes)
    except RefusedFile as refused:
        if not os.path.lexists(root / relative) and _inside(root, relative):
            checker.report(file, loc, f'file "{relative}" does not exist')
        elif str(refused) == OUTSIDE_WORKSPACE:
            checker.report(file, loc, str(refused))
        else:
            checker.report(file, loc, f'"{relative}" {refused}')


def _inside(root: Path, relative: str) -> bool:
    return Path(os.path.normpath(root / relative)).is_relative_to(root)


def check_project(checker: RuleContext, folder: str, project: Project, file: LoadedFile) -> None:
    if project.id != folder:
        checker.report(file, ("id",), f'must equal the folder name "{folder}"')
    checker.reference(file, ("client",), "client", project.client, checker.ws.clients)
    agency = checker.ws.agency
    if agency is not None:
        checker.reference(file, ("manager",), "person", project.manager, (p.id for p in agency.model.team))
        for person_id in project.rates:
            if agency.model.person(person_id) is None:
                checker.reference(
                    file, ("rates", person_id), "person", person_id, (p.id for p in agency.model.team)
                )
    if project.deadline is not None and project.deadline < project.start:
        checker.report(file, ("deadline",), "deadline is before the start date")
    seen: set[str] = set()
    for index, milestone in enumerate(project.milestones):
        if milestone.id in seen:
            checker.report(file, ("milestones", index, "id"), f'duplicate milestone id "{milestone.id}"')
        seen.add(milestone.id)
        outside = milestone.due is not None and (
            milestone.due < project.start
            or (project.deadline is not None and milestone.due > project.deadline)
        )
        if outside:
            checker.report(
                file, ("milestones", index, "due"), "due date is outside the project's dates", "warning"
            )
