"""World choropleth maps: Natural Earth country shapes joined to analytics rows on ISO numeric.

The shapes are ``countries-110m.json`` of the npm package ``world-atlas`` 2 (TopoJSON, ISC
licence), vendored in ``web/static/vendor/world-atlas/``: the web pages load it from the app by
URL (``atlas_url``); documents inline it (no URL, so a brief opened from disk draws its map).
Each feature's ``id`` is the ISO 3166-1 numeric code as three digits ("031"); rows carry ISO3
codes, turned into those ids through the reference country table.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import Any

import altair as alt
import pandas as pd

from tradebridge.number_format import money_axis_expr
from tradebridge.reference.countries import countries
from tradebridge.reports.charts import finish, texts

ATLAS = files("tradebridge") / "web" / "static" / "vendor" / "world-atlas" / "countries-110m.json"
ANTARCTICA = "010"
NO_DATA = "#ecebe7"
RAMP = ["#c6dbef", "#08306b"]


@cache
def atlas() -> dict[str, Any]:
    """The vendored world-atlas TopoJSON (countries at 1:110m)."""
    with ATLAS.open(encoding="utf-8") as fh:
        return json.load(fh)


@cache
def atlas_ids() -> frozenset[str]:
    """The ISO numeric ids of the atlas' country shapes ("031", "643", …)."""
    return frozenset(
        g["id"] for g in atlas()["objects"]["countries"]["geometries"] if g.get("id") is not None
    )


@cache
def _numeric_ids() -> dict[str, str]:
    table = countries().dropna(subset=["iso_numeric"])
    return {
        iso3: f"{int(number):03d}"
        for iso3, number in zip(table["iso3"], table["iso_numeric"], strict=True)
    }


def map_rows(
    frame: pd.DataFrame, value: str, country: str, name: str | None = None
) -> pd.DataFrame:
    """``frame``'s rows keyed by atlas id: ``id``, ``iso3``, ``name``, ``value``.

    Rows with no ISO numeric code (``X…`` codes) or no shape at 1:110m (small islands) cannot be
    drawn; ``not_drawn`` lists them.
    """
    ids = _numeric_ids()
    rows = pd.DataFrame(
        {
            "iso3": frame[country].astype(str).to_numpy(),
            "name": frame[name or country].astype(str).to_numpy(),
            "value": frame[value].astype(float).to_numpy(),
        }
    )
    rows["id"] = rows["iso3"].map(ids)
    return rows[["id", "iso3", "name", "value"]]


def not_drawn(rows: pd.DataFrame) -> list[str]:
    """ISO3 codes of ``map_rows`` that have no shape in the atlas."""
    shapes = atlas_ids()
    return sorted(iso3 for iso3, i in zip(rows["iso3"], rows["id"], strict=True) if i not in shapes)


def world_map(
    frame: pd.DataFrame,
    value: str,
    *,
    country: str = "partner",
    name: str | None = "name",
    title: str | None = None,
    atlas_url: str | None = None,
    language: str = "en",
    labels: Mapping[str, str] | None = None,
    width: int = 640,
    height: int = 340,
) -> dict[str, Any]:
    """A Vega-Lite choropleth of ``frame[value]`` (US$) by ``frame[country]`` (ISO3).

    Countries with no row are grey. The colour scale is logarithmic when the positive values
    span more than a hundredfold (trade by partner usually does; zero rows are then grey too).
    ``atlas_url`` loads the shapes from the app (web pages); without it they are inlined.
    ``spec["usermeta"]["not_drawn"]`` lists the rows' countries the atlas has no shape for.
    Text keys: ``usd``.
    """
    text = texts(language, labels)
    rows = map_rows(frame, value, country, name if name in frame.columns else None)
    missing = not_drawn(rows)
    rows = rows[rows["id"].isin(atlas_ids())]
    positive = rows.loc[rows["value"] > 0, "value"]
    log = not positive.empty and positive.max() > 100 * positive.min()
    if log:
        rows = rows[rows["value"] > 0]
    topo = alt.DataFormat(type="topojson", feature="countries")
    # built with a URL either way: Altair would validate 100 kB of inline shapes for 2 s
    shapes = alt.UrlData(url=atlas_url or "countries-110m.json", format=topo)
    chart = (
        alt.Chart(shapes, title=alt.TitleParams(title or ""))
        .mark_geoshape(stroke="white", strokeWidth=0.4, invalid="show")
        .transform_filter(f"datum.id != '{ANTARCTICA}'")
        .transform_lookup(
            lookup="id",
            from_=alt.LookupData(
                data=alt.InlineData(values=rows.to_dict(orient="records")),
                key="id",
                fields=["iso3", "name", "value"],
            ),
        )
        .transform_calculate(
            label="isValid(datum.name) ? datum.name : datum.properties.name",
            figure=money_axis_expr(language, "datum.value"),
        )
        .encode(
            color=alt.Color(
                "value:Q",
                title=text["usd"],
                scale=alt.Scale(type="log" if log else "linear", range=RAMP),
                legend=alt.Legend(
                    labelExpr=money_axis_expr(language),
                    orient="bottom-left",
                    gradientLength=180,
                    labelOverlap="greedy",
                ),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=" "),
                alt.Tooltip("figure:N", title=text["usd"]),
            ],
        )
        .project(type="equalEarth")
        .properties(width=width, height=height)
    )
    spec = finish(chart)
    if atlas_url is None:
        spec["data"] = {"values": atlas(), "format": spec["data"]["format"]}
    spec["config"]["scale"] = {"invalid": {"color": {"value": NO_DATA}}}  # no row: grey
    spec["usermeta"] = {"not_drawn": missing}
    return spec
