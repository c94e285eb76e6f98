"""The pages: each is a function of the request returning a JSON-safe context, rendered as HTML
or, at the same URL with ``.json`` (or ``?format=json``), returned as data."""

from __future__ import annotations

from fastapi import APIRouter

from tradebridge.web.pages import docs, home


def pages_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    for module in (home, docs):
        router.include_router(module.router)
    return router
