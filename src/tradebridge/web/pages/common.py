"""What every page needs: the app state, the analytics call and the page's provenance."""

from __future__ import annotations

from typing import Any

from fastapi.concurrency import run_in_threadpool
from starlette.requests import Request

from tradebridge.i18n import current
from tradebridge.results import meta_of
from tradebridge.web.state import AppState

ATLAS_URL = "/static/vendor/world-atlas/countries-110m.json"


def state_of(request: Request) -> AppState:
    return request.app.state.tradebridge


async def call(request: Request, name: str, **arguments: Any) -> Any:
    """``workspace.<name>(**arguments)`` off the event loop (one analytic at a time)."""
    return await run_in_threadpool(state_of(request).call, name, arguments)


def provenance(result: Any) -> dict[str, Any]:
    """``source`` and ``synthetic`` of a result's meta, for the page footer and banner."""
    meta = meta_of(result) if hasattr(result, "attrs") else dict(getattr(result, "meta", {}))
    source = meta.get("source")
    if isinstance(source, list | tuple):
        source = "; ".join(map(str, source))
    return {"source": source, "synthetic": bool(meta.get("synthetic"))}


def choices(request: Request) -> dict[str, Any]:
    """What the selectors offer: the years held, the partner groups and the sectors (named in
    the current language)."""
    from tradebridge.reference.groups import groups
    from tradebridge.reference.sectors import sectors

    lang = current()
    return {
        "years_held": state_of(request).workspace.warehouse.years(),
        "group_choices": [{"id": g, "name": lang.group(g)} for g in groups()["group"]],
        "sector_choices": [{"id": s, "name": lang.sector(s)} for s in sectors()["sector"]],
    }
