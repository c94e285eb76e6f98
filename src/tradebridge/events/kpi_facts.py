"""The rows the event KPIs are computed from (``events.kpis``), read from the app database, and
the one function the pages, the API and the reports call for them.

Events in draft are never counted (nothing has happened yet). The filters choose events: by
id, by the year they start in, by kind, by market (one of the event's markets, see
``EventFacts.markets``) and by sector (one of the event's sectors).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tradebridge.accounts.roles import require_reader
from tradebridge.events.kpis import (
    EventFacts,
    KpiReport,
    MeetingFacts,
    ParticipantFacts,
    RequestFacts,
    ResultFacts,
    kpi_report,
)
from tradebridge.events.models import Event, EventParticipant, Meeting, MeetingRequest
from tradebridge.events.outcome_models import Lead, Outcome
from tradebridge.registry.models import Organisation


@dataclass(frozen=True)
class KpiFilters:
    """Which events the KPIs cover (``None``: any)."""

    event_id: int | None = None
    year: int | None = None
    kind: str | None = None
    market: str | None = None
    sector: str | None = None

    def keeps(self, e: EventFacts) -> bool:
        return (
            (self.event_id is None or e.id == self.event_id)
            and (self.year is None or e.starts_on.year == self.year)
            and (self.kind is None or e.kind == self.kind)
            and (self.market is None or self.market in e.markets)
            and (self.sector is None or self.sector in e.sectors)
        )


def event_facts(session: Session, language: str = "en") -> list[EventFacts]:
    """Every event past its draft, with its title in ``language`` (else the first given)."""
    rows = session.scalars(select(Event).where(Event.status != "draft").order_by(Event.id))
    return [
        EventFacts(
            e.id,
            getattr(e, f"title_{language}", "") or e.title_en or e.title_az or e.title_ru,
            e.kind,
            e.status,
            e.starts_on,
            e.country,
            tuple(e.partner_countries or ()),
            tuple(e.sectors or ()),
            e.synthetic,
        )
        for e in rows
    ]


def _ids(events: list[EventFacts]) -> list[int]:
    return [e.id for e in events]


def participant_facts(session: Session, event_ids: list[int]) -> list[ParticipantFacts]:
    stmt = (
        select(EventParticipant.event_id, Organisation.country, Organisation.sectors)
        .join(Organisation, Organisation.id == EventParticipant.organisation_id)
        .where(EventParticipant.event_id.in_(event_ids), EventParticipant.status == "approved")
    )
    return [ParticipantFacts(e, c, tuple(s or ())) for e, c, s in session.execute(stmt)]


def request_facts(session: Session, event_ids: list[int]) -> list[RequestFacts]:
    stmt = select(MeetingRequest.event_id, MeetingRequest.status).where(
        MeetingRequest.event_id.in_(event_ids)
    )
    return [RequestFacts(*row) for row in session.execute(stmt)]


def meeting_facts(session: Session, event_ids: list[int]) -> list[MeetingFacts]:
    """The meetings: published or draft, and marked held, no-show or cancelled on the day."""
    stmt = select(Meeting.event_id, Meeting.status, Meeting.attendance).where(
        Meeting.event_id.in_(event_ids)
    )
    return [
        MeetingFacts(e, status == "published", mark) for e, status, mark in session.execute(stmt)
    ]


def result_facts(session: Session, event_ids: list[int]) -> list[ResultFacts]:
    """The leads, deals and MoUs recorded from the meetings' outcomes and the missions'
    results."""
    stmt = (
        select(
            Lead.event_id,
            Lead.kind,
            Lead.value_usd,
            Outcome.meeting_id,
            Lead.organisation_id,
            Lead.product,
        )
        .outerjoin(Outcome, Lead.outcome_id == Outcome.id)
        .where(Lead.event_id.in_(event_ids))
    )
    return [ResultFacts(*row) for row in session.execute(stmt)]


def report(
    session: Session,
    filters: KpiFilters = KpiFilters(),
    *,
    language: str = "en",
    user: Any = None,
) -> KpiReport:
    """The KPIs of the events ``filters`` choose (``events.kpis``)."""
    require_reader(user, "read the events' results")
    events = [e for e in event_facts(session, language) if filters.keeps(e)]
    ids = _ids(events)
    return kpi_report(
        events,
        participant_facts(session, ids),
        request_facts(session, ids),
        meeting_facts(session, ids),
        result_facts(session, ids),
    )
