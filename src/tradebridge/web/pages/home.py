"""The home page: what the warehouse holds, the synthetic-data banner, the search box; for the
agency's staff, their own work first (the projects they manage, their overdue next actions)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from tradebridge.accounts.roles import is_staff
from tradebridge.i18n import current
from tradebridge.i18n import gettext as _
from tradebridge.web.pages.common import call, state_of
from tradebridge.web.pages.event_outcomes import follow_ups_due
from tradebridge.web.search import search
from tradebridge.web.templating import page

router = APIRouter()


async def _holdings(request: Request) -> dict[str, Any]:
    warehouse = state_of(request).workspace.warehouse
    if not warehouse.years():
        return {"years": [], "source": None, "synthetic": False}
    table = pd.DataFrame(await call(request, "info"))
    years = [
        {
            "year": int(r.year),
            "rows": int(r.rows),
            "value_usd": float(r.value_usd),
            "source": r.source,
        }
        for r in table.itertuples()
    ]
    provenance = warehouse.provenance()
    return {"years": years, "source": provenance["source"], "synthetic": provenance["synthetic"]}


SHOWN = 10


def _staff_home(request: Request, caller: Any) -> dict[str, Any]:
    """The projects ``caller`` manages and their overdue next actions (``SHOWN`` of each)."""
    from datetime import date

    from tradebridge.investment import services
    from tradebridge.investment.stages import STAGE_NAMES

    today = date.today()
    with state_of(request).database().session() as session:
        projects, total = services.managed_by(session, caller.id, limit=SHOWN, user=caller)
        late, late_count = services.overdue(
            session, today, manager_id=caller.id, limit=SHOWN, user=caller
        )

        def row(p: Any) -> dict[str, Any]:
            due = p.next_action_due
            return {
                "id": p.id,
                "title": p.title,
                "origin": p.origin,
                "destination": p.destination,
                "stage": p.stage,
                "stage_name": _(STAGE_NAMES[p.stage]),
                "next_action": p.next_action,
                "due": due.isoformat() if due else None,
                "overdue": due is not None and due < today,
            }

        return {
            "projects": [row(p) for p in projects],
            "total": total,
            "overdue": [row(p) for p in late],
            "overdue_count": late_count,
        }


@router.get("/")
@router.get("/index.json")
async def home(request: Request) -> Response:
    settings = state_of(request).settings
    context = {"title": _("Trade intelligence"), **await _holdings(request)}
    context["start"] = {"country": settings.country, "partner": settings.partner}
    caller = getattr(request.state, "caller", None)
    staff = caller is not None and is_staff(caller)
    context["staff_home"] = await run_in_threadpool(_staff_home, request, caller) if staff else None
    context["follow_ups"] = (
        await run_in_threadpool(follow_ups_due, request, caller) if staff else None
    )
    return page(request, "home.html", context)


@router.get("/search")
@router.get("/search.json")
async def search_page(request: Request, q: str = Query("", max_length=100)) -> Response:
    """Countries, groups, sectors and products whose name (az, ru or en) or code matches."""
    lang = current()
    found = []
    for entry in search(q):
        if entry.kind == "country":
            name = lang.country(entry.key)
        elif entry.kind == "group":
            name = lang.group(entry.key)
        elif entry.kind == "sector":
            name = lang.sector(entry.key)
        else:
            name = entry.description
        found.append({"kind": entry.kind, "key": entry.key, "name": name})
    context = {"title": _("Search"), "q": q, "results": found}
    template = "search_results.html" if request.headers.get("hx-request") else "search.html"
    return page(request, template, context)
