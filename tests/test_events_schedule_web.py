"""The schedule's hand edits, the table plans and the PDF agendas through the pages and the
API (SQLite; the rules themselves are tested on both databases in test_events_draft_edits):
a refused edit answers 400 with the reason and changes nothing, a valid one is stored; a
company downloads its own people's agenda as PDF only; staff download every agenda as a zip
and read the table plans."""

from __future__ import annotations

import io
import zipfile

import pytest

from event_builders import build_forum
from web_fixtures import PASSWORD


@pytest.fixture
def world(accounts_app):
    from tradebridge.accounts.users import create_user

    with accounts_app.database.transaction(actor="test") as session:
        forum = build_forum(session)
        create_user(
            session,
            email="aysel@kend.example",
            password=PASSWORD,
            role="company",
            organisation_id=forum.orgs["Kend"],
        )
    accounts_app.forum = forum
    return accounts_app


def _staff(world):
    client = world.client("staff")
    return client, {"X-CSRF-Token": world.csrf(client)}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_hand_edits_through_the_page_and_the_api(world) -> None:
    f = world.forum
    staff, headers = _staff(world)
    url = f"/events/{f.event}/schedule"
    run = staff.post(f"/api/v1/events/{f.event}/schedule/run", json={"time_limit": 5},
                     headers=headers)  # fmt: skip
    assert run.status_code == 200, run.text
    meetings = run.json()["meetings"]
    boris = next(m for m in meetings if f.people["Boris"] in (m["a"], m["b"]))
    after = f"{f.afternoon}.1"

    refused = staff.post(
        f"{url}/meetings/{boris['id']}/move",
        data={"slot": after, "table": "T1", "csrf_token": world.csrf(staff)},
    )
    assert refused.status_code == 400
    assert "Aysel (#" in refused.text and "is not available in slot" in refused.text
    added = staff.post(
        f"{url}/meetings",
        data={"a_id": str(f.people["Boris"]), "b_id": str(f.people["Dmitri"]), "slot": after,
              "table": "T1", "csrf_token": world.csrf(staff)},
    )  # fmt: skip
    assert added.status_code == 303, added.text
    page = staff.get(url)
    assert "Boris – Dmitri" in page.text and "14:00" in page.text

    clash = staff.post(
        f"/api/v1/events/{f.event}/schedule/meetings",
        json={"a": f.people["Chen"], "b": f.people["Dmitri"], "slot": after, "table": "T2"},
        headers=headers,
    )
    assert clash.status_code == 400
    assert "Dmitri (#" in clash.json()["error"]["message"]
    moved = staff.patch(
        f"/api/v1/events/{f.event}/schedule/meetings/{boris['id']}",
        json={"slot": boris["slot"], "table": "T2" if boris["table"] == "T1" else "T1"},
        headers=headers,
    )
    assert moved.status_code == 200 and moved.json()["table"] != boris["table"]
    gone = staff.delete(
        f"/api/v1/events/{f.event}/schedule/meetings/{boris['id']}", headers=headers
    )
    assert gone.status_code == 204
    left = staff.get(f"/api/v1/events/{f.event}/schedule").json()["meetings"]
    assert len(left) == 2 and boris["id"] not in [m["id"] for m in left]
    company = world.anonymous()
    world.log_in(company, "aysel@kend.example")
    denied = company.post(
        f"{url}/meetings/{left[0]['id']}/cancel", data={"csrf_token": world.csrf(company)}
    )
    assert denied.status_code == 403


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_pdf_agendas_and_table_plans(world) -> None:
    pypdf = pytest.importorskip("pypdf")
    f = world.forum
    staff, headers = _staff(world)
    staff.post(f"/api/v1/events/{f.event}/schedule/run", json={"time_limit": 5}, headers=headers)
    staff.post(f"/api/v1/events/{f.event}/schedule/publish", headers=headers)
    company = world.anonymous()
    world.log_in(company, "aysel@kend.example")

    pdf = company.get(f"/events/{f.event}/participants/{f.people['Aysel']}/agenda.pdf?lang=ru")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = pypdf.PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Boris" in text and "Chen" in text and "Стол" in text
    other = company.get(f"/events/{f.event}/participants/{f.people['Boris']}/agenda.pdf")
    assert other.status_code == 404
    assert company.get(f"/events/{f.event}/table-plan").status_code == 403
    assert company.get(f"/events/{f.event}/agendas.zip").status_code == 403

    plan = staff.get(f"/events/{f.event}/table-plan?lang=az")
    assert plan.status_code == 200 and "Masa" in plan.text and "Aysel" in plan.text
    data = staff.get(f"/events/{f.event}/table-plan.json").json()
    assert [len(s["meetings"]) for s in data["by_slot"]] == [1, 1]
    assert staff.get(f"/events/{f.event}/table-plan.pdf").content.startswith(b"%PDF")
    archive = zipfile.ZipFile(io.BytesIO(staff.get(f"/events/{f.event}/agendas.zip").content))
    names = archive.namelist()  # every approved participant, Dmitri's empty agenda too
    assert [n.endswith(".pdf") for n in names] == [True, False] * 4


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_requests_in_one_batch_all_or_none(accounts_app) -> None:
    from tradebridge.events import services

    with accounts_app.database.transaction(actor="test") as session:
        f = build_forum(session)
        services.move(session, f.event, "requests_open", reason="more requests")
    staff, headers = _staff(accounts_app)
    url = f"/api/v1/events/{f.event}/requests/batch"
    p = f.people
    good = {"from_id": p["Boris"], "to_id": p["Chen"], "priority": "must"}
    refused = staff.post(
        url, json=[good, {"from_id": p["Boris"], "to_id": p["Olga"]}], headers=headers
    )
    assert refused.status_code == 400
    error = refused.json()["error"]
    assert "request 2: to_id: Olga is not an approved" in error["message"]
    assert error["field"] == "to_id"
    sent = staff.post(url, json=[good, {"from_id": p["Dmitri"], "to_id": p["Chen"]}],
                      headers=headers)  # fmt: skip
    assert sent.status_code == 201, sent.text
    assert [(r["from_id"], r["to_id"]) for r in sent.json()["stored"]] == [
        (p["Boris"], p["Chen"]),
        (p["Dmitri"], p["Chen"]),
    ]
    again = [
        {"from_id": p["Chen"], "to_id": p["Boris"]},
        {"from_id": p["Dmitri"], "to_id": p["Boris"]},
    ]
    partial = staff.post(f"{url}?skip_invalid=true", json=again, headers=headers)
    assert partial.status_code == 201, partial.text
    assert [(r["from_id"], r["to_id"]) for r in partial.json()["stored"]] == [
        (p["Dmitri"], p["Boris"])
    ]
    [why] = partial.json()["refused"]
    assert (why["number"], why["field"]) == (1, "to_id")
    assert why["reason"].startswith("there is already request #")
    assert staff.post(url, json=[], headers=headers).status_code == 422
