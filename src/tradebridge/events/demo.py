"""Synthetic demo events over the synthetic demo registry, built through the events' own
services (so every rule and the audit log apply) and scheduled by the real ``forum`` engine:

- a past Azerbaijan–Russia business forum in Baku (ended 45 days before ``today``): Azerbaijani
  exporters and Russian buyers registered, requested meetings (most accepted), were scheduled
  and published; on the day most meetings were held, some were no-shows or cancelled, one walk-in
  was added; each side of a held meeting recorded its interest, and some leads, deals (US$
  value, HS6 product of the exporter, expected date) and MoUs; the 30-day follow-ups are done
  or overdue, the 90-day ones still ahead; the forum is closed;
- a past outbound trade mission to Kazakhstan (without B2B meetings) with the staff's mission
  results per organisation;
- an upcoming Azerbaijan–Russia forum (40 days ahead) with registration open and a few people
  registered.

Every choice is drawn from ``random.Random(seed)``: the same registry, seed and ``today`` give
the same events. Titles say "synthetic demo" and the events are marked synthetic. A second run
adds nothing.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from tradebridge.errors import BadInput
from tradebridge.events import (
    day,
    follow_ups,
    meeting_requests,
    outcomes,
    registration,
    scheduling,
    services,
)
from tradebridge.events.models import Event, Meeting
from tradebridge.events.outcomes import LeadRecord, MissionRecord, OutcomeRecord
from tradebridge.events.record import EventRecord, table_names
from tradebridge.events.registration import ParticipantRecord
from tradebridge.events.slots import Session as MeetingSession

HOME, PARTNER, MISSION_TO = "AZE", "RUS", "KAZ"
EXPORTERS, BUYERS = 16, 14
PAST_DAYS, AHEAD_DAYS = 45, 40
NEXT_STEPS = ("send samples", "send a price list", "visit the plant", "call in two weeks",
              "meet at the next fair")  # fmt: skip


def _organisations(session: Session, kind: str, country: str) -> list[Any]:
    from tradebridge.registry.models import Organisation

    return list(
        session.scalars(
            select(Organisation)
            .where(
                Organisation.synthetic.is_(True),
                Organisation.status != "archived",
                Organisation.kind == kind,
                Organisation.country == country,
            )
            .order_by(Organisation.id)
        )
    )


def _person(org: Any, n: int) -> tuple[str, str, str]:
    """A participant of ``org``: its first contact, else a made-up one (name, position,
    e-mail in the reserved ``example`` domain)."""
    contact = (org.contacts or [{}])[0]
    name = contact.get("name") or f"Delegate {n}"
    email = contact.get("email") or f"delegate{org.id}@demo.example"
    return name, contact.get("role") or "Export manager", f"{n}.{email}"


def _forum(title: dict[str, str], first: date, *, city: str, country: str, partners,
           sectors=(), kind: str = "business_forum") -> EventRecord:  # fmt: skip
    return EventRecord(
        kind,
        title_en=title["en"] + " (synthetic demo)",
        title_az=title["az"] + " (sintetik demo)",
        title_ru=title["ru"] + " (синтетическое демо)",
        starts_on=first,
        ends_on=first,
        time_zone="Asia/Baku" if country == HOME else "Asia/Almaty",
        city=city,
        country=country,
        organiser="Export promotion agency (synthetic)",
        partner_countries=tuple(partners),
        sectors=tuple(sectors),
        capacity=80,
        tables=table_names(12) if kind == "business_forum" else (),
        meeting_minutes=25,
        pause_minutes=5,
        sessions=(
            MeetingSession("", first, "10:00", "12:30", "Morning"),
            MeetingSession("", first, "14:00", "16:00", "Afternoon"),
        )
        if kind == "business_forum"
        else (),
        request_cap=8,
        synthetic=True,
    )


def _walk(session: Session, event_id: int, to: str) -> None:
    from tradebridge.events.vocabulary import STATUSES

    event = session.get(Event, event_id)
    while event.status != to:
        services.move(session, event_id, STATUSES[STATUSES.index(event.status) + 1])


def _register(session: Session, event_id: int, orgs: list[Any], start: int) -> list[int]:
    ids = []
    for n, org in enumerate(orgs, start=start):
        name, position, email = _person(org, n)
        record = ParticipantRecord(org.id, name, email, position=position)
        ids.append(registration.register(session, event_id, record).id)
    return ids


def _lead(rng: random.Random, exporter: Any, ends_on: date) -> LeadRecord | None:
    draw = rng.random()
    codes = [p["code"] for p in (exporter.products_offered or []) if p.get("code")]
    product = rng.choice(codes) if codes else None
    if draw < 0.14 and product:
        value = Decimal(round(rng.lognormvariate(12.2, 0.9), -3))  # median about US$ 200 000
        expected = ends_on + timedelta(days=rng.randint(30, 240))
        return LeadRecord("deal", product=product, value_usd=value, expected_on=expected)
    if draw < 0.20:
        return LeadRecord("mou", description="cooperation memorandum (synthetic)")
    if draw < 0.45:
        return LeadRecord("lead", product=product)
    return None


def _past_forum(session: Session, rng: random.Random, today: date) -> Event:
    first = today - timedelta(days=PAST_DAYS)
    exporters = _organisations(session, "exporter", HOME)[:EXPORTERS]
    buyers = _organisations(session, "buyer", PARTNER)[:BUYERS]
    title = {"en": "Azerbaijan–Russia business forum", "az": "Azərbaycan–Rusiya biznes forumu",
             "ru": "Азербайджано-российский бизнес-форум"}  # fmt: skip
    record = _forum(title, first, city="Baku", country=HOME, partners=(PARTNER,),
                    sectors=("fresh_fruit_vegetables", "processed_food_beverages"))  # fmt: skip
    event = services.create(session, record)
    _walk(session, event.id, "registration_open")
    sellers = _register(session, event.id, exporters, 1)
    askers = _register(session, event.id, buyers, 100)
    for pid in sellers + askers:
        verdict = "declined" if rng.random() < 0.04 else "approved"
        registration.decide(session, pid, verdict, note="" if verdict == "approved" else "late")
    _walk(session, event.id, "requests_open")
    approved = {p.id for p in registration.participants(session, event.id)
                if p.status == "approved"}  # fmt: skip
    sellers = [p for p in sellers if p in approved]
    askers = [p for p in askers if p in approved]
    sent = set()
    for a in sellers + askers:
        others = askers if a in sellers else sellers
        for b in rng.sample(others, k=min(len(others), rng.randint(2, 4))):
            if frozenset((a, b)) in sent:
                continue
            sent.add(frozenset((a, b)))
            priority = rng.choices(("must", "should", "could"), weights=(2, 5, 3))[0]
            request = meeting_requests.send(session, a, b, priority=priority,
                                            message="Synthetic demo request")  # fmt: skip
            answer = "accepted" if rng.random() < 0.8 else "declined"
            meeting_requests.answer(session, request.id, answer)
    _walk(session, event.id, "scheduling")
    scheduling.run(session, event.id, time_limit=20.0, seed=7)
    scheduling.publish(session, event.id)
    _walk(session, event.id, "live")
    _the_day(session, rng, event, first)
    _walk(session, event.id, "closed")
    return event


def _by_pair(meetings: list[Meeting]) -> list[Meeting]:
    """Meetings in the order of their two participants' ids: the draws below then depend on
    who meets whom, not on where the engine placed them (among equally good schedules, its
    choice may vary from one Python process to another)."""
    return sorted(meetings, key=lambda m: (min(m.a_id, m.b_id), max(m.a_id, m.b_id), m.id))


def _the_day(session: Session, rng: random.Random, event: Event, first: date) -> None:
    from tradebridge.events.models import EventParticipant

    query = select(Meeting).where(Meeting.event_id == event.id)
    meetings = _by_pair(list(session.scalars(query)))
    for m in meetings:
        mark = rng.choices(("held", "no_show", "cancelled"), weights=(80, 12, 8))[0]
        day.mark(session, m.id, mark)
    people = list(session.scalars(
        select(EventParticipant).where(EventParticipant.event_id == event.id,
                                       EventParticipant.status == "approved")
        .order_by(EventParticipant.id)
    ))  # fmt: skip
    for p in people:
        if p.checked_in_at is None and rng.random() < 0.7:
            day.check_in(session, p.id)
    _one_walk_in(session, event, people)
    recorded = first + timedelta(days=2)
    exporters = {p.id for p in people if p.organisation.country == HOME}
    held = _by_pair(list(session.scalars(query.where(Meeting.attendance == "held"))))
    for m in held:
        one_lead = False  # a lead, deal or MoU is recorded by one side only (not counted twice)
        for side in sorted((m.a, m.b), key=lambda p: p.id):
            if rng.random() < 0.2:
                continue  # not every side records its outcome
            seller = side if side.id in exporters else (m.b if side is m.a else m.a)
            lead = None if one_lead else _lead(rng, seller.organisation, first)
            one_lead = one_lead or lead is not None
            interest = "high" if lead else rng.choices(("none", "low", "high"), (3, 5, 2))[0]
            outcomes.record_outcome(session, m.id, side.id, OutcomeRecord(
                interest, rng.choice(NEXT_STEPS) if interest != "none" else "", lead=lead,
            ), today=recorded)  # fmt: skip
    for f in follow_ups.follow_ups_of(session, event_id=event.id):
        if f.after_days == 30 and rng.random() < 0.6:
            follow_ups.mark_done(session, f.id, note="called them (synthetic)")


def _one_walk_in(session: Session, event: Event, people: list[Any]) -> None:
    """The first two people of different countries (by id) who are both free in some slot
    meet there as a walk-in, held."""
    for a in people:
        for b in people:
            if b.id <= a.id or b.organisation.country == a.organisation.country:
                continue
            for slot in services.event_slots(event):
                try:
                    made = day.walk_in(session, a.id, b.id, slot.id)
                except BadInput:
                    continue
                day.mark(session, made.id, "held")
                return


def _mission(session: Session, rng: random.Random, today: date) -> Event:
    first = today - timedelta(days=PAST_DAYS + 30)
    title = {"en": "Trade mission to Kazakhstan", "az": "Qazaxıstana ticarət missiyası",
             "ru": "Торговая миссия в Казахстан"}  # fmt: skip
    record = _forum(title, first, city="Almaty", country=MISSION_TO, partners=(MISSION_TO,),
                    kind="outbound_mission")  # fmt: skip
    event = services.create(session, record)
    _walk(session, event.id, "registration_open")
    members = _organisations(session, "exporter", HOME)[EXPORTERS : EXPORTERS + 8]
    for pid in _register(session, event.id, members, 200):
        registration.decide(session, pid, "approved")
    _walk(session, event.id, "live")
    for org in members:
        lead = _lead(rng, org, first)
        contacts = rng.randint(0, 9)
        if lead:
            lead = LeadRecord(
                lead.kind,
                lead.product,
                lead.value_usd,
                lead.expected_on,
                lead.description,
                counterpart_name="a Kazakh buyer (synthetic)",
            )
        outcomes.record_mission_result(session, event.id, MissionRecord(org.id, contacts),
                                       lead=lead, today=first + timedelta(days=3))  # fmt: skip
    _walk(session, event.id, "closed")
    return event


def _upcoming(session: Session, rng: random.Random, today: date) -> Event:
    first = today + timedelta(days=AHEAD_DAYS)
    title = {"en": "Azerbaijan–Russia business forum", "az": "Azərbaycan–Rusiya biznes forumu",
             "ru": "Азербайджано-российский бизнес-форум"}  # fmt: skip
    record = _forum(title, first, city="Moscow", country=PARTNER, partners=(HOME,),
                    sectors=("fresh_fruit_vegetables", "processed_food_beverages"))  # fmt: skip
    record = replace(record, time_zone="Europe/Moscow")
    event = services.create(session, record)
    _walk(session, event.id, "registration_open")
    exporters = _organisations(session, "exporter", HOME)[EXPORTERS + 8 : EXPORTERS + 14]
    buyers = _organisations(session, "buyer", PARTNER)[BUYERS : BUYERS + 4]
    for n, pid in enumerate(_register(session, event.id, exporters + buyers, 300)):
        if n % 3 != 2:
            registration.decide(session, pid, "approved")
    return event


def load_demo_events(session: Session, *, seed: int = 7, today: date | None = None) -> int:
    """Add the demo events (see the module's docstring); how many (0 when synthetic events are
    already there). ``BadInput`` without the demo registry."""
    if session.scalar(select(exists().where(Event.synthetic.is_(True)))):
        return 0
    if (
        len(_organisations(session, "exporter", HOME)) < EXPORTERS + 14
        or len(_organisations(session, "buyer", PARTNER)) < BUYERS + 4
    ):
        raise BadInput(
            "the demo events need the demo registry: run `tradebridge demo-registry` and "
            "`tradebridge registry import` first"
        )
    rng = random.Random(seed)
    today = today or date.today()
    made = [_past_forum(session, rng, today), _mission(session, rng, today)]
    made.append(_upcoming(session, rng, today))
    return len(made)
