"""УПД and счёт-фактура (#16 items 6, 9): the legal form from an act, read back from HTML, PDF and DOCX.

The example's УПД UPD-2026-001 (status 1) and the void счёт-фактура SF-2026-001
restate romashka's act 2026-011: two lines, 430 000,00 net, 22% VAT 94 600,00,
524 600,00 in all (150 000 + 280 000 from invoice 2026-014).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from agencydocs.commands.check import check
from agencydocs.commands.new_request import NewRequest
from agencydocs.commands.new_upd import start_transfer
from agencydocs.domain import billing, money, transfer
from agencydocs.errors import AgencyDocsError
from agencydocs.i18n.formatting import format_amount
from agencydocs.kinds import kind_spec
from agencydocs.resolvers import transfer_form as form
from agencydocs.resolvers.transfer import TransferContext, resolve_transfer
from tests.helpers import example_workspace, replace_in_file, run_cli
from tests.test_build import READERS

R = "projects/romashka-site/"
UPD = "romashka/romashka-site/upd-UPD-2026-001"
SF = "romashka/romashka-site/vat_invoice-SF-2026-001"


def nb(*amounts: str) -> list[str]:
    """Amounts as formatted: a no-break space between thousands."""
    return [amount.replace(" ", "\u00a0") for amount in amounts]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example with its УПД and счёт-фактура built in every format (read only)."""
    root = example_workspace(tmp_path_factory.mktemp("transfer"))
    result = run_cli(["build", "-j1", "--format", "html,pdf,docx", R + "upds"], cwd=root)
    assert result.exit_code == 0, result.stderr
    return root


def _context(root: Path, number: str) -> TransferContext:
    workspace = check(root).workspace
    source = next(d for d in workspace.documents if getattr(d.model, "number", "") == number)
    return resolve_transfer(workspace, source)


@pytest.mark.parametrize("number", ["UPD-2026-001", "SF-2026-001"])
def test_every_column_is_filled_or_dashed(built: Path, number: str) -> None:
    doc = _context(built, number)
    expected = (
        ["А", *(c.number for c in form.COLUMNS)]
        if number.startswith("UPD")
        else [c.number for c in form.COLUMNS]
    )
    assert [c.number for c in doc.columns] == expected
    assert expected[-7:] == ["9", "10", "10а", "11", "12", "12а", "13"]
    for row in doc.rows:
        assert len(row.cells) == len(doc.columns)
        assert all(cell.strip() for cell in row.cells), row.cells
    by_column = {c.number: [row.cells[i] for row in doc.rows] for i, c in enumerate(doc.columns)}
    assert by_column["1а"] == ["Аналитика и прототипы", "Дизайн-макеты (12 шаблонов страниц)"]
    assert by_column["2"] == ["876", "876"] and by_column["2а"] == ["усл. ед.", "усл. ед."]  # ОКЕИ
    assert by_column["5"] == nb("150 000,00", "280 000,00")
    assert by_column["6"] == ["без акциза"] * 2
    assert by_column["7"] == ["22%", "22%"]
    assert by_column["8"] == nb("33 000,00", "61 600,00")
    assert by_column["9"] == nb("183 000,00", "341 600,00")
    for goods_only in ("1б", "10", "10а", "11", "12", "12а", "13"):  # services: a dash (Правила, раздел II)
        assert by_column[goods_only] == [form.DASH] * 2


@pytest.mark.parametrize("number", ["UPD-2026-001", "SF-2026-001"])
def test_totals_are_the_acts(built: Path, number: str) -> None:
    workspace = check(built).workspace
    act = workspace.document("act", "2026-011")
    assert act is not None
    totals = billing.billing_totals(workspace, act)
    doc = _context(built, number)
    assert (
        (doc.total_net, doc.total_vat, doc.total_gross)
        == tuple(format_amount(value, "RUB", "ru") for value in (totals.net, totals.vat, totals.total))
        == tuple(nb("430 000,00", "94 600,00", "524 600,00"))
    )


def test_header_lines_state_codes_parties_and_dashes(built: Path) -> None:
    lines = {line.code: line.value for line in _context(built, "UPD-2026-001").header}
    assert list(lines) == [code for code, _ in form.HEADER_LINES]
    assert lines["(2б)"] == "7709123453/770901001"
    assert lines["(6б)"] == "7812345675/781201001"
    assert lines["(7)"] == "Российский рубль, 643"
    assert lines["(5а)"] == "№ п/п 1–2 № UPD-2026-001 от 20.10.2026"
    assert lines["(3)"] == lines["(4)"] == lines["(5)"] == lines["(5б)"] == lines["(8)"] == form.DASH
    sf = {line.code: line.value for line in _context(built, "SF-2026-001").header}
    assert sf["(5а)"] == "№ п/п 1–2 Акт № 2026-011 от 20.10.2026"


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_the_upd_reads_back_in_every_format(built: Path, fmt: str) -> None:
    text = READERS[fmt](built / "output" / f"{UPD}.{fmt}")
    phrases = [
        "Универсальный передаточный документ",
        "UPD-2026-001",
        "Всего к оплате (9)",
        "430 000,00",
        "94 600,00",
        "524 600,00",
        "Российский рубль, 643",
        "7709123453/770901001",
        "7812345675/781201001",
        "Договор № 12/2026",
        "Соколова А. В.",
        "Петрова М. О.",
        "Морозов П. А.",
    ]
    if fmt != "pdf":  # pdftotext breaks the narrow columns' headings and cells mid-word
        phrases += ["без акциза"]
        phrases += [column.heading for column in (form.UPD_CODE_COLUMN, *form.COLUMNS)]
        phrases += [label for _, label in (*form.UPD_SELLER_LINES, *form.UPD_BUYER_LINES)]
        phrases += [label for _, label in form.HEADER_LINES]
    assert [phrase for phrase in phrases if phrase not in text] == []


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_the_vat_invoice_has_no_upd_parts(built: Path, fmt: str) -> None:
    text = READERS[fmt](built / "output" / f"{SF}.{fmt}")
    assert "Счёт-фактура № SF-2026-001" in text and "524 600,00" in text
    assert "Статус" not in text and "Основание передачи" not in text


def test_the_pdf_is_one_landscape_page(built: Path) -> None:
    import pypdf

    for stem in (UPD, SF):
        reader = pypdf.PdfReader(built / "output" / f"{stem}.pdf")
        assert len(reader.pages) == 1
        box = reader.pages[0].mediabox
        assert float(box.width) > float(box.height)  # A4 landscape: 842 x 595 pt


def test_the_forms_are_russian_whatever_the_client_reads() -> None:
    for kind in ("upd", "vat_invoice"):
        assert kind_spec(kind).languages == (transfer.FORM_LANGUAGE,) == ("ru",)


@pytest.mark.parametrize(
    ("prices", "inclusive", "expected_vat"),
    [
        # 3 x 0.10 at 22%: 0.066 rounds to 0.07 for the rate; the lines get 0.02, 0.02 and the rest, 0.03.
        (["0.10", "0.10", "0.10"], False, ["0.02", "0.02", "0.03"]),
        # VAT included: 3 x 1.00 -> 3.00 * 22/122 = 0.54; lines 0.18, 0.18, 0.18.
        (["1.00", "1.00", "1.00"], True, ["0.18", "0.18", "0.18"]),
    ],
)
def test_line_vat_adds_up_to_the_documents_vat(
    prices: list[str], inclusive: bool, expected_vat: list[str]
) -> None:
    lines = [money.LineInput(Decimal(1), Decimal(p), Decimal(22)) for p in prices]
    totals = money.compute_totals(lines, "RUB", prices_include_vat=inclusive)
    taxes = money.line_taxes(totals, prices_include_vat=inclusive)
    assert [str(t.vat) for t in taxes] == expected_vat
    assert sum(t.vat for t in taxes) == totals.vat
    assert sum(t.net for t in taxes) == totals.net and sum(t.gross for t in taxes) == totals.total


def test_an_invalid_inn_is_a_located_problem(tmp_path: Path) -> None:
    root = example_workspace(tmp_path)
    replace_in_file(root / "clients/romashka.yaml", 'inn: "7812345675"', 'inn: "7812345670"')
    result = run_cli(["check"], cwd=root)
    assert result.exit_code == 1
    assert (
        'clients/romashka.yaml:8:8: legal.inn: is not a valid INN: the check digit is wrong (got "7812345670")'
        in result.stderr
    )
    assert f'{R}upds/UPD-2026-001.yaml:4:1: uses client "romashka", which has errors' in result.stderr


@pytest.mark.parametrize(
    ("code", "currency", "unit"),
    [("643", "RUB", "усл."), ("978", "EUR", "Услуга"), ("840", "USD", "hour")],
)
def test_classifier_codes_are_data(code: str, currency: str, unit: str) -> None:
    found = transfer.currency_code(currency)
    assert found is not None and found.code == code
    assert transfer.unit_code(unit) is not None
    assert transfer.currency_code("THB") is None and transfer.unit_code("текст") is None


def test_new_upd_creates_a_document_that_passes_check(tmp_path: Path) -> None:
    root = example_workspace(tmp_path)
    # The example's УПД is the act's счёт-фактура: void it, and a new one replaces it.
    replace_in_file(root / R / "upds/UPD-2026-001.yaml", "status: 1", "status: 1\nvoid: replaced")
    result = run_cli(["new", "upd", "--act", "2026-011", "--date", "2026-10-21"], cwd=root)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"created {R}upds/UPD-2026-002.yaml (upd UPD-2026-002)"
    text = (root / R / "upds/UPD-2026-002.yaml").read_text(encoding="utf-8")
    assert "kind: upd\n" in text and 'act: "2026-011"\n' in text and "status: 1 " in text
    assert run_cli(["check", "--strict"], cwd=root).exit_code == 0


@pytest.mark.parametrize(
    ("existing", "args", "remedy"),
    [
        # The example's УПД of status 1 is the act's счёт-фактура: neither a second УПД of status 1...
        (
            f"upd UPD-2026-001 ({R}upds/UPD-2026-001.yaml)",
            ["new", "upd"],
            "pass --status 2 for a передаточный документ without счёт-фактура, "
            "or void it first if this one is to replace it",
        ),
        # ... nor a счёт-фактура beside it.
        (
            f"upd UPD-2026-001 ({R}upds/UPD-2026-001.yaml)",
            ["new", "vat_invoice"],
            "void it first if this one is to replace it",
        ),
    ],
)
def test_new_refuses_a_second_vat_invoice_of_a_sale(
    tmp_path: Path, existing: str, args: list[str], remedy: str
) -> None:
    root = example_workspace(tmp_path)
    result = run_cli([*args, "--act", "2026-011", "--date", "2026-10-21"], cwd=root)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: act 2026-011 already has a счёт-фактура: {existing}; one sale has one счёт-фактура: {remedy}\n"
    )
    assert sorted(p.name for p in (root / R / "upds").iterdir()) == ["SF-2026-001.yaml", "UPD-2026-001.yaml"]
    assert not (root / R / "vat_invoices").exists()


def test_a_vat_invoice_refuses_an_upd_of_status_1_and_allows_one_of_status_2(tmp_path: Path) -> None:
    root = example_workspace(tmp_path)
    # The счёт-фактура alone: void the example's УПД, write a счёт-фактура.
    replace_in_file(root / R / "upds/UPD-2026-001.yaml", "status: 1", "status: 1\nvoid: replaced")
    created = run_cli(["new", "vat_invoice", "--act", "2026-011", "--date", "2026-10-21"], cwd=root)
    assert created.stdout.strip() == f"created {R}vat_invoices/SF-2026-002.yaml (vat_invoice SF-2026-002)"
    refused = run_cli(["new", "upd", "--act", "2026-011", "--date", "2026-10-21"], cwd=root)
    assert refused.exit_code == 1
    assert (
        f"act 2026-011 already has a счёт-фактура: vat_invoice SF-2026-002 ({R}vat_invoices/SF-2026-002.yaml)"
        in refused.stderr
    )
    # The передаточный документ that accompanies it: status 2, no warning of a second счёт-фактура.
    result = run_cli(["new", "upd", "--act", "2026-011", "--date", "2026-10-21", "--status", "2"], cwd=root)
    assert result.exit_code == 0, result.stderr
    text = (root / R / "upds/UPD-2026-002.yaml").read_text(encoding="utf-8")
    assert text.endswith("status: 2   # передаточный документ only: the счёт-фактура is issued apart\n")
    checked = run_cli(["check", "--strict"], cwd=root)
    assert checked.exit_code == 0, checked.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "vat_invoice", "--status", "2"], "--status applies to upd, not to vat_invoice"),
        (["new", "upd", "--status", "1", "--act", "2026-016"], "--status 1: act 2026-016: no счёт-фактура"),
    ],
)
def test_new_upd_status_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    root = example_workspace(tmp_path)
    result = run_cli(args, cwd=root)
    assert result.exit_code == 2
    assert message in result.stderr


def test_new_upd_for_an_export_is_a_transfer_document_only(tmp_path: Path) -> None:
    root = example_workspace(tmp_path)
    result = run_cli(["new", "upd", "--act", "2026-016"], cwd=root)
    assert result.exit_code == 0, result.stderr
    text = (root / "projects/initech-support/upds/UPD-2026-002.yaml").read_text(encoding="utf-8")
    assert (
        "status: 2   # передаточный документ only: no счёт-фактура for services supplied outside Russia"
        in text
    )
    assert run_cli(["check", "--strict"], cwd=root).exit_code == 0
    refused = run_cli(["new", "vat_invoice", "--act", "2026-016"], cwd=root)
    assert refused.exit_code == 2
    assert "--act: act 2026-016: no счёт-фактура for services supplied outside Russia" in refused.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "upd", "--act", "2026-099"], 'unknown act "2026-099"'),
        (["new", "upd"], "an УПД states an act: pass --act NUMBER"),
        (["new", "vat_invoice"], "a счёт-фактура states an act: pass --act NUMBER"),
    ],
)
def test_new_upd_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    root = example_workspace(tmp_path)
    result = run_cli(args, cwd=root)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (root / R / "vat_invoices").exists()


def test_new_upd_never_writes_over_what_is_there(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = example_workspace(tmp_path)
    existing = root / R / "upds/UPD-2026-001.yaml"
    before = existing.read_bytes()
    # A number whose file is there (a race, or a series that restarted): the command stops.
    monkeypatch.setattr(NewRequest, "next_number", lambda *args: "UPD-2026-001")
    request = NewRequest(root=root, kind="upd", on=date(2026, 10, 21), act="2026-011", status=2)
    with pytest.raises(
        AgencyDocsError, match=f"^{R}upds/UPD-2026-001.yaml already exists; nothing was written$"
    ):
        start_transfer(request)
    assert existing.read_bytes() == before


@pytest.mark.parametrize(
    ("country", "mode", "regime", "expected"),
    [
        ("RU", "standard", "standard", None),
        (
            "RU",
            "exempt",
            "ru_export",
            "no счёт-фактура for services supplied outside Russia (пп. 4 п. 1 ст. 148 НК РФ)",
        ),
        ("RU", "exempt", "exempt", "no счёт-фактура for a sale without VAT (an exemption of ст. 149 НК РФ"),
        ("DE", "standard", "standard", "a счёт-фактура is a document of Russian VAT (ст. 169 НК РФ)"),
    ],
)
def test_who_issues_a_vat_invoice_is_decided_in_domain_tax(
    country: str, mode: str, regime: str, expected: str | None
) -> None:
    from agencydocs.domain.tax import vat_invoice_refusal

    found = vat_invoice_refusal(country, mode, regime)  # type: ignore[arg-type]
    assert found == expected if expected is None else (found or "").startswith(expected)
