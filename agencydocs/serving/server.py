"""The preview server: files of ``output/`` only, HTML with a reload script, an error page.

The standard library's ``ThreadingHTTPServer`` is enough for one person's
browser. Every file is read through :class:`~agencydocs.building.confined.OutputDir`
(never a link out, never ``..``, never a hidden file such as the manifest), so
no request reaches a path outside ``output/``. HTML responses get one
``<script>`` before ``</body>`` that listens to the server-sent events of
:data:`EVENTS_PATH` for that page and reloads it when the page's generation
changes (``site.py``: its HTML was written again, or every page changed); the
files on disk are never touched, and stay what ``build`` writes.

While the workspace has errors, every HTML page is the error page (the
problems, one ``file:line:col: field: message`` line each); the last good
output is still on disk and served with ``?last-good`` (linked from the
error page), and every other file (PDF, DOCX, images) is served as it is.
"""

from __future__ import annotations

import html
import mimetypes
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from agencydocs.building.builder import INDEX_NAME
from agencydocs.errors import AgencyDocsError, Problem
from agencydocs.serving.site import LiveSite

EVENTS_PATH = "/__agencydocs/events"
LAST_GOOD = "last-good"  # query parameter: the last good page even while the workspace has errors
KEEPALIVE_SECONDS = 15.0  # a comment line this often, so proxies and browsers keep the stream open
PAGE = "page"  # query parameter of EVENTS_PATH: the page (in output/) whose changes the stream announces
_SCRIPT = (
    "<script>/* agencydocs serve: reload on change */(() => {{"
    ' const seen = "{generation}"; const events = new EventSource("{events}");'
    " events.onmessage = (e) => {{ if (e.data !== seen) {{ events.close(); location.reload(); }} }};"
    " }})();</script>\n"
)


def reload_script(generation: int, page: str | None) -> bytes:
    """The script of ``page`` (its path in output/), served at ``generation`` (the page's);
    None: a page that reloads on any change (served at the site's generation)."""
    # urlencode leaves only letters, digits, "_.-~%+=": safe inside the script's string as it is.
    events = EVENTS_PATH if page is None else f"{EVENTS_PATH}?{urlencode({PAGE: page})}"
    return _SCRIPT.format(generation=generation, events=events).encode()


def inject(page: bytes, script: bytes) -> bytes:
    """``page`` with ``script`` before its last ``</body>`` (at its end when it has none)."""
    at = page.rfind(b"</body>")
    return page + script if at < 0 else page[:at] + script + page[at:]


def output_relative(url_path: str, *, quoted: bool = True) -> str | None:
    """The file of ``output/`` a URL path names (``""`` for the root), or None when it may name
    nothing there: ``..``, a hidden file, a backslash or a NUL byte. ``quoted=False``: the path
    is already decoded (a query parameter's value), and is not decoded twice."""
    path = unquote(url_path) if quoted else url_path
    if "\\" in path or "\x00" in path:
        return None
    parts = [part for part in path.split("/") if part]
    if any(part.startswith(".") for part in parts):  # "..", ".", and the manifest and lock
        return None
    return "/".join(parts)


def error_page(message: str, problems: list[Problem], generation: int, page: str | None) -> bytes:
    lines = "\n".join(html.escape(problem.format()) for problem in problems)
    body = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>agencydocs — errors</title>\n<style>\n"
        '  body { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; margin: 2rem auto; max-width: 60rem; }\n'
        "  h1 { color: #8a1c1c; } pre { background: #fde8e8; padding: 1rem; white-space: pre-wrap; }\n"
        "</style>\n</head>\n<body>\n<h1>The workspace has errors</h1>\n"
        f"<p>{html.escape(message[:1].upper() + message[1:])}. The page reloads once they are fixed; meanwhile the last good "
        f'output is kept: <a href="?{LAST_GOOD}">show it</a>.</p>\n'
        f'<pre id="problems">{lines}</pre>\n</body>\n</html>\n'
    )
    return inject(body.encode(), reload_script(generation, page))


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never keeps Ctrl-C waiting

    def __init__(self, site: LiveSite, host: str, port: int) -> None:
        self.site = site
        super().__init__((host, port), PreviewHandler)


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        url = urlsplit(self.path)
        if url.path == EVENTS_PATH:
            pages = parse_qs(url.query).get(PAGE)
            self._events(output_relative(pages[0], quoted=False) if pages else None)
            return
        relative = output_relative(url.path)
        if relative is None:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
            return
        self._file(relative or INDEX_NAME, LAST_GOOD in parse_qs(url.query, keep_blank_values=True))

    def _file(self, relative: str, last_good: bool) -> None:
        site = self.server.site
        is_page = relative.endswith(".html")
        generation = site.page_generation(relative)
        if is_page and site.error is not None and not last_good:
            page = error_page(site.error, site.problems, generation, relative)
            self._send(HTTPStatus.OK, page, "text/html; charset=utf-8")
            return
        failure = site.render_on_demand(relative)
        if failure is not None:
            self._failed(failure, relative)
            return
        data = site.output.read(relative)
        if data is None:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
            return
        if is_page:
            data = inject(data, reload_script(generation, relative))
        kind = mimetypes.guess_type(relative)[0] or "application/octet-stream"
        self._send(HTTPStatus.OK, data, f"{kind}; charset=utf-8" if kind.startswith("text/") else kind)

    def _failed(self, failure: AgencyDocsError, relative: str) -> None:
        """A format rendered on demand failed: the terminal and the browser both say why (and
        the page reloads, to render it again, on the next change of any page)."""
        failure.show()
        generation = self.server.site.page_generation(None)
        page = error_page(failure.message, list(failure.problems), generation, None)
        self._send(HTTPStatus.INTERNAL_SERVER_ERROR, page, "text/html; charset=utf-8")

    def _events(self, page: str | None) -> None:
        """Server-sent events: ``page``'s generation now, then each new one, until the page goes
        (None, or no such parameter: the site's generation, which every change bumps)."""
        site = self.server.site
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        seen = None
        try:
            while not site.stopping:
                generation = site.wait_for_change(-1 if seen is None else seen, KEEPALIVE_SECONDS, page)
                self.wfile.write(
                    b": keep-alive\n\n" if generation == seen else f"data: {generation}\n\n".encode()
                )
                self.wfile.flush()
                seen = generation
        except OSError:  # the page was closed or reloaded
            return

    def _send(self, status: HTTPStatus, data: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")  # a reload must show the new file
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
        """Quiet: the terminal shows rebuilds and problems, not every request."""
