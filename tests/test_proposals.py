"""Proposals: totals from the money engine in every format, the services catalogue, contracts from options."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from agencydocs.building.builder import build
from agencydocs.commands.check import check
from agencydocs.domain import money
from agencydocs.kinds import renderable_kinds, resolve
from agencydocs.resolvers.proposal import ProposalContext
from tests.helpers import line_of, replace_in_file, run_cli
from tests.test_build import READERS, normalise

PROPOSAL = "projects/romashka-site/proposals/2026-031.yaml"
STEM = "output/romashka/romashka-site/proposal-2026-031"
PROJECT = "projects/romashka-site/project.yaml"


@pytest.fixture
def built(example_build: Path) -> Path:
    """The session's build of the example workspace, every format (read only)."""
    return example_build


def proposal_context(root: Path) -> ProposalContext:
    result = check(root)
    source = next(d for d in result.workspace.documents if d.file.display == PROPOSAL)
    context = resolve(result.workspace, source)
    assert isinstance(context, ProposalContext)
    return context


def catalogue_prices(root: Path) -> dict[str, Decimal]:
    """RUB list prices from agency.yaml, read with PyYAML here, not through agencydocs."""
    agency = yaml.safe_load((root / "agency.yaml").read_text(encoding="utf-8"))
    return {s["id"]: Decimal(str(s["prices"]["RUB"])) for s in agency["services"]}


def expected_totals(root: Path) -> dict[str, money.Totals]:
    """Each option's totals straight from money.compute_totals over the YAML lines (VAT 22%)."""
    prices = catalogue_prices(root)
    proposal = yaml.safe_load((root / PROPOSAL).read_text(encoding="utf-8"))
    totals = {}
    for option in proposal["options"]:
        lines = [
            money.LineInput(
                Decimal(str(line.get("qty", 1))),
                Decimal(str(line["price"])) if "price" in line else prices[line["service"]],
                Decimal(22),
                Decimal(str(line.get("discount", 0))),
            )
            for line in option["lines"]
        ]
        totals[option["id"]] = money.compute_totals(lines, "RUB")
    return totals


def test_option_totals_come_from_the_money_engine(built: Path) -> None:
    context = proposal_context(built)
    expected = expected_totals(built)
    assert [o.id for o in context.options] == list(expected)
    for option in context.options:
        totals = expected[option.id]
        assert (option.totals.net_value, option.totals.vat_value, option.totals.total_value) == (
            totals.net,
            totals.vat,
            totals.total,
        )
    assert expected["growth"].total == Decimal("1412760.00")  # 1 158 000 + 22% VAT


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_totals_agree_across_formats(built: Path, fmt: str) -> None:
    context = proposal_context(built)
    text = READERS[fmt](built / f"{STEM}.{fmt}")
    for option in context.options:
        for row in option.totals.rows:
            assert normalise(row.value) in text, (option.id, row)
        for item in option.items:
            assert normalise(item.amount) in text and item.description in text
    assert normalise("1 412 760,00 руб.") in text and normalise("744 200,00 руб.") in text
    for addon in context.addons:
        assert normalise(addon.amount) in text
    assert "рекомендуем" in text.lower() and "Предложение действительно до 25 октября 2026" in normalise(text)


def test_timeline_runs_lines_one_after_another(built: Path) -> None:
    growth = next(o for o in proposal_context(built).options if o.id == "growth")
    assert [p.span for p in growth.timeline] == ["Недели 1–2", "Недели 3–6", "Недели 7–12", "Недели 13–38"]
    assert growth.duration == "9 месяцев"  # 38 weeks: months beyond eight weeks


def test_a_service_without_a_price_in_the_currency(workspace: Path) -> None:
    replace_in_file(
        workspace / "agency.yaml", "prices: {RUB: 35000.00, EUR: 600.00}", "prices: {EUR: 600.00}"
    )
    line = line_of(workspace / PROPOSAL, "service: analytics-setup")
    result = run_cli(["-C", str(workspace), "check"])
    assert result.exit_code == 1
    assert any(
        p.startswith(f"{PROPOSAL}:{line}:")
        and 'addons[0].service: service "analytics-setup" has no price in RUB (only EUR)' in p
        for p in result.problem_lines
    ), result.problem_lines


def test_an_unknown_service_and_duplicate_options(workspace: Path) -> None:
    replace_in_file(workspace / PROPOSAL, "  - service: link-placement", "  - service: link-building")
    replace_in_file(workspace / PROPOSAL, "  - id: growth", "  - id: start")
    result = run_cli(["-C", str(workspace), "check"])
    assert any('addons[1].service: unknown service "link-building"; known: analytics-setup' in p
               for p in result.problem_lines)  # fmt: skip
    assert any('options[1].id: duplicate option id "start"' in p for p in result.problem_lines)


@pytest.mark.slow
def test_contract_from_a_proposal_passes_check_and_builds(workspace: Path) -> None:
    args = ["-C", str(workspace), "new", "contract", "--from-proposal", str(workspace / PROPOSAL)]
    result = run_cli([*args, "--option", "growth", "--date", "2026-10-01"])
    assert result.exit_code == 0, result.output
    assert "created projects/romashka-site/contracts/13-2026.yaml (contract 13/2026)" in result.stdout
    assert "added milestones to project.yaml: seo-audit, dev-hours, seo-texts, seo-retainer" in result.stdout
    assert "warning: contract 12/2026 lists no milestones" in result.stderr
    assert run_cli(["-C", str(workspace), "check"]).exit_code == 0
    contract_text = (workspace / "projects/romashka-site/contracts/13-2026.yaml").read_text("utf-8")
    assert contract_text.startswith("# yaml-language-server: $schema=../../../schemas/contract.schema.json\n")
    contract = yaml.safe_load(contract_text)
    assert contract["kind"] == "contract" and contract["number"] == "13/2026"
    project = yaml.safe_load((workspace / PROJECT).read_text(encoding="utf-8"))
    added = {m["id"]: m for m in project["milestones"]}
    growth = expected_totals(workspace)["growth"]
    prices = [
        Decimal(str(added[m]["price"])) for m in ("seo-audit", "dev-hours", "seo-texts", "seo-retainer")
    ]
    assert prices == [line.net for line in growth.lines]
    assert str(added["seo-audit"]["due"]) == "2026-10-15"  # two weeks after the contract
    assert (
        (workspace / PROJECT).read_text(encoding="utf-8").startswith("# yaml-language-server")
    )  # comments kept
    report = build(workspace, selection=[(workspace / "projects/romashka-site/contracts").resolve()])
    assert report.problems == []
    if "contract" in renderable_kinds():
        assert report.documents == 1
        assert (workspace / "output/romashka/romashka-site/contract-13-2026.pdf").stat().st_size > 1000


def test_a_second_contract_keeps_existing_milestones(workspace: Path) -> None:
    args = ["-C", str(workspace), "new", "contract", "--from-proposal", str(workspace / PROPOSAL), "--option"]
    assert run_cli([*args, "start", "--date", "2026-10-01"]).exit_code == 0
    before = (workspace / PROJECT).read_text(encoding="utf-8")
    result = run_cli([*args, "growth", "--date", "2026-10-02"])
    assert result.exit_code == 0, result.output
    assert "added milestones to project.yaml: seo-texts" in result.stdout
    assert "warning: milestone dev-hours keeps the price in project.yaml" in result.stderr
    assert (workspace / PROJECT).read_text(encoding="utf-8").startswith(before.rstrip("\n"))


def test_contract_errors_are_usage_errors(workspace: Path) -> None:
    unknown = run_cli(["-C", str(workspace), "new", "contract", "--from-proposal", str(workspace / PROPOSAL),
                       "--option", "platinum"])  # fmt: skip
    assert unknown.exit_code == 2 and 'no option "platinum"; known: start, growth' in unknown.stderr
    assert run_cli(["-C", str(workspace), "new", "contract", "--option", "start"]).exit_code == 2
    assert run_cli(["-C", str(workspace), "new", "invoice"]).exit_code == 2
