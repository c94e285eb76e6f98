"""The home page: what the warehouse holds, the synthetic-data banner, the search box."""

from __future__ import annotations

from typing import Any

import pandas as pd
from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import Response

from tradebridge.i18n import current
from tradebridge.i18n import gettext as _
from tradebridge.web.auth import CurrentCaller
from tradebridge.web.pages.common import call, state_of
from tradebridge.web.pages.event_outcomes import home_follow_ups
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


@router.get("/")
@router.get("/index.json")
async def home(request: Request, caller: CurrentCaller) -> Response:
    settings = state_of(request).settings
    context = {"title": _("Trade intelligence"), **await _holdings(request)}
    context["follow_ups"] = await home_follow_ups(request, caller)
    context["start"] = {"country": settings.country, "partner": settings.partner}
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
