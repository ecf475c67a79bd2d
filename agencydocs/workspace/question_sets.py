"""Question sets of briefs: built-in ``agencydocs/briefs/*.yaml`` and a workspace's ``briefs/*.yaml``.

A set's id is its file name. A workspace set with the id of a built-in one
replaces it, as a workspace template replaces a built-in template. Files go
through the strict loader and the :class:`QuestionSet` model; question ids
must be unique within a set, since answers are keyed by them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agencydocs import PACKAGE_DIR
from agencydocs.errors import Problem
from agencydocs.models.documents.brief import Question, QuestionSet
from agencydocs.reading import reads
from agencydocs.reading.files import file_stamp, find_yaml_files, note_folder
from agencydocs.reading.loading import LoadedFile, LoadError, format_loc, load_yaml_file
from agencydocs.reading.validation import validate_model

BUILTIN_SETS = PACKAGE_DIR / "briefs"
WORKSPACE_SETS = "briefs"


@dataclass(frozen=True)
class SourcedSet:
    """A validated question set and the file it came from."""

    id: str
    model: QuestionSet
    file: LoadedFile
    builtin: bool

    def questions(self) -> dict[str, Question]:
        """Every question of the set by id, in order."""
        return {q.id: q for section in self.model.sections for q in section.questions}


@dataclass(frozen=True)
class QuestionSets:
    sets: dict[str, SourcedSet]
    problems: tuple[Problem, ...]


# The loaded files, and what loading read (replayed to the document being built on every use).
_cache: dict[tuple[object, ...], tuple[QuestionSets, reads.Recorder]] = {}


def load_question_sets(root: Path | None) -> QuestionSets:
    """The built-in sets overlaid with the workspace's; problems are the workspace files'.

    Cached on the files' names, sizes and modification times, so ``check``
    and every resolver share one reading.
    """
    paths = [*_set_files(BUILTIN_SETS), *(_set_files(root / WORKSPACE_SETS) if root else [])]
    key = (root, *((p, *file_stamp(p)) for p in paths))
    if key not in _cache:
        _cache.clear()
        with reads.capture() as captured:
            _cache[key] = (_load(root), captured)
    loaded, captured = _cache[key]
    reads.replay(captured)
    if root is not None:
        note_folder(root, WORKSPACE_SETS)  # a file added there changes the sets
    return loaded


def _set_files(folder: Path) -> list[Path]:
    """The ``*.yaml`` entries of ``folder``, pipes and folders included (loading reports them)."""
    return find_yaml_files(folder, folder, recursive=False)[0]  # links out: refused when read


def _load(root: Path | None) -> QuestionSets:
    sets: dict[str, SourcedSet] = {}
    for path in _set_files(BUILTIN_SETS):
        loaded, problems = _read(path, f"agencydocs/briefs/{path.name} (built-in)")
        if problems or loaded is None:  # a broken built-in is our bug, not the user's
            raise RuntimeError("; ".join(p.format() for p in problems))
        sets[path.stem] = loaded
    found: list[Problem] = []
    if root is not None:
        for path in _set_files(root / WORKSPACE_SETS):
            loaded, problems = _read(path, path.relative_to(root).as_posix(), root)
            found += problems
            if loaded is not None:
                sets[path.stem] = loaded
    return QuestionSets(sets, tuple(found))


def _read(path: Path, display: str, root: Path | None = None) -> tuple[SourcedSet | None, list[Problem]]:
    try:
        file = load_yaml_file(path, display, root=root)
    except LoadError as exc:
        return None, exc.problems
    model, problems = validate_model(QuestionSet, file)
    if model is None:
        return None, problems
    problems = _duplicate_ids(model, file)
    builtin = path.is_relative_to(BUILTIN_SETS)
    return (None if problems else SourcedSet(path.stem, model, file, builtin)), problems


def _duplicate_ids(model: QuestionSet, file: LoadedFile) -> list[Problem]:
    problems = []
    seen: dict[str, int] = {}
    for s, section in enumerate(model.sections):
        for q, question in enumerate(section.questions):
            loc = ("sections", s, "questions", q, "id")
            line, col = file.position(loc)
            if question.id in seen:
                message = f'duplicate question id "{question.id}" (first on line {seen[question.id]})'
                problems.append(Problem(file.display, line, col, format_loc(loc), message))
            seen.setdefault(question.id, line)
    return problems
