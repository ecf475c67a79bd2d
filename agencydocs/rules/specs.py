"""Rules of technical specifications and briefs.

Specs: requirement ids are unique across every spec of the workspace (a
contract or an addendum cites them without naming the spec), and every id a
spec cites (pages, integrations, acceptance criteria) is one of its own.
Other kinds validate their references with :func:`requirement_ids` and
:func:`check_requirement_refs`.

Briefs: the question set exists, answers are keyed by its question ids, a
blank brief has no answers, and a filled brief's unanswered required
questions are warnings (the client may still be writing).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping, Sequence

from agencydocs.domain.terms import terms
from agencydocs.models.base import localize
from agencydocs.models.documents.brief import Brief
from agencydocs.models.documents.spec import Page, Spec
from agencydocs.reading.loading import LoadedFile, Loc
from agencydocs.rules.base import RuleContext
from agencydocs.suggestions import unknown_id_message
from agencydocs.workspace import SourceDocument, Workspace
from agencydocs.workspace.question_sets import load_question_sets


def requirement_ids(workspace: Workspace) -> dict[str, SourceDocument]:
    """Every requirement id of the workspace's specs -> the spec defining it first.

    Computed once per workspace: every spec and addendum asks for it.
    """
    cached = _REQUIREMENT_IDS.get(id(workspace))
    if cached is not None and cached[0] is workspace:
        return cached[1]
    found: dict[str, SourceDocument] = {}
    for source in workspace.documents_of("spec"):  # the specs only are its inputs (serve, builds)
        if isinstance(source.model, Spec):
            for requirement in source.model.requirements:
                found.setdefault(requirement.id, source)
    _REQUIREMENT_IDS.clear()  # one workspace at a time; no growth across checks
    _REQUIREMENT_IDS[id(workspace)] = (workspace, found)
    return found


_REQUIREMENT_IDS: dict[int, tuple[Workspace, dict[str, SourceDocument]]] = {}


def check_requirement_refs(
    checker: RuleContext, file: LoadedFile, loc: Loc, ids: Sequence[str], known: Iterable[str]
) -> None:
    """Report each of ``ids`` (the list at ``loc``) that is not in ``known``."""
    known_set = known if isinstance(known, set | frozenset | dict) else set(known)
    for index, requirement in enumerate(ids):
        if requirement not in known_set:
            message = unknown_id_message("requirement", requirement, known_set, order=_id_order)
            checker.report(file, (*loc, index), message)


def check_spec(checker: RuleContext, document: SourceDocument) -> None:
    """Requirement ids unique in the workspace; references only to the spec's own ids."""
    spec = document.model
    assert isinstance(spec, Spec)
    file = document.file
    first = requirement_ids(checker.ws)
    seen: dict[str, int] = {}
    for index, requirement in enumerate(spec.requirements):
        owner = first[requirement.id]
        if requirement.id in seen:
            where, at = file, seen[requirement.id]
        elif owner is not document:
            where, at = owner.file, _index_in(owner, requirement.id)
        else:
            seen[requirement.id] = index
            continue
        line = where.position(("requirements", at, "id"))[0]
        checker.report(
            file,
            ("requirements", index, "id"),
            f'duplicate requirement id "{requirement.id}" (first defined in {where.display}:{line})',
            related=[(where, ("requirements", at, "id"))] if where is not file else [],
        )
    own = {requirement.id for requirement in spec.requirements}
    for loc, ids in _references(spec):
        check_requirement_refs(checker, file, loc, ids, own)
    _check_page_paths(checker, file, spec.sitemap)


def _index_in(source: SourceDocument, requirement_id: str) -> int:
    assert isinstance(source.model, Spec)
    return next(i for i, r in enumerate(source.model.requirements) if r.id == requirement_id)


def _references(spec: Spec) -> Iterator[tuple[Loc, list[str]]]:
    for loc, page in _pages(spec.sitemap, ("sitemap",)):
        yield (*loc, "requirements"), page.requirements
    for index, integration in enumerate(spec.integrations):
        yield ("integrations", index, "requirements"), integration.requirements
    for index, criterion in enumerate(spec.acceptance):
        yield ("acceptance", index, "requirements"), criterion.requirements


def _pages(pages: Sequence[Page], loc: Loc) -> Iterator[tuple[Loc, Page]]:
    """Every page of a site map tree with its location, depth first."""
    for index, page in enumerate(pages):
        yield (*loc, index), page
        yield from _pages(page.children, (*loc, index, "children"))


def _check_page_paths(checker: RuleContext, file: LoadedFile, sitemap: Sequence[Page]) -> None:
    seen: dict[str, int] = {}
    for loc, page in _pages(sitemap, ("sitemap",)):
        if page.path is None:
            continue
        line = file.position((*loc, "path"))[0]
        if page.path in seen:
            checker.report(
                file,
                (*loc, "path"),
                f'page path "{page.path}" is also used on line {seen[page.path]}',
                "warning",
            )
        seen.setdefault(page.path, line)


def _id_order(requirement_id: str) -> tuple[str, int]:
    """FR-2 before FR-10."""
    prefix, _, number = requirement_id.rpartition("-")
    return prefix, int(number) if number.isdigit() else 0


def check_brief(checker: RuleContext, document: SourceDocument) -> None:
    """Question set exists, answers match its questions, required ones are answered."""
    brief = document.model
    assert isinstance(brief, Brief)
    file = document.file
    sets = load_question_sets(checker.ws.root).sets
    if not checker.reference(file, ("question_set",), "question set", brief.question_set, sets):
        return
    questions = sets[brief.question_set].questions()
    if brief.mode == "blank":
        if brief.answers:
            checker.report(file, ("mode",), "a blank brief has no answers; set mode: filled")
        return
    for question_id in brief.answers:
        if question_id not in questions:
            # Point at the key: the answer under it is fine, its name is not.
            line, col = file.key_position(("answers", question_id))
            message = f'unknown question "{question_id}" in question set "{brief.question_set}"'
            checker.out.add(
                file.display,
                message + _did_you_mean(question_id, questions),
                line=line,
                column=col,
                field=f"answers.{question_id}",
            )
    locale = terms(checker.ws, document).language
    for question_id, question in questions.items():
        if question.required and question_id not in brief.answers:
            # With no answers at all, point at the mode that asks for them.
            line, col = file.key_position(("answers",) if brief.answers else ("mode",))
            text = localize(question.text, locale)
            checker.out.add(
                file.display,
                f'required question is not answered: "{text}"',
                line=line,
                column=col,
                field=f"answers.{question_id}",
                severity="warning",
            )


def _did_you_mean(value: str, known: Mapping[str, object]) -> str:
    close = difflib.get_close_matches(value, list(known), n=1)
    return f'; did you mean "{close[0]}"?' if close else f"; known: {', '.join(known)}"


def check_question_sets(checker: RuleContext) -> None:
    """Problems of the workspace's own question set files (``briefs/*.yaml``)."""
    checker.out.extend(load_question_sets(checker.ws.root).problems)
