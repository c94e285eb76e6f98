"""The application factory: ``create_app(settings)`` gives the FastAPI app serving the pages,
the REST API (``/api/v1``, OpenAPI at ``/api/openapi.json``, interactive docs at ``/api/docs``)
and the vendored static files."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from tradebridge import __version__
from tradebridge.api.accounts import accounts_router
from tradebridge.api.event_meetings import event_meetings_router
from tradebridge.api.event_outcomes import event_outcomes_router
from tradebridge.api.event_suggestions import event_suggestions_router
from tradebridge.api.events import events_router
from tradebridge.api.hs_suggest import hs_suggest_router
from tradebridge.api.matches import matches_router
from tradebridge.api.organisations import organisations_router
from tradebridge.api.routes import api_router
from tradebridge.data.warehouse import Warehouse
from tradebridge.web.agenda_prints import AgendaPrints
from tradebridge.web.auth import check_policies
from tradebridge.web.auth import install as install_auth
from tradebridge.web.briefs import Briefs
from tradebridge.web.cache import PageCache
from tradebridge.web.errors import install_error_handlers
from tradebridge.web.pages import pages_router
from tradebridge.web.security import SecurityHeaders
from tradebridge.web.settings import Settings
from tradebridge.web.state import AppState
from tradebridge.web.warmup import start_warm_up
from tradebridge.workspace import Workspace


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app over ``settings.home`` (the warehouse) on ``settings.engine``."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.warm:
            start_warm_up(app, settings)
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="tradebridge",
        version=__version__,
        description=(
            "Trade intelligence for export and investment promotion. Every analytic of the "
            "command line and the Python API, with the same parameter names and defaults; "
            "results are `{meta, rows}` JSON or CSV (`?format=csv`)."
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.tradebridge = AppState(
        settings=settings, workspace=Workspace(Warehouse(settings.home), settings.engine)
    )
    app.state.briefs = Briefs(app.state.tradebridge)
    app.state.agenda_prints = AgendaPrints(app.state.tradebridge)
    install_error_handlers(app)
    app.include_router(api_router())
    app.include_router(accounts_router())
    app.include_router(event_outcomes_router())  # /api/v1/events/leads before /{event_id}
    app.include_router(events_router())
    app.include_router(event_meetings_router())
    app.include_router(event_suggestions_router())
    app.include_router(hs_suggest_router())
    app.include_router(matches_router())
    app.include_router(organisations_router())
    app.include_router(pages_router())
    static = files("tradebridge.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    check_policies(app)
    install_auth(app)
    app.add_middleware(PageCache)
    app.add_middleware(SecurityHeaders)
    return app
