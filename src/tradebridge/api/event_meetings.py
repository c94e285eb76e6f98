"""The events API's hand edits of the draft schedule (staff, while the event is scheduling):
add a meeting, move one to another slot or table, cancel one. Every edit is checked against
every rule (``events.draft_edits``); a refused edit answers 400 with the reason and changes
nothing. Published meetings are never edited here."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from tradebridge.accounts.policy import Access
from tradebridge.api.accounts import ERRORS
from tradebridge.api.event_schemas import CONFLICT, STRICT, Id, MeetingOut, Ref, meeting_out
from tradebridge.events import draft_edits
from tradebridge.web.auth import DbSession, SignedIn, policy

Key = Annotated[str, Field(min_length=1, max_length=40)]


class MeetingIn(BaseModel):
    model_config = STRICT
    a: Id
    b: Id
    slot: Key = Field(description="a slot id of the event (``<session id>.<k>``)")
    table: Key


class MoveIn(BaseModel):
    model_config = STRICT
    slot: Key
    table: Key


def event_meetings_router() -> APIRouter:
    """The routes above, staff only."""
    router = APIRouter(prefix="/api/v1/events", tags=["events"], responses=ERRORS | CONFLICT)
    staff = [policy(Access.staff)]

    @router.post(
        "/{event_id}/schedule/meetings",
        dependencies=staff,
        status_code=201,
        summary="Add a draft meeting by hand",
    )
    def add(event_id: Ref, body: MeetingIn, session: DbSession, caller: SignedIn) -> MeetingOut:
        m = draft_edits.add(
            session, event_id, body.a, body.b, slot=body.slot, table=body.table, user=caller
        )
        session.commit()
        return meeting_out(m)

    @router.patch(
        "/{event_id}/schedule/meetings/{meeting_id}",
        dependencies=staff,
        summary="Move a draft meeting to another slot or table",
    )
    def move(
        event_id: Ref, meeting_id: Ref, body: MoveIn, session: DbSession, caller: SignedIn
    ) -> MeetingOut:
        m = draft_edits.move(
            session, event_id, meeting_id, slot=body.slot, table=body.table, user=caller
        )
        session.commit()
        return meeting_out(m)

    @router.delete(
        "/{event_id}/schedule/meetings/{meeting_id}",
        dependencies=staff,
        status_code=204,
        summary="Cancel a draft meeting",
    )
    def cancel(event_id: Ref, meeting_id: Ref, session: DbSession, caller: SignedIn) -> Response:
        draft_edits.cancel(session, event_id, meeting_id, user=caller)
        session.commit()
        return Response(status_code=204)

    return router
