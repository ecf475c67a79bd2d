"""Markdown in long text fields: safe HTML, and real Word paragraphs for DOCX.

One parser (markdown-it-py, CommonMark + tables, raw HTML off) and one token
filter serve both formats, so HTML, PDF and DOCX show the same content:

* links survive only with an ``http``, ``https`` or ``mailto`` target; any
  other link keeps its text and loses the link;
* images survive only with a relative path that stays inside the workspace
  (no scheme, no leading ``/``, no ``..``); others are dropped;
* raw HTML in the source is shown as text, never interpreted;
* control characters (other than tab and newline) become U+FFFD.

:func:`markdown_html` returns :class:`~markupsafe.Markup` for Jinja;
:func:`markdown_subdoc` returns a Subdoc-like object (docxtpl inserts its
``__html__``: Word body XML) whose content is built with python-docx (paragraphs, bold/italic runs, "List Bullet" /
"List Number" paragraphs with restarted numbering, hyperlinks, tables), to be
placed with ``{{p text | markdown }}`` in a paragraph of its own.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

from agencydocs.reading.images import image_data_uri

if TYPE_CHECKING:
    from docxtpl import DocxTemplate

    from agencydocs.rendering.markdown_docx import MarkdownSubdoc

__all__ = [
    "image_sources",
    "markdown_escape",
    "markdown_html",
    "markdown_subdoc",
    "safe_image_path",
    "safe_link",
]

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Everything CommonMark treats as punctuation that may start or end markup.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    # Accept every URL while parsing, so a refused link still parses as a link
    # and _safe_inline can keep its text; the allow-list is applied there.
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # markdown-it-py: replace to override
    return md


def markdown_escape(text: str) -> str:
    """Backslash-escape ``text`` so Markdown shows it literally (for values put into Markdown)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def safe_link(href: str) -> bool:
    """Whether a link target may be kept: an ``http``, ``https`` or ``mailto`` URL."""
    match = _SCHEME.match(unquote(href))
    return match is not None and match.group(1).lower() in LINK_SCHEMES


def safe_image_path(src: str) -> PurePosixPath | None:
    """The relative workspace path of an image source, or None when it may not be used."""
    path = unquote(src).strip()
    if not path or _SCHEME.match(path) or path.startswith(("/", "\\")) or "\\" in path:
        return None
    pure = PurePosixPath(path)
    if ".." in pure.parts:
        return None
    return pure


def image_sources(text: str) -> list[PurePosixPath]:
    """The workspace paths of the images ``text`` shows (for ``check`` to verify each file)."""
    if "![" not in text:
        return []
    return [
        path
        for token in _tokens(text)
        for child in token.children or ()
        if child.type == "image" and (path := safe_image_path(str(child.attrGet("src") or ""))) is not None
    ]


def _tokens(text: str) -> list[Token]:
    tokens = _parser().parse(_CONTROL.sub("\ufffd", text or ""))
    for token in tokens:
        if token.type == "inline" and token.children:
            token.children = _safe_inline(token.children)
    return tokens


def _safe_inline(children: list[Token]) -> list[Token]:
    """Drop refused links (keeping their text) and refused images."""
    kept: list[Token] = []
    open_links: list[bool] = []
    for child in children:
        if child.type == "link_open":
            allowed = safe_link(str(child.attrGet("href") or ""))
            open_links.append(allowed)
            if allowed:
                kept.append(child)
        elif child.type == "link_close":
            if open_links.pop() if open_links else False:
                kept.append(child)
        elif child.type == "image":
            if safe_image_path(str(child.attrGet("src") or "")) is not None:
                kept.append(child)
        else:
            kept.append(child)
    return kept


def _prefix_tokens(tokens: list[Token], prefix: str) -> list[Token]:
    """Start the first paragraph with ``prefix`` (e.g. a clause number), adding one if needed."""
    marker = Token("html_inline", "", 0, content=f'<span class="md-prefix">{escape(prefix)}</span> ')
    if len(tokens) >= 2 and tokens[0].type == "paragraph_open" and tokens[1].type == "inline":
        tokens[1].children = [marker, *(tokens[1].children or [])]
        return tokens
    inline = Token("inline", "", 0, children=[marker])
    opening = Token("paragraph_open", "p", 1, block=True)
    return [opening, inline, Token("paragraph_close", "p", -1, block=True), *tokens]


def markdown_html(text: str, *, prefix: str = "", root: Path | None = None) -> Markup:
    """Render Markdown to safe HTML.

    Args:
        text: Markdown source (CommonMark + tables).
        prefix: Plain text to start the first paragraph with (a clause number).
        root: The workspace; when given, allowed images are embedded as
            ``data:`` URIs (missing files are dropped), else kept as relative
            paths for the PDF renderer to resolve against the workspace.
    """
    tokens = _tokens(text)
    for token in tokens:
        for child in token.children or ():
            if child.type == "image" and root is not None:
                relative = safe_image_path(str(child.attrGet("src")))
                uri = image_data_uri(root, relative) if relative is not None else None
                child.attrSet("src", uri or "")
        if token.children:
            token.children = [c for c in token.children if c.type != "image" or c.attrGet("src")]
    if prefix:
        tokens = _prefix_tokens(tokens, prefix)
    md = _parser()
    return Markup(md.renderer.render(tokens, md.options, {}))


def markdown_subdoc(
    text: str,
    template: DocxTemplate,
    *,
    style: str | None = None,
    prefix: str = "",
    root: Path | None = None,
    width_mm: float | None = None,
    optional: bool = False,
) -> MarkdownSubdoc:
    """Build Word paragraphs, runs, lists, links and tables from Markdown.

    Args:
        text: Markdown source.
        template: The docxtpl template being rendered; its styles ("List
            Bullet", "List Number", "Table Grid") and numbering are used.
        style: Paragraph style of ordinary paragraphs (default: Normal).
        prefix: Plain text to start the first paragraph with (a clause number).
        root: The workspace; when given, allowed images inside it are embedded.
        width_mm: Width of tables (and the widest image), default 160 mm; pass the
            column width when the text sits in a table cell.
        optional: An empty ``text`` gives no paragraph at all, so that the template's
            ``{{p …}}`` paragraph vanishes (a field that may be missing, where no
            ``{%p if %}`` is needed). By default it leaves one empty paragraph, which
            a table cell with nothing else needs.
    """
    from docx.shared import Mm

    from agencydocs.rendering.markdown_docx import (
        MAX_IMAGE_WIDTH,
        MarkdownSubdoc,
        WordWriter,
    )  # python-docx when needed

    subdoc = MarkdownSubdoc(template)
    width = Mm(width_mm) if width_mm else MAX_IMAGE_WIDTH
    tokens = _tokens(text)
    if optional and not tokens and not prefix:
        return subdoc
    WordWriter(subdoc, style=style, prefix=prefix, root=root, width=width).write(tokens)
    return subdoc
