"""The day and outcome pages and API on both databases: staff check people in and add
walk-ins, a company marks its meeting and records a deal through the form, each company sees
only its own outcomes and leads, follow-ups show on the staff's home page (overdue first)
and are marked done there; forms need the CSRF token."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from event_builders import published_forum
from web_fixtures import PASSWORD


def _company(world, email: str, org_id: int):
    from tradebridge.accounts.users import create_user

    with world.database.transaction(actor="test") as session:
        create_user(session, email=email, password=PASSWORD, role="company", organisation_id=org_id)
    client = world.anonymous()
    assert world.log_in(client, email).status_code == 303
    return client


@pytest.fixture
def day_world(accounts_app):
    from tradebridge.db.audit import set_actor

    with accounts_app.database.session() as session:
        set_actor(session, "test")
        forum = published_forum(session)
    return accounts_app, forum


def test_the_day_from_check_in_to_a_recorded_deal(day_world) -> None:
    world, forum = day_world
    staff = world.client("staff")
    kend = _company(world, "kend@example.org", forum.orgs["Kend"])
    silk = _company(world, "silk@example.org", forum.orgs["Silk"])
    event, aysel = forum.event, forum.people["Aysel"]
    ab = forum.meeting("Aysel", "Boris")

    page = staff.get(f"/events/{event}/day?lang=en")
    assert page.status_code == 200 and "Walk-in meeting" in page.text and "Check in" in page.text
    url = f"/events/{event}/participants/{aysel}/check-in"
    assert staff.post(url, data={}).status_code == 403  # no CSRF token
    assert staff.post(url, data={"csrf_token": world.csrf(staff)}).status_code == 303
    sheet = staff.get(f"/api/v1/events/{event}/day").json()
    assert [p["person_name"] for p in sheet["participants"] if p["checked_in_at"]] == ["Aysel"]

    mark = f"/events/{event}/meetings/{ab}/attendance"
    assert (
        silk.post(mark, data={"attendance": "held", "csrf_token": world.csrf(silk)}).status_code
        == 404
    )
    done = kend.post(mark, data={"attendance": "held", "csrf_token": world.csrf(kend)})
    assert done.status_code == 303
    mine = kend.get(f"/events/{event}/day?format=json").json()
    assert [(m["id"], m["attendance"], m["outcome_sides"]) for m in mine["meetings"]] == [
        (ab, "held", [aysel])
    ]
    assert mine["participants"] == []  # check-in is the staff's

    form = f"/events/{event}/meetings/{ab}/outcome"
    assert "Value (US$)" in kend.get(f"{form}?side={aysel}&lang=en").text
    bad = kend.post(form, data={"side": str(aysel), "interest": "high", "lead_kind": "deal",
                                "product": "0805.10", "csrf_token": world.csrf(kend)})  # fmt: skip
    assert bad.status_code == 400 and "a deal needs its value in US$" in bad.text
    saved = kend.post(form, data={
        "side": str(aysel), "interest": "high", "next_step": "samples", "lead_kind": "deal",
        "product": "0805.10", "value_usd": "1 250 000", "expected_on": "2027-03-01",
        "csrf_token": world.csrf(kend),
    })  # fmt: skip
    assert saved.status_code == 303
    [deal] = kend.get(f"/api/v1/events/{event}/leads").json()
    assert (deal["organisation"], deal["counterpart"], deal["product"]) == (
        "Kend",
        "Sibir",
        "080510",
    )
    assert (deal["value_usd"], deal["expected_on"]) == ("1250000.00", "2027-03-01")
    assert silk.get("/api/v1/events/leads").json() == []
    assert silk.get(f"/api/v1/events/{event}/outcomes").json() == []
    shown = kend.get(f"/events/{event}/outcomes?lang=en").text
    assert "Kend" in shown and "1,250,000" in shown
    # the other side may not write Aysel's outcome
    other = silk.post(form, data={"side": str(aysel), "interest": "low",
                                  "csrf_token": world.csrf(silk)})  # fmt: skip
    assert other.status_code == 404


def test_a_walk_in_through_the_form_and_the_api(day_world) -> None:
    world, forum = day_world
    staff = world.client("staff")
    event = forum.event
    busy = staff.get(f"/api/v1/events/{event}/day").json()["meetings"]
    taken = {(m["slot"], p) for m in busy for p in (m["a"], m["b"])}
    boris, emin = forum.people["Boris"], forum.people["Emin"]
    slot = next(s for s in forum.slots if (s, boris) not in taken)
    wrong_slot = next(s for s in forum.slots if (s, boris) in taken)
    refused = staff.post(f"/events/{event}/walk-ins", data={
        "a": str(boris), "b": str(emin), "slot": wrong_slot, "csrf_token": world.csrf(staff),
    })  # fmt: skip
    assert (
        refused.status_code == 400
        and "has 2 meetings in slot" in refused.text
        and "Boris (#" in refused.text
    )
    headers = {"X-CSRF-Token": world.csrf(staff)}
    made = staff.post(f"/api/v1/events/{event}/walk-ins",
                      json={"a": boris, "b": emin, "slot": slot}, headers=headers)  # fmt: skip
    assert made.status_code == 201
    [walk_in] = [m for m in made.json()["meetings"] if m["walk_in"]]
    assert (walk_in["slot"], walk_in["attendance"]) == (slot, None)
    company = world.client("company")
    assert company.post(f"/api/v1/events/{event}/walk-ins", json={"a": boris, "b": emin,
                        "slot": slot}, headers={"X-CSRF-Token": world.csrf(company)}
                        ).status_code == 403  # fmt: skip


def test_follow_ups_on_the_staff_home_page(day_world, monkeypatch) -> None:
    from tradebridge.events import day, outcomes
    from tradebridge.events.outcome_models import FollowUp
    from tradebridge.events.outcomes import MissionRecord, OutcomeRecord

    world, forum = day_world
    today = date.today()
    with world.database.transaction(actor="test") as session:
        ab = forum.meeting("Aysel", "Boris")
        day.mark(session, ab, "held")
        outcomes.record_outcome(session, ab, forum.people["Boris"], OutcomeRecord("low"))
        outcomes.record_mission_result(session, forum.event, MissionRecord(forum.orgs["Kend"], 4))
        session.flush()
        rows = session.scalars(select(FollowUp).order_by(FollowUp.id)).all()
        # Sibir's 30-day follow-up is overdue, Kend's due in a week; the 90-day ones later
        rows[0].due_on, rows[2].due_on = today - timedelta(days=3), today + timedelta(days=7)
    staff = world.client("staff")
    home = staff.get("/?lang=en").text
    assert "Follow-ups due" in home
    section = home[home.index("Follow-ups due") :]
    assert section.index("Sibir") < section.index("Kend") and "overdue" in section
    assert "The first" not in section
    monkeypatch.setattr("tradebridge.web.pages.event_outcomes.HOME_FOLLOW_UPS", 1)
    section = staff.get("/?lang=en").text.split("Follow-ups due", 1)[1]
    assert "Sibir" in section and "Kend" not in section
    assert "The first 1 of 2 follow-ups due in the next two weeks." in section
    due = staff.get("/api/v1/events/follow-ups?due=true").json()
    assert [(f["organisation"], f["overdue"]) for f in due] == [("Sibir", True), ("Kend", False)]
    done = staff.post(
        f"/follow-ups/{due[0]['id']}/done",
        data={"note": "called", "back": "home", "csrf_token": world.csrf(staff)},
    )
    assert (done.status_code, done.headers["location"]) == (303, "/")
    assert [f["organisation"] for f in staff.get("/api/v1/events/follow-ups?due=true").json()] == [
        "Kend"
    ]
    for role in (None, "company", "viewer"):
        assert "Follow-ups due" not in world.client(role).get("/?lang=en").text
    assert world.client("viewer").get("/follow-ups?lang=en").status_code == 200
    assert world.client("company").get("/follow-ups").status_code == 403


@pytest.mark.parametrize(
    "lang, words",
    [("az", ("Görüşlər", "Gələnlərin qeydi")), ("ru", ("Встречи", "Регистрация прибывших"))],
)
def test_the_day_page_speaks_az_and_ru(day_world, lang: str, words) -> None:
    world, forum = day_world
    text = world.client("staff").get(f"/events/{forum.event}/day?lang={lang}").text
    for word in words:
        assert word in text
