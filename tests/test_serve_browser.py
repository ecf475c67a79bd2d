"""``agencydocs serve`` in a real browser: Debian's Chromium, headless, driven by Playwright.

Playwright drives the system browser (``/usr/bin/chromium``, apt package
``chromium``, installed by ``.ci/run``); nothing is downloaded by
``playwright install``. A missing browser fails this test: it is never skipped.
The screenshots of the index and of one document are kept in the test's
temporary folder, whose path the test prints (``pytest -s`` shows it).
"""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.helpers import replace_in_file
from tests.test_serve import INVOICE, INVOICE_PAGE, LINE, _start_cli, serving_url, small_workspace

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
WAIT_MS = 60_000  # a rebuild on a busy two-core machine


@pytest.fixture
def page() -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield browser.new_page()
        finally:
            browser.close()


@pytest.fixture
def server_url(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = small_workspace(tmp_path)
    process = _start_cli(root)
    try:
        yield root, serving_url(process)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
    assert process.returncode == 0


def test_edit_error_and_fix_show_in_the_browser(
    page: Page, server_url: tuple[Path, str], tmp_path: Path
) -> None:
    root, url = server_url
    artifacts = tmp_path / "screenshots"
    artifacts.mkdir()
    print(f"\nscreenshots: {artifacts}")

    page.goto(url)
    expect(page).to_have_title("agencydocs — documents")
    page.screenshot(path=artifacts / "index.png", full_page=True)

    page.click(f'a[href="{INVOICE_PAGE}"]')
    expect(page).to_have_url(url + INVOICE_PAGE)
    expect(page.locator("body")).to_contain_text(LINE)
    page.screenshot(path=artifacts / "invoice.png", full_page=True)

    # A saved edit reloads the open page.
    invoice = root / INVOICE
    replace_in_file(invoice, LINE, "Extra hours — browser fixes")
    expect(page.locator("body")).to_contain_text("Extra hours — browser fixes", timeout=WAIT_MS)

    # An error: the page becomes the error page, with the problem's file:line line.
    replace_in_file(invoice, "qty: 7.75", "qty: lots")
    expect(page.locator("h1")).to_have_text("The workspace has errors", timeout=WAIT_MS)
    expect(page.locator("#problems")).to_contain_text(f"{INVOICE}:")
    expect(page.locator("#problems")).to_contain_text("lines[1].qty")
    page.screenshot(path=artifacts / "error.png", full_page=True)

    # Fixed: the document again, with the new figure.
    replace_in_file(invoice, "qty: lots", "qty: 7.75")
    expect(page.locator("body")).to_contain_text("Extra hours — browser fixes", timeout=WAIT_MS)
    expect(page.locator("#problems")).to_have_count(0)
    assert {p.name for p in artifacts.iterdir()} == {"index.png", "invoice.png", "error.png"}
    assert all(
        (artifacts / name).read_bytes().startswith(b"\x89PNG") for name in ("index.png", "invoice.png")
    )
