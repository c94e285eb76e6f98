"""The investment journey in a real browser (Debian's chromium through Playwright): from an
event's lead, staff create an investment project (the form arrives filled in with the investor,
the countries, the sector, the product and the event as the source), move it on the board with
the card's own form to the MoU stage, and find it in the pipeline report.

With ``TRADEBRIDGE_SCREENSHOTS=DIR`` the pages are saved there as PNG. Skips with a clear
message when chromium or Playwright is absent (``.ci/run`` installs chromium)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from test_web_browser import ARGS, CHROMIUM
from web_fixtures import PASSWORD, make_world

pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None and not Path(CHROMIUM).exists(),
    reason="Debian chromium is not installed (apt-get install chromium; .ci/run does it)",
)
SHOTS = os.environ.get("TRADEBRIDGE_SCREENSHOTS")


def _lead(world) -> dict[str, int]:
    """A closed AZE–RUS forum where Kend (an Azerbaijani juice maker) met Volga Capital (a
    Russian investor) and recorded a deal: a juice plant, HS 200971."""
    from tradebridge.events.models import Event, EventParticipant, Meeting
    from tradebridge.events.outcome_models import Lead, Outcome
    from tradebridge.registry.models import Organisation

    with world.database.transaction(actor="test") as s:
        kend = Organisation(kind="exporter", country="AZE", name_en="Kend Juice",
                            sectors=["processed_food_beverages"])  # fmt: skip
        volga = Organisation(kind="investor", country="RUS", name_en="Volga Capital",
                             sectors=["processed_food_beverages"])  # fmt: skip
        s.add_all([kend, volga])
        s.flush()
        day = date(2026, 10, 6)
        event = Event(kind="business_forum", status="closed", title_en="AZ-RU forum 2026",
                      starts_on=day, ends_on=day, time_zone="Asia/Baku", country="AZE",
                      partner_countries=["RUS"], sectors=["processed_food_beverages"])  # fmt: skip
        s.add(event)
        s.flush()
        people = []
        for org in (kend, volga):
            p = EventParticipant(event_id=event.id, organisation_id=org.id, email=f"{org.id}@x.org",
                                 status="approved", person_name=org.name_en)  # fmt: skip
            s.add(p)
            s.flush()
            people.append(p)
        at = datetime(2026, 10, 6, 7, tzinfo=UTC)
        meeting = Meeting(event_id=event.id, a_id=people[0].id, b_id=people[1].id, slot="d1s1",
                          table="T1", starts_at=at, ends_at=at, status="published",
                          attendance="held")  # fmt: skip
        s.add(meeting)
        s.flush()
        said = Outcome(event_id=event.id, meeting_id=meeting.id, participant_id=people[0].id,
                       organisation_id=kend.id, interest="high")  # fmt: skip
        s.add(said)
        s.flush()
        lead = Lead(event_id=event.id, organisation_id=kend.id, outcome_id=said.id,
                    counterpart_id=volga.id, kind="deal", product="200971",
                    value_usd=Decimal(4_000_000), description="juice plant in Guba")  # fmt: skip
        s.add(lead)
        s.flush()
        return {"event": event.id, "lead": lead.id, "volga": volga.id}


@pytest.fixture(scope="module")
def served(sqlite_template, tiny_warehouse, tmp_path_factory):
    """The app on a SQLite copy with the forum's lead, served by uvicorn on 127.0.0.1."""
    import uvicorn

    path = tmp_path_factory.mktemp("browser-investment") / "db.sqlite3"
    shutil.copyfile(sqlite_template, path)
    world = make_world(f"sqlite:///{path}", tiny_warehouse.path)
    ids = _lead(world)
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
    yield f"http://127.0.0.1:{port}", world, ids
    server.should_exit = True
    thread.join(timeout=10)
    world.close()


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_from_an_events_lead_through_the_board_to_the_report(served):
    playwright_api = pytest.importorskip("playwright.sync_api")
    base, _world, ids = served
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
        page.set_default_timeout(180_000)  # a loaded 2-core machine answers slowly
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{base}/login?lang=en")
        page.fill("input[name=email]", "staff@example.org")
        page.fill("input[name=password]", PASSWORD)
        page.click("form[action='/login'] button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)

        page.goto(f"{base}/events/{ids['event']}/outcomes")
        page.click(f"a[href='/investment/new?lead={ids['lead']}']")
        page.wait_for_url(f"**/investment/new?lead={ids['lead']}")
        form = page.locator("form[action='/investment/new']")
        assert form.locator("select[name=investor_id]").input_value() == str(ids["volga"])
        values = {n: form.locator(f"[name={n}]").input_value()
                  for n in ("origin", "destination", "sector", "products", "source")}  # fmt: skip
        assert values == {"origin": "RUS", "destination": "AZE", "products": "200971",
                          "sector": "processed_food_beverages", "source": "event"}  # fmt: skip
        assert "AZ-RU forum 2026" in form.locator("[name=source_ref]").input_value()
        form.locator("[name=planned_amount]").fill("5,000,000")
        _shot(page, "investment-from-lead")
        form.locator("button[type=submit]").click()
        page.wait_for_url(re.compile(r"/investment/\d+$"))
        project = page.url.rsplit("/", 1)[1]

        page.goto(f"{base}/investment")
        card = page.locator(f"[data-project='{project}']")
        assert card.locator("xpath=ancestor::section[1]").get_attribute("data-stage") == "lead"
        card.locator("details summary").click()
        card.locator("select[name=stage]").select_option("mou")
        card.locator("form.move button[type=submit]").click()
        page.wait_for_load_state()
        moved = page.locator(f"[data-project='{project}']")
        assert moved.locator("xpath=ancestor::section[1]").get_attribute("data-stage") == "mou"
        _shot(page, "investment-board")

        page.goto(f"{base}/investment/report?a=RUS&b=AZE")
        there = page.locator("section[aria-label='RUS → AZE']")
        row = there.locator("tr", has_text="MoU").first
        cells = row.locator("td").all_inner_texts()
        assert cells[1] == "1" and "5" in cells[2]  # one project, US$ 5 M planned
        _shot(page, "investment-report")
        for code in ("az", "ru"):
            page.goto(f"{base}/investment/report?a=RUS&b=AZE&lang={code}")
            _shot(page, f"investment-report-{code}")
        assert errors == []
        browser.close()
