"""HTML -> PDF with WeasyPrint: confined resource loading, reproducible bytes.

WeasyPrint fetches ``file:``, ``http(s):`` and ``ftp:`` URLs by default and
embeds ``<link rel="attachment">`` targets into the PDF. Here every URL goes
through :class:`ConfinedURLFetcher`, which serves ``data:`` URLs, files inside
the allowed roots and the package's own resources (``agencydocs:fonts/…``);
anything else is refused and reported in the log, never fetched.

The same HTML gives the same bytes: dates come from the document, the PDF
identifier from the HTML, and ``SOURCE_DATE_EPOCH`` pins the timestamps of the
fontTools fallback subsetter (used where HarfBuzz-subset is missing).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import logging
import mimetypes
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, Request, url2pathname

from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from agencydocs import PACKAGE_DIR

PACKAGE_SCHEME = "agencydocs"
"""``agencydocs:fonts/NotoSans-Regular.ttf`` names a file of the installed package."""

LOGGER = logging.getLogger(__name__)
_STYLE_BLOCK = re.compile(r"<style>(.*?)</style>", re.DOTALL)


class RefusedURLError(ValueError):
    """A resource URL that the confined fetcher will not load."""


class ConfinedURLFetcher(URLFetcher):
    """Deny-by-default WeasyPrint fetcher: ``data:``, package files, files under the roots."""

    def __init__(self, allowed_roots: Sequence[Path]) -> None:
        super().__init__(allow_redirects=False, fail_on_errors=False)
        roots = (PACKAGE_DIR, *allowed_roots)
        self.roots: tuple[Path, ...] = tuple(dict.fromkeys(Path(root).resolve() for root in roots))
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        """Serve ``url`` if it is allowed, else raise :class:`RefusedURLError`."""
        try:
            return self._fetch_allowed(url)
        except RefusedURLError:
            self.refused.append(url)
            raise

    def open(self, url: object, data: object = None, timeout: object = None) -> URLFetcherResponse:
        # urllib-style entry points must not reach the inherited HTTP/FTP handlers.
        return self.fetch(url.full_url if isinstance(url, Request) else str(url))

    def _fetch_allowed(self, url: str) -> URLFetcherResponse:
        scheme = url.partition(":")[0].lower()
        if scheme == "data":
            return self._data(url)
        if scheme == "file":
            return self._file(url, self._file_url_path(url))
        if scheme == PACKAGE_SCHEME:
            relative = unquote(urlsplit(url).path).lstrip("/")
            return self._file(url, PACKAGE_DIR / relative)
        raise RefusedURLError(f"refused to fetch {_short(url)}: only data: URLs and local files are allowed")

    @staticmethod
    def _data(url: str) -> URLFetcherResponse:
        response = DataHandler().data_open(Request(url))
        return URLFetcherResponse(url, response.read(), dict(response.headers.items()))

    @staticmethod
    def _file_url_path(url: str) -> Path:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedURLError(f"refused to fetch {_short(url)}: remote file host")
        return Path(url2pathname(parts.path))

    def _file(self, url: str, path: Path) -> URLFetcherResponse:
        try:
            # strict resolve follows every symlink, so a link pointing out of a root is caught.
            resolved = path.resolve(strict=True)
        except (OSError, RuntimeError, ValueError) as error:
            raise RefusedURLError(f"refused to fetch {_short(url)}: {error}") from None
        if not any(resolved.is_relative_to(root) for root in self.roots):
            raise RefusedURLError(f"refused to fetch {_short(url)}: outside the workspace and the package")
        if not resolved.is_file():
            raise RefusedURLError(f"refused to fetch {_short(url)}: not a file")
        content_type = mimetypes.guess_type(resolved.name)[0] or "application/octet-stream"
        return URLFetcherResponse(resolved.as_uri(), resolved.read_bytes(), {"Content-Type": content_type})


def _short(url: str) -> str:
    return url if len(url) <= 120 else url[:117] + "..."


@functools.cache
def _font_config() -> FontConfiguration:
    """One font configuration per process: each @font-face file is loaded and scanned once."""
    return FontConfiguration()


def render_pdf(
    html: str,
    *,
    base_url: str | None,
    allowed_roots: Sequence[Path],
    created: dt.date,
    variant: str | None = None,
) -> bytes:
    """Render ``html`` to PDF bytes, reading resources only from ``allowed_roots`` and the package.

    Args:
        html: The document, as produced by :func:`agencydocs.rendering.html.render_html`.
        base_url: Base for relative URLs (e.g. the workspace root as a ``file:`` URL), or None.
        allowed_roots: Folders whose files may be read (the package is always allowed).
        created: The document's date: PDF creation and modification dates.
        variant: A WeasyPrint ``pdf_variant`` (``pdf/a-3b`` for a Factur-X invoice), or None.

    Refused URLs are logged as warnings and left out of the PDF.
    """
    fetcher = ConfinedURLFetcher(allowed_roots)
    body, styles = split_styles(html)
    stylesheets = [_stylesheet(text, base_url, tuple(allowed_roots)) for text in styles]
    document = HTML(string=body, base_url=base_url, url_fetcher=fetcher)
    stamp = created.isoformat()
    with _source_date_epoch(created):
        rendered = document.render(font_config=_font_config(), stylesheets=stylesheets)
        rendered.metadata.created = stamp
        rendered.metadata.modified = stamp
        _pin_attachment_dates(rendered.metadata.attachments, created)
        pdf = rendered.write_pdf(pdf_identifier=_identifier(html), pdf_variant=variant)
    for url in dict.fromkeys(fetcher.refused):
        LOGGER.warning("not embedded in the PDF: refused to fetch %s", _short(url))
    return pdf


def split_styles(html: str) -> tuple[str, list[str]]:
    """Take the ``<style>`` blocks out of ``html``: ``(html without them, their texts)``.

    The HTML files inline their stylesheet so that they stand alone; for the
    PDF the same text is parsed once per process and passed to WeasyPrint
    as a stylesheet, which saves about a sixth of each document's time. Our
    templates use no presentational attributes, so moving the rules from
    the author to the user origin does not change the cascade.
    """
    styles = [match.group(1) for match in _STYLE_BLOCK.finditer(html)]
    return _STYLE_BLOCK.sub("", html), styles


@functools.lru_cache(maxsize=32)
def _stylesheet(text: str, base_url: str | None, allowed_roots: tuple[Path, ...]) -> CSS:
    fetcher = ConfinedURLFetcher(allowed_roots)
    stylesheet = CSS(string=text, base_url=base_url, url_fetcher=fetcher, font_config=_font_config())
    for url in dict.fromkeys(fetcher.refused):
        LOGGER.warning("not embedded in the PDF: refused to fetch %s", _short(url))
    return stylesheet


def _identifier(html: str) -> bytes:
    """A stable PDF file identifier: the same HTML gets the same ``/ID``."""
    return hashlib.md5(html.encode("utf-8"), usedforsecurity=False).hexdigest().encode("ascii")


def _pin_attachment_dates(attachments: Sequence[Attachment], created: dt.date) -> None:
    """WeasyPrint stamps attachments with the current time; use the document date."""
    moment = dt.datetime.combine(created, dt.time())
    for attachment in attachments:
        attachment.created = moment
        attachment.modified = moment


@contextlib.contextmanager
def _source_date_epoch(created: dt.date) -> Iterator[None]:
    """Pin fontTools' ``head`` timestamps (its fallback subsetter stamps the current time)."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    epoch = dt.datetime.combine(created, dt.time(), tzinfo=dt.UTC).timestamp()
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
