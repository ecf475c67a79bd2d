"""DOCX output: a docxtpl template filled from a :class:`DocumentContext`.

Templates see ``doc`` (the context), ``logo_image`` (the logo as an
inline image, SVG converted to PNG, or None) and ``picture(chart)``, which places a chart's PNG.
Rendering uses the sandboxed, autoescaping environment; a finalizer keeps
data from ever acting as docxtpl syntax. The output zip is
rewritten with fixed timestamps, a stable entry order and core properties
taken from the document itself, so the same context gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

import jinja2
from docx.document import Document
from docx.opc.coreprops import CoreProperties
from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from markupsafe import Markup, escape

from agencydocs.errors import InvalidInput, Problem
from agencydocs.kinds import RenderContext
from agencydocs.markdown import markdown_subdoc
from agencydocs.rendering.docx_check import display_name
from agencydocs.rendering.docx_labels import label_changes, relabel_xml
from agencydocs.rendering.logo import logo_raster
from agencydocs.rendering.templates import TemplateSource, make_environment

ZIP_EPOCH = dt.date(1980, 1, 1)
# A template draws in the brand colour by using this one (the default brand) in a style or
# the body: a text colour, a border or a shading fill; each document gets its agency's colour.
TEMPLATE_BRAND = "1F4E79"
_COLOR_ATTRIBUTES = tuple(
    qn(f"w:{name}") for name in ("val", "color", "fill")
)  # the earliest date a zip entry can carry
LOGO_HEIGHT = Mm(14)
# docxtpl turns "{_{" "}_}" "{_%" "%_}" in its *output* into Jinja delimiters, and
# "\a" / "\f" into new paragraphs and page breaks; data must never do either.
_DOCXTPL_MARKER = re.compile(r"\{_(?=[{%])|(?<=[}%])_\}")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_template_cache: dict[Path, tuple[tuple[int, int], bytes]] = {}


def render_docx(ctx: RenderContext, templates: TemplateSource) -> bytes:
    """Render ``ctx`` with its kind's DOCX template into deterministic bytes."""
    path = templates.find_localized(ctx.kind, ".docx", ctx.locale)
    template = _ReusingDocxTemplate(io.BytesIO(_template_bytes(path)))
    template.label_changes = label_changes(ctx.locale, ctx.labels)
    context = {
        "doc": ctx,
        "logo_image": _logo(template, ctx.logo),
        "picture": functools.partial(_picture, template),
    }
    env = _shared_environment()
    # Compiled templates look filters up when they run, so rebinding per render is safe.
    env.filters["markdown"] = functools.partial(markdown_subdoc, template=template, root=templates.root)
    try:
        template.render(context, jinja_env=env, autoescape=True)
    except jinja2.TemplateError as exc:
        where = display_name(path, templates.root)
        raise InvalidInput(
            f"rendering {ctx.kind} {ctx.number} as DOCX failed",
            [Problem(where, message=f"template error: {exc}")],
        ) from None
    paint_brand(template.docx, ctx.brand_color)
    set_core_properties(template.docx.core_properties, ctx.meta, ctx.locale)
    buffer = io.BytesIO()
    template.save(buffer)
    return normalize_docx(buffer.getvalue(), _document_date(ctx.meta))


class _ReusingDocxTemplate(DocxTemplate):
    """docxtpl re-patches the same template XML on every render; do it once per process."""

    _patched: dict[str, str] = {}
    label_changes: Mapping[str, str] = {}  # workspace wording of the template's fixed labels

    def patch_xml(self, src_xml: str) -> str:
        patched = self._patched.get(src_xml)
        if patched is None:
            patched = self._patched[src_xml] = super().patch_xml(src_xml)
        return relabel_xml(patched, self.label_changes)


@functools.cache
def _shared_environment() -> jinja2.Environment:
    """One environment per process whose ``from_string`` reuses compiled templates.

    docxtpl compiles the document XML with ``from_string`` on every render,
    which costs more than the render itself; the XML of a template is the
    same for every document, so the compiled template is too.
    """
    env = docx_environment()
    # Patching a method of jinja2's class; lru_cache's wrapper has a looser signature than it.
    env.from_string = functools.lru_cache(maxsize=64)(env.from_string)  # type: ignore[method-assign, assignment]
    return env


def docx_environment() -> jinja2.Environment:
    """The shared sandboxed environment, with output made inert for docxtpl."""
    env = make_environment()
    env.finalize = _inert
    return env


def _inert(value: object) -> object:
    """Escape a value for XML and defuse docxtpl's post-render markers in it."""
    if hasattr(value, "__html__") or value is None:
        return value
    text = str(escape(value))
    # "&#95;" is "_" to any XML reader, but not to docxtpl's string replace.
    text = _DOCXTPL_MARKER.sub(lambda m: m.group(0).replace("_", "&#95;"), text)
    return Markup(_XML_ILLEGAL.sub("\ufffd", text))


def _template_bytes(path: Path) -> bytes:
    """Read each template once per process (again only if the file changed, as in watch mode)."""
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _template_cache.get(path)
    if cached is None or cached[0] != stamp:
        cached = _template_cache[path] = (stamp, path.read_bytes())
    return cached[1]


class _Picture(Protocol):
    """What ``picture()`` places, such as a :class:`~agencydocs.charts.Chart`."""

    @property
    def png(self) -> bytes: ...

    @property
    def width_mm(self) -> float: ...


def _picture(template: DocxTemplate, image: _Picture) -> InlineImage:
    """``{{ picture(chart) }}``: an object with ``png`` bytes and ``width_mm`` as an inline image."""
    return InlineImage(template, io.BytesIO(image.png), width=Mm(image.width_mm))


def _logo(template: DocxTemplate, logo: str | None) -> InlineImage | None:
    """The logo data URI as an inline image (an SVG logo converted to PNG), or None."""
    data = logo_raster(logo)
    if data is None:
        return None
    return InlineImage(template, io.BytesIO(data), height=LOGO_HEIGHT)


def paint_brand(document: Document, brand_color: str) -> None:
    """Replace the template's brand colour (:data:`TEMPLATE_BRAND`) with ``brand_color`` (#rrggbb)."""
    brand = brand_color.lstrip("#").upper()
    if brand == TEMPLATE_BRAND:
        return
    color_tags = {qn(f"w:{name}") for name in ("color", "shd", *_BORDER_EDGES)}
    for part in (document.styles.element, document.element.body):
        for element in part.iter(*color_tags):
            for attribute in _COLOR_ATTRIBUTES:
                if (element.get(attribute) or "").upper() == TEMPLATE_BRAND:
                    element.set(attribute, brand)


_BORDER_EDGES = ("top", "left", "bottom", "right", "insideH", "insideV", "between")


def _document_date(meta: Mapping[str, str]) -> dt.date:
    try:
        date = dt.date.fromisoformat(meta.get("date", ""))
    except ValueError:
        return ZIP_EPOCH
    return max(date, ZIP_EPOCH)


def set_core_properties(props: CoreProperties, meta: Mapping[str, str], language: str = "") -> None:
    """Document metadata from ``meta`` only: no clock, no machine, no random ids."""
    when = dt.datetime.combine(_document_date(meta), dt.time())
    props.title = meta.get("title", "")
    props.subject = meta.get("subject", "")
    props.author = props.last_modified_by = meta.get("author", "")
    props.comments = props.keywords = props.category = ""
    props.language = language
    props.created = props.modified = props.last_printed = when
    props.revision = 1


def normalize_docx(data: bytes, date: dt.date = ZIP_EPOCH) -> bytes:
    """Rewrite a DOCX zip: fixed entry dates, ``[Content_Types].xml`` first, the rest sorted."""
    date = max(date, ZIP_EPOCH)
    stamp = (date.year, date.month, date.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = sorted(source.namelist(), key=lambda name: (name != "[Content_Types].xml", name))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # else it records the OS we run on
            info.external_attr = 0
            target.writestr(info, source.read(name), compresslevel=6)
    return out.getvalue()
