"""The pages: each is a function of the request returning a JSON-safe context, rendered as HTML
or, at the same URL with ``.json`` (or ``?format=json``), returned as data."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.requests import Request

from tradebridge.accounts.policy import Access
from tradebridge.i18n import set_current
from tradebridge.web.auth import policy
from tradebridge.web.pages import (
    account,
    admin,
    catalogue,
    complexity,
    country,
    docs,
    event_day,
    event_documents,
    event_kpis,
    event_outcomes,
    event_people,
    event_schedule,
    event_suggestions,
    events,
    home,
    hs,
    investment,
    markets,
    matches,
    methods,
    pair,
    product,
    registry,
)


async def use_language(request: Request) -> None:
    """Make the request's language current before the page builds its texts and charts
    (async, so it runs in the endpoint's own context)."""
    from tradebridge.web.templating import request_language

    set_current(request_language(request))


def pages_router() -> APIRouter:
    """Every page: the published statistics for anyone, then the account, admin, registry,
    catalogue, events and investment pages (each declaring its own policy)."""
    router = APIRouter(include_in_schema=False, dependencies=[Depends(use_language)])
    public = APIRouter(dependencies=[policy(Access.public)])
    for module in (home, country, markets, pair, product, complexity, methods, docs, hs):
        public.include_router(module.router)
    router.include_router(public)
    # the events' results before /events/{event_id}, which would take "kpis" for an id
    pieces = (account, admin, registry, catalogue, matches, event_kpis, events, event_people)
    more = (event_day, event_outcomes, event_schedule, event_documents, event_suggestions)
    for module in (*pieces, *more):
        router.include_router(module.router)
    router.include_router(investment.own)  # /investment/mine before /investment/{project_id}
    router.include_router(investment.router)
    return router
