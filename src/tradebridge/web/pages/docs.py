"""The interactive API documentation (vendored Swagger UI) at ``/api/docs``."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from tradebridge.i18n import gettext as _
from tradebridge.web.templating import page

router = APIRouter()


@router.get("/api/docs")
async def api_docs(request: Request) -> Response:
    return page(request, "api_docs.html", {"title": _("REST API")})
