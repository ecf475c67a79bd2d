"""The technical specification and the brief, on the long-document page.

Headings are Word "Heading 1" / "Heading 2" paragraphs carrying the numbers
the resolver gave, each with a bookmark. The contents list every heading
with a ``PAGEREF`` field to its bookmark: LibreOffice lays those out itself,
and Word fills them when it updates fields on opening (a ``TOC`` field would
show nothing but its stored result in LibreOffice). Styles that vary per row
(site map indent, priority colour, contents level) are fixed, one paragraph or
run per style of which one shows: Word and LibreOffice drop a style named by a
Jinja expression when they save the template.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from agencydocs.rendering import docx_draft as d
from agencydocs.rendering.docx_bootstrap_long import long_docs as long
from agencydocs.rendering.docx_bootstrap_long import parts as p

WIDTH = long.WIDTH
MUTED = RGBColor(0x55, 0x55, 0x55)
SUBJECT, META, TOC_TITLE = "Cover Subject", "Cover Meta", "TOC Heading"
QUESTION, HINT, NONE, ANSWER_LINE = "Question", "Question Hint", "No Answer", "Answer Line"
PAGE_LEVELS = 4
ANSWER_WIDTH = 105  # mm: the brief's answer column
PRIORITY_COLORS = {
    "must": ("8A1C12", "FBE3E1"),
    "should": ("7A5200", "FDF0D5"),
    "could": ("333344", "E7EDF3"),
}


def _spec_styles(document: DocxDocument) -> None:
    """Left-aligned brand-colour headings; cover, contents, site map, priority and question styles."""
    for level, size in ((1, 12), (2, 10.5)):
        style = document.styles[f"Heading {level}"]
        style.font.size, style.font.all_caps, style.font.italic = Pt(size), None, None
        style.font.color.rgb = p.BRAND
        style.paragraph_format.alignment = None
        style.paragraph_format.space_before = Pt(14 if level == 1 else 8)
    heading = document.styles["Heading 1"].element.get_or_add_pPr()
    d.paragraph_borders(heading, {"bottom": ("single", 5)}, p.BRAND_HEX)
    title = p.add_style(document, long.TITLE, 20, True, p.BRAND)
    title.font.all_caps = True
    title.paragraph_format.alignment = p.LEFT
    title.paragraph_format.space_after = Pt(4)
    p.add_style(document, SUBJECT, 12, True).paragraph_format.space_after = Pt(4)
    p.add_style(document, META, 9, color=MUTED).paragraph_format.space_after = Pt(4)
    toc_title = p.add_style(document, TOC_TITLE, 11, True, p.BRAND)
    toc_title.font.all_caps = True
    toc_title.paragraph_format.space_after = Pt(6)
    for level in (1, 2):
        entry = p.add_style(document, f"toc {level}", 9.5 if level == 1 else 9)
        entry.paragraph_format.left_indent = Mm(7 * (level - 1))
        entry.paragraph_format.space_after = Pt(3)
        entry.paragraph_format.tab_stops.add_tab_stop(Mm(WIDTH), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    for level in range(1, PAGE_LEVELS + 1):
        page = p.add_style(document, f"Sitemap Level {level}", 9, bold=level == 1)
        page.paragraph_format.left_indent = Mm(4 * (level - 1))
    answer = p.add_style(document, ANSWER_LINE, 9)
    answer.paragraph_format.line_spacing = Pt(20)
    answer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    # A line to write on: a tab whose dotted leader runs across the answer column.
    answer.paragraph_format.tab_stops.add_tab_stop(
        Mm(ANSWER_WIDTH - 3.5), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
    )
    for key, (color, fill) in PRIORITY_COLORS.items():
        run = document.styles.add_style(f"Priority {key}", WD_STYLE_TYPE.CHARACTER)
        run.font.bold, run.font.size, run.font.color.rgb = True, Pt(8), RGBColor.from_string(color)
        run.element.get_or_add_rPr().append(d.el("w:shd", val="clear", color="auto", fill=fill))
    p.add_style(document, QUESTION, 9, True).paragraph_format.keep_with_next = True
    p.add_style(document, HINT, 8, color=MUTED)
    p.add_style(document, NONE, 9, color=RGBColor(0x88, 0x88, 0x88)).font.italic = True
    p.add_style(document, "Return To", 10, True)


def _new_document() -> DocxDocument:
    document = long.new_long_document()
    _spec_styles(document)
    return document


class _Bookmarks:
    """Fixed ids for headings written once, an offset plus ``loop.index`` for looped ones."""

    def __init__(self) -> None:
        self._numbers: Iterator[int] = iter(range(1, 1000))

    def heading(
        self, box: d.Container, heading: str, title: str | None = None, level: int = 1, looped: bool = False
    ) -> Paragraph:
        """A numbered heading from a ``Heading`` expression (``title`` written out when fixed)."""
        text = title or f"{{{{ {heading}.title }}}}"
        paragraph = d.para(box, f"{{{{ {heading}.number }}}} {text}", f"Heading {level}")
        number = next(self._numbers) * 100
        # Short expressions without spaces: LibreOffice turns spaces in bookmark attributes
        # into "_" and cuts names after 40 characters. The name is the anchor ("s-6-2").
        bookmark_id = f"{{{{{number}+loop.index}}}}" if looped else str(number)
        name = f"{{{{{heading}.anchor}}}}"
        paragraph._p.insert(1, d.el("w:bookmarkStart", id=bookmark_id, name=name))
        paragraph._p.append(d.el("w:bookmarkEnd", id=bookmark_id))
        return paragraph


def _toc(document: DocxDocument) -> None:
    """Contents: the resolver's headings, each ending in a PAGEREF field to its heading's bookmark."""
    d.para(document, "{{ doc.labels.toc_title }}", TOC_TITLE)
    d.tag(document, "{%p for e in doc.toc %}")
    d.tag(document, "{%p if e.level == 1 %}")
    _toc_entry(document, "toc 1")
    d.tag(document, "{%p else %}")
    _toc_entry(document, "toc 2")
    d.tag(document, "{%p endif %}")
    d.tag(document, "{%p endfor %}")
    d.para(document).add_run()._r.append(d.el("w:br", type="page"))


def _toc_entry(document: DocxDocument, style: str) -> None:
    entry = d.para(document, "{{ e.number }} {{ e.title }}\t", style)
    d.field(entry, "PAGEREF {{e.anchor}} \\h", "")


def _data_table(document: DocxDocument, widths: list[float], headers: list[str] | None) -> Table:
    """A bordered table whose shaded "Table Header" row repeats on every page."""
    grid = p.table(document, widths, grid=True)
    if headers:
        cells = d.row(grid, *(f"{{{{ doc.labels.{key} }}}}" for key in headers), style=p.HEADER)
        p.repeat_header(grid)
        for cell in cells:
            cell.paragraphs[0].alignment = p.CENTER
            d.shade(cell, p.LIGHT)
    return grid


def _cover(document: DocxDocument, title: str, subject: str, meta: str) -> None:
    p.logo(document)
    d.para(document, title, long.TITLE)
    d.para(document, subject, SUBJECT)
    d.rule(d.para(document, meta, META), size=12, color=p.BRAND_HEX)
    d.gap(document, 6)


def _info(document: DocxDocument) -> None:
    grid = p.table(document, [40, WIDTH - 40])
    d.tag_row(grid, "{%tr for row in doc.info_rows %}")
    d.row(grid, "{{ row.label }}", "{{ row.value }}")[1].paragraphs[0].runs[0].bold = True
    d.tag_row(grid, "{%tr endfor %}")
    d.finish(grid)
    d.gap(document, 4)


def _sitemap(document: DocxDocument) -> None:
    grid = _data_table(
        document, [13, 50, 84, 28], ["spec_col_number", "spec_col_page", "spec_col_blocks", "spec_col_refs"]
    )
    d.tag_row(grid, "{%tr for page in doc.pages %}")
    cells = d.row(grid, "{{ page.number }}", "", "{{ page.blocks_line }}", "{{ page.requirements }}")
    _page_title(cells[1])  # the title once, in its level's style (it used to print twice)
    long.markdown(cells[2], "page.description", p.CELL, optional=True)
    cells[3].paragraphs[0].style = p.SMALL
    d.tag_row(grid, "{%tr endfor %}")
    d.finish(grid)


def _page_title(cell: _Cell) -> None:
    """The page's title indented by its level, its path (if any) under it on a new line.

    One paragraph per level, each in its fixed style "Sitemap Level N": a style
    named by a Jinja expression would be dropped by Word and LibreOffice when
    they open and save the template.
    """
    for level in range(1, PAGE_LEVELS + 1):
        opening = "if" if level == 1 else "elif" if level < PAGE_LEVELS else "else"
        d.tag(cell, f"{{%p {opening} page.level == {level} %}}" if opening != "else" else "{%p else %}")
        title = d.para(cell, "{{ page.title }}{% if page.path %}", f"Sitemap Level {level}")
        title.add_run().add_break()
        path = title.add_run("{{ page.path }}")
        path.font.size, path.font.bold, path.font.color.rgb = Pt(7.5), False, MUTED
        title.add_run("{% endif %}")
    d.tag(cell, "{%p endif %}")


def _requirements(document: DocxDocument) -> None:
    d.para(document, "{{ doc.requirements_summary }}").paragraph_format.space_after = Pt(4)
    grid = _data_table(document, [17, 130, 28], ["spec_col_id", "spec_col_requirement", "spec_col_priority"])
    d.tag_row(grid, "{%tr for r in doc.requirements %}")
    d.tag_row(grid, "{%tr if r.group %}")
    group = d.row(grid, "{{ r.group }}", "", "", bold=True)
    d.shade(group[0].merge(group[2]), "E9EEF4")
    d.tag_row(grid, "{%tr endif %}")
    cells = d.row(grid, "{{ r.id }}", "{{ r.title }}", "", bold=True)
    long.markdown(cells[1], "r.description", p.CELL, optional=True)
    badge = d.para(cells[2], align=p.CENTER)
    for key in PRIORITY_COLORS:  # one styled run per priority, one shows (no Jinja in a style name)
        run = badge.add_run(f'{{% if r.priority_key == "{key}" %}} {{{{ r.priority }}}} {{% endif %}}')
        run._r.get_or_add_rPr().append(d.el("w:rStyle", val=f"Priority{key}"))
    d.tag_row(grid, "{%tr endfor %}")
    d.finish(grid)


def _integrations(document: DocxDocument) -> None:
    headers = ["spec_col_system", "spec_col_purpose", "spec_col_method", "spec_col_refs"]
    grid = _data_table(document, [36, 77, 34, 28], headers)
    d.tag_row(grid, "{%tr for i in doc.integrations %}")
    cells = d.row(grid, "{{ i.name }}", "", "{{ i.method }}", "{{ i.requirements }}")
    cells[0].paragraphs[0].runs[0].bold = True
    cells[3].paragraphs[0].style = p.SMALL
    long.markdown(cells[1], "i.purpose", p.CELL)
    d.tag_row(grid, "{%tr endfor %}")
    d.finish(grid)


def _content(document: DocxDocument) -> None:
    headers = ["spec_col_item", "spec_col_responsible", "spec_col_due", "spec_col_notes"]
    grid = _data_table(document, [66, 27, 24, 58], headers)
    d.tag_row(grid, "{%tr for c in doc.content %}")
    d.row(grid, "{{ c.item }}", "{{ c.responsible }}", "{{ c.due }}", "{{ c.notes }}")
    d.tag_row(grid, "{%tr endfor %}")
    d.finish(grid)


def _acceptance(document: DocxDocument) -> None:
    grid = _data_table(document, [13, 134, 28], ["spec_col_number", "spec_col_criterion", "spec_col_refs"])
    d.tag_row(grid, "{%tr for c in doc.acceptance %}")
    cells = d.row(grid, "{{ c.number }}", "", "{{ c.requirements }}")
    cells[2].paragraphs[0].style = p.SMALL
    long.markdown(cells[1], "c.text", p.CELL)
    d.tag_row(grid, "{%tr endfor %}")
    d.finish(grid)


def _glossary(document: DocxDocument) -> None:
    grid = _data_table(document, [38, 137], ["spec_col_term", "spec_col_definition"])
    d.tag_row(grid, "{%tr for t in doc.glossary %}")
    cells = d.row(grid, "{{ t.term }}", "", bold=True)
    long.markdown(cells[1], "t.definition", p.CELL)
    d.tag_row(grid, "{%tr endfor %}")
    d.finish(grid)


def build_spec() -> DocxDocument:
    """The specification: cover, contents, numbered sections, approval signatures."""
    document = _new_document()
    marks = _Bookmarks()
    _cover(document, "{{ doc.heading }}", "{{ doc.subject }}", "{{ doc.subtitle }}")
    _toc(document)
    marks.heading(document, "doc.h.general", "{{ doc.labels.spec_general }}")
    _info(document)

    def non_functional(box: DocxDocument) -> None:
        d.tag(box, "{%p for part in doc.non_functional %}")
        marks.heading(box, "part.heading", level=2, looped=True)
        d.tag(box, "{%p for item in part.items %}")
        d.para(box, "{{ item }}", "List Bullet")
        d.tag(box, "{%p endfor %}")
        long.markdown(box, "part.text", optional=True)
        d.tag(box, "{%p endfor %}")

    sections: list[tuple[str, Callable[[DocxDocument], object]]] = [
        ("goals", lambda box: long.markdown(box, "doc.goals")),
        ("audience", lambda box: long.markdown(box, "doc.audience")),
        ("sitemap", _sitemap),
        ("requirements", _requirements),
        ("integrations", _integrations),
        ("non_functional", non_functional),
        ("content", _content),
        ("acceptance", _acceptance),
        ("glossary", _glossary),
    ]
    for key, body in sections:  # a section shows only when the resolver gave it a heading
        d.tag(document, f"{{%p if doc.h.{key} %}}")
        marks.heading(document, f"doc.h.{key}", f"{{{{ doc.labels.spec_{key} }}}}")
        body(document)
        d.tag(document, "{%p endif %}")
    d.tag(document, "{%p if doc.requisites %}")
    d.gap(document, 10)
    long.requisites(document, "{{ doc.labels.spec_approval }}")
    d.tag(document, "{%p endif %}")
    return p.end(document)


def _question_cell(cell: _Cell) -> None:
    """The numbered question, its required mark, and its hint (if any) on a line under it."""
    question = d.para(cell, "{{ q.number }} {{ q.text }}", QUESTION)
    question.add_run("{{ ' ' + q.mark if q.mark else '' }}").font.color.rgb = RGBColor(0xB3, 0x26, 0x1E)
    question.add_run("{% if q.hint %}")
    d.line_break(question)
    hint = question.add_run("{{ q.hint }}")
    hint.font.size, hint.font.bold, hint.font.color.rgb = Pt(8), False, MUTED
    question.add_run("{% endif %}")


def _answer_cell(cell: _Cell) -> None:
    """Blank: check boxes and dotted lines to write on; filled: the answer or "no answer"."""
    d.tag(cell, "{%p if doc.blank %}")
    # One paragraph to fill in: a check box per option, then the lines to write on, each a
    # tab whose dotted leader runs to the cell's right edge.
    answer = d.lines(cell, "option in q.options", "\u25a1 {{ option }}", ANSWER_LINE)
    d.run(answer, "{% if q.options and q.lines %}")
    d.line_break(answer)
    d.run(answer, "{% endif %}{% for _ in range(q.lines) %}\t{% if not loop.last %}")
    d.line_break(answer)
    d.run(answer, "{% endif %}{% endfor %}")
    d.tag(cell, "{%p else %}")
    long.markdown(cell, "q.answer", p.CELL, optional=True)
    none = d.para(cell, "{% if not q.answer %}{{ doc.labels.brief_no_answer }}{% endif %}", NONE)
    # Under an answer this paragraph is empty: a 1 pt paragraph mark keeps it a hairline.
    mark = none._p.get_or_add_pPr().insert_element_before(d.el("w:rPr"), "w:sectPr", "w:pPrChange")
    mark.append(d.el("w:sz", val="2"))
    d.tag(cell, "{%p endif %}")


def build_brief() -> DocxDocument:
    """The brief: cover and details, then a question | answer table per section (as the PDF, no header row)."""
    document = _new_document()
    marks = _Bookmarks()
    _cover(document, "{{ doc.title }}", "{{ doc.subtitle }}", "{{ doc.mode_label }}")
    _info(document)
    long.markdown(document, "doc.intro", optional=True)
    d.para(document, "{% if doc.return_to %}{{ doc.return_to }}{% endif %}", "Return To")
    d.tag(document, "{%p for s in doc.sections %}")
    marks.heading(document, "s.heading", looped=True)
    grid = _data_table(document, [WIDTH - ANSWER_WIDTH, ANSWER_WIDTH], None)
    d.tag_row(grid, "{%tr for q in s.questions %}")
    cells = d.row(grid, "", "")
    _question_cell(cells[0])
    _answer_cell(cells[1])
    d.tag_row(grid, "{%tr endfor %}")
    d.finish(grid)
    d.tag(document, "{%p endfor %}")
    d.gap(document, 6)
    d.para(document, "{% if doc.blank %}{{ doc.labels.brief_required_note }}{% endif %}", p.SMALL)
    return p.end(document)
