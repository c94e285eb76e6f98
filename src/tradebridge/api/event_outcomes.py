"""The day of an event and what came of it, in the API: ``/api/v1/events/...``.

Check-in, walk-ins and mission results are the staff's; either side's organisation marks a
meeting and records its own outcome; any signed-in caller reads the day sheet, outcomes,
mission results and leads it may see (a company its own); staff and viewers read follow-ups,
staff mark them done. The routes that name no event (``/api/v1/events/leads``,
``/api/v1/events/follow-ups``) are included before the events' ``/{event_id}``.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter

from tradebridge.accounts.policy import Access
from tradebridge.api.accounts import ERRORS
from tradebridge.api.event_outcome_schemas import (
    CheckIn,
    DayOut,
    Done,
    FollowUpOut,
    LeadOut,
    Mark,
    MissionIn,
    MissionOut,
    OutcomeIn,
    OutcomeOut,
    WalkIn,
    checked_in_out,
    day_meeting_out,
    follow_up_out,
    lead_out,
    mission_out,
    outcome_out,
)
from tradebridge.api.event_schemas import Ref
from tradebridge.errors import NotFound
from tradebridge.events import day, follow_ups, outcomes
from tradebridge.events.outcomes import MissionRecord, OutcomeRecord
from tradebridge.events.registration import get_participant
from tradebridge.web.auth import DbSession, SignedIn, policy

LeadKind = Literal["lead", "deal", "mou"]


def _in_event(found_event_id: int, event_id: int, what: str) -> None:
    if found_event_id != event_id:
        raise NotFound(f"no {what} at event #{event_id}", field=what)


def _day_out(session, event_id: int, caller) -> DayOut:
    sheet = day.day_sheet(session, event_id, user=caller)
    return DayOut(
        status=sheet["event"].status,
        counts=sheet["counts"],
        meetings=[day_meeting_out(m) for m in sheet["meetings"]],
        participants=[checked_in_out(p) for p in sheet["participants"]],
    )


def event_outcomes_router() -> APIRouter:
    """The routes above, each with its policy."""
    router = APIRouter(prefix="/api/v1/events", tags=["events"], responses=ERRORS)
    anyone, readers = [policy(Access.signed_in)], [policy(Access.viewer)]
    company, staff = [policy(Access.company)], [policy(Access.staff)]

    @router.get("/leads", dependencies=anyone, summary="Leads, deals and MoUs of every event")
    def all_leads(
        session: DbSession, caller: SignedIn, kind: LeadKind | None = None
    ) -> list[LeadOut]:
        return [lead_out(x) for x in outcomes.leads(session, kind=kind, user=caller)]

    @router.get("/follow-ups", dependencies=readers, summary="Follow-ups, earliest due first")
    def all_follow_ups(
        session: DbSession, caller: SignedIn, open_only: bool = False, due: bool = False
    ) -> list[FollowUpOut]:
        found = (
            follow_ups.due(session, user=caller)
            if due
            else follow_ups.follow_ups_of(session, user=caller, open_only=open_only)
        )
        return [follow_up_out(f) for f in found]

    @router.post("/follow-ups/{follow_up_id}/done", dependencies=staff, summary="Mark done")
    def done(follow_up_id: Ref, body: Done, session: DbSession, caller: SignedIn) -> FollowUpOut:
        f = follow_ups.mark_done(session, follow_up_id, note=body.note, undo=body.undo, user=caller)
        session.commit()
        [view] = [v for v in follow_ups.follow_ups_of(session, user=caller) if v.id == f.id]
        return follow_up_out(view)

    @router.get("/{event_id}/day", dependencies=anyone, summary="The day: meetings and check-in")
    def day_sheet(event_id: Ref, session: DbSession, caller: SignedIn) -> DayOut:
        return _day_out(session, event_id, caller)

    @router.post(
        "/{event_id}/participants/{participant_id}/check-in",
        dependencies=staff,
        summary="Check a participant in (or undo)",
    )
    def check_in(
        event_id: Ref, participant_id: Ref, body: CheckIn, session: DbSession, caller: SignedIn
    ) -> DayOut:
        _in_event(get_participant(session, participant_id, user=caller).event_id, event_id,
                  "participant")  # fmt: skip
        day.check_in(session, participant_id, undo=body.undo, user=caller)
        session.commit()
        return _day_out(session, event_id, caller)

    @router.post(
        "/{event_id}/meetings/{meeting_id}/attendance",
        dependencies=company,
        summary="Mark a meeting held, no-show or cancelled",
    )
    def mark(
        event_id: Ref, meeting_id: Ref, body: Mark, session: DbSession, caller: SignedIn
    ) -> DayOut:
        _in_event(day.get_meeting(session, meeting_id, user=caller).event_id, event_id, "meeting")
        day.mark(session, meeting_id, body.attendance, user=caller)
        session.commit()
        return _day_out(session, event_id, caller)

    @router.post(
        "/{event_id}/walk-ins", dependencies=staff, status_code=201, summary="Add a walk-in"
    )
    def walk_in(event_id: Ref, body: WalkIn, session: DbSession, caller: SignedIn) -> DayOut:
        _in_event(get_participant(session, body.a, user=caller).event_id, event_id, "participant")
        day.walk_in(session, body.a, body.b, body.slot, body.table, user=caller)
        session.commit()
        return _day_out(session, event_id, caller)

    @router.get("/{event_id}/outcomes", dependencies=anyone, summary="Meeting outcomes")
    def outcome_list(event_id: Ref, session: DbSession, caller: SignedIn) -> list[OutcomeOut]:
        return [outcome_out(o) for o in outcomes.outcomes(session, event_id, user=caller)]

    @router.put(
        "/{event_id}/meetings/{meeting_id}/outcomes/{participant_id}",
        dependencies=company,
        summary="Record one side's outcome of a held meeting",
    )
    def record_outcome(
        event_id: Ref,
        meeting_id: Ref,
        participant_id: Ref,
        body: OutcomeIn,
        session: DbSession,
        caller: SignedIn,
    ) -> OutcomeOut:
        _in_event(day.get_meeting(session, meeting_id, user=caller).event_id, event_id, "meeting")
        record = OutcomeRecord(
            body.interest, body.next_step, body.note, body.lead.record() if body.lead else None
        )
        o = outcomes.record_outcome(session, meeting_id, participant_id, record, user=caller)
        session.commit()
        return outcome_out(o)

    @router.get("/{event_id}/mission-results", dependencies=anyone, summary="Mission results")
    def mission_list(event_id: Ref, session: DbSession, caller: SignedIn) -> list[MissionOut]:
        return [mission_out(r) for r in outcomes.mission_results(session, event_id, user=caller)]

    @router.post(
        "/{event_id}/mission-results",
        dependencies=staff,
        summary="Record an organisation's mission result (and one more lead)",
    )
    def record_mission(
        event_id: Ref, body: MissionIn, session: DbSession, caller: SignedIn
    ) -> MissionOut:
        lead = body.lead.record(body.counterpart_id) if body.lead else None
        record = MissionRecord(body.organisation_id, body.contacts, body.note)
        r = outcomes.record_mission_result(session, event_id, record, lead=lead, user=caller)
        session.commit()
        return mission_out(r)

    @router.get("/{event_id}/leads", dependencies=anyone, summary="The event's leads and deals")
    def event_leads(
        event_id: Ref, session: DbSession, caller: SignedIn, kind: LeadKind | None = None
    ) -> list[LeadOut]:
        found = outcomes.leads(session, event_id=event_id, kind=kind, user=caller)
        return [lead_out(x) for x in found]

    @router.delete(
        "/{event_id}/leads/{lead_id}",
        dependencies=staff,
        status_code=204,
        summary="Remove a mission result's lead",
    )
    def remove_lead(event_id: Ref, lead_id: Ref, session: DbSession, caller: SignedIn) -> None:
        _in_event(outcomes.get_lead(session, lead_id, user=caller).event_id, event_id, "lead")
        outcomes.remove_lead(session, lead_id, user=caller)
        session.commit()

    return router
