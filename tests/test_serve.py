"""``agencydocs serve``: what the server sends, what it refuses, and what it rebuilds."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from agencydocs.building.builder import build
from agencydocs.building.confined import OutputDir
from agencydocs.building.lock import build_lock
from agencydocs.serving.server import EVENTS_PATH, PreviewServer, inject, output_relative, reload_script
from agencydocs.serving.site import LiveSite, watch
from tests.helpers import example_workspace, line_of, replace_in_file

pytestmark = pytest.mark.slow  # every test builds a workspace

PROJECT = "projects/initech-support"
INVOICE = f"{PROJECT}/invoice-2026-020.yaml"
ACT = f"{PROJECT}/act-2026-016.yaml"
INVOICE_PAGE = "initech/initech-support/invoice-2026-020.html"
LINE = "Extra hours — checkout bug fixes"


def small_workspace(tmp_path: Path) -> Path:
    """The example workspace cut down to initech and nordlicht (German) projects: quick to build."""
    root = example_workspace(tmp_path)
    for project in ("globex-seo", "romashka-site"):
        shutil.rmtree(root / "projects" / project)
    for client in ("globex", "romashka"):
        (root / "clients" / f"{client}.yaml").unlink()
    shutil.rmtree(root / "payments")
    return root


@dataclass
class Served:
    root: Path
    site: LiveSite
    port: int

    def get(self, path: str) -> tuple[int, bytes]:
        """GET ``path`` exactly as given (http.client does not normalise ``..``)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    root = small_workspace(tmp_path)
    site = LiveSite(root, jobs=1)
    assert site.rebuild().error is None
    server = PreviewServer(site, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield Served(root, site, server.server_address[1])
    site.stop()
    server.shutdown()
    server.server_close()


def test_a_page_is_the_built_file_plus_the_reload_script_only(served: Served, tmp_path: Path) -> None:
    on_disk = (served.root / "output" / INVOICE_PAGE).read_bytes()
    status, body = served.get(f"/{INVOICE_PAGE}")
    assert status == 200
    script = reload_script(served.site.page_generation(INVOICE_PAGE), INVOICE_PAGE)
    assert body == inject(on_disk, script)
    assert body.replace(script, b"") == on_disk
    # And the file on disk is what `build --format html` writes.
    (tmp_path / "plain").mkdir()
    plain = small_workspace(tmp_path / "plain")
    build(plain, formats=("html",), jobs=1)
    assert on_disk == (plain / "output" / INVOICE_PAGE).read_bytes()


@pytest.mark.parametrize(("path", "served_as"), [("/", "index.html"), ("/index.html", "index.html")])
def test_the_root_is_the_index(served: Served, path: str, served_as: str) -> None:
    status, body = served.get(path)
    assert status == 200
    script = reload_script(served.site.page_generation(served_as), served_as)
    assert body == inject((served.root / "output" / served_as).read_bytes(), script)


@pytest.mark.parametrize(
    "path",
    [
        "/../agency.yaml",
        "/%2e%2e/agency.yaml",
        "/..%2fagency.yaml",
        "/initech/../../agency.yaml",
        "/..%5cagency.yaml",
        "/.agencydocs-manifest.json",
        "/initech/%00.html",
        "/outside-link/agency.yaml",
        "/outside-file.yaml",
    ],
)
def test_nothing_outside_output_is_served(served: Served, path: str) -> None:
    (served.root / "output" / "outside-link").symlink_to(served.root)
    (served.root / "output" / "outside-file.yaml").symlink_to(served.root / "agency.yaml")
    status, body = served.get(path)
    assert (status, body) == (404, b"not found\n")


def test_a_check_error_is_an_error_page_and_the_last_good_output_is_kept(served: Served) -> None:
    page = served.root / "output" / INVOICE_PAGE
    last_good = page.read_bytes()
    invoice = served.root / INVOICE
    replace_in_file(invoice, "qty: 7.75", "qty: <b>many</b>")
    outcome = served.site.rebuild()
    assert outcome.error == "the workspace has errors; nothing was built"
    status, body = served.get(f"/{INVOICE_PAGE}")
    assert status == 200
    text = body.decode()
    line = line_of(invoice, "qty: <b>many</b>")
    # One escaped file:line:col line per problem, and never the raw markup.
    assert f"{INVOICE}:{line}:10: lines[1].qty: " in text
    assert "&lt;b&gt;many&lt;/b&gt;" in text and "<b>many</b>" not in text
    # Every page reloads once the error is fixed: the error bumped every page's generation.
    script = reload_script(served.site.generation, INVOICE_PAGE)
    assert served.site.page_generation(INVOICE_PAGE) == served.site.generation
    assert text.endswith(script.decode() + "</body>\n</html>\n")
    assert page.read_bytes() == last_good
    assert served.get(f"/{INVOICE_PAGE}?last-good") == (200, inject(last_good, script))
    # Fixed: the document again, rebuilt.
    replace_in_file(invoice, "qty: <b>many</b>", "qty: 8")
    assert served.site.rebuild().error is None
    status, body = served.get(f"/{INVOICE_PAGE}")
    assert status == 200 and b"The workspace has errors" not in body and body != last_good


CONTRACT = f"{PROJECT}/contract-in-2026-01.yaml"
# The credit note cites invoice 2026-020 (it credits the hour logged twice) and bills under the
# contract, so it is rendered again on an edit of either.
CREDIT_NOTE = f"{PROJECT}/credit-note-2026-001.yaml"


@pytest.mark.parametrize(
    ("edit", "old", "new", "rendered", "reloads"),
    [
        (INVOICE, LINE, "Extra hours — cart fixes", [ACT, CREDIT_NOTE, INVOICE], True),  # not the contract
        # Every document reads the contract: all are rendered again, to the same bytes, so no page reloads.
        (CONTRACT, "\nkind:", "\n# a comment\nkind:", [ACT, CONTRACT, CREDIT_NOTE, INVOICE], False),
    ],
)
def test_a_rebuild_renders_only_the_documents_whose_inputs_changed(
    served: Served, edit: str, old: str, new: str, rendered: list[str], reloads: bool
) -> None:
    generation = served.site.generation
    replace_in_file(served.root / edit, old, new)
    outcome = served.site.rebuild()
    assert sorted(outcome.rendered) == rendered
    assert served.site.generation == generation + reloads
    assert served.site.rebuild().rendered == []  # and then nothing is left to do


def test_kept_parses_follow_every_edit(served: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    """serve keeps each file's parse (keep_parsed_files): an edit, an error and its fix all show."""
    from agencydocs.reading import loading

    monkeypatch.setattr(loading, "_parsed", {})
    invoice, page = served.root / INVOICE, served.root / "output" / INVOICE_PAGE
    replace_in_file(invoice, LINE, "Extra hours — kept")
    assert served.site.rebuild().error is None
    assert "Extra hours — kept" in page.read_text(encoding="utf-8")
    replace_in_file(invoice, "qty: 7.75", "qty: [")
    assert [served.site.rebuild().error for _ in range(2)] == [
        "the workspace has errors; nothing was built"
    ] * 2
    replace_in_file(invoice, "qty: [", "qty: 7.5")
    assert served.site.rebuild().error is None
    assert "7.5" in page.read_text(encoding="utf-8") and len(loading._parsed) >= 6  # each file kept


def test_the_event_stream_announces_each_new_generation(served: Served) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=60)
    connection.request("GET", EVENTS_PATH)
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    first = served.site.generation
    assert response.readline() == f"data: {first}\n".encode()
    assert response.readline() == b"\n"
    replace_in_file(served.root / INVOICE, LINE, "Extra hours — cart fixes")
    served.site.rebuild()
    assert response.readline() == f"data: {first + 1}\n".encode()
    connection.close()


ACT_PAGE = "initech/initech-support/act-2026-016.html"
OTHER_PAGE = "nordlicht/nordlicht-relaunch/contract-NL-2026-01.html"  # another client's document


def test_only_the_pages_that_changed_reload(served: Served) -> None:
    """The act repeats the invoice's lines: both pages reload; another client's page does not."""
    assert (served.root / "output" / OTHER_PAGE).is_file()
    before = {page: served.site.page_generation(page) for page in (INVOICE_PAGE, ACT_PAGE, OTHER_PAGE)}
    replace_in_file(served.root / INVOICE, LINE, "Extra hours — cart fixes")
    served.site.rebuild()
    generation = served.site.generation
    assert generation > max(before.values())
    assert served.site.page_generation(INVOICE_PAGE) == served.site.page_generation(ACT_PAGE) == generation
    assert served.site.page_generation(OTHER_PAGE) == before[OTHER_PAGE]
    # The page's own event stream announces its new generation.
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=60)
    connection.request("GET", f"{EVENTS_PATH}?page={INVOICE_PAGE}")
    assert connection.getresponse().readline() == f"data: {generation}\n".encode()
    connection.close()


def test_the_pages_of_a_save_are_announced_before_the_index_is_written(served: Served) -> None:
    """The index (a row per document, the money table) is written after the saved documents'
    pages are announced: the open page reloads without waiting for it."""
    from agencydocs.building.live import LiveBuild

    live = LiveBuild(served.root, index_formats=("html",))
    live.build(jobs=1)
    output = served.root / "output"
    pages = {path: path.read_bytes() for path in output.rglob("*.html")}
    replace_in_file(served.root / INVOICE, "price: ", "price: 1", count=1)  # the money table changes
    announced: list[tuple[list[str] | None, bytes]] = []
    live.note_changed([served.root / INVOICE])
    live.build(
        jobs=1,
        on_written=lambda written: announced.append(
            (written and sorted(written), (output / "index.html").read_bytes())
        ),
    )
    changed = sorted(
        path.relative_to(output).as_posix() for path, data in pages.items() if path.read_bytes() != data
    )
    assert {ACT_PAGE, INVOICE_PAGE, "index.html"} <= set(changed)
    assert [written for written, _ in announced] == [
        [p for p in changed if p != "index.html"],
        ["index.html"],
    ]
    # When the documents' pages were announced, the index on disk was still the old one.
    assert announced[0][1] == pages[output / "index.html"] != announced[1][1]


def test_a_page_named_in_a_query_is_decoded_once() -> None:
    """A URL path is percent-decoded; the ``page`` parameter of the event stream arrives decoded
    (``parse_qs``) and must not be decoded again: ``%2541`` would become ``A``."""
    assert output_relative("/x/a%2541.html") == "x/a%41.html"
    assert output_relative("x/a%2541.html", quoted=False) == "x/a%2541.html"
    assert output_relative("../agency.yaml", quoted=False) is None
    assert output_relative("x/%2e%2e/agency.yaml", quoted=True) is None


def test_a_docx_is_rendered_when_first_asked_for(served: Served) -> None:
    docx = served.root / "output" / INVOICE_PAGE.replace(".html", ".docx")
    assert not docx.exists()
    index = served.get("/")[1].decode()
    assert f'href="{INVOICE_PAGE.replace(".html", ".docx")}"' in index  # linked before it exists
    status, body = served.get(f"/{INVOICE_PAGE.replace('.html', '.docx')}")
    assert status == 200 and body.startswith(b"PK") and body == docx.read_bytes()
    # The index a full build writes links the same formats: the index did not change.
    assert served.get("/")[1].decode() == index


def test_a_saved_file_reaches_the_page_through_the_watcher(served: Served) -> None:
    stop = threading.Event()
    outcomes: list[object] = []
    watcher = threading.Thread(target=watch, args=(served.site, stop, outcomes.append), daemon=True)
    watcher.start()
    try:
        time.sleep(0.5)  # the watcher is set up
        replace_in_file(served.root / INVOICE, LINE, "Extra hours — watched fixes")
        deadline = time.monotonic() + 60
        while b"watched fixes" not in served.get(f"/{INVOICE_PAGE}")[1]:
            assert time.monotonic() < deadline, "the edit never reached the page"
            time.sleep(0.05)
    finally:
        stop.set()
        watcher.join(10)
    assert not watcher.is_alive()


def test_a_concurrent_build_holds_the_rebuild_back(served: Served) -> None:
    replace_in_file(served.root / INVOICE, LINE, "Extra hours — cart fixes")
    done = threading.Event()
    with build_lock(OutputDir(served.root, "output")):
        thread = threading.Thread(target=lambda: (served.site.rebuild(), done.set()), daemon=True)
        thread.start()
        assert not done.wait(1.0)  # waits for the lock holder
    assert done.wait(60)
    assert b"cart fixes" in (served.root / "output" / INVOICE_PAGE).read_bytes()


def _start_cli(root: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    return subprocess.Popen(
        [sys.executable, "-m", "agencydocs", "-C", str(root), "serve", "--port", "0", "-j1", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def serving_url(process: subprocess.Popen[str]) -> str:
    """Wait for the "Serving http://..." line of ``agencydocs serve`` and return its address."""
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("Serving "):
            return line.split()[1]
    raise AssertionError(
        f"serve ended before serving: {process.wait()} {process.stderr and process.stderr.read()}"
    )


def test_ctrl_c_stops_cleanly(tmp_path: Path) -> None:
    process = _start_cli(small_workspace(tmp_path))
    url = serving_url(process)
    assert url.startswith("http://127.0.0.1:")
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 0
    assert stdout.strip() == "Stopped."
    assert "Traceback" not in stderr


def test_a_port_in_use_is_one_line(served: Served) -> None:
    process = subprocess.run(
        [sys.executable, "-m", "agencydocs", "-C", str(served.root), "serve", "--port", str(served.port)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert process.returncode == 1
    assert process.stderr.splitlines()[-1].startswith(f"Error: cannot listen on 127.0.0.1:{served.port} (")
    assert "Traceback" not in process.stderr
