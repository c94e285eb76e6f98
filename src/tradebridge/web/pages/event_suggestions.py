"""Suggested counterparts of one participant at an event
(``/events/{id}/participants/{participant}/suggestions``, JSON twin at ``.json``): the other
participants ranked by the registry's partner matching and the untapped potential of the
event's country pair (``events.counterparts``), each with its evidence and a one-click meeting
request. A company sees its own people's suggestions; staff anyone's."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from starlette.requests import Request
from starlette.responses import Response

from tradebridge.accounts.policy import Access
from tradebridge.errors import BadInput
from tradebridge.events import services
from tradebridge.events.counterpart_suggestions import Suggestions, suggested
from tradebridge.events.counterparts import MATCH_WEIGHT, OPPORTUNITY_WEIGHT
from tradebridge.events.registration import organisation_name
from tradebridge.events.services import title_in
from tradebridge.i18n import current
from tradebridge.web.auth import DbSession, SignedIn, policy
from tradebridge.web.pages.matches import product_name
from tradebridge.web.templating import page, request_language

router = APIRouter()
Ref = Annotated[int, Path(ge=1, le=2**31 - 1)]


def suggestion_rows(found: Suggestions) -> list[dict[str, Any]]:
    """The ranking as the page and the API show it: the person, the score, both parts and
    the evidence (the registry's components, the product with its untapped potential)."""
    from tradebridge.matching.sentences import component_name

    lang = current()
    rows = []
    for rank, c in enumerate(found.ranked, start=1):
        p = found.people[c.side.participant_id]
        e = c.evidence
        rows.append(
            {
                "rank": rank,
                "participant_id": p.id,
                "person_name": p.person_name,
                "position": p.position,
                "organisation_id": p.organisation_id,
                "organisation": organisation_name(p.organisation),
                "kind": p.organisation.kind,
                "country": p.organisation.country,
                "country_name": lang.country(p.organisation.country),
                "score": round(c.score, 4),
                "match": round(c.match, 4),
                "opportunity": round(c.opportunity, 4),
                "untapped_usd": c.untapped,
                "components": [
                    {"key": k, "label": component_name(k, lang.code), "value": round(v, 4)}
                    for k, v in sorted(c.components.items(), key=lambda kv: -kv[1])
                    if v > 0
                ],
                "evidence": None
                if e is None
                else {
                    "exporter": e.exporter,
                    "importer": e.importer,
                    "product": e.product,
                    "product_name": product_name(e.product),
                    "untapped_usd": e.untapped,
                    "basket_untapped_usd": e.total,
                    "basket_products": e.products,
                },
            }
        )
    return rows


@router.get(
    "/events/{event_id}/participants/{participant_id}/suggestions",
    dependencies=[policy(Access.company)],
)
@router.get(
    "/events/{event_id}/participants/{participant_id}/suggestions.json",
    dependencies=[policy(Access.company)],
)
def suggestions_page(
    request: Request, event_id: Ref, participant_id: Ref, session: DbSession, caller: SignedIn
) -> Response:
    state = request.app.state.tradebridge
    with state.lock:
        found = suggested(session, participant_id, user=caller, workspace=state.workspace)
    p = found.participant
    if p.event_id != event_id:
        raise BadInput(
            f"participant #{participant_id} is not at event #{event_id}", field="participant"
        )
    event = services.get(session, event_id, user=caller)
    context = {
        "title": f"{title_in(event, request_language(request))}: {p.person_name}",
        "event": {"id": event.id, "status": event.status},
        "participant": {"id": p.id, "name": p.person_name},
        "suggestions": suggestion_rows(found),
        "weights": {"match": MATCH_WEIGHT, "opportunity": OPPORTUNITY_WEIGHT},
        "pairs": [f"{a} → {b}" for a, b in found.pairs],
        "year": found.year,
        "synthetic": found.synthetic,
        "source": found.source,
        "may_request": event.status == "requests_open"
        or (services.is_staff(caller) and event.status == "scheduling"),
    }
    return page(request, "event_suggestions.html", context)
