"""The market brief: one self-contained HTML file on two countries' trade and its potential.

Every number comes from a domain function: ``bilateral`` (the trade trend), ``profile`` (the
partner's rank among the country's destinations, with and without energy), ``potential`` (top
untapped products each way) and ``mutual`` (sectors both ways, complementarity and intensity).
Charts are Vega-Lite specifications rendered to inline SVG by ``vl-convert`` (no JavaScript and
nothing fetched when the file is opened); the data source, and the synthetic-data notice when it
applies, are printed on the page.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import vl_convert

from tradebridge.analytics.mutual import mutual
from tradebridge.analytics.potential import potential
from tradebridge.analytics.profiles import bilateral, profile, resolve_year
from tradebridge.atomic import write_text
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput
from tradebridge.number_format import grouped
from tradebridge.reference.countries import country_name, resolve_country

TREND_YEARS = 9
STYLE = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; margin: 2em auto; max-width: 1100px;
       color: #1d2733; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 1.6em;
       border-bottom: 2px solid #2b6cb0; padding-bottom: 0.2em; }
.notice { background: #fff3cd; border: 1px solid #e0b100; padding: 0.6em 1em; }
.source { color: #4a5568; font-size: 0.9em; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
th, td { border: 1px solid #cbd5e0; padding: 0.25em 0.6em; }
th { background: #edf2f7; } td.num { text-align: right; }
.facts { display: flex; gap: 1.5em; flex-wrap: wrap; }
.fact { border: 1px solid #cbd5e0; padding: 0.6em 1em; min-width: 12em; }
.fact b { display: block; font-size: 1.4em; }
.pair { display: flex; gap: 2em; flex-wrap: wrap; } .pair > div { flex: 1 1 480px; }
"""


def money(value: Any) -> str:
    """US$ with thousands separators (millions shown as "1.2 M")."""
    if value is None or pd.isna(value):
        return "–"
    value = float(value)
    if abs(value) >= 1e6:
        return f"{value / 1e6:,.1f} M"
    return grouped(value)


def number(value: Any, digits: int = 2) -> str:
    return "–" if value is None or pd.isna(value) else f"{float(value):,.{digits}f}"


def svg_chart(chart: alt.TopLevelMixin) -> str:
    """An Altair chart as inline SVG markup."""
    return vl_convert.vegalite_to_svg(chart.to_dict())


def table_html(
    rows: pd.DataFrame,
    columns: dict[str, str],
    money_cols: tuple[str, ...] = (),
    share_cols: tuple[str, ...] = (),
) -> str:
    """A small HTML table of ``rows[columns]`` with headers ``columns.values()``."""
    if rows.empty:
        return "<p>No rows.</p>"
    head = "".join(f"<th>{html.escape(label)}</th>" for label in columns.values())
    body = []
    for record in rows[list(columns)].itertuples(index=False, name=None):
        cells = []
        for col, value in zip(columns, record, strict=True):
            if col in money_cols:
                cells.append(f'<td class="num">{money(value)}</td>')
            elif col in share_cols:
                cells.append(
                    f'<td class="num">{number(100 * value, 1) if pd.notna(value) else "–"} %</td>'
                )
            else:
                cells.append(f"<td>{html.escape('' if value is None else str(value))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _rank_of(rows: pd.DataFrame, partner: str) -> dict[str, Any]:
    hit = rows[rows["partner"] == partner]
    if hit.empty:
        return {"rank": None, "share": None, "of": len(rows)}
    return {"rank": int(hit["rank"].iloc[0]), "share": float(hit["share"].iloc[0]), "of": len(rows)}


def brief_html(
    wh: Warehouse,
    country: str,
    partner: str,
    *,
    year: int | None = None,
    top: int = 10,
    engine: str | None = None,
) -> str:
    """The brief of ``country`` (A) and ``partner`` (B) as one HTML document."""
    a, b = resolve_country(country), resolve_country(partner)
    if a == b:
        raise BadInput("the two countries must differ", field="partner")
    year = resolve_year(wh, year)
    name_a, name_b = country_name(a), country_name(b)
    trade = bilateral(wh, a, b, year=year, by="sector", window=TREND_YEARS, engine=engine)
    ranks = {
        label: _rank_of(
            profile(
                wh, a, year=year, by="partner", window=0, engine=engine, exclude_sectors=excluded
            ),
            b,
        )
        for label, excluded in (("all goods", None), ("without energy", ("energy",)))
    }
    both = mutual(wh, a, b, year=year, by="sector", engine=engine)
    ab = potential(wh, a, year=year, market=b, by="product", top=top, engine=engine)
    ba = potential(wh, b, year=year, market=a, by="product", top=top, engine=engine)
    meta = both.attrs["meta"]

    trend = pd.DataFrame(trade.attrs["meta"]["trend"])
    long = trend.melt(
        id_vars="year", value_vars=["exports_usd", "imports_usd"], var_name="flow", value_name="usd"
    )
    long["flow"] = long["flow"].map(
        {"exports_usd": f"{name_a} → {name_b}", "imports_usd": f"{name_b} → {name_a}"}
    )
    trend_svg = svg_chart(
        alt.Chart(long, title="Bilateral trade, US$")
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title="year"),
            y=alt.Y("usd:Q", title="US$"),
            color=alt.Color("flow:N", title=None),
        )
        .properties(width=700, height=260)
    )
    sectors_top = both.head(top)
    bars = sectors_top.melt(
        id_vars="name",
        value_vars=["ab_untapped_usd", "ba_untapped_usd"],
        var_name="direction",
        value_name="usd",
    )
    bars["direction"] = bars["direction"].map(
        {"ab_untapped_usd": f"{a} → {b}", "ba_untapped_usd": f"{b} → {a}"}
    )
    sector_svg = (
        svg_chart(
            alt.Chart(bars, title="Untapped potential by sector, US$")
            .mark_bar()
            .encode(
                y=alt.Y("name:N", title=None, sort=list(sectors_top["name"])),
                x=alt.X("usd:Q", title="US$"),
                yOffset="direction:N",
                color=alt.Color("direction:N", title=None),
            )
            .properties(width=600, height=max(120, 36 * len(sectors_top)))
        )
        if not sectors_top.empty
        else "<p>No untapped potential either way.</p>"
    )

    source = meta.get("source")
    source = "; ".join(source) if isinstance(source, list | tuple) else str(source)
    notice = (
        f'<p class="notice"><b>{html.escape(meta.get("notice", ""))}</b></p>'
        if meta.get("synthetic")
        else ""
    )
    facts = [
        (f"{name_a}'s exports to {name_b}, {year}", money(trade.attrs["meta"]["exports_usd"])),
        (f"{name_a}'s imports from {name_b}, {year}", money(trade.attrs["meta"]["imports_usd"])),
        (f"Untapped {a} → {b}", money(meta["ab_untapped_usd"])),
        (f"Untapped {b} → {a}", money(meta["ba_untapped_usd"])),
        (f"Net gap {a} → {b} (potential − actual)", money(meta["ab_net_gap_usd"])),
        (f"Net gap {b} → {a} (potential − actual)", money(meta["ba_net_gap_usd"])),
    ]
    rank_rows = pd.DataFrame(
        [
            {
                "scope": label,
                "rank": "–" if r["rank"] is None else f"{r['rank']} of {r['of']}",
                "share": r["share"],
            }
            for label, r in ranks.items()
        ]
    )
    indicator_rows = pd.DataFrame(
        [
            {
                "indicator": f"Trade complementarity {a}→{b} (0–100)",
                "value": number(meta["tc_ab"], 1),
            },
            {
                "indicator": f"Trade complementarity {b}→{a} (0–100)",
                "value": number(meta["tc_ba"], 1),
            },
            {
                "indicator": f"Trade intensity {a}→{b} (>1: more than size predicts)",
                "value": number(meta["ti_ab"]),
            },
            {"indicator": f"Trade intensity {b}→{a}", "value": number(meta["ti_ba"])},
        ]
    )
    product_cols = {
        "product": "HS6",
        "name": "product",
        "potential_usd": "potential US$",
        "actual_usd": "actual US$",
        "untapped_usd": "untapped US$",
    }
    money_cols = (
        "potential_usd",
        "actual_usd",
        "untapped_usd",
        "ab_untapped_usd",
        "ba_untapped_usd",
        "mutual_score",
    )
    years = meta["years"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Market brief: {html.escape(name_a)} and {html.escape(name_b)}, {year}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>Market brief: {html.escape(name_a)} and {html.escape(name_b)}</h1>",
        f'<p class="source">Year {year}; export potential on the average of '
        f"{', '.join(map(str, years))}. Data source: {html.escape(source)}.</p>",
        notice,
        '<div class="facts">'
        + "".join(
            f'<div class="fact">{html.escape(label)}<b>{value}</b></div>' for label, value in facts
        )
        + "</div>",
        "<h2>Bilateral trade trend</h2>",
        trend_svg,
        f"<h2>{html.escape(name_b)} among {html.escape(name_a)}'s destinations</h2>",
        table_html(
            rank_rows,
            {"scope": "goods", "rank": "rank", "share": "share of exports"},
            share_cols=("share",),
        ),
        "<h2>Complementarity</h2>",
        table_html(indicator_rows, {"indicator": "indicator", "value": "value"}),
        "<h2>Mutually beneficial sectors</h2>",
        sector_svg,
        table_html(
            sectors_top,
            {
                "name": "sector",
                "ab_untapped_usd": f"untapped {a}→{b} US$",
                "ba_untapped_usd": f"untapped {b}→{a} US$",
                "mutual_score": "mutual score",
            },
            money_cols=money_cols,
        ),
        '<div class="pair"><div>',
        f"<h2>Top untapped products {a} → {b}</h2>",
        table_html(ab, product_cols, money_cols=money_cols),
        "</div><div>",
        f"<h2>Top untapped products {b} → {a}</h2>",
        table_html(ba, product_cols, money_cols=money_cols),
        "</div></div>",
        "<h2>Method and source</h2>",
        '<p class="source">Potential PV = supply share × demand × ease of trade (after ITC\'s '
        "export potential indicator, Decreux &amp; Spies 2016); untapped = max(PV − actual, 0) "
        "per product, added up, so products selling above their potential do not reduce it; "
        "net gap = total PV − total actual (untapped − net gap = what products sell above "
        f"their potential: {money(meta['ab_above_potential_usd'])} {a}→{b}, "
        f"{money(meta['ba_above_potential_usd'])} {b}→{a}); "
        "mutual score = √(untapped A→B × untapped B→A). "
        f"{html.escape(meta['inputs_note'].capitalize())}. Complementarity and intensity "
        f"follow the World Bank WITS definitions for {year}.</p>",
        f'<p class="source">Data source: {html.escape(source)}. Generated by tradebridge on '
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC.</p>",
        notice,
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p)


def write_brief(wh: Warehouse, country: str, partner: str, out: Path, **options: Any) -> Path:
    """Write the brief to ``out`` atomically (``atomic.write_text``)."""
    return write_text(Path(out), brief_html(wh, country, partner, **options))
