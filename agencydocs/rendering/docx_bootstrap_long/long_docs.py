"""Contracts and addenda, and the long-document page the specification and brief share.

``new_long_document`` sets up A4 pages, the footer (``{{ doc.footer }}`` and
"Page N of M"), the Title, Subtitle, Heading 1-3 and Clause styles, and asks
Word to refresh fields on open (the contents' page numbers). Heading numbers
are text from the resolver ("1.1."), not Word list numbering, so the DOCX
numbers exactly like the HTML and PDF. A bilingual contract
(``doc.two_columns``) has its preamble, headings and clauses as rows of a
two-column table, the first language on the left.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from agencydocs.rendering import docx_draft as d
from agencydocs.rendering.docx_bootstrap_long import parts as p

WIDTH = 175  # mm between the 20 / 15 mm margins of an A4 page
TEXT_WIDTH = WIDTH - 3  # a Markdown table in the body: a little inside the margins
HALF = WIDTH / 2
COLUMN_TEXT = HALF - 4  # a Markdown table inside one language's column, within the cell padding
CLAUSE, CLAUSE_3, CLAUSE_LEFT = "Clause", "Clause 3", "Clause Left"  # justified, indented, narrow columns
TITLE, SUBTITLE = "Title", "Subtitle"
HEADINGS = {1: (10.5, True), 2: (10, True), 3: (10, False)}  # level: (size pt, all caps)


def _long_styles(document: DocxDocument) -> None:
    styles = document.styles
    styles[p.BODY].font.size = Pt(10)
    for level, (size, caps) in HEADINGS.items():
        style = styles[f"Heading {level}"]
        style.font.size, style.font.bold, style.font.italic = Pt(size), True, level == 3 or None
        style.font.all_caps = caps or None
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(10 if level == 1 else 6), Pt(4)
        fmt.keep_with_next, fmt.line_spacing = True, 1.0
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if level == 1 else None
    for name, indent, align in (
        (CLAUSE, 0, WD_ALIGN_PARAGRAPH.JUSTIFY),
        (CLAUSE_3, 8, WD_ALIGN_PARAGRAPH.JUSTIFY),
        (CLAUSE_LEFT, 0, WD_ALIGN_PARAGRAPH.LEFT),
        (TITLE, 0, WD_ALIGN_PARAGRAPH.CENTER),
        (SUBTITLE, 0, WD_ALIGN_PARAGRAPH.CENTER),
    ):
        style = p.add_style(document, name, 10)
        fmt = style.paragraph_format
        fmt.alignment, fmt.space_after, fmt.line_spacing = align, Pt(3), 1.1
        fmt.left_indent = Mm(indent) if indent else None
    title = styles[TITLE]
    title.font.size, title.font.bold, title.font.all_caps = Pt(13), True, True
    title.paragraph_format.space_after = Pt(2)
    styles[SUBTITLE].font.bold = True
    styles[SUBTITLE].font.italic = None
    for name in ("List Bullet", "List Number", "List Bullet 2", "List Number 2"):
        styles[name].paragraph_format.space_after = Pt(2)


def _update_fields_on_open(document: DocxDocument) -> None:
    """Word refreshes fields (the contents' page numbers) when the file is opened."""
    document.settings.element.insert_element_before(
        d.el("w:updateFields", val="true"),
        *("w:defaultTabStop", "w:autoHyphenation", "w:characterSpacingControl", "w:compat", "w:rsids"),
    )


def new_long_document() -> DocxDocument:
    """A4 with 20/15 mm margins, long-document styles, footer with page N of M."""
    document = p.new_document()
    p.page(document, (16, 15, 18, 20), WIDTH)
    _long_styles(document)
    _update_fields_on_open(document)
    return document


def place_date(box: d.Container, place: str, date: str, width: float = WIDTH) -> None:
    """``place`` at the left margin and ``date`` at the right one."""
    line = d.para(box, f'{{{{ {place} | default("") }}}}')
    line.paragraph_format.tab_stops.add_tab_stop(Mm(width), WD_TAB_ALIGNMENT.RIGHT)
    line.add_run(f'\t{{{{ {date} | default("") }}}}')
    line.paragraph_format.space_before, line.paragraph_format.space_after = Pt(8), Pt(10)


def toc(document: DocxDocument) -> None:
    """Optional table of contents: a TOC field over Heading 1-3, then a page break."""
    d.tag(document, "{%p if doc.toc | default(()) %}")
    d.para(document, "{{ doc.labels.toc_title }}", "TOC Heading")
    paragraph = d.para(document)
    d.field(paragraph, 'TOC \\o "1-3" \\h \\z \\u', "")
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    d.tag(document, "{%p endif %}")


def heading(box: d.Container, var: str) -> Paragraph:
    """A contract section's numbered heading (always level 1: clauses are numbered paragraphs)."""
    return d.para(box, f"{{{{ {var}.number }}}} {{{{ {var}.title }}}}", "Heading 1")


def markdown(
    box: d.Container,
    expr: str,
    style: str = CLAUSE,
    prefix: str | None = None,
    width_mm: float | str | None = None,
    optional: bool = False,
) -> Paragraph:
    """A paragraph replaced by the Word paragraphs of a Markdown field (tables ``width_mm`` wide);
    an ``optional`` field left empty leaves no paragraph (instead of {%p if %} around it)."""
    arguments = f"style={style}" if style.startswith("(") else f'style="{style}"'
    arguments += f", prefix={prefix}" if prefix else ""
    arguments += f", width_mm={width_mm}" if width_mm else ""
    arguments += ", optional=True" if optional else ""
    return d.para(box, f"{{{{p {expr} | markdown({arguments}) }}}}")


def requisites(document: DocxDocument, title: str | None = None) -> Table:
    """Requisites of both parties side by side, then their signature lines."""
    if title:
        d.para(document, title, "Heading 1")
    grid = p.table(document, [WIDTH / 2 - 4, 8, WIDTH / 2 - 4])
    cells = d.row(grid, "", "", "")
    for cell, index in ((cells[0], 0), (cells[2], 1)):
        party = f"doc.requisites[{index}]"
        d.para(cell, f"{{{{ {party}.role }}}}", p.LABEL)
        d.para(cell, f"{{{{ {party}.name }}}}", p.CELL, bold=True)
        d.lines(cell, f"r in {party}.rows", "{% if r.label %}{{ r.label }}: {% endif %}{{ r.value }}", p.CELL)
    titles = d.row(
        grid, "{{ doc.requisites[0].signature.title }}", "", "{{ doc.requisites[1].signature.title }}"
    )
    for cell in titles:
        cell.paragraphs[0].paragraph_format.space_before = Pt(8)
    line = d.row(grid, "", "", "")
    for cell, index in ((line[0], 0), (line[2], 1)):
        d.para(cell, f"/ {{{{ doc.requisites[{index}].signature.short_name }}}} /", p.CELL, align=p.RIGHT)
    d.signature_cells(line, [line[0], line[2]], 14)
    d.tag_row(grid, "{%tr if doc.requisites[0].seal %}")
    d.row(grid, "{{ doc.labels.seal }}", "", "")
    d.tag_row(grid, "{%tr endif %}")
    d.keep_with_next(d.finish(grid))
    return grid


def _title_pair(document: DocxDocument, subtitles: bool) -> None:
    """Titles (and subtitles), then place and date, in two columns."""
    grid = p.table(document, [HALF, HALF])
    for index, cell in enumerate(d.row(grid, "", "")):
        d.para(cell, f"{{{{ doc.titles[{index}] }}}}", TITLE)
        if subtitles:
            d.para(cell, f"{{{{ doc.subtitles[{index}] }}}}", SUBTITLE)
    for index, cell in enumerate(d.row(grid, "", "")):
        place_date(cell, f"doc.places[{index}]", f"doc.dates[{index}]", HALF - 3)
    d.finish(grid)


def _title(document: DocxDocument, subtitles: bool) -> None:
    p.logo(document)
    d.tag(document, "{%p if doc.two_columns %}")
    _title_pair(document, subtitles)
    d.tag(document, "{%p else %}")
    d.para(document, "{{ doc.titles[0] }}", TITLE)
    if subtitles:
        d.para(document, "{{ doc.subtitles[0] }}", SUBTITLE)
    place_date(document, "doc.places[0]", "doc.dates[0]")
    d.tag(document, "{%p endif %}")


def _clause(box: d.Container, text: str, leveled: bool, narrow: bool = False) -> None:
    """A numbered clause; sub-clauses (level 3) indented, narrow columns not justified."""
    if narrow:
        markdown(box, text, CLAUSE_LEFT, "clause.number", f"{COLUMN_TEXT:g}")
    elif leveled:
        style = f'("{CLAUSE_3}" if clause.level == 3 else "{CLAUSE}")'
        width = f"({TEXT_WIDTH - 8:g} if clause.level == 3 else {TEXT_WIDTH:g})"
        markdown(box, text, style, "clause.number", width)
    else:
        markdown(box, text, CLAUSE, "clause.number", f"{TEXT_WIDTH:g}")


def _single(document: DocxDocument, sections: bool) -> None:
    markdown(document, "doc.preamble[0]")
    if sections:
        d.tag(document, "{%p for section in doc.sections %}")
        heading(document, "section.heading")
        d.tag(document, "{%p for clause in section.clauses %}")
        _clause(document, "clause.texts[0]", leveled=True)
        d.tag(document, "{%p endfor %}")
        d.tag(document, "{%p endfor %}")
    else:
        d.tag(document, "{%p for clause in doc.clauses %}")
        _clause(document, "clause.texts[0]", leveled=False)
        d.tag(document, "{%p endfor %}")


def _pair(grid: Table) -> list[_Cell]:
    return d.row(grid, "", "")


def _bilingual(document: DocxDocument, sections: bool) -> None:
    """Preamble, headings and clauses as rows of a two-column table."""
    grid = p.table(document, [HALF, HALF])
    for index, cell in enumerate(_pair(grid)):
        markdown(cell, f"doc.preamble[{index}]", CLAUSE_LEFT)
    if sections:
        d.tag_row(grid, "{%tr for section in doc.sections %}")
        for index, cell in enumerate(_pair(grid)):
            d.para(cell, f"{{{{ section.heading.number }}}} {{{{ section.titles[{index}] }}}}", "Heading 1")
        d.tag_row(grid, "{%tr for clause in section.clauses %}")
    else:
        d.tag_row(grid, "{%tr for clause in doc.clauses %}")
    for index, cell in enumerate(_pair(grid)):
        _clause(cell, f"clause.texts[{index}]", leveled=False, narrow=True)
    d.tag_row(grid, "{%tr endfor %}")
    if sections:
        d.tag_row(grid, "{%tr endfor %}")
    for line in grid.rows:
        line.cells[0]._tc.get_or_add_tcPr().append(d.borders("w:tcBorders", {"right": ("single", 4, d.LINE)}))
    d.finish(grid)


def _body(document: DocxDocument, sections: bool) -> None:
    d.tag(document, "{%p if doc.two_columns %}")
    _bilingual(document, sections)
    d.tag(document, "{%p else %}")
    _single(document, sections)
    d.tag(document, "{%p endif %}")


def build_contract() -> DocxDocument:
    """Title, preamble, numbered sections and clauses, requisites and signatures."""
    document = new_long_document()
    _title(document, subtitles=False)
    toc(document)
    _body(document, sections=True)
    d.para(
        document, '{{ doc.requisites_heading.number }} {{ doc.requisites_titles | join(" / ") }}', "Heading 1"
    )
    requisites(document)
    return p.end(document)


def build_addendum() -> DocxDocument:
    """Title and the contract it amends, preamble, numbered items, requisites and signatures."""
    document = new_long_document()
    _title(document, subtitles=True)
    _body(document, sections=False)
    requisites(document, title="{{ doc.labels.contract_requisites }}")
    return p.end(document)
