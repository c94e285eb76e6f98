"""The journey a reader takes, in a real browser (Debian's chromium through Playwright), once
per language: home → Azerbaijan → its markets → the Azerbaijan–Russia pair → the PDF brief.

Skips with a clear message when chromium or Playwright is absent (``.ci/run`` installs
chromium). Screenshots go to ``$TRADEBRIDGE_SCREENSHOTS`` when set, else to a temporary
folder; ``make screenshots`` runs the journey over the demo warehouse into docs/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NAMES = {
    "az": ("Azərbaycan", "Bazarlar: Azərbaycan", "Azərbaycan – Rusiya"),
    "ru": ("Азербайджан", "Рынки: Азербайджан", "Азербайджан – Россия"),
    "en": ("Azerbaijan", "Markets for Azerbaijan", "Azerbaijan – Russia"),
}

pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None and not Path(CHROMIUM).exists(),
    reason="Debian chromium is not installed (apt-get install chromium; .ci/run does it)",
)


@pytest.fixture(scope="module")
def base_url(tiny_warehouse):
    """The app over the tiny world (or ``$TRADEBRIDGE_JOURNEY_HOME``), served by uvicorn on a
    free port of 127.0.0.1."""
    import uvicorn

    from tradebridge.web.app import create_app
    from tradebridge.web.settings import Settings

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    home = os.environ.get("TRADEBRIDGE_JOURNEY_HOME") or tiny_warehouse.path
    app = create_app(Settings(home=home, port=port))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    ready = threading.Event()
    while not server.started and thread.is_alive():
        ready.wait(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("TRADEBRIDGE_SCREENSHOTS")
    out = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.mark.parametrize("lang", ["az", "ru", "en"])
def test_journey(browser, base_url, shots, lang, tmp_path):
    country, markets, pair = NAMES[lang]
    context = browser.new_context(
        accept_downloads=True, viewport={"width": 1280, "height": 900}, locale=lang
    )
    page = context.new_page()
    page.set_default_timeout(180_000)  # a loaded 2-core machine computes the pages slowly
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base_url}/?lang={lang}")
    page.screenshot(path=shots / f"home-{lang}.png", full_page=True)
    page.fill("#q", "AZE")
    page.locator("#search-results a[href='/country/AZE']").click()
    page.wait_for_selector("h1")
    assert page.inner_text("h1") == country
    page.wait_for_selector("#partners-bars .view svg")
    page.screenshot(path=shots / f"country-{lang}.png", full_page=True)
    page.locator("a[href='/markets/AZE']").first.click()
    page.wait_for_selector("#why .view svg")
    assert page.inner_text("h1") == markets
    page.screenshot(path=shots / f"markets-{lang}.png", full_page=True)
    page.click("#why button.toggle")
    page.locator("#why table a[href='/pair/AZE/RUS']").first.click()
    page.wait_for_selector("#mutual-sectors .view svg")
    assert page.inner_text("h1") == pair
    page.screenshot(path=shots / f"pair-{lang}.png", full_page=True)
    with page.expect_download(timeout=300_000) as download:
        page.locator("a[href*='brief.pdf']").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert saved.name.endswith(f"-{lang}.pdf")
    context.close()
    assert [e for e in errors if "favicon" not in e] == []
