"""The events API's suggested counterparts: ``GET /api/v1/events/{id}/participants/
{participant}/suggestions``, the rows the page shows (``web.pages.event_suggestions``), for a
company's own people or, for staff, anyone's."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from tradebridge.accounts.policy import Access
from tradebridge.api.accounts import ERRORS
from tradebridge.api.event_schemas import Ref
from tradebridge.errors import NotFound
from tradebridge.events.counterpart_suggestions import suggested
from tradebridge.events.counterparts import MATCH_WEIGHT, OPPORTUNITY_WEIGHT
from tradebridge.i18n import set_current
from tradebridge.web.auth import DbSession, SignedIn, policy
from tradebridge.web.pages.event_suggestions import suggestion_rows


def event_suggestions_router() -> APIRouter:
    """The route above (companies for their own people, staff)."""
    router = APIRouter(prefix="/api/v1/events", tags=["events"], responses=ERRORS)

    @router.get(
        "/{event_id}/participants/{participant_id}/suggestions",
        dependencies=[policy(Access.company)],
        summary="Suggested counterparts of a participant, with the evidence",
    )
    def suggestions(
        request: Request,
        event_id: Ref,
        participant_id: Ref,
        session: DbSession,
        caller: SignedIn,
        top: Annotated[int, Query(ge=1, le=100)] = 10,
        language: Annotated[str, Query(pattern="^(en|az|ru)$")] = "en",
    ) -> dict[str, Any]:
        set_current(language)
        state = request.app.state.tradebridge
        with state.lock:
            found = suggested(
                session, participant_id, user=caller, workspace=state.workspace, top=top
            )
        if found.participant.event_id != event_id:
            raise NotFound(f"no participant #{participant_id} at event #{event_id}")
        return {
            "meta": {
                "participant_id": found.participant.id,
                "weights": {"match": MATCH_WEIGHT, "opportunity": OPPORTUNITY_WEIGHT},
                "pairs": [list(p) for p in found.pairs],
                "year": found.year,
                "source": found.source,
                "synthetic": found.synthetic,
                "method": "events.counterparts",
            },
            "rows": suggestion_rows(found),
        }

    return router
