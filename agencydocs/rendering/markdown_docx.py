"""Markdown tokens -> Word paragraphs, runs, lists, hyperlinks and tables.

Used through :func:`agencydocs.rendering.markdown.markdown_subdoc`. The tokens come
already filtered (safe links and images only). Lists use the template's
"List Bullet" / "List Number" styles (levels 2 and 3: "List Bullet 2"…);
every numbered list gets its own ``w:num`` restarting at its first number,
so two lists in one document both start at 1. Without those styles (a
hand-made template) items fall back to a typed "•" or "1." prefix.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from docx.document import _Body
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length, Mm, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from docxtpl import DocxTemplate
from lxml import etree
from markdown_it.token import Token

from agencydocs.reading.files import RefusedFile
from agencydocs.reading.images import HARD_MAX_IMAGE_SIZE, read_image
from agencydocs.rendering.markdown import safe_image_path

# docxtpl turns "{_{" "}_}" "{_%" "%_}" in rendered XML into Jinja delimiters.
_DOCXTPL_MARKER = re.compile(r"\{_(?=[{%])|(?<=[}%])_\}")
_BODY_TAG = re.compile(r"</?w:body[^>]*>")
LINK_COLOR = RGBColor(0x05, 0x63, 0xC1)
CODE_FONT = "Courier New"
MAX_IMAGE_WIDTH = Mm(160)
TABLE_STYLE = "Table Text"  # cell paragraphs: the built-in templates' compact, left-aligned style
_ALIGN = {
    "text-align:left": WD_ALIGN_PARAGRAPH.LEFT,
    "text-align:center": WD_ALIGN_PARAGRAPH.CENTER,
    "text-align:right": WD_ALIGN_PARAGRAPH.RIGHT,
}


class MarkdownSubdoc:
    """Word body content for docxtpl, built in place of a ``{{p …}}`` paragraph.

    It works like docxtpl's ``Subdoc`` (the template inserts ``__html__()``)
    without its docxcompose dependency, and without loading a whole default
    document per call: a contract makes hundreds of these. Styles, numbering
    and hyperlink relationships are those of the template being rendered.
    """

    def __init__(self, tpl: DocxTemplate) -> None:
        self.tpl = tpl
        self.docx = tpl.get_docx()
        self.body = _Body(OxmlElement("w:body"), self.docx)

    def __html__(self) -> str:
        xml = _BODY_TAG.sub("", etree.tostring(self.body._body, encoding="unicode"))
        # "&#95;" is "_" to any XML reader, but not to docxtpl's string replace.
        return _DOCXTPL_MARKER.sub(lambda m: m.group(0).replace("_", "&#95;"), xml)

    __str__ = __html__


@dataclass
class _List:
    ordered: bool
    start: int
    count: int = 0
    num_id: int | None = None


@dataclass
class _Inline:
    """Formatting state while writing the runs of one paragraph."""

    bold: int = 0
    italic: int = 0
    link: BaseOxmlElement | None = None


class WordWriter:
    """Writes a filtered markdown-it token stream into a :class:`MarkdownSubdoc`."""

    def __init__(
        self,
        subdoc: MarkdownSubdoc,
        *,
        style: str | None,
        prefix: str,
        root: Path | None,
        width: Length = MAX_IMAGE_WIDTH,
    ) -> None:
        self.body: _Body = subdoc.body
        self.part = subdoc.docx.part
        self.style = style if style and self._has_style(style) else None
        self.prefix = prefix
        self.root = root
        self.width = width  # of tables and the widest image
        self.lists: list[_List] = []
        self.quote = 0
        self.item_start = False

    def write(self, tokens: list[Token]) -> None:
        """Write every block; the body always ends with a paragraph (table cells need one)."""
        if self.prefix and (not tokens or tokens[0].type not in ("paragraph_open", "heading_open")):
            self._paragraph()
        index = 0
        while index < len(tokens):
            index = self._block(tokens, index)
        if not len(self.body._body) or self.body._body[-1].tag != qn("w:p"):
            self._paragraph()

    def _block(self, tokens: list[Token], index: int) -> int:
        token = tokens[index]
        kind = token.type
        if kind in ("paragraph_open", "heading_open"):
            paragraph = self._paragraph()
            if kind == "heading_open":
                paragraph.paragraph_format.keep_with_next = True
            self._inline(paragraph, tokens[index + 1], _Inline(bold=kind == "heading_open"))
            return index + 3
        if kind == "table_open":
            return self._table(tokens, index)
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(str(token.attrGet("start") or 1))
            self.lists.append(_List(kind == "ordered_list_open", start))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "list_item_open":
            self.item_start = True
        elif kind in ("blockquote_open", "blockquote_close"):
            self.quote += 1 if kind == "blockquote_open" else -1
        elif kind in ("code_block", "fence"):
            self._code(token.content)
        elif kind == "hr":
            self._rule(self._paragraph())
        return index + 1

    # Paragraphs and lists.

    def _paragraph(self) -> Paragraph:
        paragraph = self.body.add_paragraph()
        if self.lists:
            self._list_paragraph(paragraph)
        elif self.style:
            paragraph.style = self.style
        if self.quote:
            paragraph.paragraph_format.left_indent = Mm(8 * self.quote)
        if self.prefix:
            paragraph.add_run(f"{self.prefix} ")
            self.prefix = ""
        return paragraph

    def _list_paragraph(self, paragraph: Paragraph) -> None:
        current = self.lists[-1]
        depth = min(len(self.lists), 3)
        name = ("List Number" if current.ordered else "List Bullet") + ("" if depth == 1 else f" {depth}")
        first = self.item_start
        self.item_start = False
        if first:
            current.count += 1
        if not self._has_style(name):
            if self.style:
                paragraph.style = self.style
            paragraph.paragraph_format.left_indent = Mm(6 * depth)
            if first:
                marker = f"{current.start + current.count - 1}." if current.ordered else "•"
                paragraph.add_run(f"{marker} ")
            return
        paragraph.style = name
        if not first:
            self._number(paragraph, 0)  # a later paragraph of the item: indented, no marker
        elif current.ordered:
            if current.num_id is None:
                current.num_id = self._restarted_numbering(name, current.start)
            self._number(paragraph, current.num_id)

    def _has_style(self, name: str) -> bool:
        return any(style.name == name for style in self.part.styles)

    def _restarted_numbering(self, style_name: str, start: int) -> int:
        """A new ``w:num`` on the style's list definition that starts at ``start``."""
        num_pr = self.part.styles[style_name].element.pPr.numPr
        numbering = self.part.numbering_part.element
        abstract_id = numbering.num_having_numId(num_pr.numId.val).abstractNumId.val
        num = numbering.add_num(abstract_id)
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return int(num.numId)

    @staticmethod
    def _number(paragraph: Paragraph, num_id: int) -> None:
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num_id

    def _code(self, content: str) -> None:
        paragraph = self._paragraph()
        for number, line in enumerate(content.rstrip("\n").split("\n")):
            run = paragraph.add_run(line)
            run.font.name = CODE_FONT
            if number:
                run._r.addprevious(_break())

    @staticmethod
    def _rule(paragraph: Paragraph) -> None:
        borders = OxmlElement("w:pBdr")
        borders.append(OxmlElement("w:bottom", {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "1"}))
        paragraph._p.get_or_add_pPr().insert_element_before(
            borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc"
        )

    # Runs.

    def _inline(self, paragraph: Paragraph, token: Token, state: _Inline) -> None:
        for child in token.children or ():
            kind = child.type
            if kind in ("text", "code_inline"):
                self._run(paragraph, child.content, state, code=kind == "code_inline")
            elif kind == "softbreak":
                self._run(paragraph, " ", state)
            elif kind == "hardbreak":
                self._run(paragraph, "", state)._r.append(OxmlElement("w:br"))
            elif kind in ("strong_open", "strong_close"):
                state.bold += 1 if kind == "strong_open" else -1
            elif kind in ("em_open", "em_close"):
                state.italic += 1 if kind == "em_open" else -1
            elif kind == "link_open":
                state.link = self._hyperlink(paragraph, str(child.attrGet("href")))
            elif kind == "link_close":
                state.link = None
            elif kind == "image":
                self._image(paragraph, child)

    def _run(self, paragraph: Paragraph, text: str, state: _Inline, code: bool = False) -> Run:
        run = paragraph.add_run(text)
        run.bold = True if state.bold > 0 else None
        run.italic = True if state.italic > 0 else None
        if code:
            run.font.name = CODE_FONT
        if state.link is not None:
            state.link.append(run._r)
            run.font.color.rgb = LINK_COLOR
            run.font.underline = True
        return run

    def _hyperlink(self, paragraph: Paragraph, href: str) -> BaseOxmlElement:
        r_id = self.part.relate_to(href, RT.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink", {qn("r:id"): r_id})
        paragraph._p.append(link)
        return link

    def _image(self, paragraph: Paragraph, token: Token) -> None:
        relative = safe_image_path(str(token.attrGet("src")))
        if self.root is None or relative is None:
            return
        try:
            data, _ = read_image(self.root, relative, HARD_MAX_IMAGE_SIZE)
            native = Image.from_blob(data)
        except (RefusedFile, UnrecognizedImageError, OSError):
            return  # refused (``check`` said why), or an SVG: python-docx cannot embed it
        paragraph.add_run().add_picture(io.BytesIO(data), width=min(native.width, self.width))

    # Tables.

    def _table(self, tokens: list[Token], index: int) -> int:
        rows: list[list[tuple[Token, str, bool]]] = []
        index += 1
        while tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "tr_open":
                rows.append([])
            elif token.type in ("th_open", "td_open"):
                align = str(token.attrGet("style") or "")
                rows[-1].append((tokens[index + 1], align, token.type == "th_open"))
            index += 1
        columns = max(len(row) for row in rows)
        table = self.body.add_table(rows=len(rows), cols=columns, width=self.width)
        self._table_look(table)
        shares = _column_shares(rows, columns, self.width.mm)
        cell_style = TABLE_STYLE if self._has_style(TABLE_STYLE) else None
        for row_index, row in enumerate(rows):
            for column, (inline, align, header) in enumerate(row):
                cell = table.cell(row_index, column)
                # python-docx hints Length; it takes any int of EMU (a Length is one).
                cell.width = int(self.width * shares[column])  # type: ignore[assignment]
                paragraph = cell.paragraphs[0]
                if cell_style:
                    paragraph.style = cell_style
                paragraph.alignment = _ALIGN.get(align)
                self._inline(paragraph, inline, _Inline(bold=header))
        for column, grid_col in zip(range(columns), table._tbl.tblGrid.gridCol_lst, strict=True):
            grid_col.w = int(self.width * shares[column])  # type: ignore[assignment]  # as cell.width
        for row_index, row in enumerate(rows):
            if row and row[0][2]:  # a header row (th cells) repeats on every page the table spans
                table.rows[row_index]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        return index + 1

    def _table_look(self, table: Table) -> None:
        """Grid lines and a fixed width: that of the page, or the ``width_mm`` given."""
        if self._has_style("Table Grid"):
            table.style = "Table Grid"
        table.autofit = False
        tbl_pr = table._tbl.tblPr
        width = tbl_pr.find(qn("w:tblW"))
        if width is None:
            width = OxmlElement("w:tblW")
            tbl_pr.append(width)
        width.set(qn("w:type"), "dxa")
        width.set(qn("w:w"), str(int(self.width.twips)))


def _column_shares(rows: list[list[tuple[Token, str, bool]]], columns: int, width_mm: float) -> list[float]:
    """Column widths as shares of the table: each fits its longest word, the rest goes by text length."""
    # A 10 pt bold character (a header, Cyrillic is wide), and the cell's side padding:
    # narrower, a header such as "Стоимость" breaks inside the word in LibreOffice.
    char_mm, padding_mm = 2.1, 4.0
    least, wanted = [padding_mm + char_mm] * columns, [padding_mm + char_mm] * columns
    for row in rows:
        for column, (inline, _, _) in enumerate(row):
            text = inline.content
            longest_word = max((len(w) for w in text.split()), default=0)
            least[column] = max(least[column], padding_mm + char_mm * longest_word)
            wanted[column] = max(wanted[column], padding_mm + char_mm * min(len(text), 60))
    spare = width_mm - sum(least)
    if spare <= 0:
        return [w / sum(least) for w in least]
    extra = [w - m for w, m in zip(wanted, least, strict=True)]
    total_extra = sum(extra) or 1.0
    widths = [m + spare * e / total_extra for m, e in zip(least, extra, strict=True)]
    return [w / width_mm for w in widths]


def _break() -> BaseOxmlElement:
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:br"))
    return run
