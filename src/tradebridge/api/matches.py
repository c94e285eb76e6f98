"""The partner suggestions API: ``GET /api/v1/organisations/{id}/matches``. Viewers, staff and
admins read any organisation's suggestions; a company user only its own organisation's (the
rule is the registry's ``ensure_may_read``, applied by ``matching.services.suggestions``)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request

from tradebridge.accounts.policy import Access
from tradebridge.api.accounts import ERRORS
from tradebridge.api.responses import payload
from tradebridge.api.routes import RESULT_SCHEMA
from tradebridge.web.auth import DbSession, SignedIn, policy


def matches_router() -> APIRouter:
    """The route above, with its policy (any signed-in user; the organisation rule inside)."""
    router = APIRouter(prefix="/api/v1", tags=["matching"], responses=ERRORS)

    @router.get(
        "/organisations/{organisation_id}/matches",
        dependencies=[policy(Access.signed_in)],
        summary="Suggested partners of an organisation",
        responses={200: {"content": {"application/json": {"schema": RESULT_SCHEMA}}}},
    )
    def organisation_matches(
        request: Request,
        organisation_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
        caller: SignedIn,
        session: DbSession,
        top: Annotated[int, Query(ge=1, le=100, description="Number of suggestions")] = 10,
        language: Annotated[
            Literal["az", "ru", "en"],
            Query(description="Language of the names and evidence sentences"),
        ] = "en",
    ) -> dict[str, Any]:
        """The ``top`` partners suggested to the organisation, best first: ``score``, one
        column per component (each in [0, 1]; ``meta.weights`` gives their weights, the score
        is the weighted sum) and the ``evidence`` sentence (docs/methods.md#partner-matching),
        as ``{meta, rows}``."""
        from tradebridge.matching.services import suggestions

        state = request.app.state.tradebridge
        with state.lock:
            table = suggestions(
                session,
                organisation_id,
                top=top,
                language=language,
                workspace=state.workspace,
                user=caller,
            )
        return payload(table)

    return router
