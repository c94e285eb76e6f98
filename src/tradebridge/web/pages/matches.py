"""The suggested partners of one organisation: ``/registry/organisations/{id}/matches`` (JSON
twin at ``.json``). Each suggestion with its score, every component of the score (value,
weight, points) and the evidence sentence, in the page's language. Viewers, staff and admins
see any organisation's suggestions; a company user only its own organisation's."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from tradebridge.accounts.policy import Access
from tradebridge.i18n import current
from tradebridge.i18n import gettext as _
from tradebridge.web.auth import DbSession, SignedIn, policy
from tradebridge.web.templating import page, request_language

router = APIRouter()
TOP = 10


def partner_rows(table: Any) -> list[dict[str, Any]]:
    """The rows of ``matching.services.suggestions`` as the page shows them: components with
    their translated name, value, weight and points (value × weight), largest points first."""
    from tradebridge.matching.scoring import WEIGHTS
    from tradebridge.matching.sentences import component_name
    from tradebridge.registry.vocabulary import KIND_LABELS

    lang = current()
    rows = []
    for row in table.to_dict("records"):
        parts = [
            {
                "key": key,
                "label": component_name(key, lang.code),
                "value": float(row[key]),
                "weight": weight,
                "points": float(row[key]) * weight,
            }
            for key, weight in WEIGHTS.items()
        ]
        parts.sort(key=lambda p: -p["points"])
        rows.append(
            {
                "rank": int(row["rank"]),
                "id": int(row["id"]),
                "name": row["name"],
                "kind": row["kind"],
                "kind_name": lang.gettext(KIND_LABELS[row["kind"]]),
                "country": row["country"],
                "country_name": lang.country(row["country"]),
                "score": float(row["score"]),
                "evidence": row["evidence"],
                "product": row["product"],
                "product_name": product_name(row["product"]),
                "synthetic": bool(row["synthetic"]),
                "components": parts,
            }
        )
    return rows


def product_name(code: str | None) -> str | None:
    """The HS description of the product an evidence sentence describes (English: the HS
    texts are in English in every language)."""
    from tradebridge.errors import BadInput
    from tradebridge.reference.hs import name_of

    if not code:
        return None
    try:
        return name_of(code)
    except BadInput:
        return None


@router.get(
    "/registry/organisations/{organisation_id:int}/matches",
    dependencies=[policy(Access.signed_in)],
)
@router.get(
    "/registry/organisations/{organisation_id:int}/matches.json",
    dependencies=[policy(Access.signed_in)],
)
def suggested_partners(
    request: Request, session: DbSession, caller: SignedIn, organisation_id: int
) -> Response:
    """Up to ten suggestions with their components and evidence."""
    from tradebridge.matching.services import suggestions

    code = request_language(request)
    state = request.app.state.tradebridge
    with state.lock:
        table = suggestions(
            session,
            organisation_id,
            top=TOP,
            language=code,
            workspace=state.workspace,
            user=caller,
        )
    meta = table.attrs["meta"]
    name = meta.get("organisation_name") or f"#{organisation_id}"
    context = {
        "title": _("Suggested partners of {name}").format(name=name),
        "organisation_id": organisation_id,
        "organisation_name": name,
        "partners": partner_rows(table),
        "weights": meta["weights"],
        "synthetic": bool(meta.get("synthetic")),
        "source": meta.get("source"),
        "year": meta.get("year"),
        "no_trade_data": meta.get("source") is None,
    }
    return page(request, "matches.html", context)
