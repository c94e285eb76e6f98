"""Outcomes, mission results, leads and follow-ups, on both databases: who records and sees
what, the deal's required fields, the lead's stable id, and due dates worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from event_builders import STAFF, company, published_forum
from tradebridge.db.audit import AuditEntry
from tradebridge.errors import BadInput, Forbidden, NotFound
from tradebridge.events import day, follow_ups, outcomes, services
from tradebridge.events.outcomes import LeadRecord, MissionRecord, OutcomeRecord

DEAL = LeadRecord(
    "deal", product="080510", value_usd=Decimal("250000.00"), expected_on=date(2027, 3, 1)
)
# the forum's last day is 2026-12-08: follow-ups 30 and 90 days after it
AFTER_30, AFTER_90 = date(2027, 1, 7), date(2027, 3, 8)


@pytest.fixture
def held(db_session):
    forum = published_forum(db_session)
    day.mark(db_session, forum.meeting("Aysel", "Boris"), "held", user=STAFF)
    db_session.commit()
    return forum


def test_an_outcome_needs_a_held_meeting_and_its_own_side(db_session, held) -> None:
    cd = held.meeting("Chen", "Dmitri")
    with pytest.raises(BadInput, match="is not marked held"):
        outcomes.record_outcome(db_session, cd, held.people["Chen"], OutcomeRecord("high"))
    ab, aysel = held.meeting("Aysel", "Boris"), held.people["Aysel"]
    with pytest.raises(Forbidden):
        outcomes.record_outcome(
            db_session, ab, aysel, OutcomeRecord("high"), user=company(held.orgs["Sibir"])
        )
    with pytest.raises(BadInput, match="is not in meeting"):
        outcomes.record_outcome(db_session, ab, held.people["Chen"], OutcomeRecord("high"))
    with pytest.raises(BadInput, match="a deal needs its value in US\\$") as caught:
        outcomes.record_outcome(
            db_session, ab, aysel, OutcomeRecord("high", lead=LeadRecord("deal", product="080510"))
        )
    assert caught.value.problems == [
        ("value_usd", "a deal needs its value in US$"),
        ("expected_on", "a deal needs the date it is expected"),
    ]
    with pytest.raises(BadInput, match="not an HS6 code"):
        outcomes.record_outcome(
            db_session, ab, aysel, OutcomeRecord("low", lead=LeadRecord("lead", product="000000"))
        )


def test_a_deal_is_a_lead_with_a_stable_id_and_two_follow_ups(db_session, held) -> None:
    ab, aysel = held.meeting("Aysel", "Boris"), held.people["Aysel"]
    kend = company(held.orgs["Kend"])
    first = outcomes.record_outcome(
        db_session, ab, aysel, OutcomeRecord("high", "samples in January", lead=DEAL),
        user=kend, today=date(2026, 12, 8),
    )  # fmt: skip
    db_session.commit()
    [lead] = outcomes.leads(db_session, event_id=held.event)
    assert (lead.organisation, lead.counterpart, lead.counterpart_country) == (
        "Kend",
        "Sibir",
        "RUS",
    )
    assert (lead.kind, lead.product, lead.value_usd, lead.expected_on) == (
        "deal", "080510", Decimal("250000.00"), date(2027, 3, 1),
    )  # fmt: skip
    assert (lead.source, lead.meeting_id, lead.event_title) == ("meeting", ab, "AZ-RU forum")
    assert [(f.after_days, f.due_on) for f in first.follow_ups] == [
        (30, AFTER_30),
        (90, AFTER_90),
    ]
    # changed a week later: the lead keeps its id, the follow-ups their dates
    bigger = LeadRecord(
        "deal", product="080510", value_usd=Decimal("300000"), expected_on=date(2027, 4, 1)
    )
    outcomes.record_outcome(
        db_session, ab, aysel, OutcomeRecord("high", lead=bigger), today=date(2026, 12, 15)
    )
    db_session.commit()
    [again] = outcomes.leads(db_session)
    assert (again.id, again.value_usd) == (lead.id, Decimal("300000.00"))
    assert [f.due_on for f in follow_ups.follow_ups_of(db_session)] == [AFTER_30, AFTER_90]
    # no interest, no lead: the lead goes, and the open follow-ups with it
    outcomes.record_outcome(db_session, ab, aysel, OutcomeRecord("none"))
    db_session.commit()
    assert outcomes.leads(db_session) == [] and follow_ups.follow_ups_of(db_session) == []
    kinds = {
        (e.entity_type, e.action)
        for e in db_session.scalars(
            select(AuditEntry).where(AuditEntry.entity_type.like("event_%"))
        )
    }
    assert {("event_leads", "insert"), ("event_leads", "update"), ("event_leads", "delete"),
            ("event_outcomes", "update"), ("event_follow_ups", "delete")} <= kinds  # fmt: skip


def test_a_company_sees_only_its_own_outcomes_and_leads(db_session, held) -> None:
    ab = held.meeting("Aysel", "Boris")
    outcomes.record_outcome(db_session, ab, held.people["Aysel"], OutcomeRecord("high", lead=DEAL))
    outcomes.record_outcome(
        db_session, ab, held.people["Boris"], OutcomeRecord("low", lead=LeadRecord("lead"))
    )
    db_session.commit()
    sibir, silk = company(held.orgs["Sibir"]), company(held.orgs["Silk"])
    assert [o.interest for o in outcomes.outcomes(db_session, held.event, user=sibir)] == ["low"]
    assert [x.kind for x in outcomes.leads(db_session, user=sibir)] == ["lead"]
    assert outcomes.leads(db_session, user=silk) == []
    assert len(outcomes.outcomes(db_session, held.event, user=STAFF)) == 2
    assert [x.kind for x in outcomes.leads(db_session, kind="deal")] == ["deal"]
    deal = outcomes.leads(db_session, kind="deal")[0]
    with pytest.raises(NotFound):
        outcomes.get_lead(db_session, deal.id, user=sibir)
    assert outcomes.get_lead(db_session, deal.id, user=STAFF).value_usd == Decimal("250000.00")


def test_staff_record_mission_results_per_organisation(db_session, held) -> None:
    kend = held.orgs["Kend"]
    with pytest.raises(Forbidden):
        outcomes.record_mission_result(
            db_session, held.event, MissionRecord(kend, 3), user=company(kend)
        )
    outcomes.record_mission_result(
        db_session, held.event, MissionRecord(kend, 12, "met the chamber"), lead=DEAL,
        user=STAFF, today=date(2027, 1, 20),
    )  # fmt: skip
    result = outcomes.record_mission_result(
        db_session, held.event, MissionRecord(kend, 14), lead=LeadRecord("mou"), user=STAFF
    )
    db_session.commit()
    assert (result.contacts, [x.kind for x in result.leads]) == (14, ["deal", "mou"])
    # recorded after the event: due 30 and 90 days after 2027-01-20
    assert [f.due_on for f in result.follow_ups] == [date(2027, 2, 19), date(2027, 4, 20)]
    assert {x.source for x in outcomes.leads(db_session)} == {"mission"}
    mou = next(x for x in result.leads if x.kind == "mou")
    outcomes.remove_lead(db_session, mou.id, user=STAFF)
    db_session.commit()
    assert [x.kind for x in outcomes.leads(db_session)] == ["deal"]
    services.move(db_session, held.event, "closed", user=STAFF)
    outcomes.record_mission_result(db_session, held.event, MissionRecord(kend, 15), user=STAFF)
    services.move(db_session, held.event, "published", reason="a mistake", user=STAFF)
    with pytest.raises(BadInput, match="once it is live, closed"):
        outcomes.record_mission_result(db_session, held.event, MissionRecord(kend, 1), user=STAFF)


def test_follow_ups_due_overdue_first_and_marked_done(db_session, held) -> None:
    ab = held.meeting("Aysel", "Boris")
    outcomes.record_outcome(
        db_session, ab, held.people["Aysel"], OutcomeRecord("high"), today=date(2026, 12, 8)
    )
    outcomes.record_mission_result(
        db_session, held.event, MissionRecord(held.orgs["Silk"], 2), user=STAFF,
        today=date(2026, 12, 20),
    )  # fmt: skip
    db_session.commit()
    # on 2027-01-12: Kend's 30-day one (2027-01-07) is overdue, Silk's (2027-01-19) soon due
    found = follow_ups.due(db_session, today=date(2027, 1, 12))
    assert [(f.organisation, f.due_on, f.overdue) for f in found] == [
        ("Kend", AFTER_30, True),
        ("Silk", date(2027, 1, 19), False),
    ]
    with pytest.raises(Forbidden):
        follow_ups.due(db_session, user=company(held.orgs["Kend"]))
    with pytest.raises(Forbidden):
        follow_ups.mark_done(db_session, found[0].id, user=company(held.orgs["Kend"]))
    follow_ups.mark_done(db_session, found[0].id, note="called them", user=STAFF)
    db_session.commit()
    assert [f.organisation for f in follow_ups.due(db_session, today=date(2027, 1, 12))] == ["Silk"]
    done = [f for f in follow_ups.follow_ups_of(db_session) if f.done]
    assert [(f.id, f.note) for f in done] == [(found[0].id, "called them")]
