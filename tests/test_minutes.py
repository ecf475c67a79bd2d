"""Meeting minutes (#17 items 5 and 8): the model, the built documents, action items in status,
``new minutes`` and the citation of minutes in an addendum or a spec.

The example's kick-off minutes (projects/romashka-site/minutes/M-2026-01.yaml)
have one open action item due 2026-11-20 and two done; spec 12/2026 cites them.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from agencydocs.building.builder import build
from agencydocs.commands.check import check
from agencydocs.commands.new_minutes import start_minutes
from agencydocs.commands.new_request import NewRequest
from agencydocs.domain.minutes import days_overdue, is_overdue
from agencydocs.errors import AgencyDocsError
from agencydocs.models.documents.minutes import ActionItem
from tests.helpers import example_workspace, line_of, replace_in_file, run_cli
from tests.test_build import READERS

MIN = "projects/romashka-site/minutes/M-2026-01.yaml"
ADDENDUM = "projects/romashka-site/addendum-1.yaml"
OUT = "output/romashka/romashka-site"
OPEN_ITEM = "Прислать тексты раздела «О компании» и фотографии продукции"


@pytest.mark.parametrize(
    ("old", "new", "at", "field", "message"),
    [
        ("    status: done\n", "    status: closed\n", "status: closed", "action_items[0].status",
         "must be one of 'open' or 'done' (got \"closed\")"),
        ("participants: [igor, dmitry, morozova]", "participants: []", "participants:", "participants",
         "must have at least 1 item after validation, not 0"),
        ("participants: [igor, dmitry, morozova]", "participants: [Igor]", "participants:", "participants[0]",
         'must be an id: lowercase letters, digits and dashes, starting with a letter or digit (got "Igor")'),
        ("    due: 2026-09-05\n", "", "owner: morozova", "action_items[0].due", "required field is missing"),
        ("date: 2026-08-19", "date: 2026-08-32", "date: 2026-08-32", "date",
         'is not a real calendar date (got "2026-08-32")'),
    ],
    ids=["status", "no-participants", "participant-id", "due-missing", "date"],
)  # fmt: skip
def test_model_errors_name_their_line_and_field(
    workspace: Path, old: str, new: str, at: str, field: str, message: str
) -> None:
    replace_in_file(workspace / MIN, old, new)
    problems = [(p.line, p.field, p.message) for p in check(workspace).problems if p.file == MIN]
    # A missing key is reported at the item that lacks it.
    line = line_of(workspace / MIN, at) - (1 if field.endswith(".due") else 0)
    assert problems == [(line, field, message)]


@pytest.mark.parametrize(
    ("due", "status", "overdue", "days"),
    [
        (date(2026, 11, 20), "open", True, 11),
        (date(2026, 12, 1), "open", False, 0),  # due today: not overdue yet
        (date(2026, 12, 2), "open", False, 0),
        (date(2026, 11, 20), "done", False, 0),  # done is never overdue
    ],
)
def test_overdue_is_open_past_the_due_date(due: date, status: str, overdue: bool, days: int) -> None:
    item = ActionItem.model_validate({"what": "x", "owner": "igor", "due": due, "status": status})
    assert is_overdue(item, date(2026, 12, 1)) is overdue
    assert days_overdue(item, date(2026, 12, 1)) == days


def test_status_lists_the_open_item_as_overdue_until_it_is_done(workspace: Path) -> None:
    result = run_cli(["status", "--as-of", "2026-12-01"], cwd=workspace)
    assert result.exit_code == 0, result.output
    assert "Action items: 1 open, 1 overdue" in result.stdout
    assert f'romashka-site: "{OPEN_ITEM}" (morozova, due 2026-11-20, 11 day(s) OVERDUE)' in result.stdout
    assert f"minutes M-2026-01: {MIN} action_items[1]; set status: done when done" in result.stdout
    assert "Передать доступы" not in result.stdout  # done items are not listed

    early = run_cli(["status", "--as-of", "2026-11-20", "--format", "json"], cwd=workspace)
    [item] = json.loads(early.stdout)["action_items"]
    assert item == {
        "project": "romashka-site",
        "minutes": "M-2026-01",
        "source": MIN,
        "index": 1,
        "what": OPEN_ITEM,
        "owner": "morozova",
        "due": "2026-11-20",
        "days_overdue": 0,
        "overdue": False,
    }

    replace_in_file(workspace / MIN, "    due: 2026-11-20\n", "    due: 2026-11-20\n    status: done\n")
    done = run_cli(["status", "--as-of", "2026-12-01"], cwd=workspace)
    assert "Action items: nothing open" in done.stdout


def test_new_minutes_is_prefilled_and_check_names_what_to_fill_in(workspace: Path) -> None:
    result = run_cli(["new", "minutes", "--project", "romashka-site", "--date", "2026-12-03"], cwd=workspace)
    assert result.exit_code == 0, result.output
    path = workspace / "projects/romashka-site/minutes/M-2026-02.yaml"
    assert result.stdout == "created projects/romashka-site/minutes/M-2026-02.yaml (minutes M-2026-02)\n"
    text = path.read_text(encoding="utf-8")
    assert 'number: "M-2026-02"\ndate: 2026-12-03\n' in text
    assert "participants:\n  - igor  # account manager\n  - morozova  # Елена Морозова\n" in text
    checked = run_cli(["check"], cwd=workspace)
    assert checked.exit_code == 1, checked.output
    display = "projects/romashka-site/minutes/M-2026-02.yaml"
    fill = "placeholder left to fill in"
    assert [line for line in checked.problem_lines if line.startswith(display)] == [
        f"{display}:6:8: place: {fill}: where the meeting was (or replace the line by call: its link or tool)",
        f"{display}:11:5: agenda[0]: {fill}: the first topic, e.g. Goals and scope",
        f"{display}:14:5: decisions[0]: {fill}: what the meeting decided",
    ]


def test_new_minutes_never_overwrites_a_file(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A number whose file exists (another session wrote it after the check): refused, file kept.
    monkeypatch.setattr(NewRequest, "next_number", lambda *args: "M-2026-01")
    before = (workspace / MIN).read_bytes()
    with pytest.raises(
        AgencyDocsError, match="^projects/romashka-site/minutes/M-2026-01.yaml already exists"
    ):
        start_minutes(_request(workspace, "romashka-site"))
    assert (workspace / MIN).read_bytes() == before


def test_new_minutes_lists_contacts_without_an_id_as_a_hint(workspace: Path) -> None:
    created = start_minutes(_request(workspace, "globex-seo"))
    text = created.path.read_text(encoding="utf-8")
    assert "  - olga  # account manager\n" in text
    assert "  # Jana Weber: give the contact an id: in clients/globex.yaml to list them here\n" in text
    # Only the placeholders left to fill in: the hint is a comment, not an error.
    assert {problem.field for problem in check(workspace).errors} == {"place", "agenda[0]", "decisions[0]"}


def _request(root: Path, project: str) -> NewRequest:
    return NewRequest(root=root, kind="minutes", on=date(2026, 12, 3), project=project)


def test_new_minutes_of_an_unknown_project_is_a_usage_error(workspace: Path) -> None:
    result = run_cli(["new", "minutes", "--project", "romashka-sit"], cwd=workspace)
    assert result.exit_code == 2
    assert 'unknown project "romashka-sit"; did you mean "romashka-site"?' in result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minutes, the spec citing them and addendum 1 made to cite them too, built (read only)."""
    root = example_workspace(tmp_path_factory.mktemp("minutes"))
    replace_in_file(root / ADDENDUM, "contract: 12/2026\n", "contract: 12/2026\nminutes: M-2026-01\n")
    selection = [root / MIN, root / ADDENDUM, root / "projects/romashka-site/spec-12-2026.yaml"]
    build(root, selection=selection, formats=("html", "pdf", "docx"), jobs=1)
    return root


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_built_minutes_carry_participants_decisions_and_action_items(built: Path, fmt: str) -> None:
    text = READERS[fmt](built / OUT / f"minutes-M-2026-01.{fmt}")
    expected = [
        "Протокол встречи № M-2026-01",
        "Установочная встреча (kick-off)",
        "ООО «Пиксель Лаб»",
        "Игорь Белов, Аккаунт-менеджер",
        "Дмитрий Орлов, Разработчик",
        "Елена Морозова, Директор по маркетингу",
        "Интеграция с 1С и доступы",
        "Обмен — через REST-сервис 1С",
        "Обмен с 1С — через REST-сервис, каталог и цены обновляются раз в час.",
        "Передать доступы к тестовой базе 1С",
        "05.09.2026",
        "в работе",
        "выполнено",
        "Протокол утвердили",
        "Соколова А. В.",
        "Морозов П. А.",
    ]
    # pdftotext -layout may break a long cell; every phrase of one line is asserted whole.
    assert [phrase for phrase in expected if phrase not in text] == []
    assert "20.11.2026" in text and "Елена Морозова" in text


@pytest.mark.parametrize("fmt", ["html", "docx"])
@pytest.mark.parametrize(
    ("document", "phrase"),
    [
        ("spec-12-2026", "Согласовано по итогам встречи (протокол № M-2026-01 от 19 августа 2026 г.)"),
        ("addendum-1", "к Договору № 12/2026 от 28 августа 2026 г., по итогам встречи (протокол № M-2026-01 от 19 августа 2026 г.)"),
    ],
)  # fmt: skip
def test_an_addendum_or_spec_prints_the_minutes_it_follows(
    built: Path, fmt: str, document: str, phrase: str
) -> None:
    assert phrase in READERS[fmt](built / OUT / f"{document}.{fmt}")
