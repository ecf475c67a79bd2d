"""Lint a DOCX template before docxtpl renders it.

Two checks, both located by paragraph number and text excerpt:

* **Split tags.** Word stores text in runs and splits a hand-typed
  ``{{ tag }}`` over several of them (spell-check marks, formatting, edits).
  docxtpl joins the pieces of a tag inside one paragraph (a warning: the
  formatting of all but the first piece is lost), but a tag that crosses a
  paragraph or a hyperlink/field boundary corrupts the document (an error).
* **Jinja syntax.** The XML is preprocessed exactly as docxtpl does and
  compiled with the sandboxed environment; an error's line is mapped back to
  the tag and paragraph it came from, an unclosed block to where it opened,
  a tag in an attribute (a bookmark name an editor rewrote) to its element.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import jinja2
from docx.oxml import parse_xml
from docxtpl import DocxTemplate
from lxml import etree

from agencydocs.errors import Problem
from agencydocs.rendering.templates import BUILTIN_TEMPLATES, make_environment

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes)\.xml")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_OPENING = re.compile(r"\{[{%#]")
_LINE_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
_DOCXTPL_PREFIX = re.compile(r"^(\{[{%#])-?\s*(?:p|tr|tc|r)\s+")
_BLOCKS = {"if", "for", "macro", "call", "filter", "with", "block", "autoescape"}
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_CORE_PROPERTIES = ("title", "subject", "creator", "description", "identifier", "language")


@dataclass(frozen=True)
class _Site:
    """A Jinja tag as Word stores it: its text, paragraph and the w:t pieces."""

    text: str
    paragraph: int
    pieces: tuple[etree._Element, ...]
    paragraphs: int  # how many paragraphs it touches


def display_name(path: Path, root: Path | None = None) -> str:
    """A template's name in messages: workspace-relative, or marked built-in."""
    path = path.resolve()
    if root is not None and path.is_relative_to(root.resolve()):
        return path.relative_to(root.resolve()).as_posix()
    if path.is_relative_to(BUILTIN_TEMPLATES):
        return f"agencydocs/templates/{path.relative_to(BUILTIN_TEMPLATES).as_posix()} (built-in)"
    return str(path)


def check_docx_template(path: Path, display: str | None = None) -> list[Problem]:
    """Problems of the DOCX template at ``path``: split tags and Jinja syntax errors."""
    name = display or display_name(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [Problem(name, message=f"not a readable DOCX file: {exc}")]
    return list(_check_docx_bytes(data, name))


@functools.lru_cache(maxsize=64)
def _check_docx_bytes(data: bytes, name: str) -> tuple[Problem, ...]:
    """The problems of one template's bytes, once per process (every ``check`` lints the same files)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        return (Problem(name, message=f"not a readable DOCX file: {exc}"),)
    problems: list[Problem] = []
    with archive:
        for part in sorted(n for n in archive.namelist() if _PARTS.fullmatch(n)):
            try:
                root = parse_xml(archive.read(part))
            except etree.XMLSyntaxError as exc:
                problems.append(Problem(name, field=part, message=f"broken XML: {exc}"))
                continue
            where = "" if part == "word/document.xml" else Path(part).stem + " "
            sites = _sites(root)
            problems += [_split_problem(name, where, site) for site in sites if _is_split(site)]
            problems += _syntax_problems(name, where, root, sites)
        problems += _core_property_problems(name, archive)
    return tuple(problems)


def _paragraph_of(element: etree._Element) -> etree._Element | None:
    return next(element.iterancestors(f"{W}p"), None)


def _sites(root: etree._Element) -> list[_Site]:
    """Every tag in the part's visible text, paragraphs joined by a newline."""
    text: list[str] = []
    owners: list[tuple[int, etree._Element | None]] = []
    for number, paragraph in enumerate(root.iter(f"{W}p"), start=1):
        for piece in paragraph.iter(f"{W}t"):
            if _paragraph_of(piece) is paragraph and piece.text:
                text.append(piece.text)
                owners += [(number, piece)] * len(piece.text)
        text.append("\n")
        owners.append((number, None))
    sites = []
    for match in _TAG.finditer("".join(text)):
        span = owners[match.start() : match.end()]
        pieces = tuple(dict.fromkeys(piece for _, piece in span if piece is not None))
        sites.append(_Site(match.group(0), span[0][0], pieces, len({number for number, _ in span})))
    return sites


def _is_split(site: _Site) -> bool:
    return len(site.pieces) > 1 or site.paragraphs > 1


def _split_problem(name: str, where: str, site: _Site) -> Problem:
    """A split tag, with the text of its paragraph so that it can be found in Word, and the fix."""
    runs = {piece.getparent() for piece in site.pieces}
    containers = {run.getparent() for run in runs}
    tag = _shorten(site.text)
    field = f"{where}paragraph {site.paragraph}"
    if _OPENING.search(site.text, 2):
        return Problem(
            name,
            field=field,
            message=f"Jinja tag {_shorten(site.text, 24)!r} is not closed before the next tag starts",
        )
    context = f"in the paragraph {_paragraph_text(site)!r}"
    if site.paragraphs > 1 or len(containers) > 1:
        return Problem(
            name,
            field=field,
            message=f"Jinja tag {tag!r} crosses a paragraph, hyperlink or field boundary {context}; "
            "docxtpl would corrupt the document: retype the whole tag inside one paragraph",
        )
    return Problem(
        name,
        field=field,
        message=f"Jinja tag {tag!r} is split across {len(runs)} Word runs {context}; docxtpl joins them "
        "but drops their formatting: select the tag, clear its formatting (Ctrl+Space) or retype it in one go",
        severity="warning",
    )


def _paragraph_text(site: _Site) -> str:
    """The visible text of the paragraph a tag starts in, shortened."""
    paragraph = _paragraph_of(site.pieces[0]) if site.pieces else None
    if paragraph is None:
        return ""
    return _shorten(_own_text(paragraph), 80)


def _docxtpl_source(root: etree._Element) -> str:
    """The text docxtpl compiles for this part, one tag per line for error lines."""
    body = root.find(f"{W}body")
    xml = etree.tostring(body if body is not None else root, encoding="unicode")
    patched = DocxTemplate(io.BytesIO()).patch_xml(xml)
    patched = re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)
    return re.sub(r"(?=\{[{%#])", "\n", patched)


def _syntax_problems(name: str, where: str, root: etree._Element, sites: list[_Site]) -> list[Problem]:
    env = make_environment()
    source = _docxtpl_source(root)
    try:
        env.compile(source)
    except jinja2.TemplateSyntaxError as exc:
        assert exc.message is not None  # a syntax error always carries its message
        lineno = _unclosed_block(env, source) if "end of template" in exc.message else exc.lineno
        site = _site_at(source, lineno, sites)
        if site is None and (problem := _attribute_problem(name, where, root, source, lineno, exc.message)):
            return [problem]
        field = f"{where}paragraph {site.paragraph}" if site else where.strip()
        near = _shorten(site.text if site else _visible_line(source, lineno))
        return [Problem(name, field=field, message=f"Jinja syntax error in {near!r}: {exc.message}")]
    return []


def _attribute_problem(
    name: str, where: str, root: etree._Element, source: str, lineno: int, error: str
) -> Problem | None:
    """A broken tag inside an XML attribute (a bookmark's name…), which Word does not show.

    An editor rewrites such attributes when it saves (LibreOffice turns the
    spaces of a bookmark name into underscores), so the tag is named with
    the element, attribute and paragraph it sits in.
    """
    lines = source.splitlines()
    if not 1 < lineno <= len(lines) or not re.search(r"\s[\w:]+=\"$", lines[lineno - 2]):
        return None
    tag = lines[lineno - 1].split('"', 1)[0]
    for number, paragraph in enumerate(root.iter(f"{W}p"), start=1):
        for element in paragraph.iter():
            attribute = next((key for key, value in element.attrib.items() if value == tag), None)
            if attribute is None or _paragraph_of(element) is not paragraph:
                continue
            text = _own_text(paragraph)
            return Problem(
                name,
                field=f"{where}paragraph {number}",
                message=f"Jinja syntax error in {_shorten(tag)!r}, in the {_prefixed(attribute)} attribute of "
                f"<{_prefixed(element.tag)}> in the paragraph {_shorten(text)!r}: {error}; the editor "
                "rewrote this tag when saving (it does that to bookmark names and other attributes): "
                "restore it from the original template, or keep Jinja out of attributes",
            )
    return None


def _own_text(paragraph: etree._Element) -> str:
    """The text of a paragraph without that of paragraphs nested in it (text boxes)."""
    return "".join(t.text or "" for t in paragraph.iter(f"{W}t") if _paragraph_of(t) is paragraph)


def _prefixed(name: str) -> str:
    """``{…wordprocessingml…}name`` as ``w:name``."""
    return name.replace(W, "w:")


def _unclosed_block(env: jinja2.Environment, source: str) -> int:
    """Line of the innermost block tag left open (for "unexpected end of template")."""
    stack: list[int] = []
    after_begin = False
    try:
        for lineno, token, value in env.lex(source):
            if token == "whitespace":
                continue
            if after_begin and token == "name":
                if value in _BLOCKS:
                    stack.append(lineno)
                elif value.startswith("end") and value[3:] in _BLOCKS and stack:
                    stack.pop()
            after_begin = token == "block_begin"
    except jinja2.TemplateSyntaxError as exc:
        return exc.lineno
    return stack[-1] if stack else source.count("\n") + 1


def _visible_line(source: str, lineno: int) -> str:
    """The text of a compiled line without its XML, when no Word tag matches it."""
    lines = source.splitlines()
    return re.sub(r"<[^>]*>", "", lines[lineno - 1]) if 0 < lineno <= len(lines) else ""


def _normalize(tag: str) -> str:
    straight = tag.translate(_QUOTES)  # docxtpl straightens Word's smart quotes inside tags
    return " ".join(_DOCXTPL_PREFIX.sub(r"\1 ", straight).split())


def _site_at(source: str, lineno: int, sites: list[_Site]) -> _Site | None:
    """The Word tag a compiled line came from: the k-th tag with the same text."""
    lines = source.splitlines()
    if not 0 < lineno <= len(lines) or not (match := _LINE_TAG.match(lines[lineno - 1])):
        return None
    wanted = _normalize(match.group(0))
    earlier = sum(
        1 for line in lines[: lineno - 1] if (m := _LINE_TAG.match(line)) and _normalize(m.group(0)) == wanted
    )
    same = [site for site in sites if _normalize(site.text) == wanted]
    return same[earlier] if earlier < len(same) else None


def _core_property_problems(name: str, archive: zipfile.ZipFile) -> list[Problem]:
    """docxtpl renders some core properties (title, subject…) as templates too."""
    if "docProps/core.xml" not in archive.namelist():
        return []
    env = make_environment()
    problems = []
    for element in etree.fromstring(archive.read("docProps/core.xml")):
        prop = etree.QName(element).localname
        if prop in _CORE_PROPERTIES and element.text:
            try:
                env.parse(element.text)
            except jinja2.TemplateSyntaxError as exc:
                problems.append(
                    Problem(name, field=f"core property {prop}", message=f"Jinja syntax error: {exc}")
                )
    return problems


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
