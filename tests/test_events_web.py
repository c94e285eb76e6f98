"""The events pages and API on both databases: staff create a forum through the form and open
it, two companies register and one requests a meeting, the other accepts, staff schedule and
publish, each company reads only its own requests and meetings; forms need the CSRF token;
the pages speak az, ru and en."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

import pytest
from icalendar import Calendar

from web_fixtures import PASSWORD

DAY = "2026-12-08"


def _csrf(world, client) -> dict[str, str]:
    return {"csrf_token": world.csrf(client)}


def _company_user(world, email: str, org_id: int):
    from tradebridge.accounts.users import create_user

    with world.database.transaction(actor="test") as session:
        create_user(session, email=email, password=PASSWORD, role="company", organisation_id=org_id)
    client = world.anonymous()
    assert world.log_in(client, email).status_code == 303
    return client


def _organisations(world) -> tuple[int, int]:
    from tradebridge.registry import services as registry
    from tradebridge.registry.record import OrganisationRecord

    with world.database.transaction(actor="test") as session:
        kend = registry.create(session, OrganisationRecord("exporter", "AZE", name_en="Kend"))
        sibir = registry.create(session, OrganisationRecord("buyer", "RUS", name_en="Sibir"))
        return kend.id, sibir.id


def _event_form(world, client, **changes) -> dict[str, object]:
    form = {
        "kind": "business_forum",
        "title_en": "AZ-RU forum",
        "title_az": "AZ-RU forumu",
        "title_ru": "Форум АЗ-РУ",
        "starts_on": DAY,
        "ends_on": DAY,
        "time_zone": "Asia/Baku",
        "city": "Baku",
        "country": "aze",
        "partner_countries": "RUS",
        "tables": "2",
        "meeting_minutes": "20",
        "pause_minutes": "10",
        "session_key": ["", ""],
        "session_day": [DAY, ""],
        "session_start": ["10:00", ""],
        "session_end": ["11:00", ""],
        "session_name": ["morning", ""],
    }
    return form | _csrf(world, client) | changes


def test_a_forum_from_the_form_to_the_published_schedule(accounts_app) -> None:
    world = accounts_app
    staff = world.client("staff")
    kend, sibir = _organisations(world)
    exporter = _company_user(world, "aysel@kend.example", kend)
    buyer = _company_user(world, "ivan@sibir.example", sibir)

    refused = staff.post("/events", data=_event_form(world, staff, csrf_token=""))
    assert refused.status_code == 403
    bad = staff.post("/events", data=_event_form(world, staff, time_zone="Baku"))
    assert bad.status_code == 400 and "not an IANA time zone" in bad.text
    made = staff.post("/events", data=_event_form(world, staff))
    assert made.status_code == 303, made.text
    url = made.headers["location"]
    event_id = int(url.rsplit("/", 1)[1])
    assert "2 meeting slots in all." in staff.get(url).text  # 10:00-10:20, 10:30-10:50
    assert exporter.get(url).status_code == 404  # a draft is the staff's
    assert exporter.post("/events", data=_event_form(world, exporter)).status_code == 403

    skip = staff.post(f"{url}/status", data={"status": "scheduling", **_csrf(world, staff)})
    assert skip.status_code == 409 and "from draft to scheduling" in skip.text
    for status in ("registration_open", "requests_open"):
        moved = staff.post(f"{url}/status", data={"status": status, **_csrf(world, staff)})
        assert moved.status_code == 303

    people = {}
    for client, org, name in ((exporter, kend, "Aysel"), (buyer, sibir, "Ivan")):
        form = {
            "organisation_id": str(org),
            "person_name": name,
            "email": f"{name.lower()}@example.org",
            "all_sessions": "on",
            "entry_kind": ["offer", "request"],
            "entry_title": [f"{name}'s goods", ""],
            "entry_text": ["", ""],
            "entry_codes": ["0813.10", ""],
        }
        done = client.post(f"{url}/participants", data=form | _csrf(world, client))
        assert done.status_code == 303, done.text
    other = exporter.post(
        f"{url}/participants",
        data={"organisation_id": str(sibir), "person_name": "X", "email": "x@example.org"}
        | _csrf(world, exporter),
    )
    assert other.status_code == 403
    listed = staff.get(f"/api/v1/events/{event_id}/participants").json()
    people = {p["person_name"]: p["id"] for p in listed}
    assert [p["entries"][0]["hs_codes"] for p in listed] == [["081310"], ["081310"]]
    for pid in people.values():
        decided = staff.post(
            f"{url}/participants/{pid}/decision",
            data={"decision": "approved", **_csrf(world, staff)},
        )
        assert decided.status_code == 303

    sent = exporter.post(
        f"{url}/requests",
        data={"from_id": str(people["Aysel"]), "to_id": str(people["Ivan"]),
              "priority": "must", "message": "Apricots?"} | _csrf(world, exporter),
    )  # fmt: skip
    assert sent.status_code == 303, sent.text
    inbox = buyer.get(f"/api/v1/events/{event_id}/requests").json()
    assert [(r["from_id"], r["status"], r["message"]) for r in inbox] == [
        (people["Aysel"], "pending", "Apricots?")
    ]
    forged = exporter.post(
        f"{url}/requests/{inbox[0]['id']}/answer",
        data={"decision": "accepted", **_csrf(world, exporter)},
    )
    assert forged.status_code == 403  # only the receiver answers
    accepted = buyer.post(
        f"/api/v1/events/{event_id}/requests/{inbox[0]['id']}/answer",
        json={"decision": "accepted"},
        headers={"X-CSRF-Token": world.csrf(buyer)},
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"

    moved = staff.post(f"{url}/status", data={"status": "scheduling", **_csrf(world, staff)})
    assert moved.status_code == 303
    token = {"Authorization": f"Bearer {world.token('staff', 'write')}"}
    run = staff.post(
        f"/api/v1/events/{event_id}/schedule/run", json={"time_limit": 5}, headers=token
    )
    assert run.status_code == 200, run.text
    [meeting] = run.json()["meetings"]
    assert meeting["status"] == "draft" and meeting["starts_at"].startswith("2026-12-08T06:")
    assert buyer.get(f"/api/v1/events/{event_id}/schedule").json()["meetings"] == []
    page = staff.get(f"{url}/schedule")
    assert page.status_code == 200 and "Aysel – Ivan" in page.text
    published = staff.post(f"{url}/schedule/publish", data=_csrf(world, staff))
    assert published.status_code == 303
    seen = buyer.get(f"/api/v1/events/{event_id}/schedule").json()
    assert seen["status"] == "published" and [m["status"] for m in seen["meetings"]] == [
        "published"
    ]

    agenda = buyer.get(f"{url}/participants/{people['Ivan']}/agenda")
    assert agenda.status_code == 200 and "Aysel" in agenda.text and "Asia/Baku" in agenda.text
    ics = buyer.get(f"{url}/participants/{people['Ivan']}/agenda.ics")
    assert ics.headers["content-type"].startswith("text/calendar")
    [vevent] = Calendar.from_ical(ics.content).walk("VEVENT")
    start = vevent.decoded("DTSTART")
    assert str(start.tzinfo) == "Asia/Baku"
    assert start == datetime.fromisoformat(meeting["starts_at"].replace("Z", "+00:00"))
    assert buyer.get(f"{url}/participants/{people['Aysel']}/agenda.ics").status_code == 404
    pdf = buyer.get(f"{url}/participants/{people['Ivan']}/agenda.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert buyer.get(f"{url}/participants/{people['Aysel']}/agenda.pdf").status_code == 404
    assert buyer.get(f"{url}/agendas.zip").status_code == 403
    every = staff.get(f"{url}/agendas.zip")  # printed at publication, in the background
    assert every.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(every.content)).namelist()
    assert {f"agenda-{people['Ivan']}-Ivan.pdf", f"agenda-{people['Ivan']}-Ivan.ics"} < set(names)


def test_the_api_creates_and_moves_events_and_refuses_bad_input(accounts_app) -> None:
    world = accounts_app
    staff = world.client("staff")
    headers = {"X-CSRF-Token": world.csrf(staff)}
    body = {
        "kind": "outbound_mission",
        "title_en": "Mission to Kazan",
        "starts_on": "2027-03-01",
        "ends_on": "2027-03-03",
        "time_zone": "Europe/Moscow",
        "country": "RUS",
        "tables": ["A", "B"],
        "sessions": [{"day": "2027-03-02", "start": "09:00", "end": "10:00"}],
        "meeting_minutes": 25,
        "pause_minutes": 5,
    }
    made = staff.post("/api/v1/events", json=body, headers=headers)
    assert made.status_code == 201, made.text
    event = made.json()
    assert (event["status"], event["sessions"][0]["start"]) == ("draft", "09:00")
    slots = staff.get(f"/api/v1/events/{event['id']}/slots").json()
    # 09:00-09:25 and 09:30-09:55 in Moscow (UTC+3)
    assert [(s["start"], s["starts_at"][:16]) for s in slots] == [
        ("09:00", "2027-03-02T06:00"),
        ("09:30", "2027-03-02T06:30"),
    ]
    back = staff.post(
        f"/api/v1/events/{event['id']}/status", json={"status": "closed"}, headers=headers
    )
    assert back.status_code == 409
    assert "from draft to closed" in back.json()["error"]["message"]
    wrong = staff.post("/api/v1/events", json=body | {"ends_on": "2027-02-01"}, headers=headers)
    assert wrong.status_code == 400 and wrong.json()["error"]["field"] == "ends_on"
    viewer = world.client("viewer")
    assert (
        viewer.post(
            "/api/v1/events", json=body, headers={"X-CSRF-Token": world.csrf(viewer)}
        ).status_code
        == 403
    )
    assert [e["id"] for e in viewer.get("/api/v1/events").json()] == [event["id"]]
    assert world.client("company").get("/api/v1/events").json() == []  # drafts are the staff's


@pytest.mark.parametrize(
    ("lang", "words"),
    [("az", ["Tədbirlər", "Yeni tədbir"]), ("ru", ["Мероприятия", "Новое мероприятие"]),
     ("en", ["Events", "New event"])],
)  # fmt: skip
def test_the_events_pages_in_three_languages(accounts_app, lang: str, words) -> None:
    text = accounts_app.client("staff").get(f"/events?lang={lang}").text
    title = re.search(r"<h1>(.*?)</h1>", text).group(1)
    assert title == words[0] and words[1] in text


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_events_api_with_signed_in_staff_never_fails(accounts_app) -> None:
    """Generated calls of every events operation as staff, on an event with a participant:
    no 5xx, and every answer as the schema says."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        response_schema_conformance,
        status_code_conformance,
    )

    world = accounts_app
    staff = world.client("staff")
    made = staff.post(
        "/events",
        data=_event_form(world, staff),
    )
    assert made.status_code == 303
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", world.app)
    checks = [not_a_server_error, response_schema_conformance, status_code_conformance]
    operations = [
        result.ok()
        for result in schema.get_all_operations()
        if "events" in (result.ok().tags or [])
    ]
    assert len(operations) >= 15
    headers = {"Authorization": f"Bearer {world.token('staff', 'write')}"}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=8, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def run(case):
            case.call_and_validate(checks=checks, headers=headers)

        run()
