"""End to end: build the example workspace and read every format back."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx2python import docx2python

from agencydocs.building.builder import build
from agencydocs.building.writing import TEMP_PREFIX
from agencydocs.cli import cli
from tests.helpers import example_documents

REPO = Path(__file__).resolve().parent.parent
WORKSPACE_PARTS = ("agency.yaml", "clients", "projects", "assets", "locales", "payments")


def invoice_and_act_stems() -> set[str]:
    """``<client>/<project>/<kind>-<number>`` of every invoice and act, from the example's YAML files."""
    stems = set()
    for path, data in example_documents(REPO).items():
        if data["kind"] in ("invoice", "act"):
            project = path.split("/")[1]
            client = yaml.safe_load((REPO / "projects" / project / "project.yaml").read_bytes())["client"]
            stems.add(f"{client}/{project}/{data['kind']}-{data['number']}")
    return stems


EXPECTED_DOCUMENTS = invoice_and_act_stems()


def copy_workspace(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for part in WORKSPACE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy(source, target / part)
    return target


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def normalise(text: str) -> str:
    """Fold the no-break and narrow no-break spaces Babel uses, and runs of white space."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def html_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return normalise(" ".join(parser.parts))


def pdf_text(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return normalise(result.stdout)


def docx_text(path: Path) -> str:
    with docx2python(path) as document:
        return normalise(document.text)


READERS = {"html": html_text, "pdf": pdf_text, "docx": docx_text}


@pytest.fixture
def built(example_build: Path) -> Path:
    """The session's build of the example workspace, every format (read only)."""
    return example_build


def test_every_invoice_and_act_is_built_in_three_formats(built: Path) -> None:
    output = built / "output"
    produced = {
        p.relative_to(output).with_suffix("").as_posix()
        for p in output.rglob("*.*")
        if p.name.startswith(("invoice-", "act-"))
    }
    assert produced == EXPECTED_DOCUMENTS
    for stem in EXPECTED_DOCUMENTS:
        for fmt in ("html", "pdf", "docx"):
            assert (output / f"{stem}.{fmt}").stat().st_size > 1000


def test_index_links_every_document(built: Path) -> None:
    index = (built / "output" / "index.html").read_text(encoding="utf-8")
    hrefs = set(re.findall(r'href="([^"]+)"', index))
    assert hrefs >= {f"{stem}.{fmt}" for stem in EXPECTED_DOCUMENTS for fmt in ("html", "pdf", "docx")}
    assert all((built / "output" / href).is_file() for href in hrefs)
    assert "Счёт на оплату № 2026-014 от 16 октября 2026" in normalise(index)


def _money_ru(value: Decimal) -> str:
    whole, frac = f"{value:.2f}".split(".")
    groups = re.sub(r"(?<=\d)(?=(\d{3})+$)", " ", whole)
    return f"{groups},{frac}"


def _money_en(value: Decimal) -> str:
    return f"{value:,.2f}"


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_russian_invoice_figures_match_a_manual_computation(built: Path, fmt: str) -> None:
    # projects/romashka-site/invoices/2026-014.yaml: two milestones of contract
    # 12/2026 (150 000 and 280 000), VAT 22% (agency.yaml, from 2026).
    net = Decimal("150000.00") + Decimal("280000.00")
    vat = _round(net * Decimal("0.22"))
    total = net + vat
    text = READERS[fmt](
        built / "output/romashka/romashka-site/invoice-2026-014.docx".replace(".docx", f".{fmt}")
    )
    assert "Счёт на оплату № 2026-014 от 16 октября 2026" in text
    assert "ИНН 7709123453" in text and "КПП 770901001" in text  # supplier
    assert "ИНН 7812345675" in text  # customer
    assert "40702810338000012345" in text and "044525999" in text  # bank details
    assert "Договор № 12/2026 от 28 августа 2026" in text
    for amount in (net, vat, total, Decimal("280000.00")):
        assert _money_ru(amount) in text, f"{_money_ru(amount)} missing from {fmt}"
    assert "НДС (22%)" in text
    assert "Пятьсот двадцать четыре тысячи шестьсот рублей 00 копеек" in text
    assert f"Всего наименований 2, на сумму {_money_ru(total)} руб." in text
    assert "Соколова А. В." in text and "Петрова М. О." in text  # head and chief accountant


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_export_invoice_in_english(built: Path, fmt: str) -> None:
    # projects/globex-seo/invoice-2026-018.yaml: the monthly fees of contract GX-2026-07
    # (1200 + 1500 + 900) + 6 texts x 145.50, not subject to Russian VAT (ru_export).
    total = Decimal("1200.00") + Decimal("1500.00") + Decimal("900.00") + 6 * Decimal("145.50")
    text = READERS[fmt](built / f"output/globex/globex-seo/invoice-2026-018.{fmt}")
    assert "Invoice 2026-018" in text
    assert "Globex Handels GmbH" in text and "DE293108457" in text
    assert "Pixel Lab LLC" in text and "7709123453" in text
    assert "Not subject to Russian VAT" in text
    assert f"€{_money_en(total)}" in text
    assert "Four thousand four hundred seventy-three euros and 00 cents" in text
    assert "DEUTDEFFXXX" in text  # payment instructions: the agency's SEPA account
    assert "22%" not in text  # no VAT rate is charged


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_act_repeats_its_invoice_and_has_both_signatures(built: Path, fmt: str) -> None:
    text = READERS[fmt](built / f"output/romashka/romashka-site/act-2026-011.{fmt}")
    assert "Акт № 2026-011 от 20 октября 2026" in text
    assert "Исполнитель" in text and "Заказчик" in text
    assert "Дизайн-макеты" in text  # a line taken from invoice 2026-014
    assert "претензий по объему, качеству и срокам" in text
    assert "Соколова А. В." in text and "Морозов П. А." in text
    # The count in its CLDR plural form; normalise folds the no-break spaces after "2" and in the sum.
    assert "Всего оказано 2 услуги, на сумму 524 600,00 руб." in text


def test_exempt_invoice_says_no_vat(built: Path) -> None:
    # 650.00 + 7.75 h x 65.00 = 1153.75 USD; no VAT (a US client: export of services, пп. 4 п. 1 ст. 148 НК РФ).
    total = Decimal("650.00") + _round(Decimal("7.75") * Decimal("65.00"))
    for fmt, reader in READERS.items():
        text = reader(built / f"output/initech/initech-support/invoice-2026-020.{fmt}")
        assert f"${_money_en(total)}" in text, fmt
        assert "Not subject to Russian VAT" in text and "22%" not in text and "VAT —" not in text, fmt


def test_docx_files_are_valid_word_documents(built: Path) -> None:
    import docx

    for path in (built / "output").rglob("*.docx"):
        document = docx.Document(str(path))
        assert document.tables, path
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
            assert {info.date_time for info in archive.infolist()} != {time.localtime()[:6]}


@pytest.mark.slow
def test_same_input_gives_byte_identical_files_whatever_the_number_of_workers(
    built: Path, tmp_path: Path
) -> None:
    # The session's build ran two worker processes; this one renders everything in this process.
    again = copy_workspace(tmp_path / "again")
    shutil.copytree(REPO / "templates", again / "templates")  # the example's letterhead overrides
    build(again, jobs=1)
    first = {
        p.relative_to(built / "output"): p.read_bytes() for p in (built / "output").rglob("*") if p.is_file()
    }
    second = {
        p.relative_to(again / "output"): p.read_bytes() for p in (again / "output").rglob("*") if p.is_file()
    }
    assert first.keys() == second.keys()
    different = [str(name) for name in first if first[name] != second[name]]
    assert different == []


def test_rebuild_rewrites_nothing(built_copy: Path) -> None:
    report = build(built_copy)
    # One document PDF each (slides have a .slides.pdf beside it).
    renderable = len(
        [p for p in (built_copy / "output").rglob("*.pdf") if not p.name.endswith(".slides.pdf")]
    )
    assert (report.documents, report.skipped, report.written) == (0, renderable, 0)
    assert report.unchanged == 1  # index.html, compared and left alone


@pytest.mark.slow
def test_build_selected_project_only(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    result = CliRunner().invoke(
        cli, ["-C", str(root), "build", str(root / "projects/initech-support"), "--format", "html"]
    )
    assert result.exit_code == 0, result.output
    built_files = sorted(p.relative_to(root / "output").as_posix() for p in (root / "output").rglob("*.html"))
    assert built_files == [
        "index.html",
        "initech/initech-support/act-2026-016.html",
        "initech/initech-support/contract-IN-2026-01.html",
        "initech/initech-support/credit_note-CN-2026-001.html",
        "initech/initech-support/invoice-2026-020.html",
    ]
    assert "Built 4 document(s)" in result.stdout


def test_invalid_workspace_builds_nothing(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    invoice = root / "projects/globex-seo/invoice-2026-018.yaml"
    invoice.write_text(
        invoice.read_text(encoding="utf-8").replace("price: 145.50", "price: -5"), encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["-C", str(root), "build"])
    assert result.exit_code == 1
    line = invoice.read_text(encoding="utf-8").splitlines().index("    price: -5") + 1
    expected = f'projects/globex-seo/invoice-2026-018.yaml:{line}:12: lines[3].price: must be greater than 0 (got "-5")'
    assert expected in result.stderr.splitlines()
    assert "Traceback" not in result.output
    assert not (root / "output").exists()


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    result = CliRunner().invoke(cli, ["-C", str(root), "build", "--format", "pdf,odt"])
    assert result.exit_code == 2
    assert "choose from html, pdf, docx" in result.stderr


def test_numbers_mapping_to_the_same_file_are_an_error(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    clash = root / "projects/globex-seo/invoice-clash.yaml"
    source = (root / "projects/globex-seo/invoice-2026-018.yaml").read_text(encoding="utf-8")
    clash.write_text(source.replace("number: 2026-018", 'number: "2026/018"'), encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(root), "build", "--format", "html"])
    assert result.exit_code == 1
    assert result.stderr == (  # found by check, before anything is planned
        "projects/globex-seo/invoice-clash.yaml:3:9: number: output/globex/globex-seo/invoice-2026-018.* is also "
        "the output of projects/globex-seo/invoice-2026-018.yaml:3; give the documents numbers that differ in "
        "Latin letters or digits\nError: the workspace has errors; nothing was built\n"
    )


HOSTILE = "<script>alert(1)</script> {{ 7*7 }} {_{ x }_} & </w:t> «Ёлка» №5"


@pytest.mark.slow
def test_hostile_text_renders_literally_in_every_format(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    invoice = root / "projects/globex-seo/invoice-2026-018.yaml"
    text = invoice.read_text(encoding="utf-8")
    text = text.replace(
        "description: Content writing — 6 category texts (DE), 1,200 words each",
        f"description: '{HOSTILE}'",
    )
    invoice.write_text(text, encoding="utf-8")
    build(root, selection=[invoice])
    stem = root / "output/globex/globex-seo/invoice-2026-018"
    html = (stem.with_suffix(".html")).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    for fmt, reader in READERS.items():
        content = reader(stem.with_suffix(f".{fmt}"))
        assert normalise(HOSTILE) in content, fmt
        assert not re.search(r"\b49\b", content), fmt  # {{ 7*7 }} was not evaluated


@pytest.mark.slow
def test_template_cannot_read_files_outside_the_workspace(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    override = root / "templates/invoice/invoice.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text(
        '{% extends "builtin/invoice/invoice.html" %}'
        "{% block extra_head %}"
        f'<link rel="attachment" href="{secret.as_uri()}"><link rel="stylesheet" href="{secret.as_uri()}">'
        '<link rel="attachment" href="http://127.0.0.1:9/x">'
        "{% endblock %}",
        encoding="utf-8",
    )
    build(root, selection=[root / "projects/globex-seo/invoice-2026-018.yaml"], formats=["pdf"])
    pdf = (root / "output/globex/globex-seo/invoice-2026-018.pdf").read_bytes()
    assert b"TOP-SECRET-CONTENT" not in pdf
    assert b"secret.txt" not in pdf


def test_template_syntax_error_names_the_template_and_line(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    override = root / "templates/act/act.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text("<html>\n<body>\n{% if doc.title %}\n</body>\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(root), "build", "--format", "html"])
    assert result.exit_code == 1
    assert result.stderr.startswith("templates/act/act.html:")
    assert "template syntax error" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_eject_then_build_uses_the_workspace_copy(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    runner = CliRunner()
    result = runner.invoke(cli, ["-C", str(root), "templates", "eject", "invoice"])
    assert result.exit_code == 0, result.output
    ejected = root / "templates/invoice/invoice.html"
    assert ejected.is_file() and (root / "templates/invoice/invoice.ru.docx").is_file()
    text = ejected.read_text(encoding="utf-8")
    assert "{% block after %}" in text
    ejected.write_text(
        text.replace("{% block after %}", "{% block after %}<p>EJECTED-MARKER</p>"), encoding="utf-8"
    )
    listing = runner.invoke(cli, ["-C", str(root), "templates", "list"]).stdout
    assert re.search(r"invoice\s+invoice/invoice.html\s+overridden", listing)
    assert runner.invoke(cli, ["-C", str(root), "templates", "eject", "invoice"]).exit_code == 1  # no --force
    invoice, act = (
        root / f"projects/globex-seo/{name}.yaml" for name in ("invoice-2026-018", "act-2026-015")
    )
    build(root, selection=[invoice, act], formats=["html"])
    assert "EJECTED-MARKER" in (root / "output/globex/globex-seo/invoice-2026-018.html").read_text(
        encoding="utf-8"
    )
    assert "EJECTED-MARKER" not in (root / "output/globex/globex-seo/act-2026-015.html").read_text(
        encoding="utf-8"
    )


@pytest.mark.slow
def test_interrupted_build_leaves_no_partial_or_temporary_files(built_copy: Path) -> None:
    root = built_copy
    for delay in (0.3, 0.8, 1.5):
        # Edit every invoice so that the next build rewrites files, then kill it mid-way.
        for invoice in root.glob("projects/**/invoice*.yaml"):
            invoice.write_text(invoice.read_text(encoding="utf-8") + f"# {delay}\n", encoding="utf-8")
        process = subprocess.Popen(
            [sys.executable, "-m", "agencydocs", "-C", str(root), "build"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        _assert_no_process_builds(root)  # worker processes die with the build
        _assert_outputs_whole(root / "output")
    build(root)
    assert not list((root / "output").rglob(f"{TEMP_PREFIX}*"))


def _assert_no_process_builds(root: Path, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        alive = []
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                if str(root).encode() in cmdline.read_bytes():
                    alive.append(cmdline.parent.name)
            except OSError:
                continue
        if not alive or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert alive == [], f"processes still building {root}: {alive}"


def _assert_outputs_whole(output: Path) -> None:
    for path in output.rglob("*.docx"):
        if path.name.startswith(TEMP_PREFIX):
            continue
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None, path
    for path in output.rglob("*.pdf"):
        if not path.name.startswith(TEMP_PREFIX):
            assert path.read_bytes().rstrip().endswith(b"%%EOF"), path
