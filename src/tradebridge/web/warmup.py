"""Warming up: right after ``tradebridge serve`` starts, the home country's pages are built once
in the background, so that the first reader does not wait for their analytics.

The pages are the country, markets and pair pages of the settings' country and partner
(``TRADEBRIDGE_COUNTRY``, ``TRADEBRIDGE_PARTNER``), in each language, requested from the app
itself (in process, no socket) as a reader's browser would, so that the analytics and the
rendered pages are both kept. Analytics run one at a time: a reader arriving meanwhile waits at
most for the analytic running, never for the whole warm-up, and pages already kept are served at
once. Start-up does not wait for it. One line on stderr says when it is done and how long it
took. On by default for ``tradebridge serve``; ``TRADEBRIDGE_WARM=0`` turns it off.

Once the app is built, and again after the warm-up, what start-up made is settled
(``settle_heap``): Python's cycle collector no longer walks it at every full collection.
"""

from __future__ import annotations

import asyncio
import gc
import sys
import threading
import time

import httpx
from starlette.types import ASGIApp

from tradebridge.i18n import LANGUAGES
from tradebridge.web.settings import Settings

PAGES = ("/", "/country/{a}", "/markets/{a}", "/pair/{a}/{b}")


def warm_urls(settings: Settings) -> list[tuple[str, str]]:
    """(path, language) of the pages to build: all of them in the first language (which
    computes the analytics), then the others (which only render).

    >>> warm_urls(Settings(country="KAZ", partner="CHN"))[:4]
    [('/', 'az'), ('/country/KAZ', 'az'), ('/markets/KAZ', 'az'), ('/pair/KAZ/CHN', 'az')]
    """
    a, b = settings.country, settings.partner
    return [(page.format(a=a, b=b), lang) for lang in LANGUAGES for page in PAGES]


async def warm(app: ASGIApp, settings: Settings) -> tuple[int, int, float]:
    """Request each of ``warm_urls`` from ``app``: (pages built, pages failed, seconds)."""
    start = time.perf_counter()
    built = failed = 0
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://warm-up") as client:
        for path, lang in warm_urls(settings):
            response = await client.get(path, headers={"Accept-Language": lang})
            if response.status_code == 200:
                built += 1
            else:
                failed += 1
    return built, failed, time.perf_counter() - start


def settle_heap() -> int:
    """Collect the garbage start-up left, then freeze what remains (``gc.freeze``): the
    modules, catalogues, reference tables and kept pages live as long as the server, and a
    full collection walking them all (300,000 objects: 0.2-0.7 s) would otherwise stall a
    request every few dozen. Reference counting still frees what is dropped later. The number
    of objects frozen so far."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def start_warm_up(app: ASGIApp, settings: Settings) -> threading.Thread:
    """Warm the pages on a background thread (with its own event loop); report on stderr."""

    def run() -> None:
        try:
            built, failed, seconds = asyncio.run(warm(app, settings))
        except Exception as exc:  # a warm-up failure must never stop the server
            print(f"tradebridge: warm-up stopped: {exc}", file=sys.stderr, flush=True)
            return
        settle_heap()
        note = f", {failed} failed" if failed else ""
        print(
            f"tradebridge: warmed {built} pages of {settings.country} in {seconds:.1f} s{note}",
            file=sys.stderr,
            flush=True,
        )

    thread = threading.Thread(target=run, name="tradebridge-warm-up", daemon=True)
    thread.start()
    return thread
