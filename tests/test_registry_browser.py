"""The registry's pages in a real browser (Debian's chromium through Playwright): hostile text
stored in an organisation is shown as text and never runs, on the staff page and in the public
catalogue; the form's "Suggest HS codes" fills a product row's code from a clicked suggestion.

Skips with a clear message when chromium or Playwright is absent (``.ci/run`` installs
chromium)."""

from __future__ import annotations

import shutil
import socket
import threading
from pathlib import Path

import pytest

from test_registry_web import HOSTILE_TEXT, INJECTIONS, hostile_body
from test_web_browser import ARGS, CHROMIUM
from web_fixtures import PASSWORD, make_world

pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None and not Path(CHROMIUM).exists(),
    reason="Debian chromium is not installed (apt-get install chromium; .ci/run does it)",
)


@pytest.fixture(scope="module")
def served(sqlite_template, tiny_warehouse, tmp_path_factory):
    """The app with one user per role on a SQLite copy, served by uvicorn on 127.0.0.1, and
    one verified brand member whose every text field is hostile: ``(url, world, id)``."""
    import uvicorn

    path = tmp_path_factory.mktemp("browser-registry") / "db.sqlite3"
    shutil.copyfile(sqlite_template, path)
    world = make_world(f"sqlite:///{path}", tiny_warehouse.path)
    client = world.client("staff")
    done = client.post(
        "/api/v1/organisations",
        json=hostile_body("browser"),
        headers={"X-CSRF-Token": world.csrf(client)},
    )
    assert done.status_code == 201, done.text
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(world.app, host="127.0.0.1", port=port, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    ready = threading.Event()
    while not server.started and thread.is_alive():
        ready.wait(0.05)
    yield f"http://127.0.0.1:{port}", world, done.json()["id"]
    server.should_exit = True
    thread.join(timeout=10)
    world.close()


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def _page(browser, base: str, role: str | None):
    """A new page, signed in as ``role`` through the log-in form (anonymous for None)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(180_000)  # a loaded 2-core machine answers slowly
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("dialog", lambda dialog: (page.errors.append("dialog"), dialog.dismiss()))
    if role is not None:
        page.goto(f"{base}/login")
        page.fill("input[name=email]", f"{role}@example.org")
        page.fill("input[name=password]", PASSWORD)
        page.click("form[action='/login'] button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)
    return page


def _assert_inert(page) -> None:
    assert page.evaluate("typeof window.__x") == "undefined"  # no injected script ran
    assert page.locator("main script, main img[src=x]").count() == 0
    text = page.inner_text("main")
    for injection in INJECTIONS:
        assert injection in text  # shown as typed
    assert "49" not in text.replace("2147483647", "")  # {{7*7}} never evaluated


@pytest.mark.parametrize(
    "role, url", [("staff", "/registry/organisations/{id}"), (None, "/catalogue/{id}")]
)
def test_hostile_text_is_shown_and_inert(served, browser, role, url):
    base, _world, ident = served
    page = _page(browser, base, role)
    page.goto(base + url.format(id=ident))
    page.wait_for_selector("main h1")
    assert HOSTILE_TEXT in page.inner_text("main h1")
    _assert_inert(page)
    assert page.errors == []
    page.context.close()


def test_the_form_fills_a_code_from_a_suggestion(served, browser):
    base, _world, _ident = served
    page = _page(browser, base, "staff")
    page.goto(f"{base}/registry/organisations/new")
    row = page.locator(".product-row").first
    row.locator("a.hs-suggest").click()  # nothing described yet: says so, asks nobody
    assert row.locator(".hs-slot").inner_text() != ""
    row.locator("input.product-words").fill("dried apricots, pitted")
    row.locator("a.hs-suggest").click()
    first = row.locator(".hs-slot [data-hs6]").first
    first.wait_for()
    code = first.get_attribute("data-hs6")
    assert len(code) == 6 and code.isdigit()
    first.click()
    assert row.locator("input.hs6").input_value() == code
    assert row.locator(".hs-slot [data-hs6]").count() == 0
    assert len(page.context.pages) == 1  # the link did not open the suggestion page
    assert page.errors == []
    page.context.close()
