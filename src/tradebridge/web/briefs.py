"""The pair page's brief downloads: made on a small thread pool of their own, kept per warehouse
content, and made once however many readers ask for the same one at the same time.

A brief is keyed by the warehouse's partition checksums, the pair, the year, the language and
the format. The first request for a key starts its computation; requests for the same key that
arrive meanwhile wait for that same result instead of starting their own. Only the facts (the
analytics) run under the app's analytics lock; drawing the charts and printing the PDF do not,
so pages keep being served while a PDF is printed. A failed computation is not kept: the next
request tries again. The ``KEPT`` most recent briefs stay in memory.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor

from tradebridge.analytics.profiles import resolve_year
from tradebridge.reference.countries import resolve_country
from tradebridge.reports.brief import Format, check_language, gather_brief
from tradebridge.web.state import AppState

KEPT = 64
WORKERS = 2

Key = tuple[tuple[tuple[int, str], ...], str, str, int, str, Format]


class Briefs:
    """Brief documents of one app, made off the event loop and shared between requests."""

    def __init__(self, state: AppState, workers: int = WORKERS) -> None:
        self.state = state
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="brief")
        self.lock = threading.Lock()
        self.futures: OrderedDict[Key, Future[bytes]] = OrderedDict()
        self.computed = 0  # how many briefs were actually made (the rest were shared or kept)

    def key(self, country: str, partner: str, fmt: Format, language: str, year: int | None) -> Key:
        """The cache key; bad input (unknown country, year or language) raises here."""
        wh = self.state.workspace.warehouse
        return (
            self.state.checksums(),
            resolve_country(country),
            resolve_country(partner),
            resolve_year(wh, year),
            check_language(language),
            fmt,
        )

    def future(self, key: Key) -> Future[bytes]:
        """The one computation of ``key``: running, done, or started now."""
        with self.lock:
            found = self.futures.get(key)
            if found is not None and not (found.done() and found.exception() is not None):
                self.futures.move_to_end(key)
                return found
            started = self.pool.submit(self._make, key)
            self.futures[key] = started
            while len(self.futures) > KEPT:
                self.futures.popitem(last=False)
            return started

    async def get(
        self, country: str, partner: str, fmt: Format, language: str, year: int | None
    ) -> bytes:
        """The brief's bytes (HTML, UTF-8, or PDF), waiting without blocking the event loop."""
        key = await asyncio.to_thread(self.key, country, partner, fmt, language, year)
        return await asyncio.wrap_future(self.future(key))

    def _make(self, key: Key) -> bytes:
        if key[-1] == "pdf":
            from tradebridge.reports.pdf import html_to_pdf

            # the HTML brief when it is already made; never wait for one queued behind this
            # task (with every worker waiting so, none would be left to make it)
            with self.lock:
                html = self.futures.get((*key[:5], "html"))
            done = html is not None and html.done() and html.exception() is None
            document = html.result() if done else self._html(key)
            with self.lock:
                self.computed += 1
            return html_to_pdf(document.decode("utf-8"))
        return self._html(key)

    def _html(self, key: Key) -> bytes:
        from tradebridge.reports.brief_page import brief_document

        _, a, b, year, language, _ = key
        state = self.state
        with state.lock:
            facts = gather_brief(
                state.workspace.warehouse, a, b, year=year, engine=state.workspace.engine
            )
        document = brief_document(facts, language).encode("utf-8")
        if key[-1] == "html":
            with self.lock:
                self.computed += 1
        return document
