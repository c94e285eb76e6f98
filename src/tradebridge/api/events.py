"""The events API: ``/api/v1/events`` and below, the same services as the pages.

Any signed-in caller reads events (a company once registration opens), their slots and their
participants (a company the approved ones and its own); staff create, edit and move events,
approve participants, keep pairs apart and run and publish the schedule; a company registers
its own people and sends and answers its own meeting requests, and reads its own published
meetings. Unsafe calls from a browser session need ``X-CSRF-Token``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from starlette.requests import Request

from tradebridge.accounts.policy import Access
from tradebridge.api.accounts import ERRORS
from tradebridge.api.event_schemas import (
    CONFLICT,
    Answer,
    BatchOut,
    Decision,
    DecisionBatch,
    EventIn,
    EventOut,
    Id,
    Kind,
    Move,
    PairIn,
    PairOut,
    ParticipantBatch,
    ParticipantIn,
    ParticipantOut,
    Ref,
    RequestBatch,
    RequestIn,
    RequestOut,
    RunIn,
    ScheduleOut,
    SkipInvalid,
    SlotOut,
    Status,
    batch_out,
    event_out,
    meeting_out,
    participant_out,
    request_out,
)
from tradebridge.events import (
    meeting_requests,
    registration,
    registration_batches,
    scheduling,
    services,
)
from tradebridge.events.meeting_requests import RequestItem
from tradebridge.events.models import MeetingRequest
from tradebridge.events.registration import Filters
from tradebridge.events.registration_batches import DecisionItem
from tradebridge.web.agenda_prints import prints
from tradebridge.web.auth import DbSession, SignedIn, policy
from tradebridge.web.templating import request_language


def _in_event(found_event_id: int, event_id: int, what: str) -> None:
    from tradebridge.errors import NotFound

    if found_event_id != event_id:
        raise NotFound(f"no {what} at event #{event_id}", field=what)


def send_one(session, event_id: int, body: RequestIn, caller) -> MeetingRequest:
    """One request of the body, from a participant of ``event_id``."""
    _in_event(
        registration.get_participant(session, body.from_id, user=caller).event_id,
        event_id,
        "participant",
    )
    return meeting_requests.send(
        session, body.from_id, body.to_id, message=body.message, priority=body.priority,
        user=caller,
    )  # fmt: skip


def events_router() -> APIRouter:
    """The routes above, each with its policy."""
    router = APIRouter(prefix="/api/v1/events", tags=["events"], responses=ERRORS | CONFLICT)
    anyone = [policy(Access.signed_in)]
    company, staff = [policy(Access.company)], [policy(Access.staff)]

    @router.get("", dependencies=anyone, summary="Events the caller may see, newest first")
    def list_events(
        session: DbSession, caller: SignedIn, status: Status | None = None, kind: Kind | None = None
    ) -> list[EventOut]:
        return [
            event_out(e)
            for e in services.list_events(session, user=caller, status=status, kind=kind)
        ]

    @router.post("", dependencies=staff, status_code=201, summary="Create an event (a draft)")
    def create(body: EventIn, session: DbSession, caller: SignedIn) -> EventOut:
        event = services.create(session, body.record(), user=caller)
        session.commit()
        return event_out(event)

    @router.get("/{event_id}", dependencies=anyone, summary="One event")
    def one(event_id: Ref, session: DbSession, caller: SignedIn) -> EventOut:
        return event_out(services.get(session, event_id, user=caller))

    @router.put("/{event_id}", dependencies=staff, summary="Replace an event's record")
    def edit(event_id: Ref, body: EventIn, session: DbSession, caller: SignedIn) -> EventOut:
        event = services.edit(session, event_id, body.record(), user=caller)
        session.commit()
        return event_out(event)

    @router.post(
        "/{event_id}/status",
        dependencies=staff,
        summary="Move the status (back only with a reason)",
    )
    def move(event_id: Ref, body: Move, session: DbSession, caller: SignedIn) -> EventOut:
        event = services.move(session, event_id, body.status, reason=body.reason, user=caller)
        session.commit()
        return event_out(event)

    @router.get(
        "/{event_id}/slots", dependencies=anyone, summary="The meeting slots of the sessions"
    )
    def slots(event_id: Ref, session: DbSession, caller: SignedIn) -> list[SlotOut]:
        from tradebridge.events.slots import instant

        event = services.get(session, event_id, user=caller)
        return [
            SlotOut(
                id=s.id,
                session=int(s.session),
                day=s.day,
                start=s.start,
                end=s.end,
                starts_at=instant(s.day, s.start, event.time_zone),
            )  # fmt: skip
            for s in services.event_slots(event)
        ]

    @router.get(
        "/{event_id}/participants", dependencies=anyone, summary="Participants, filtered and sorted"
    )
    def participants(
        event_id: Ref,
        session: DbSession,
        caller: SignedIn,
        status: Literal["pending", "approved", "declined", "withdrawn"] | None = None,
        country: Annotated[str | None, Query(max_length=3)] = None,
        kind: Annotated[str | None, Query(max_length=16)] = None,
        sector: Annotated[str | None, Query(max_length=64)] = None,
        hs: Annotated[str | None, Query(max_length=6)] = None,
        text: Annotated[str | None, Query(max_length=200)] = None,
        sort: Literal["name", "organisation", "country", "registered"] = "name",
    ) -> list[ParticipantOut]:
        filters = Filters(status, country, kind, sector, hs, text, sort)
        return [
            participant_out(p)
            for p in registration.participants(session, event_id, filters, user=caller)
        ]

    @router.post(
        "/{event_id}/participants",
        dependencies=company,
        status_code=201,
        summary="Register a participant",
    )
    def register(
        event_id: Ref, body: ParticipantIn, session: DbSession, caller: SignedIn
    ) -> ParticipantOut:
        p = registration.register(session, event_id, body.record(), user=caller)
        session.commit()
        return participant_out(p)

    @router.post(
        "/{event_id}/participants/batch",
        dependencies=company,
        status_code=201,
        summary="Register many participants at once (all or none, or skipping the refused)",
    )
    def register_many(
        event_id: Ref,
        body: ParticipantBatch,
        session: DbSession,
        caller: SignedIn,
        skip_invalid: SkipInvalid = False,
    ) -> BatchOut[ParticipantOut]:
        """Up to 1,000 registrations in one transaction, each checked as one is (numbered
        from 1): one refused refuses them all, every refusal listed; with ``skip_invalid``
        the others are stored and the refused ones listed with their reasons."""
        done = registration_batches.register_many(
            session, event_id, [r.record() for r in body], user=caller, skip_invalid=skip_invalid
        )
        out = batch_out(done, participant_out)  # before the commit expires every row
        session.commit()
        return out

    @router.post(
        "/{event_id}/participants/decisions",
        dependencies=staff,
        summary="Approve or decline many participants at once (all or none, or skipping)",
    )
    def decide_many(
        event_id: Ref,
        body: DecisionBatch,
        session: DbSession,
        caller: SignedIn,
        skip_invalid: SkipInvalid = False,
    ) -> BatchOut[ParticipantOut]:
        """Up to 1,000 decisions in one transaction, each checked as one is (numbered from
        1): one refused refuses them all, every refusal listed; with ``skip_invalid`` the
        others are stored and the refused ones listed with their reasons."""
        items = [DecisionItem(d.participant_id, d.decision, d.note) for d in body]
        done = registration_batches.decide_many(
            session, event_id, items, user=caller, skip_invalid=skip_invalid
        )
        out = batch_out(done, participant_out)  # before the commit expires every row
        session.commit()
        return out

    @router.put(
        "/{event_id}/participants/{participant_id}",
        dependencies=company,
        summary="Change a registration",
    )
    def update(
        event_id: Ref,
        participant_id: Ref,
        body: ParticipantIn,
        session: DbSession,
        caller: SignedIn,
    ) -> ParticipantOut:
        _in_event(
            registration.get_participant(session, participant_id, user=caller).event_id,
            event_id,
            "participant",
        )
        p = registration.update(session, participant_id, body.record(), user=caller)
        session.commit()
        return participant_out(p)

    @router.post(
        "/{event_id}/participants/{participant_id}/decision",
        dependencies=staff,
        summary="Approve or decline",
    )
    def decide(
        event_id: Ref, participant_id: Ref, body: Decision, session: DbSession, caller: SignedIn
    ) -> ParticipantOut:
        _in_event(
            registration.get_participant(session, participant_id, user=caller).event_id,
            event_id,
            "participant",
        )
        p = registration.decide(session, participant_id, body.decision, note=body.note, user=caller)
        session.commit()
        return participant_out(p)

    @router.get(
        "/{event_id}/requests", dependencies=company, summary="Meeting requests the caller may see"
    )
    def requests(
        event_id: Ref,
        session: DbSession,
        caller: SignedIn,
        participant_id: Id | None = None,
        direction: Literal["in", "out"] | None = None,
        status: Literal["pending", "accepted", "declined", "withdrawn", "expired"] | None = None,
    ) -> list[RequestOut]:
        found = meeting_requests.requests_of(
            session,
            event_id,
            user=caller,
            participant_id=participant_id,
            direction=direction,
            status=status,
        )
        session.commit()
        return [request_out(r) for r in found]

    @router.post(
        "/{event_id}/requests", dependencies=company, status_code=201, summary="Request a meeting"
    )
    def send(event_id: Ref, body: RequestIn, session: DbSession, caller: SignedIn) -> RequestOut:
        r = send_one(session, event_id, body, caller)
        session.commit()
        return request_out(r)

    @router.post(
        "/{event_id}/requests/batch",
        dependencies=company,
        status_code=201,
        summary="Request many meetings at once (all or none, or skipping the refused)",
    )
    def send_many(
        event_id: Ref,
        body: RequestBatch,
        session: DbSession,
        caller: SignedIn,
        skip_invalid: SkipInvalid = False,
    ) -> BatchOut[RequestOut]:
        """Up to 1,000 requests in one transaction, each checked as one request is (numbered
        from 1): one refused refuses them all, every refusal listed; with ``skip_invalid``
        the others are stored and the refused ones listed with their reasons."""
        items = [RequestItem(r.from_id, r.to_id, r.message, r.priority) for r in body]
        sent = meeting_requests.send_many(
            session, event_id, items, user=caller, skip_invalid=skip_invalid
        )
        out = batch_out(sent, request_out)  # before the commit expires every row
        session.commit()
        return out

    @router.post(
        "/{event_id}/requests/{request_id}/answer",
        dependencies=company,
        summary="Accept or decline",
    )
    def answer(
        event_id: Ref, request_id: Ref, body: Answer, session: DbSession, caller: SignedIn
    ) -> RequestOut:
        _in_event(
            meeting_requests.get_request(session, request_id, user=caller).event_id,
            event_id,
            "request",
        )
        r = meeting_requests.answer(session, request_id, body.decision, note=body.note, user=caller)
        session.commit()
        return request_out(r)

    @router.get("/{event_id}/blocked-pairs", dependencies=staff, summary="Pairs kept apart")
    def pairs(event_id: Ref, session: DbSession, caller: SignedIn) -> list[PairOut]:
        found = meeting_requests.blocked_pairs(session, event_id, user=caller)
        return [PairOut(id=p.id, a=p.low_id, b=p.high_id, reason=p.reason) for p in found]

    @router.post(
        "/{event_id}/blocked-pairs", dependencies=staff, status_code=201, summary="Keep two apart"
    )
    def block(event_id: Ref, body: PairIn, session: DbSession, caller: SignedIn) -> PairOut:
        _in_event(
            registration.get_participant(session, body.a, user=caller).event_id,
            event_id,
            "participant",
        )
        p = meeting_requests.block(session, body.a, body.b, reason=body.reason, user=caller)
        session.commit()
        return PairOut(id=p.id, a=p.low_id, b=p.high_id, reason=p.reason)

    @router.get(
        "/{event_id}/schedule",
        dependencies=anyone,
        summary="Meetings (a company: its own published ones)",
    )
    def schedule(event_id: Ref, session: DbSession, caller: SignedIn) -> ScheduleOut:
        event = services.get(session, event_id, user=caller)
        last = scheduling.latest_run(session, event_id) if services.is_staff(caller) else None
        return ScheduleOut(
            status=event.status,
            run=None
            if last is None
            else {
                "at": last.at,
                "stats": last.stats,
                "unscheduled": last.unscheduled,
                "cancelled": last.cancelled or [],
            },
            meetings=[
                meeting_out(m)
                for m in scheduling.meetings(session, event_id, user=caller, sides=False)
            ],
        )

    @router.post(
        "/{event_id}/schedule/run", dependencies=staff, summary="Run the scheduler (drafts)"
    )
    def run(event_id: Ref, body: RunIn, session: DbSession, caller: SignedIn) -> ScheduleOut:
        scheduling.run(session, event_id, user=caller, time_limit=body.time_limit, seed=body.seed)
        session.commit()
        return schedule(event_id, session, caller)

    @router.post("/{event_id}/schedule/publish", dependencies=staff, summary="Publish the drafts")
    def publish(
        request: Request, event_id: Ref, session: DbSession, caller: SignedIn
    ) -> ScheduleOut:
        scheduling.publish(session, event_id, user=caller)
        session.commit()
        prints(request).after_publish(event_id, request_language(request))
        return schedule(event_id, session, caller)

    return router
