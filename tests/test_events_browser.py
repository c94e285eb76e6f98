"""A business forum end to end in a real browser (Debian's chromium through Playwright), once
in each language: staff create the forum → two companies register and one requests a meeting,
the other accepts → staff approve, schedule and publish → a company downloads its .ics → on a
phone-sized screen (390 px) it marks the meeting held and records a deal → the KPI page counts
the held meeting and the deal.

Each language walks its own forum on one shared server (the three run in parallel under xdist).
``TRADEBRIDGE_EVENT_SHOTS=DIR`` keeps a screenshot of each page. Skips with a clear message when
chromium or Playwright is absent (``.ci/run`` installs chromium)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
from pathlib import Path

import pytest
from icalendar import Calendar

from test_web_browser import ARGS, CHROMIUM
from web_fixtures import PASSWORD, make_world

pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None and not Path(CHROMIUM).exists(),
    reason="Debian chromium is not installed (apt-get install chromium; .ci/run does it)",
)
DAY = "2026-12-08"
PHONE = {"width": 390, "height": 844}
# a few words of each language's pages, as the catalogues translate them
WORDS = {
    "az": ("Görüşlər", "Keçirilib", "Görüşlərin nəticələri"),
    "ru": ("Встречи", "Проведено", "Итоги встреч"),
    "en": ("Meetings", "Held", "Meeting outcomes"),
}


@pytest.fixture(scope="module")
def served(sqlite_template, tiny_warehouse, tmp_path_factory):
    """The app with one user per role on a SQLite copy, served by uvicorn on 127.0.0.1:
    ``(url, world)``."""
    import uvicorn

    path = tmp_path_factory.mktemp("browser-events") / "db.sqlite3"
    shutil.copyfile(sqlite_template, path)
    world = make_world(f"sqlite:///{path}", tiny_warehouse.path)
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
    yield f"http://127.0.0.1:{port}", world
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


def _companies(world, lang: str) -> dict[str, str]:
    """Two organisations of this language's journey, each with its company user."""
    from tradebridge.accounts.users import create_user
    from tradebridge.registry import services as registry
    from tradebridge.registry.record import OrganisationRecord

    emails = {}
    with world.database.transaction(actor="test") as session:
        for name, kind, country in (("Kend", "exporter", "AZE"), ("Sibir", "buyer", "RUS")):
            record = OrganisationRecord(kind, country, name_en=f"{name} {lang}")
            org = registry.create(session, record, confirm_duplicates=True)
            emails[name] = f"{name.lower()}-{lang}@example.org"
            create_user(session, email=emails[name], password=PASSWORD, role="company",
                        organisation_id=org.id)  # fmt: skip
    return emails


class Journey:
    """One language's pages: a browser context per person, screenshots on request."""

    def __init__(self, browser, base: str, lang: str) -> None:
        self.browser, self.base, self.lang = browser, base, lang
        self.shots = os.environ.get("TRADEBRIDGE_EVENT_SHOTS")
        self.pages = []

    def person(self, email: str, viewport=None):
        context = self.browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(180_000)  # a loaded 2-core machine answers slowly
        page.errors = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.goto(f"{self.base}/login?lang={self.lang}")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", PASSWORD)
        page.click("form[action='/login'] button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)
        self.pages.append(page)
        return page

    def go(self, page, path: str) -> None:
        page.goto(f"{self.base}{path}{'&' if '?' in path else '?'}lang={self.lang}")

    def shot(self, page, name: str) -> None:
        if self.shots:
            Path(self.shots).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{self.shots}/{name}-{self.lang}.png", full_page=True)

    def close(self) -> None:
        for page in self.pages:
            assert page.errors == []
            page.context.close()


def _move_on(journey: Journey, staff, event: str) -> None:
    journey.go(staff, f"/events/{event}")
    with staff.expect_navigation():
        staff.click("form[action$='/status']:has(input[type=hidden][name=status]) button")


@pytest.mark.parametrize("lang", ["az", "ru", "en"])
def test_a_forum_from_creation_to_the_kpi_page(served, browser, lang: str) -> None:
    base, world = served
    emails = _companies(world, lang)
    journey = Journey(browser, base, lang)
    staff = journey.person("staff@example.org")

    # staff create the forum: one session of three 20-minute meetings, two tables
    journey.go(staff, "/events/new")
    staff.fill("input[name=title_en]", f"AZ-RU forum {lang}")
    staff.fill("input[name=starts_on]", DAY)
    staff.fill("input[name=ends_on]", DAY)
    staff.fill("input[name=country]", "AZE")
    staff.fill("input[name=tables]", "2")
    staff.locator("input[name=session_day]").first.fill(DAY)
    staff.locator("input[name=session_start]").first.fill("10:00")
    staff.locator("input[name=session_end]").first.fill("11:30")
    with staff.expect_navigation():
        staff.click("form[action='/events'] button[type=submit]")
    event = staff.url.split("/events/")[1].split("?")[0]
    assert event.isdigit(), staff.url
    _move_on(journey, staff, event)  # registration open

    # two companies register their people
    people = {}
    for name, email in emails.items():
        page = journey.person(email)
        journey.go(page, f"/events/{event}/participants")
        page.fill("input[name=person_name]", f"{name} person")
        page.fill("input[name=email]", f"{name.lower()}.person.{lang}@example.org")
        with page.expect_navigation():
            page.click(
                f"form[method=post][action='/events/{event}/participants'] button[type=submit]"
            )
        people[name] = page
    journey.go(staff, f"/events/{event}/participants")
    for name in emails:
        row = staff.locator("tr", has_text=f"{name} person")
        with staff.expect_navigation():
            row.locator("button[name=decision][value=approved]").click()
    _move_on(journey, staff, event)  # requests open

    # Kend asks Sibir for a meeting, Sibir accepts
    kend, sibir = people["Kend"], people["Sibir"]
    journey.go(kend, f"/events/{event}/requests")
    with kend.expect_navigation():
        kend.click(f"form[action='/events/{event}/requests'] button[type=submit]")
    journey.go(sibir, f"/events/{event}/requests")
    with sibir.expect_navigation():
        sibir.click("button[name=decision][value=accepted]")

    # staff schedule with the engine and publish
    _move_on(journey, staff, event)  # scheduling
    journey.go(staff, f"/events/{event}/schedule")
    with staff.expect_navigation():
        staff.click(f"form[action='/events/{event}/schedule/run'] button")
    with staff.expect_navigation():
        staff.click(f"form[action='/events/{event}/schedule/publish'] button")
    journey.shot(staff, "event-schedule")

    # Kend downloads its agenda as iCalendar, in the event's zone
    journey.go(kend, f"/events/{event}/participants")
    kend.click(f"a[href^='/events/{event}/participants/'][href$='/agenda']")
    kend.wait_for_selector("a[href$='agenda.ics']")
    with kend.expect_download() as download:
        kend.click("a[href$='agenda.ics']")
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    [meeting] = [c for c in calendar.walk("VEVENT")]
    assert meeting["DTSTART"].params["TZID"] == "Asia/Baku" and "Sibir person" in meeting["SUMMARY"]
    _move_on(journey, staff, event)  # live

    # on the day, on a phone: Kend marks the meeting held and records a deal
    phone = journey.person(emails["Kend"], viewport=PHONE)
    journey.go(phone, f"/events/{event}/day")
    for word in WORDS[lang][:1]:
        assert word in phone.inner_text("main")
    with phone.expect_navigation():
        phone.click("button[name=attendance][value=held]")
    assert WORDS[lang][1] in phone.inner_text(".cards")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    journey.shot(phone, "event-day-phone")
    with phone.expect_navigation():
        phone.click("a[href*='/outcome?side=']")
    phone.check("input[name=interest][value=high]")
    phone.select_option("select[name=lead_kind]", "deal")
    phone.fill("input[name=product]", "080510")
    phone.fill("input[name=value_usd]", "125000")
    phone.fill("input[name=expected_on]", "2027-03-01")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    journey.shot(phone, "event-outcome-phone")
    with phone.expect_navigation():
        phone.click("form.stacked button[type=submit]")
    assert WORDS[lang][2] in phone.inner_text("main")
    assert "125" in phone.inner_text("main")

    # the KPI page counts the held meeting and the deal
    journey.go(staff, f"/events/kpis?event={event}")
    journey.shot(staff, "event-kpis")
    kpis = world.client("staff").get(f"/events/kpis.json?event={event}").json()["total"]
    assert (kpis["scheduled"], kpis["held"], kpis["deals"]) == (1, 1, 1)
    assert float(kpis["deal_usd"]) == 125000.0
    journey.close()
