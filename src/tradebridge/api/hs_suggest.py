"""``/api/v1/hs-suggest?q=…&top=…``: HS6 codes suggested from a product description (public).

It answers ``{meta, rows}`` like every analytic (``rows``: ``rank``, ``hs6``, ``score``,
``description``, ``hs4``, ``hs4_description``), or CSV with ``format=csv``. An empty or
over-long description, or ``top`` outside 1-50, is a 400 with the one-line message. The ETag
depends on the package version, the model and the request, not on the warehouse.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response

from tradebridge import __version__
from tradebridge.api.responses import not_modified, respond
from tradebridge.api.routes import ERRORS, RESULT_SCHEMA

Method = Literal["hybrid", "embedding", "tfidf"]


def _etag(request: Request) -> str:
    from tradebridge.text.embedding import model_id

    query = sorted(request.query_params.multi_items())
    text = f"{__version__}|{model_id()}|{request.url.path}|{query}"
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


def hs_suggest_router() -> APIRouter:
    """The one GET endpoint, under ``/api/v1`` (readable by anyone)."""
    from tradebridge.accounts.policy import Access
    from tradebridge.web.auth import policy

    router = APIRouter(prefix="/api/v1", responses=ERRORS, dependencies=[policy(Access.public)])

    @router.get(
        "/hs-suggest",
        name="api_hs_suggest",
        tags=["reference"],
        summary="Suggest HS6 codes (HS 2022) for a product description, best first.",
        description=(
            "Scores are similarities within one query (higher is closer); the descriptions "
            "are the nomenclature's English texts. The first request after installation builds "
            "the HS index (about a minute)."
        ),
        response_class=Response,
        responses={
            200: {
                "description": "{meta, rows} as JSON, or the rows as CSV",
                "content": {
                    "application/json": {"schema": RESULT_SCHEMA},
                    "text/csv": {"schema": {"type": "string"}},
                },
            }
        },
    )
    async def hs_suggest(
        request: Request,
        q: Annotated[str, Query(description="Product description (1-300 characters)")],
        top: Annotated[int, Query(description="Number of codes (1-50)")] = 5,
        method: Annotated[Method, Query(description="Ranking method")] = "hybrid",
        format: Annotated[
            Literal["json", "csv"], Query(description="json ({meta, rows}) or csv (the rows)")
        ] = "json",
    ) -> Response:
        from tradebridge.reference.hs_suggestion import suggestion_table

        tag = _etag(request)
        cached = not_modified(request, tag)
        if cached is not None:
            return cached
        rows = await run_in_threadpool(suggestion_table, q, top, method=method)
        return respond(rows, format, tag, "hs-suggest")

    return router
