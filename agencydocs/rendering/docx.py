"""DOCX output: a docxtpl template filled from a :class:`DocumentContext`.

Templates see ``doc`` (the context), ``logo_image`` (the logo as an
inline image, SVG converted to PNG, or None), ``qr_image`` (an invoice's
payment QR code as a PNG, or None) and ``picture(chart)``, which places a
chart's PNG. Wherever a template uses the colour ``TEMPLATE_BRAND_COLOR``
(in its styles, text or borders), the output uses the agency's ``brand_color``.
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
from docx.opc.coreprops import CoreProperties
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from markupsafe import Markup, escape

from agencydocs.errors import InvalidInput, Problem
from agencydocs.kinds import RenderContext
from agencydocs.rendering.docx_check import display_name
from agencydocs.rendering.docx_labels import label_changes, relabel_xml
from agencydocs.rendering.limits import check_size
from agencydocs.rendering.logo import logo_raster
from agencydocs.rendering.markdown import markdown_subdoc
from agencydocs.rendering.templates import TemplateSource, make_environment

ZIP_EPOCH = dt.date(1980, 1, 1)  # the earliest date a zip entry can carry
LOGO_HEIGHT = Mm(14)
QR_SIZE = Mm(30)  # as in the PDF
# The built-in templates' brand colour; replaced by the agency's in every colour
# attribute of the output, so restyling in Word with another colour opts out.
TEMPLATE_BRAND_COLOR = "1F4E79"
_COLOR_ATTRIBUTE = re.compile(rb'(w:(?:color|fill|val)=")' + TEMPLATE_BRAND_COLOR.encode() + rb'"', re.I)
_RECOLORED_PARTS = re.compile(r"word/(document|styles|header\d*|footer\d*)\.xml")
# docxtpl turns "{_{" "}_}" "{_%" "%_}" in its *output* into Jinja delimiters, and
# "\a" / "\f" into new paragraphs and page breaks; data must never do either.
_DOCXTPL_MARKER = re.compile(r"\{_(?=[{%])|(?<=[}%])_\}")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_template_cache: dict[Path, tuple[tuple[int, int], bytes]] = {}


def render_docx(ctx: RenderContext, templates: TemplateSource) -> bytes:
    """Render ``ctx`` with its kind's DOCX template into deterministic bytes."""
    template = _filled(ctx, templates)
    set_core_properties(template.docx.core_properties, ctx.meta, ctx.locale)
    buffer = io.BytesIO()
    template.save(buffer)
    return normalize_docx(buffer.getvalue(), _document_date(ctx.meta), brand_color=ctx.brand_color)


def check_docx_render(ctx: RenderContext, templates: TemplateSource, max_bytes: int) -> None:
    """Render ``ctx`` as :func:`render_docx` does, raising what it would raise, past ``max_bytes`` too.

    For ``check``: the zip is written only when the filled parts, uncompressed
    (more than the zip of them can be), could pass the limit; most of a
    render's time is writing and rewriting that zip.
    """
    template = _filled(ctx, templates)
    parts = list(template.docx.part.package.iter_parts())
    if sum(len(part.blob) for part in parts) + _ZIP_ENTRY_BYTES * len(parts) > max_bytes:
        check_size("docx", len(render_docx(ctx, templates)), max_bytes)


# Beyond an entry's data, a zip holds its name twice, a local header and a central
# directory record (under 200 bytes for a DOCX part's name), and deflate may add a
# few bytes to data it cannot compress (images): a generous bound per entry.
_ZIP_ENTRY_BYTES = 1024


def _filled(ctx: RenderContext, templates: TemplateSource) -> DocxTemplate:
    """The kind's DOCX template rendered with ``ctx`` (not yet saved)."""
    path = templates.find_localized(ctx.kind, ".docx", ctx.locale)
    template = _ReusingDocxTemplate(io.BytesIO(_template_bytes(path)))
    template.label_changes = label_changes(ctx.locale, ctx.labels)
    context = {
        "doc": ctx,
        "logo_image": _logo(template, ctx.logo),
        "qr_image": _qr(template, ctx),
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
    return template


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
    """What ``picture()`` places, such as a :class:`~agencydocs.rendering.charts.Chart`."""

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


def _qr(template: DocxTemplate, ctx: RenderContext) -> InlineImage | None:
    """The invoice's payment QR code (the one its PDF shows) as a PNG, or None."""
    payment = getattr(ctx, "payment", None)
    data = logo_raster(getattr(payment, "qr_png", None))
    if data is None:
        return None
    return InlineImage(template, io.BytesIO(data), width=QR_SIZE, height=QR_SIZE)


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


def normalize_docx(data: bytes, date: dt.date = ZIP_EPOCH, brand_color: str = "") -> bytes:
    """Rewrite a DOCX zip: fixed entry dates, ``[Content_Types].xml`` first, the rest sorted;
    with ``brand_color`` (``#rrggbb``), the template's brand colour replaced by it."""
    date = max(date, ZIP_EPOCH)
    stamp = (date.year, date.month, date.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        # A part python-docx did not recognise and then wrote anew (LibreOffice's core properties,
        # whose relationship type it spells differently) is in the zip twice; the last one is current.
        unique = set(source.namelist())
        names = sorted(unique, key=lambda name: (name != "[Content_Types].xml", name))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # else it records the OS we run on
            info.external_attr = 0
            content = source.read(name)
            if brand_color and _RECOLORED_PARTS.fullmatch(name):
                content = _rebrand(content, brand_color)
            target.writestr(info, content, compresslevel=6)
    return out.getvalue()


def _rebrand(xml: bytes, brand_color: str) -> bytes:
    """Every colour attribute equal to ``TEMPLATE_BRAND_COLOR`` set to ``brand_color``."""
    color = brand_color.lstrip("#").upper()
    if not re.fullmatch(r"[0-9A-F]{6}", color):
        return xml  # the model checks it; a foreign value must not reach the XML
    return _COLOR_ATTRIBUTE.sub(lambda m: m.group(1) + color.encode() + b'"', xml)
