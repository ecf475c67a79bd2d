"""``agencydocs init``: a workspace whose placeholders check reports, that builds once filled,
and whose CI workflow's shell steps work against a real (shallow) git repository."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from agencydocs.scaffold import WORKFLOW
from tests.helpers import run_cli
from tests.test_diff import GIT_ENV, commit_all, git

PLACEHOLDER = re.compile(r'^(\s*(?:- )?)(\w+): "FILL IN:[^"\n]*"$', re.MULTILINE)
WRITTEN = [
    "agency.yaml",
    "clients/example-client.yaml",
    "projects/example-site/project.yaml",
    ".gitignore",
    ".vscode/settings.json",
    ".pre-commit-config.yaml",
    WORKFLOW,
]
# Real-looking values a Russian agency fills in (the README's example agency's: fictional, valid checksums).
RU_VALUES = {
    "agency.yaml": {
        "name": "ООО «Пример»",
        "address": "123112, г. Москва, ул. Примерная, д. 1",
        "inn": "7709123453",
        "kpp": "770901001",
        "ogrn": "1027700123450",
        "email": "hello@example.com",
        "bank_name": "АО «Тестбанк»",
        "bic": "044525999",
        "account": "40702810338000012345",
        "corr_account": "30101810600000000999",
        "title": "Генеральный директор",
        "basis": "Устава",
        "vat_rate": "22",
        "role": "Аккаунт-менеджер",
    },
    "clients/example-client.yaml": {
        "name": "ООО «Ромашка»",
        "address": "190000, г. Санкт-Петербург, ул. Садовая, д. 7",
        "inn": "7812345675",
        "kpp": "781201001",
        "ogrn": "1177847123453",
        "title": "Генеральный директор",
    },
}


def fill_placeholders(root: Path, values: dict[str, dict[str, str]]) -> None:
    for relative, by_key in values.items():
        path = root / relative
        text = PLACEHOLDER.sub(
            lambda m, by_key=by_key: f'{m[1]}{m[2]}: "{by_key[m[2]]}"', path.read_text(encoding="utf-8")
        )
        path.write_text(text, encoding="utf-8")


def placeholders(root: Path) -> list[tuple[str, int, str]]:
    """(file, line, key) of every placeholder init wrote, read from the files themselves."""
    found = []
    for relative in ("agency.yaml", "clients/example-client.yaml"):
        for number, line in enumerate((root / relative).read_text(encoding="utf-8").splitlines(), 1):
            match = PLACEHOLDER.match(line)
            if match:
                found.append((relative, number, match[2]))
    return found


@pytest.mark.parametrize(
    ("country", "tax_keys"),
    [("RU", {"inn", "kpp", "ogrn"}), ("DE", {"vat_id"}), ("US", {"ein"}), (None, {"tax_id"})],
)
def test_check_names_every_placeholder(tmp_path: Path, country: str | None, tax_keys: set[str]) -> None:
    result = run_cli(["init", str(tmp_path), *(["--country", country] if country else [])])
    assert result.exit_code == 0, result.output
    assert [line.removeprefix("wrote ") for line in result.stdout.splitlines()[: len(WRITTEN)]] == WRITTEN
    expected = placeholders(tmp_path)
    assert tax_keys <= {key for file, _, key in expected if file == "agency.yaml"}
    check = run_cli(["check"], cwd=tmp_path)
    assert check.exit_code == 1
    reported = [line for line in check.problem_lines if "placeholder left to fill in" in line]
    assert [tuple(line.split(":")[:2]) for line in reported] == [(f, str(n)) for f, n, _ in expected]
    # nothing but the placeholders (and the project naming its unfinished client) is reported
    others = [line for line in check.problem_lines if line not in reported]
    assert others == [
        'projects/example-site/project.yaml:5:9: client: uses client "example-client", which has errors'
    ]


@pytest.mark.slow  # builds
def test_filled_workspace_passes_check_and_builds(tmp_path: Path) -> None:
    assert run_cli(["init", str(tmp_path), "--country", "RU"]).exit_code == 0
    fill_placeholders(tmp_path, RU_VALUES)
    check = run_cli(["check"], cwd=tmp_path)
    assert check.exit_code == 0, check.output
    assert (
        run_cli(["new", "invoice", "-p", "example-site", "--date", "2026-11-02"], cwd=tmp_path).exit_code == 0
    )
    build = run_cli(["build", "-j1", "--format", "html"], cwd=tmp_path)
    assert build.exit_code == 0, build.output
    html = (tmp_path / "output/example-client/example-site/invoice-2026-001.html").read_text(encoding="utf-8")
    assert "ООО «Пример»" in html and "7709123453" in html and "Design" in html


def test_scaffold_files(tmp_path: Path) -> None:
    assert run_cli(["init", str(tmp_path), "--country", "DE"]).exit_code == 0
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "output/"
    settings = json.loads((tmp_path / ".vscode/settings.json").read_text(encoding="utf-8"))
    for schema, globs in settings["yaml.schemas"].items():
        assert (tmp_path / schema).is_file() and globs
    agency = yaml.safe_load((tmp_path / "agency.yaml").read_text(encoding="utf-8"))
    assert (agency["locale"], agency["currency"], agency["legal"]["country"]) == ("en", "EUR", "DE")
    first_lines = {p: (tmp_path / p).read_text(encoding="utf-8").splitlines()[0] for p in WRITTEN[:3]}
    assert first_lines == {
        "agency.yaml": "# yaml-language-server: $schema=schemas/agency.schema.json",
        "clients/example-client.yaml": "# yaml-language-server: $schema=../schemas/client.schema.json",
        "projects/example-site/project.yaml": "# yaml-language-server: $schema=../../schemas/project.schema.json",
    }
    hook = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hook["repos"][0]["hooks"][0]["entry"] == "agencydocs check"


def test_never_overwrites_a_file(tmp_path: Path) -> None:
    (tmp_path / "agency.yaml").write_text("# mine\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("build/\n", encoding="utf-8")
    result = run_cli(["init", str(tmp_path)])
    assert result.exit_code == 0
    assert "kept agency.yaml (it exists; not overwritten)" in result.stdout.splitlines()
    assert "kept .gitignore (it exists; not overwritten)" in result.stdout.splitlines()
    assert (tmp_path / "agency.yaml").read_text(encoding="utf-8") == "# mine\n"
    again = run_cli(["init", str(tmp_path)])
    assert "wrote" not in again.stdout
    assert again.stdout.count("kept ") == len(WRITTEN) + 1  # and one line for the schemas


def test_bad_country_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli(["init", str(tmp_path), "--country", "Germny"])
    assert result.exit_code == 2
    assert "Invalid value for '--country'" in result.stderr
    assert not (tmp_path / "agency.yaml").exists()


# --- the CI workflow, run step by step ------------------------------------------


def _shell_steps(workflow: Path) -> list[dict[str, object]]:
    steps = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]["documents"]["steps"]
    assert isinstance(steps, list)
    return steps


@pytest.mark.slow  # git, processes, a PDF build
def test_workflow_steps_run_on_a_shallow_pull_request_checkout(tmp_path: Path) -> None:
    """init -> fill -> commit on main; a branch adds an invoice; a shallow clone of the branch
    (as actions/checkout makes) runs every `run:` step of the workflow but the installation."""
    author = tmp_path / "author"
    run_cli(["init", str(author), "--country", "RU"])
    fill_placeholders(author, RU_VALUES)
    git(author, "init", "-q", "-b", "main")
    base = commit_all(author, "workspace")
    git(author, "switch", "-q", "-c", "feature")
    assert (
        run_cli(["new", "invoice", "-p", "example-site", "--date", "2026-11-02"], cwd=author).exit_code == 0
    )
    commit_all(author, "first invoice")
    origin = tmp_path / "origin.git"
    subprocess.run(
        ["git", "clone", "-q", "--bare", str(author), str(origin)], check=True, env={**os.environ, **GIT_ENV}
    )
    git(origin, "config", "uploadpack.allowAnySHA1InWant", "true")  # as GitHub allows: fetch a commit by hash
    runner = tmp_path / "runner"
    subprocess.run(
        ["git", "clone", "-q", "--depth=1", "--branch", "feature", f"file://{origin}", str(runner)],
        check=True,
        env={**os.environ, **GIT_ENV},
    )
    # The console script of this Python, first on PATH: the workflow calls `agencydocs`.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "agencydocs"
    script.write_text(
        f'#!/bin/sh\nexec "{sys.executable}" -c "from agencydocs.cli import main; main()" "$@"\n'
    )
    script.chmod(0o755)
    env = {**os.environ, **GIT_ENV, "PATH": f"{bin_dir}:{os.environ['PATH']}", "PYTHONPATH": str(Path.cwd())}

    ran = []
    for step in _shell_steps(runner / WORKFLOW):
        if "run" not in step or step.get("name") == "Install agencydocs":
            continue
        step_env = {key: str(value) for key, value in dict(step.get("env") or {}).items()}
        step_env = {
            key: base if "pull_request.base.sha" in value else value for key, value in step_env.items()
        }
        done = subprocess.run(
            ["bash", "-e", "-c", str(step["run"])],
            cwd=runner,
            env={**env, **step_env},
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, (step["name"], done.stdout, done.stderr)
        ran.append(step["name"])
    assert ran == ["Check", "Build", "Changes in the documents"]  # diff uses the build's manifest

    comment = (runner / "documents-diff.md").read_text(encoding="utf-8")
    assert comment.startswith("<!-- agencydocs-diff -->\n### Documents changed by this pull request\n")
    assert "| added | invoice 2026-001 |" in comment
    assert (runner / "output/example-client/example-site/invoice-2026-001.pdf").is_file()
    # the steps that post the comment and upload the artifact read what the shell steps wrote
    steps = {step.get("name") or step["uses"]: step for step in _shell_steps(runner / WORKFLOW)}
    assert steps["Comment on the pull request"]["with"] == {
        "header": "agencydocs-diff",
        "path": "documents-diff.md",
    }
    assert steps["actions/upload-artifact@v4"]["with"]["path"] == "output/"
