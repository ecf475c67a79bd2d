"""HTML rendering of the example workspace's invoices and acts, read back with html.parser."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from agencydocs.commands.check import check
from agencydocs.context import DocumentContext
from agencydocs.rendering.html import DEFAULT_BRAND_COLOR, render_html
from agencydocs.rendering.templates import BUILTIN_TEMPLATES, TemplateSource
from agencydocs.resolvers.billing import resolve_document
from tests.helpers import example_documents

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "<script>alert(1)</script> {{ 7*7 }} & </w:t>"


class _TextAndTags(HTMLParser):
    """Visible text (outside <style>/<title>) and every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "title", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def parse(html: str) -> _TextAndTags:
    parser = _TextAndTags()
    parser.feed(html)
    parser.close()
    return parser


def text_of(html: str) -> str:
    """Visible text with every kind of space collapsed to one ASCII space."""
    return normalize(" ".join(parse(html).parts))


def normalize(text: str) -> str:
    return re.sub(r"[\s\u00a0\u2009\u202f]+", " ", text).strip()


@pytest.fixture(scope="module")
def contexts() -> dict[str, DocumentContext]:
    result = check(ROOT)
    sources = [d for d in result.workspace.documents if d.kind in ("invoice", "act")]
    docs = [resolve_document(result.workspace, source) for source in sources]
    return {f"{ctx.kind}-{ctx.number}": ctx for ctx in docs}


@pytest.fixture(scope="module")
def templates() -> TemplateSource:
    return TemplateSource(ROOT)


def expected_strings(ctx: DocumentContext) -> list[str]:
    """What every rendered invoice or act must show, from its own context."""
    strings = [ctx.title, ctx.footer, ctx.totals.in_words]
    # A bilingual act prints each language's name in that language's details line.
    strings += [name for party in (ctx.supplier, ctx.customer) for name in party.name.split(" / ")]
    strings += [row.value for party in (ctx.supplier, ctx.customer) for row in party.details]
    strings += [line.amount for line in ctx.lines] + [line.description for line in ctx.lines]
    strings += [row.label for row in ctx.totals.rows] + [row.value for row in ctx.totals.rows]
    strings += [ctx.labels["page"], ctx.labels["page_of"]]
    return [normalize(s) for s in strings]


def test_every_example_document_shows_its_content(
    contexts: dict[str, DocumentContext], templates: TemplateSource
) -> None:
    documents = example_documents(ROOT).values()
    assert sorted(contexts) == sorted(
        f"{d['kind']}-{d['number']}" for d in documents if d["kind"] in ("invoice", "act")
    )
    for name, ctx in contexts.items():
        text = text_of(render_html(ctx, templates))
        missing = [s for s in expected_strings(ctx) if s not in text]
        assert not missing, f"{name}: missing {missing}"


def test_russian_invoice_is_the_1c_form(
    contexts: dict[str, DocumentContext], templates: TemplateSource
) -> None:
    ctx = contexts["invoice-2026-014"]
    html = render_html(ctx, templates)
    text = text_of(html)
    bank = ctx.payment.ru_bank if ctx.payment else None
    assert bank is not None
    for value in (bank.bank_name, bank.bic, bank.corr_account, bank.account, bank.inn, bank.kpp, bank.payee):
        assert value in text
    assert "Счёт на оплату № 2026-014" in text
    assert "НДС (22%)" in text and "Всего к оплате" in text
    assert "Всего наименований 2, на сумму 524 600,00 руб." in text
    assert "Пятьсот двадцать четыре тысячи шестьсот рублей 00 копеек" in text
    assert "Основание: Договор № 12/2026" in text
    assert "Соколова А. В." in text and "Петрова М. О." in text
    assert "Руководитель" in text and "Главный бухгалтер" in text
    assert "М.П." not in text
    images = [attrs.get("src") or "" for tag, attrs in parse(html).tags if tag == "img"]
    assert any(src.startswith("data:image/svg+xml") for src in images)
    assert ctx.payment is not None and ctx.payment.qr_svg in images


def test_seal_is_printed_only_when_the_agency_uses_one(
    contexts: dict[str, DocumentContext], templates: TemplateSource
) -> None:
    ctx = dataclasses.replace(contexts["invoice-2026-014"], seal=True)
    assert "М.П." in text_of(render_html(ctx, templates))


def test_discount_and_vat_columns_follow_the_flags(
    contexts: dict[str, DocumentContext], templates: TemplateSource
) -> None:
    with_discount = text_of(render_html(contexts["invoice-2026-019"], templates))
    without = text_of(render_html(contexts["invoice-2026-014"], templates))
    assert "Скидка" in with_discount and "1 850,00" in with_discount
    assert "Скидка" not in without
    rated = dataclasses.replace(contexts["invoice-2026-014"], show_vat_rate=True)
    headers = [tag for tag, _ in parse(render_html(rated, templates)).tags if tag == "th"]
    plain_headers = [
        tag for tag, _ in parse(render_html(contexts["invoice-2026-014"], templates)).tags if tag == "th"
    ]
    assert len(headers) == len(plain_headers) + 1


def test_eu_invoice_shows_the_export_wording_and_payment_details(
    contexts: dict[str, DocumentContext], templates: TemplateSource
) -> None:
    ctx = contexts["invoice-2026-018"]
    text = text_of(render_html(ctx, templates))
    assert "Invoice 2026-018" in text
    assert "Not subject to Russian VAT" in text and "DE293108457" in text
    assert "Bill to" in text
    assert ctx.payment is not None
    for row in ctx.payment.rows:
        assert f"{row.label} {normalize(row.value)}" in text
    assert f"Payment reference {ctx.payment.reference}" in text
    assert ctx.payment.terms in text
    assert "Amount in words: Four thousand four hundred seventy-three euros and 00 cents" in text
    assert "БИК" not in text


def test_usd_invoice_says_vat_not_applicable(
    contexts: dict[str, DocumentContext], templates: TemplateSource
) -> None:
    text = text_of(render_html(contexts["invoice-2026-020"], templates))
    assert "Not subject to Russian VAT" in text
    assert "Hours are billed in 15-minute increments" in text
    assert "$1,153.75" in text


@pytest.mark.parametrize("name", ["act-2026-011", "act-2026-015", "act-2026-016"])
def test_act_has_statement_and_both_signatures(
    name: str, contexts: dict[str, DocumentContext], templates: TemplateSource
) -> None:
    ctx = contexts[name]
    text = text_of(render_html(ctx, templates))
    assert ctx.statement and ctx.statement in text
    assert ctx.totals.summary.replace("\u00a0", " ") in text
    for signature in ctx.signatures:
        assert signature.party in text and normalize(signature.short_name) in text
    assert normalize(ctx.supplier.short_name) in text and normalize(ctx.customer.short_name) in text


def test_hostile_text_is_rendered_literally(
    contexts: dict[str, DocumentContext], templates: TemplateSource
) -> None:
    ctx = contexts["invoice-2026-014"]
    line = dataclasses.replace(ctx.lines[0], description=HOSTILE)
    customer = dataclasses.replace(ctx.customer, details_line=HOSTILE)
    html = render_html(dataclasses.replace(ctx, lines=(line, *ctx.lines[1:]), customer=customer), templates)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }} &amp; &lt;/w:t&gt;" in html
    assert "<script>" not in html
    text = text_of(html)
    assert text.count(HOSTILE) == 2
    assert "</script> 49 &" not in text


def test_hostile_brand_color_cannot_escape_the_stylesheet(
    contexts: dict[str, DocumentContext], templates: TemplateSource
) -> None:
    ctx = dataclasses.replace(contexts["act-2026-011"], brand_color="red}</style><script>x</script>")
    html = render_html(ctx, templates)
    assert "<script>" not in html
    assert f"--brand: {DEFAULT_BRAND_COLOR};" in html


def test_same_context_gives_identical_html(contexts: dict[str, DocumentContext]) -> None:
    ctx = contexts["invoice-2026-019"]
    assert render_html(ctx, TemplateSource(ROOT)) == render_html(ctx, TemplateSource(ROOT))


def test_html_stands_alone(contexts: dict[str, DocumentContext], templates: TemplateSource) -> None:
    html = render_html(contexts["invoice-2026-018"], templates)
    tags = parse(html).tags
    assert not [attrs for tag, attrs in tags if tag == "link"]
    assert not re.search(r"(?:src|href)=\"(?!data:)", html)
    assert '<meta name="author" content="Pixel Lab LLC">' in html
    assert "<title>Invoice 2026-018</title>" in html


def test_stylesheet_fonts_exist_in_the_package(
    contexts: dict[str, DocumentContext], templates: TemplateSource
) -> None:
    html = render_html(contexts["act-2026-011"], templates)
    fonts = re.findall(r'url\("agencydocs:(fonts/[^"]+)"\)', html)
    assert len(fonts) == 4
    for relative in fonts:
        assert (BUILTIN_TEMPLATES.parent / relative).is_file()
    assert "@page" in html and "counter(pages)" in html and "table-header-group" in html


def test_workspace_override_can_extend_the_builtin(
    tmp_path: Path, contexts: dict[str, DocumentContext]
) -> None:
    override = tmp_path / "templates" / "act" / "act.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text(
        '{% extends "builtin/act/act.html" %}'
        "{% block header %}<h1>CUSTOM {{ doc.number }}</h1>{% endblock %}",
        encoding="utf-8",
    )
    text = text_of(render_html(contexts["act-2026-011"], TemplateSource(tmp_path)))
    assert "CUSTOM 2026-011" in text
    assert "Вышеперечисленные услуги выполнены полностью и в срок" in text
