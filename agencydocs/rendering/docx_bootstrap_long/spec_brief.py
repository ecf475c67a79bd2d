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
    p.paragraph_borders(heading, {"bottom": ("single", 5)}, p.BRAND_HEX)
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
        run.element.get_or_add_rPr().append(p.el("w:shd", val="clear", color="auto", fill=fill))
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
        self, box: p.Container, heading: str, title: str | None = None, level: int = 1, looped: bool = False
    ) -> Paragraph:
        """A numbered heading from a ``Heading`` expression (``title`` written out when fixed)."""
        text = title or f"{{{{ {heading}.title }}}}"
        paragraph = p.para(box, f"{{{{ {heading}.number }}}} {text}", f"Heading {level}")
        number = next(self._numbers) * 100
        # Short expressions without spaces: LibreOffice turns spaces in bookmark attributes
        # into "_" and cuts names after 40 characters. The name is the anchor ("s-6-2").
        bookmark_id = f"{{{{{number}+loop.index}}}}" if looped else str(number)
        name = f"{{{{{heading}.anchor}}}}"
        paragraph._p.insert(1, p.el("w:bookmarkStart", id=bookmark_id, name=name))
        paragraph._p.append(p.el("w:bookmarkEnd", id=bookmark_id))
        return paragraph


def _toc(document: DocxDocument) -> None:
    """Contents: the resolver's headings, each ending in a PAGEREF field to its heading's bookmark."""
    p.para(document, "{{ doc.labels.toc_title }}", TOC_TITLE)
    p.tag(document, "{%p for e in doc.toc %}")
    p.tag(document, "{%p if e.level == 1 %}")
    _toc_entry(document, "toc 1")
    p.tag(document, "{%p else %}")
    _toc_entry(document, "toc 2")
    p.tag(document, "{%p endif %}")
    p.tag(document, "{%p endfor %}")
    p.para(document).add_run()._r.append(p.el("w:br", type="page"))


def _toc_entry(document: DocxDocument, style: str) -> None:
    entry = p.para(document, "{{ e.number }} {{ e.title }}\t", style)
    p.field(entry, "PAGEREF {{e.anchor}} \\h", "")


def _data_table(document: DocxDocument, widths: list[float], headers: list[str] | None) -> Table:
    """A bordered table whose shaded "Table Header" row repeats on every page."""
    grid = p.table(document, widths, grid=True)
    if headers:
        cells = p.row(grid, *(f"{{{{ doc.labels.{key} }}}}" for key in headers), style=p.HEADER)
        p.repeat_header(grid)
        for cell in cells:
            cell.paragraphs[0].alignment = p.CENTER
            p.shade(cell, p.LIGHT)
    return grid


def _cover(document: DocxDocument, title: str, subject: str, meta: str) -> None:
    p.logo(document)
    p.para(document, title, long.TITLE)
    p.para(document, subject, SUBJECT)
    p.rule(p.para(document, meta, META), size=12, color=p.BRAND_HEX)
    p.space(document, 6)


def _info(document: DocxDocument) -> None:
    grid = p.table(document, [40, WIDTH - 40])
    p.tag_row(grid, "{%tr for row in doc.info_rows %}")
    p.row(grid, "{{ row.label }}", "{{ row.value }}")[1].paragraphs[0].runs[0].bold = True
    p.tag_row(grid, "{%tr endfor %}")
    p.finish(grid)
    p.space(document, 4)


def _sitemap(document: DocxDocument) -> None:
    grid = _data_table(
        document, [13, 50, 84, 28], ["spec_col_number", "spec_col_page", "spec_col_blocks", "spec_col_refs"]
    )
    p.tag_row(grid, "{%tr for page in doc.pages %}")
    cells = p.row(grid, "{{ page.number }}", "", "{{ page.blocks_line }}", "{{ page.requirements }}")
    _page_title(cells[1])  # the title once, in its level's style (it used to print twice)
    long.markdown(cells[2], "page.description", p.CELL, optional=True)
    cells[3].paragraphs[0].style = p.SMALL
    p.tag_row(grid, "{%tr endfor %}")
    p.finish(grid)


def _page_title(cell: _Cell) -> None:
    """The page's title indented by its level, its path (if any) under it on a new line.

    One paragraph per level, each in its fixed style "Sitemap Level N": a style
    named by a Jinja expression would be dropped by Word and LibreOffice when
    they open and save the template.
    """
    for level in range(1, PAGE_LEVELS + 1):
        opening = "if" if level == 1 else "elif" if level < PAGE_LEVELS else "else"
        p.tag(cell, f"{{%p {opening} page.level == {level} %}}" if opening != "else" else "{%p else %}")
        title = p.para(cell, "{{ page.title }}{% if page.path %}", f"Sitemap Level {level}")
        title.add_run().add_break()
        path = title.add_run("{{ page.path }}")
        path.font.size, path.font.bold, path.font.color.rgb = Pt(7.5), False, MUTED
        title.add_run("{% endif %}")
    p.tag(cell, "{%p endif %}")


def _requirements(document: DocxDocument) -> None:
    p.para(document, "{{ doc.requirements_summary }}").paragraph_format.space_after = Pt(4)
    grid = _data_table(document, [17, 130, 28], ["spec_col_id", "spec_col_requirement", "spec_col_priority"])
    p.tag_row(grid, "{%tr for r in doc.requirements %}")
    p.tag_row(grid, "{%tr if r.group %}")
    group = p.row(grid, "{{ r.group }}", "", "", bold=True)
    p.shade(group[0].merge(group[2]), "E9EEF4")
    p.tag_row(grid, "{%tr endif %}")
    cells = p.row(grid, "{{ r.id }}", "{{ r.title }}", "", bold=True)
    long.markdown(cells[1], "r.description", p.CELL, optional=True)
    badge = p.para(cells[2], align=p.CENTER)
    for key in PRIORITY_COLORS:  # one styled run per priority, one shows (no Jinja in a style name)
        run = badge.add_run(f'{{% if r.priority_key == "{key}" %}} {{{{ r.priority }}}} {{% endif %}}')
        run._r.get_or_add_rPr().append(p.el("w:rStyle", val=f"Priority{key}"))
    p.tag_row(grid, "{%tr endfor %}")
    p.finish(grid)


def _integrations(document: DocxDocument) -> None:
    headers = ["spec_col_system", "spec_col_purpose", "spec_col_method", "spec_col_refs"]
    grid = _data_table(document, [36, 77, 34, 28], headers)
    p.tag_row(grid, "{%tr for i in doc.integrations %}")
    cells = p.row(grid, "{{ i.name }}", "", "{{ i.method }}", "{{ i.requirements }}")
    cells[0].paragraphs[0].runs[0].bold = True
    cells[3].paragraphs[0].style = p.SMALL
    long.markdown(cells[1], "i.purpose", p.CELL)
    p.tag_row(grid, "{%tr endfor %}")
    p.finish(grid)


def _content(document: DocxDocument) -> None:
    headers = ["spec_col_item", "spec_col_responsible", "spec_col_due", "spec_col_notes"]
    grid = _data_table(document, [66, 27, 24, 58], headers)
    p.tag_row(grid, "{%tr for c in doc.content %}")
    p.row(grid, "{{ c.item }}", "{{ c.responsible }}", "{{ c.due }}", "{{ c.notes }}")
    p.tag_row(grid, "{%tr endfor %}")
    p.finish(grid)


def _acceptance(document: DocxDocument) -> None:
    grid = _data_table(document, [13, 134, 28], ["spec_col_number", "spec_col_criterion", "spec_col_refs"])
    p.tag_row(grid, "{%tr for c in doc.acceptance %}")
    cells = p.row(grid, "{{ c.number }}", "", "{{ c.requirements }}")
    cells[2].paragraphs[0].style = p.SMALL
    long.markdown(cells[1], "c.text", p.CELL)
    p.tag_row(grid, "{%tr endfor %}")
    p.finish(grid)


def _glossary(document: DocxDocument) -> None:
    grid = _data_table(document, [38, 137], ["spec_col_term", "spec_col_definition"])
    p.tag_row(grid, "{%tr for t in doc.glossary %}")
    cells = p.row(grid, "{{ t.term }}", "", bold=True)
    long.markdown(cells[1], "t.definition", p.CELL)
    p.tag_row(grid, "{%tr endfor %}")
    p.finish(grid)


def build_spec() -> DocxDocument:
    """The specification: cover, contents, numbered sections, approval signatures."""
    document = _new_document()
    marks = _Bookmarks()
    _cover(document, "{{ doc.heading }}", "{{ doc.subject }}", "{{ doc.subtitle }}")
    _toc(document)
    marks.heading(document, "doc.h.general", "{{ doc.labels.spec_general }}")
    _info(document)

    def non_functional(box: DocxDocument) -> None:
        p.tag(box, "{%p for part in doc.non_functional %}")
        marks.heading(box, "part.heading", level=2, looped=True)
        p.tag(box, "{%p for item in part.items %}")
        p.para(box, "{{ item }}", "List Bullet")
        p.tag(box, "{%p endfor %}")
        long.markdown(box, "part.text", optional=True)
        p.tag(box, "{%p endfor %}")

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
        p.tag(document, f"{{%p if doc.h.{key} %}}")
        marks.heading(document, f"doc.h.{key}", f"{{{{ doc.labels.spec_{key} }}}}")
        body(document)
        p.tag(document, "{%p endif %}")
    p.tag(document, "{%p if doc.requisites %}")
    p.space(document, 10)
    long.requisites(document, "{{ doc.labels.spec_approval }}")
    p.tag(document, "{%p endif %}")
    return p.end(document)


def _question_cell(cell: _Cell) -> None:
    """The numbered question, its required mark, and its hint (if any) on a line under it."""
    question = p.para(cell, "{{ q.number }} {{ q.text }}", QUESTION)
    question.add_run("{{ ' ' + q.mark if q.mark else '' }}").font.color.rgb = RGBColor(0xB3, 0x26, 0x1E)
    question.add_run("{% if q.hint %}")
    p.line_break(question)
    hint = question.add_run("{{ q.hint }}")
    hint.font.size, hint.font.bold, hint.font.color.rgb = Pt(8), False, MUTED
    question.add_run("{% endif %}")


def _answer_cell(cell: _Cell) -> None:
    """Blank: check boxes and dotted lines to write on; filled: the answer or "no answer"."""
    p.tag(cell, "{%p if doc.blank %}")
    # One paragraph to fill in: a check box per option, then the lines to write on, each a
    # tab whose dotted leader runs to the cell's right edge.
    answer = p.lines(cell, "option in q.options", "\u25a1 {{ option }}", ANSWER_LINE)
    p.run(answer, "{% if q.options and q.lines %}")
    p.line_break(answer)
    p.run(answer, "{% endif %}{% for _ in range(q.lines) %}\t{% if not loop.last %}")
    p.line_break(answer)
    p.run(answer, "{% endif %}{% endfor %}")
    p.tag(cell, "{%p else %}")
    long.markdown(cell, "q.answer", p.CELL, optional=True)
    none = p.para(cell, "{% if not q.answer %}{{ doc.labels.brief_no_answer }}{% endif %}", NONE)
    # Under an answer this paragraph is empty: a 1 pt paragraph mark keeps it a hairline.
    mark = none._p.get_or_add_pPr().insert_element_before(p.el("w:rPr"), "w:sectPr", "w:pPrChange")
    mark.append(p.el("w:sz", val="2"))
    p.tag(cell, "{%p endif %}")


def build_brief() -> DocxDocument:
    """The brief: cover and details, then a question | answer table per section (as the PDF, no header row)."""
    document = _new_document()
    marks = _Bookmarks()
    _cover(document, "{{ doc.title }}", "{{ doc.subtitle }}", "{{ doc.mode_label }}")
    _info(document)
    long.markdown(document, "doc.intro", optional=True)
    p.para(document, "{% if doc.return_to %}{{ doc.return_to }}{% endif %}", "Return To")
    p.tag(document, "{%p for s in doc.sections %}")
    marks.heading(document, "s.heading", looped=True)
    grid = _data_table(document, [WIDTH - ANSWER_WIDTH, ANSWER_WIDTH], None)
    p.tag_row(grid, "{%tr for q in s.questions %}")
    cells = p.row(grid, "", "")
    _question_cell(cells[0])
    _answer_cell(cells[1])
    p.tag_row(grid, "{%tr endfor %}")
    p.finish(grid)
    p.tag(document, "{%p endfor %}")
    p.space(document, 6)
    p.para(document, "{% if doc.blank %}{{ doc.labels.brief_required_note }}{% endif %}", p.SMALL)
    return p.end(document)
