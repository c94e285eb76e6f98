"""``/hs-suggest?q=``: HS6 codes suggested for a product description, as a page, as an htmx
partial (a list of clickable codes for forms to pick from) and as JSON."""

from __future__ import annotations

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from tradebridge.i18n import gettext as _
from tradebridge.web.templating import page

router = APIRouter()


@router.get("/hs-suggest")
@router.get("/hs-suggest.json")
async def hs_suggest_page(request: Request, q: str = Query(""), top: int = Query(5)) -> Response:
    """The suggestions for ``q`` (none while it is empty). Requests from htmx get the list
    alone: each code is a button carrying ``data-hs6``, for a form to take, beside a link to the
    product's market intelligence; an az or ru description says how it was read in English."""
    from tradebridge.reference.hs_suggestion import clean_description, suggestion_table
    from tradebridge.results import meta_of, records

    suggestions, english = [], None
    if q.strip():
        text = clean_description(q, field="q")
        rows = await run_in_threadpool(suggestion_table, text, top)
        suggestions, english = records(rows), meta_of(rows).get("english")
    context = {
        "title": _("Suggest HS codes"),
        "q": q,
        "top": top,
        "english": english,
        "suggestions": suggestions,
    }
    partial = request.headers.get("hx-request") == "true"
    return page(request, "hs_suggestions.html" if partial else "hs_suggest.html", context)
