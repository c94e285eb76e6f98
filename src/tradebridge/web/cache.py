"""Rendered pages kept per warehouse content: a page is built once per (path, query, language,
partition checksums) and served from memory afterwards.

Building a page runs its analytics (kept too, in ``AppState``) and then its charts and template,
which costs far more than sending kept bytes. Re-ingesting a year changes the checksums and with
them every key, so nothing stale is served. Only successful GET pages are kept (not the API, not
static files, not downloads); the ``KEPT`` most recent ones. Requests of a signed-in caller
(a session cookie or an API token) are never served from here nor kept, and neither is a
response marked ``Cache-Control: no-store`` or ``private`` (pages showing a form's CSRF token).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tradebridge.web.auth import SESSION_COOKIE
from tradebridge.web.templating import request_language

KEPT = 512
SKIPPED = ("/static/", "/api/")


def _shareable(headers: list[tuple[bytes, bytes]]) -> bool:
    """False when the response says it is for this browser only."""
    for name, value in headers:
        if name.lower() == b"cache-control" and (b"no-store" in value or b"private" in value):
            return False
    return True


class PageCache:
    """ASGI middleware keeping the bytes of successful page responses."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.kept: OrderedDict[tuple, tuple[int, list, bytes]] = OrderedDict()
        self.lock = threading.Lock()

    def _key(self, scope: Scope) -> tuple | None:
        path = scope["path"]
        if scope["method"] != "GET" or path.startswith(SKIPPED) or "/brief." in path:
            return None
        request = Request(scope)
        if SESSION_COOKIE in request.cookies or "authorization" in request.headers:
            return None
        checksums = request.app.state.tradebridge.checksums()
        query = tuple(sorted(request.query_params.multi_items()))
        hx = request.headers.get("hx-request") == "true"
        return (path, query, request_language(request), hx, checksums)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = self._key(scope) if scope["type"] == "http" else None
        if key is None:
            await self.app(scope, receive, send)
            return
        with self.lock:
            hit = self.kept.get(key)
            if hit is not None:
                self.kept.move_to_end(key)
        if hit is not None:
            status, headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        started: dict = {}
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if (
                    not message.get("more_body")
                    and started.get("status") == 200
                    and _shareable(started.get("headers", []))
                ):
                    with self.lock:
                        self.kept[key] = (200, list(started["headers"]), b"".join(chunks))
                        while len(self.kept) > KEPT:
                            self.kept.popitem(last=False)
            await send(message)

        await self.app(scope, receive, keep)
