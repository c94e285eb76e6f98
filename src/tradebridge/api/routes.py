"""The REST API ``/api/v1/…``: one endpoint per analytic, built from its declaration.

Each endpoint's signature is the ``Workspace`` method's (path segments for the required
parameters, query parameters for the optional ones, same names, types and defaults) plus
``format=json|csv``. It answers ``{meta, rows}`` JSON or the same rows as CSV, with an ETag.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response

from tradebridge.api.declarations import Declaration, declarations
from tradebridge.api.responses import error_body, etag, not_modified, respond
from tradebridge.web.state import AppState

Format = Literal["json", "csv"]
RESULT_SCHEMA = {
    "type": "object",
    "required": ["meta"],
    "properties": {
        "meta": {"type": "object"},
        "rows": {"type": "array", "items": {"type": "object"}},
        "nodes": {"type": "array", "items": {"type": "object"}},
        "edges": {"type": "array", "items": {"type": "object"}},
    },
}
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["message", "field", "nearest"],
            "properties": {
                "message": {"type": "string"},
                "field": {"type": ["string", "null"]},
                "nearest": {"type": "array", "items": {"type": "string"}},
            },
        }
    },
}
ERRORS = {
    status: {
        "description": reason,
        "content": {"application/json": {"schema": ERROR_SCHEMA, "example": example}},
    }
    for status, reason, example in [
        (400, "Bad input (unknown country, sector, year…)", error_body("…", "country", ["AZE"])),
        (404, "No such endpoint", error_body("not found", None, None)),
        (422, "A parameter of the wrong type", error_body("…", "year", None)),
    ]
}


def _endpoint(declaration: Declaration) -> Callable[..., Any]:
    """An async FastAPI endpoint whose signature mirrors the declaration."""
    names = [p.name for p in declaration.required + declaration.optional]

    async def endpoint(request: Request, **kwargs: Any) -> Response:
        state: AppState = request.app.state.tradebridge
        fmt = kwargs.pop("format")
        tag = etag(state.workspace.warehouse, request)
        cached = not_modified(request, tag)
        if cached is not None:
            return cached
        arguments = {name: kwargs[name] for name in names}
        result = await run_in_threadpool(state.call, declaration.name, arguments)
        return respond(result, fmt, tag, declaration.name.replace("_", "-"))

    params = [inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request)]
    for param in declaration.required:
        kind = Annotated[param.base, Path(description=param.doc)]
        params.append(
            inspect.Parameter(param.name, inspect.Parameter.KEYWORD_ONLY, annotation=kind)
        )
    for param in declaration.optional:
        kind = Annotated[param.base, Query(description=param.doc)]
        params.append(
            inspect.Parameter(
                param.name, inspect.Parameter.KEYWORD_ONLY, annotation=kind, default=param.default
            )
        )
    fmt = Annotated[Format, Query(description="json ({meta, rows}) or csv (the rows)")]
    params.append(
        inspect.Parameter("format", inspect.Parameter.KEYWORD_ONLY, annotation=fmt, default="json")
    )
    endpoint.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    endpoint.__name__ = declaration.name
    return endpoint


def api_router() -> APIRouter:
    """``/api/v1`` with one GET endpoint per declared analytic (published statistics:
    readable by anyone)."""
    from tradebridge.accounts.policy import Access
    from tradebridge.web.auth import policy

    router = APIRouter(prefix="/api/v1", responses=ERRORS, dependencies=[policy(Access.public)])
    for declaration in declarations():
        router.add_api_route(
            declaration.path,
            _endpoint(declaration),
            methods=["GET"],
            name=f"api_{declaration.name}",
            summary=declaration.summary,
            description=declaration.description,
            tags=["reference" if declaration.name.startswith("reference") else "analytics"],
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
    return router
