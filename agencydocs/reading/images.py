"""Images named by the workspace (logo, seal, signatures, Markdown images): checked by content.

An image is embedded into every HTML, PDF and DOCX sent to a client, so it
must be what it claims: a PNG or JPEG (recognised by their magic bytes, not
by the file name), or an SVG that is plain drawing. An SVG is XML and can
carry a ``<script>``, event handlers, ``<foreignObject>`` HTML, links to
other files or URLs, and entities (which can read local files or expand
exponentially), all of which are refused. The file itself is read through
:func:`agencydocs.reading.files.read_file` (confined to the workspace, regular, capped).
"""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path, PurePosixPath
from xml.parsers import expat

from agencydocs.reading.files import IMAGE_LIMIT, RefusedFile, read_file

DEFAULT_MAX_IMAGE_SIZE = 5 * 1024 * 1024
# Renderers read images that ``check`` accepted under the agency's own limit;
# this is only their backstop (the highest limit an agency may set).
HARD_MAX_IMAGE_SIZE = 64 * 1024 * 1024

_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
OUTSIDE_WORKSPACE = "must be a path inside the workspace"
_NOT_AN_IMAGE = "is not a PNG, JPEG or SVG image; export it as one of those"
_SVG_NS = "http://www.w3.org/2000/svg"
# A URL in an attribute or in CSS that leaves the image (anything but "#fragment").
_CSS_URL = re.compile(r"url\(\s*(?!['\"]?\s*#)|@import", re.IGNORECASE)


def sniff(data: bytes) -> str:
    """The MIME type of ``data`` if it is an allowed image, else :class:`RefusedFile`."""
    if data.startswith(_PNG):
        return "image/png"
    if data.startswith(_JPEG):
        return "image/jpeg"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        _check_svg(data)
        return "image/svg+xml"
    raise RefusedFile(_NOT_AN_IMAGE)


def read_image(root: Path, relative: str | PurePosixPath, max_bytes: int) -> tuple[bytes, str]:
    """The bytes and MIME type of the workspace image at ``relative``; :class:`RefusedFile` if not allowed."""
    root = root.resolve()
    path = root / str(relative)
    if not path.is_symlink() and not _lexically_inside(root, path):
        raise RefusedFile(OUTSIDE_WORKSPACE)
    data = read_file(path, root=root, max_bytes=max_bytes, limit=IMAGE_LIMIT)
    return data, sniff(data)


def _lexically_inside(root: Path, path: Path) -> bool:
    """``/etc/x`` or ``../x`` is not a workspace path; a link that leads out is reported by read_file."""
    normal = Path(os.path.normpath(path))
    return normal.is_relative_to(root)


def image_data_uri(root: Path, relative: str | PurePosixPath | None) -> str | None:
    """Embed a workspace image as a ``data:`` URI, or None when there is none or it is refused."""
    if not relative:
        return None
    try:
        data, mime = read_image(root, relative, HARD_MAX_IMAGE_SIZE)
    except RefusedFile:
        return None  # ``check`` reported it; a build never gets here with it
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


class _SvgCheck:
    """Expat handlers that stop at the first thing an SVG logo must not contain."""

    def __init__(self) -> None:
        self.root_seen = False

    def doctype(self, name: str, *_: object) -> None:
        if name.rpartition(":")[2].lower() != "svg":
            raise RefusedFile(_NOT_AN_IMAGE)
        raise RefusedFile("is an SVG with a DOCTYPE (entities can read other files); remove the DOCTYPE")

    def entity(self, *_: object) -> None:
        raise RefusedFile("is an SVG that declares entities; remove them")

    def instruction(self, target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":
            raise RefusedFile("is an SVG that loads a stylesheet; remove the <?xml-stylesheet?> line")

    def start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if not self.root_seen:
            self.root_seen = True
            if local != "svg" or namespace not in ("", _SVG_NS):
                raise RefusedFile(_NOT_AN_IMAGE)
        if local.lower() in ("script", "foreignobject", "iframe", "embed", "object"):
            raise RefusedFile(f"is an SVG with a <{local}> element; remove it")
        for attribute, value in attributes.items():
            local_attribute = attribute.rpartition(" ")[2].lower()
            if local_attribute.startswith("on"):
                raise RefusedFile(f"is an SVG with a script in {local_attribute}=; remove it")
            if local_attribute in ("href", "src") and not _internal_reference(value):
                raise RefusedFile(f'is an SVG that references "{value[:60]}"; embed the drawing instead')
            if _CSS_URL.search(value):
                raise RefusedFile("is an SVG whose style loads another file; remove the url()")

    def text(self, data: str) -> None:
        if _CSS_URL.search(data):
            raise RefusedFile("is an SVG whose style loads another file; remove the url()")


def _internal_reference(value: str) -> bool:
    """``#id`` or an embedded PNG/JPEG (drawing tools embed bitmaps so); never another file or URL."""
    value = value.strip().lower()
    return value.startswith(("#", "data:image/png;", "data:image/jpeg;"))


def _check_svg(data: bytes) -> None:
    check = _SvgCheck()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = check.doctype
    parser.EntityDeclHandler = check.entity
    parser.ProcessingInstructionHandler = check.instruction
    parser.StartElementHandler = check.start
    parser.CharacterDataHandler = check.text
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        if not check.root_seen:
            raise RefusedFile(_NOT_AN_IMAGE) from None
        raise RefusedFile(f"is not a well-formed SVG (line {exc.lineno}); save it again") from None
    if not check.root_seen:
        raise RefusedFile(_NOT_AN_IMAGE)
