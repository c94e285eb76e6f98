"""The event KPIs against figures counted by hand: the pure core on plain rows (outcomes
included), then the same figures read from the database (SQLite and PostgreSQL), and the view of
forum markets beside the markets of most untapped potential."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from tradebridge.events.kpis import (
    EventFacts,
    Kpis,
    MeetingFacts,
    ParticipantFacts,
    RequestFacts,
    ResultFacts,
    kpi_report,
    markets_beside,
)

FORUM = EventFacts(1, "AZ-RU forum", "business_forum", "closed", date(2025, 5, 20), "AZE",
                   ("RUS",), ("food",))  # fmt: skip
MISSION = EventFacts(2, "Mission to Almaty", "outbound_mission", "published", date(2026, 3, 10),
                     "KAZ")  # fmt: skip
TWO_WAY = EventFacts(3, "Council", "council_session", "live", date(2026, 6, 1), "AZE",
                     ("RUS", "TUR"), ("food", "ict"))  # fmt: skip


def test_counts_rates_and_groups_by_hand():
    participants = [ParticipantFacts(1, "AZE", ("food",)), ParticipantFacts(1, "RUS", ("food",)),
                    ParticipantFacts(1, "RUS", ("food", "chemicals")),
                    ParticipantFacts(2, "AZE", ("food",)), ParticipantFacts(2, "CHN", ("ict",)),
                    ParticipantFacts(3, "TUR", ())]  # fmt: skip
    requests = [RequestFacts(1, s) for s in ("accepted", "accepted", "declined", "expired",
                                             "withdrawn")]  # fmt: skip
    requests += [RequestFacts(2, "accepted"), RequestFacts(2, "pending")]
    requests += [RequestFacts(3, "accepted")]
    meetings = [MeetingFacts(1, True, "held"), MeetingFacts(1, True, "no_show"),
                MeetingFacts(1, False, None), MeetingFacts(2, True, None),
                MeetingFacts(3, True, "held"), MeetingFacts(3, True, "held"),
                MeetingFacts(3, True, "cancelled")]  # fmt: skip
    results = [ResultFacts(1, "lead"), ResultFacts(1, "deal", Decimal("250000")),
               ResultFacts(3, "lead"), ResultFacts(3, "lead"), ResultFacts(3, "mou"),
               ResultFacts(3, "deal", Decimal("1000000.50")), ResultFacts(3, "deal", None),
               ResultFacts(9, "deal", Decimal(5))]  # event 9 is not in the report  # fmt: skip
    r = kpi_report([FORUM, MISSION, TWO_WAY], participants, requests, meetings, results)
    t = r.total
    # 3 events, 2 held (closed, live); requests 4 + 2 + 1 not withdrawn, 2 + 1 + 1 accepted
    assert (t.events, t.events_held, t.participants) == (3, 2, 6)
    assert (t.requested, t.accepted, t.scheduled, t.held, t.no_shows) == (7, 4, 6, 3, 1)
    assert (t.leads, t.deals, t.mous, t.deal_usd) == (3, 3, 1, Decimal("1250000.50"))
    assert t.acceptance_rate == pytest.approx(4 / 7)
    assert t.placement_rate == pytest.approx(6 / 4)  # more meetings than accepted requests
    assert t.show_rate == pytest.approx(3 / 6)
    assert (t.lead_rate, t.deal_rate) == (1.0, 1.0)
    assert t.funnel() == [("requested", 7), ("accepted", 4), ("scheduled", 6), ("held", 3),
                          ("leads", 3), ("deals", 3)]  # fmt: skip
    forum = next(k for k in r.by_event if k.key == "1")
    assert (forum.requested, forum.accepted, forum.scheduled, forum.held) == (4, 2, 2, 1)
    assert forum.show_rate == 0.5 and forum.deal_usd == Decimal(250000)
    assert [k.key for k in r.by_event] == ["3", "2", "1"]  # newest first
    # markets: RUS from the forum and the council, TUR from the council, KAZ (the host)
    markets = {k.key: k for k in r.by_market}
    assert set(markets) == {"RUS", "TUR", "KAZ"}
    assert (markets["RUS"].events, markets["RUS"].held, markets["RUS"].deals) == (2, 3, 3)
    assert (markets["TUR"].events, markets["KAZ"].scheduled) == (1, 1)
    sectors = {k.key: (k.events, k.requested) for k in r.by_sector}
    assert sectors == {"food": (2, 5), "ict": (1, 1), "": (1, 2)}
    assert [(k.key, k.events, k.deal_usd) for k in r.by_year] == [
        ("2025", 1, Decimal(250000)), ("2026", 2, Decimal("1000000.50"))]  # fmt: skip
    assert [(c.key, c.participants, c.events) for c in r.participants_by_country] == [
        ("AZE", 2, 2), ("RUS", 2, 1), ("CHN", 1, 1), ("TUR", 1, 1)]  # fmt: skip
    assert [(c.key, c.participants) for c in r.participants_by_sector] == [
        ("food", 4), ("", 1), ("chemicals", 1), ("ict", 1)]  # fmt: skip


def test_no_events_and_zero_denominators():
    r = kpi_report([], [], [], [], [])
    assert r.total == Kpis("") and r.by_event == [] and r.by_market == []
    assert r.total.acceptance_rate is None and r.total.show_rate is None


def test_markets_beside_the_potential_ranking():
    by_market = [Kpis("RUS", events=2, events_held=2, held=30, deals=4, deal_usd=Decimal(9)),
                 Kpis("KAZ", events=1, events_held=1, held=5),
                 Kpis("GEO", events=1, events_held=0),  # announced, not held yet
                 Kpis("UZB", events=1, events_held=1, held=2)]  # fmt: skip
    untapped = [("CHN", 5e8), ("RUS", 4e8), ("TUR", 3e8), ("KAZ", 1e8)]
    rows = markets_beside(by_market, untapped, top=3)
    assert [(r.market, r.potential_rank, r.in_top, r.events_held, r.gap) for r in rows] == [
        ("CHN", 1, True, 0, "potential_only"),
        ("RUS", 2, True, 2, "both"),
        ("TUR", 3, True, 0, "potential_only"),
        ("KAZ", 4, False, 1, "events_only"),
        ("UZB", None, False, 1, "events_only"),
    ]
    assert rows[1].deal_usd == Decimal(9) and rows[4].untapped_usd is None


STAFF_ACTOR = "test"


@pytest.fixture
def event_world(db_session):
    """``build_world`` in a fresh database."""
    return build_world(db_session)


def build_world(s) -> dict[str, int]:
    """Two counted events and one draft (never counted), written as rows:

    - forum 1 (closed, 2025, AZE host, partner RUS, food): Kend, Sibir, Volga approved, Silk
      declined; requests Kend→Sibir and Kend→Volga accepted, Sibir→Volga declined, Sibir→Kend
      expired, Volga→Kend withdrawn; two published meetings (Kend–Sibir held, Kend–Volga a
      no-show) and one draft; Kend's outcome of the held one: a US$ 250,000 deal and a lead;
    - mission 2 (published, 2026, in KAZ, no partner named): Kend and Silk approved, both ask
      each other and accept; one published meeting and one draft; an MoU in Kend's mission
      result;
    - forum 3 (draft): Kend approved, a request accepted, a published meeting held.
    """
    from tradebridge.events.models import Event, EventParticipant, Meeting, MeetingRequest
    from tradebridge.events.outcome_models import Lead, MissionResult, Outcome
    from tradebridge.registry.models import Organisation

    orgs = {}
    companies = [("Kend", "AZE", ["food"]), ("Sibir", "RUS", ["food", "chemicals"]),
                 ("Silk", "CHN", ["ict"]), ("Volga", "RUS", ["food"])]  # fmt: skip
    for name, country, sectors in companies:
        org = Organisation(kind="exporter", country=country, name_en=name, sectors=sectors)
        s.add(org)
        s.flush()
        orgs[name] = org.id

    def event(kind, status, day, country, partners, sectors):
        e = Event(kind=kind, status=status, title_en=f"{kind} {day.year}", starts_on=day,
                  ends_on=day, time_zone="Asia/Baku", country=country,
                  partner_countries=partners, sectors=sectors)  # fmt: skip
        s.add(e)
        s.flush()
        return e.id

    def people(event_id, statuses):
        ids = {}
        for name, status in statuses.items():
            p = EventParticipant(event_id=event_id, organisation_id=orgs[name], person_name=name,
                                 email=f"{name.lower()}@example.org", status=status)  # fmt: skip
            s.add(p)
            s.flush()
            ids[name] = p.id
        return ids

    def ask(event_id, ids, pairs):
        for a, b, status in pairs:
            s.add(MeetingRequest(event_id=event_id, from_id=ids[a], to_id=ids[b], status=status))

    start = datetime(2025, 5, 20, 6, tzinfo=UTC)

    def meet(event_id, ids, pairs):
        made = []
        for n, (a, b, status, *mark) in enumerate(pairs):
            m = Meeting(event_id=event_id, a_id=ids[a], b_id=ids[b], slot=f"s{n}", table="T1",
                        starts_at=start, ends_at=start + timedelta(minutes=20), status=status,
                        attendance=mark[0] if mark else None)  # fmt: skip
            s.add(m)
            s.flush()
            made.append(m.id)
        return made

    one = event("business_forum", "closed", date(2025, 5, 20), "AZE", ["RUS"], ["food"])
    ids = people(one, {"Kend": "approved", "Sibir": "approved", "Volga": "approved",
                       "Silk": "declined"})  # fmt: skip
    ask(one, ids, [("Kend", "Sibir", "accepted"), ("Kend", "Volga", "accepted"),
                   ("Sibir", "Volga", "declined"), ("Sibir", "Kend", "expired"),
                   ("Volga", "Kend", "withdrawn")])  # fmt: skip
    held, _, _ = meet(one, ids, [("Kend", "Sibir", "published", "held"),
                                 ("Kend", "Volga", "published", "no_show"),
                                 ("Sibir", "Volga", "draft")])  # fmt: skip
    said = Outcome(event_id=one, meeting_id=held, participant_id=ids["Kend"],
                   organisation_id=orgs["Kend"], interest="high")  # fmt: skip
    s.add(said)
    s.flush()
    for kind, usd in (("deal", Decimal("250000.00")), ("lead", None)):
        s.add(Lead(event_id=one, organisation_id=orgs["Kend"], outcome_id=said.id, kind=kind,
                   value_usd=usd))  # fmt: skip
    two = event("outbound_mission", "published", date(2026, 3, 10), "KAZ", [], [])
    ids = people(two, {"Kend": "approved", "Silk": "approved"})
    ask(two, ids, [("Kend", "Silk", "accepted"), ("Silk", "Kend", "accepted")])
    meet(two, ids, [("Kend", "Silk", "published"), ("Silk", "Kend", "draft")])
    mission = MissionResult(event_id=two, organisation_id=orgs["Kend"], contacts=3)
    s.add(mission)
    s.flush()
    s.add(Lead(event_id=two, organisation_id=orgs["Kend"], mission_result_id=mission.id,
               kind="mou"))  # fmt: skip
    three = event("business_forum", "draft", date(2026, 9, 1), "AZE", ["RUS"], ["food"])
    ids = people(three, {"Kend": "approved", "Sibir": "approved"})
    ask(three, ids, [("Kend", "Sibir", "accepted")])
    meet(three, ids, [("Kend", "Sibir", "published", "held")])
    s.flush()
    s.commit()
    return {"forum": one, "mission": two, "draft": three}


def test_the_figures_read_from_the_database(db_session, event_world):
    from tradebridge.events.kpi_facts import KpiFilters, report

    t = report(db_session).total
    # forum: 3 approved, 4 requests not withdrawn (2 accepted), 2 published meetings;
    # mission: 2 approved, 2 requests (both accepted), 1 published meeting; the draft: nothing
    assert (t.events, t.events_held, t.participants) == (2, 1, 5)
    assert (t.requested, t.accepted, t.scheduled) == (6, 4, 3)
    assert t.acceptance_rate == pytest.approx(4 / 6) and t.placement_rate == pytest.approx(3 / 4)
    # one meeting held, one no-show (the draft's held meeting is not counted)
    assert (t.held, t.no_shows, t.show_rate) == (1, 1, pytest.approx(1 / 3))
    assert (t.leads, t.deals, t.mous, t.deal_usd) == (1, 1, 1, Decimal("250000.00"))
    r = report(db_session)
    assert [(c.key, c.participants, c.events) for c in r.participants_by_country] == [
        ("AZE", 2, 2), ("RUS", 2, 1), ("CHN", 1, 1)]  # fmt: skip
    assert [(c.key, c.participants) for c in r.participants_by_sector] == [
        ("food", 4), ("chemicals", 1), ("ict", 1)]  # fmt: skip
    assert {k.key: k.events for k in r.by_market} == {"RUS": 1, "KAZ": 1}
    forum = report(db_session, KpiFilters(event_id=event_world["forum"])).total
    assert (forum.events, forum.requested, forum.accepted, forum.scheduled) == (1, 4, 2, 2)
    assert (forum.held, forum.show_rate, forum.deal_rate) == (1, 0.5, 1.0)
    assert report(db_session, KpiFilters(year=2026)).total.scheduled == 1
    assert report(db_session, KpiFilters(market="KAZ")).total.participants == 2
    assert report(db_session, KpiFilters(sector="food")).total.requested == 4
    assert report(db_session, KpiFilters(event_id=event_world["draft"])).total.events == 0


def test_a_company_does_not_read_the_kpis(db_session, event_world):
    from types import SimpleNamespace

    from tradebridge.errors import Forbidden
    from tradebridge.events.kpi_facts import report

    with pytest.raises(Forbidden):
        report(db_session, user=SimpleNamespace(role="company"))
    assert report(db_session, user=SimpleNamespace(role="viewer")).total.events == 2


@pytest.fixture
def kpi_app(accounts_app):
    with accounts_app.database.transaction(actor="test") as session:
        ids = build_world(session)
    return accounts_app, ids


def test_the_kpi_page_its_twin_and_downloads(kpi_app):
    import csv
    import io

    from openpyxl import load_workbook

    world, ids = kpi_app
    viewer = world.client("viewer")
    shown = viewer.get("/events/kpis?lang=en")
    assert shown.status_code == 200
    assert "Meetings requested" in shown.text and "business_forum 2025" in shown.text
    data = viewer.get("/events/kpis.json").json()
    assert (data["total"]["requested"], data["total"]["accepted"]) == (6, 4)
    assert data["funnel"]["rows"][0] == {"step": "Meetings requested", "count": 6}
    assert viewer.get("/events/kpis?lang=ru").text.count("Запрошено встреч") >= 1
    rows = list(csv.DictReader(io.StringIO(viewer.get("/events/kpis.csv?year=2025").text)))
    assert [(r["event_id"], r["requested"], r["accepted"], r["scheduled"]) for r in rows] == [
        (str(ids["forum"]), "4", "2", "2")
    ]
    # the forum: one of its two meetings held, one deal of US$ 250,000 from it
    assert (rows[0]["acceptance_rate"], rows[0]["show_rate"], rows[0]["deal_usd"]) == (
        "0.5", "0.5", "250000.00")  # fmt: skip
    mission = viewer.get(f"/events/kpis.csv?event={ids['mission']}").text
    # the mission: nothing held, so a show rate of 0 and no lead rate at all
    assert next(csv.DictReader(io.StringIO(mission)))["show_rate"] == "0.0"
    assert next(csv.DictReader(io.StringIO(mission)))["lead_rate"] == ""
    book = load_workbook(io.BytesIO(viewer.get("/events/kpis.xlsx").content))
    assert book.sheetnames[:3] == ["events", "markets", "sectors"]
    assert [c.value for c in book["total"][2]][3:6] == [6, 4, 3]  # requested, accepted, scheduled
    pdf = viewer.get(f"/events/kpis.pdf?event={ids['forum']}&lang=az")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert viewer.get("/events/kpis.doc").status_code == 400
    assert viewer.get("/events/kpis.csv?table=nope").status_code == 400
    assert world.client("company").get("/events/kpis").status_code == 403


def test_forum_markets_beside_potential(kpi_app):
    world, _ = kpi_app
    page = world.client("staff").get("/events/markets.json?country=AZE")
    assert page.status_code == 200
    rows = {r["market"]: r for r in page.json()["rows"]}
    # the forum (closed) was held with RUS; the KAZ mission is published, not held yet
    assert rows["RUS"]["events_held"] == 1
    assert "KAZ" not in rows or rows["KAZ"]["events_held"] == 0


def test_a_result_both_sides_record_counts_once():
    """Worked by hand: meeting 7's deal in 080510 is recorded by both sides (US$ 900 and
    1,000) → one deal of US$ 900; the seller's second deal there, in 080420, stands alone
    (US$ 50); both sides' leads at meeting 7 → one lead; meeting 8's lead (one side) and a
    mission's two deals (no meeting) count as they are."""
    deal = dict(kind="deal", meeting=7)
    results = [ResultFacts(1, usd=Decimal(900), side=10, product="080510", **deal),
               ResultFacts(1, usd=Decimal(1000), side=20, product="080510", **deal),
               ResultFacts(1, usd=Decimal(50), side=20, product="080420", **deal),
               ResultFacts(1, "lead", meeting=7, side=10),
               ResultFacts(1, "lead", meeting=7, side=20),
               ResultFacts(1, "lead", meeting=8, side=10),
               ResultFacts(2, "deal", Decimal(300)),
               ResultFacts(2, "deal", Decimal(300))]  # fmt: skip
    t = kpi_report([FORUM, MISSION], [], [], [], results).total
    assert (t.leads, t.deals, t.deal_usd) == (2, 4, Decimal(900 + 50 + 300 + 300))
