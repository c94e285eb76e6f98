"""The events' results for the agency (viewers, staff, admins): the KPI page with its filters
and funnel, its downloads (``/events/kpis.csv``, ``.xlsx``, ``.pdf``: one event's report with
``?event=``), and the forum markets beside the markets of most untapped export potential."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import Response

from tradebridge.accounts.policy import Access
from tradebridge.errors import BadInput
from tradebridge.events.kpi_facts import KpiFilters, report
from tradebridge.events.kpis import RATES, Kpis, markets_beside
from tradebridge.events.vocabulary import KIND_LABELS, KINDS
from tradebridge.i18n import current
from tradebridge.i18n import gettext as _
from tradebridge.reports.event_report import RATE_NAMES, STEP_NAMES, report_document, tables
from tradebridge.web.auth import CurrentCaller, DbSession, policy
from tradebridge.web.downloads import download
from tradebridge.web.figures import METHODS, Column, Figure
from tradebridge.web.pages.common import call, state_of
from tradebridge.web.templating import page, request_language

router = APIRouter(dependencies=[policy(Access.viewer)])
Code = Annotated[str, Query(max_length=60)]
TOP_MARKETS = 20


def _filters(event: int | None, year: int | None, kind: str, market: str, sector: str):
    from tradebridge.reference.countries import resolve_country

    if kind and kind not in KINDS:
        raise BadInput(f"unknown kind {kind!r}; valid: {', '.join(KINDS)}", field="kind")
    return KpiFilters(
        event_id=event,
        year=year,
        kind=kind or None,
        market=resolve_country(market) if market.strip() else None,
        sector=sector.strip() or None,
    )


def _kpis(k: Kpis) -> dict[str, Any]:
    """The group's counts, deal value (a float, for JSON) and rates."""
    counts = {**vars(k), "deal_usd": float(k.deal_usd)}
    return {**counts, **{rate: getattr(k, rate) for rate in RATES}}


def _event(e: Any) -> dict[str, Any]:
    return {**vars(e), "starts_on": e.starts_on.isoformat(), "markets": list(e.markets)}


def _query(request: Request) -> str:
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in ("format", "table")]
    return urlencode(kept)


@router.get("/events/kpis")
@router.get("/events/kpis.json")
def kpi_page(
    request: Request,
    session: DbSession,
    caller: CurrentCaller,
    event: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    kind: Code = "",
    market: Code = "",
    sector: Code = "",
) -> Response:
    lang = current()
    found = report(
        session,
        _filters(event, year, kind, market, sector),
        language=request_language(request),
        user=caller,
    )
    k = found.total
    steps = [(_(STEP_NAMES[step]), n) for step, n in k.funnel()]
    query = _query(request)
    from tradebridge.reports.charts import funnel

    figure = Figure(
        "funnel",
        _("From request to deal"),
        METHODS["events"],
        [Column("step", _("Step")), Column("count", _("Count"), "number", 0)],
        [{"step": label, "count": n} for label, n in steps],
        f"/events/kpis.csv?{urlencode([*request.query_params.multi_items(), ('table', 'total')])}",
        spec=funnel(steps, language=lang.code),
    )
    events = [{**_kpis(row), "event": _event(found.events[int(row.key)])} for row in found.by_event]
    context = {
        "title": _("Results of the events"),
        "data_twin": True,
        "total": _kpis(k),
        "funnel": figure,
        "figures": [figure],
        "rates": [
            {"id": rate, "name": _(name), "formula": _(formula), "value": getattr(k, rate)}
            for rate, (name, formula) in RATE_NAMES.items()
        ],
        "by_event": events,
        "by_market": [_kpis(row) for row in found.by_market],
        "by_sector": [_kpis(row) for row in found.by_sector],
        "by_year": [_kpis(row) for row in found.by_year],
        "participants_by_country": [vars(c) for c in found.participants_by_country],
        "participants_by_sector": [vars(c) for c in found.participants_by_sector],
        "filters": {
            "event": event,
            "year": year,
            "kind": kind,
            "market": market,
            "sector": sector,
        },  # fmt: skip
        "kinds": [{"id": k_, "label": _(KIND_LABELS[k_])} for k_ in KINDS],
        "downloads": {fmt: f"/events/kpis.{fmt}?{query}" for fmt in ("csv", "xlsx", "pdf")},
        "synthetic": found.synthetic,
    }
    return page(request, "event_kpis.html", context)


@router.get("/events/kpis.{fmt}")
def kpi_download(
    request: Request,
    fmt: str,
    session: DbSession,
    caller: CurrentCaller,
    event: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    kind: Code = "",
    market: Code = "",
    sector: Code = "",
    table: Code = "",
) -> Response:
    code = request_language(request)
    found = report(session, _filters(event, year, kind, market, sector), language=code, user=caller)
    stem = f"event-{event}-results" if event is not None else "event-results"
    return download(
        tables(found), fmt, stem, table=table or None, printed=lambda: report_document(found, code)
    )


@router.get("/events/markets")
@router.get("/events/markets.json")
async def markets_page(
    request: Request,
    session: DbSession,
    caller: CurrentCaller,
    country: Code = "",
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
) -> Response:
    from fastapi.concurrency import run_in_threadpool

    from tradebridge.results import meta_of

    lang = current()
    home = country.strip() or state_of(request).settings.country
    found = await run_in_threadpool(report, session, KpiFilters(), language=lang.code, user=caller)
    untapped: list[tuple[str, float]] = []
    meta: dict[str, Any] = {}
    if state_of(request).workspace.warehouse.years():
        ranked = await call(request, "markets", country=home, year=year, sort="untapped")
        meta = meta_of(ranked)
        home = meta.get("exporter", home)
        untapped = [(str(m), float(u)) for m, u in zip(ranked["market"], ranked["untapped_usd"],
                                                       strict=True)]  # fmt: skip
    rows = markets_beside([k for k in found.by_market if k.key != home], untapped, top=TOP_MARKETS)
    context = {
        "title": _("Forum markets beside untapped potential"),
        "data_twin": True,
        "country": home,
        "year": meta.get("year", year),
        "top": TOP_MARKETS,
        "rows": [{**vars(r), "deal_usd": float(r.deal_usd), "gap": r.gap} for r in rows],
        "events_synthetic": found.synthetic,
        "synthetic": bool(meta.get("synthetic")) or found.synthetic,
        "source": "; ".join(meta["source"])
        if isinstance(meta.get("source"), list)
        else meta.get("source"),  # fmt: skip
    }
    return page(request, "event_markets.html", context)
