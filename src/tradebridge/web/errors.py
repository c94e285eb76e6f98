"""One mapping from failures to responses; no stack trace ever reaches a response.

- ``TradebridgeError`` → its ``http_status`` (400 bad input, 503 environment) with the same
  one-line message the CLI prints;
- a request that does not fit the declared parameters → 422; an unknown URL → 404;
- anything unexpected → a plain 500 without details, logged with its traceback.

API requests (``/api/…`` or asking for JSON) get ``{"error": {"message", "field", "nearest"}}``;
pages get a short HTML page in the reader's language.
"""

from __future__ import annotations

import logging
import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from tradebridge.api.responses import error_response
from tradebridge.errors import TradebridgeError

log = logging.getLogger("tradebridge.web")
_HINT = re.compile(r"(?:nearest|valid): (.+)$")


def nearest_of(message: str) -> list[str]:
    """The suggestions ``errors.nearest`` appended to a message, as a list.

    >>> nearest_of("unknown country 'AZR'; nearest: AZE, ARE")
    ['AZE', 'ARE']
    >>> nearest_of("no such year")
    []
    """
    found = _HINT.search(message)
    if not found:
        return []
    return [item.strip() for item in found.group(1).split(",") if item.strip() not in ("", "…")]


def wants_json(request: Request) -> bool:
    path = request.url.path
    return (
        path.startswith("/api/")
        or path.endswith(".json")
        or request.query_params.get("format") in ("json", "csv")
    )


def _respond(
    request: Request, status: int, message: str, field: str | None, nearest: list[str]
) -> Response:
    if wants_json(request):
        return error_response(status, message, field, nearest)
    from tradebridge.web.templating import render_error

    return render_error(request, status, message, nearest)


def _validation_message(exc: RequestValidationError) -> tuple[str, str | None, list[str]]:
    problems = []
    field = None
    nearest: list[str] = []
    for error in exc.errors():
        where = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        field = field or (where[-1] if where else None)
        problems.append(f"{'.'.join(where) or 'request'}: {error.get('msg', 'invalid')}")
        expected = (error.get("ctx") or {}).get("expected")
        if expected and not nearest:
            nearest = re.findall(r"'([^']+)'", str(expected))
    return "; ".join(problems), field, nearest


def install_error_handlers(app: FastAPI) -> None:
    """Register the mapping above on ``app``."""

    @app.exception_handler(TradebridgeError)
    async def _tradebridge_error(request: Request, exc: TradebridgeError) -> Response:
        status = exc.http_status if 400 <= exc.http_status < 600 else 500
        if status >= 500:
            log.warning("%s %s: %s", request.method, request.url.path, exc)
        return _respond(request, status, str(exc), exc.field, nearest_of(str(exc)))

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(request: Request, exc: RequestValidationError) -> Response:
        message, field, nearest = _validation_message(exc)
        return _respond(request, 422, message, field, nearest)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        message = "not found" if exc.status_code == 404 else str(exc.detail)
        response = _respond(request, exc.status_code, message, None, [])
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return _respond(request, 500, "internal error", None, [])
