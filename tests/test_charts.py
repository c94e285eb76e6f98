"""Chart specifications: fields and encodings on hand-made frames, the tenfold rule, the map's
join on ISO numeric codes, the treemap's tree, and labels rendered in K/M/B."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
import vl_convert

from tradebridge.analytics.markets import DEFAULT_WEIGHTS
from tradebridge.analytics.profiles import profile
from tradebridge.number_format import money_column
from tradebridge.reports import charts, maps, treemap


def data_of(spec: dict, name: str | None = None) -> list[dict]:
    """The inline rows of a top-level (or named) Vega-Lite data set."""
    data = spec["data"] if name is None else {"name": name}
    return data["values"] if "values" in data else spec["datasets"][data["name"]]


def svg_texts(svg: str) -> list[str]:
    return [t for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


TREND = pd.DataFrame(
    {"year": [2019, 2020, 2021], "exports_usd": [0.0, 20e6, 30e6], "imports_usd": [9e8, 6e8, 1e9]}
)
SERIES = {"exports_usd": "AZE → RUS", "imports_usd": "RUS → AZE"}


def test_trade_over_time_switches_to_log_when_directions_differ_tenfold():
    spec = charts.trade_over_time(TREND, SERIES, title="Bilateral trade")
    enc = spec["encoding"]
    assert (enc["x"]["field"], enc["x"]["type"]) == ("year", "ordinal")
    assert (enc["y"]["field"], enc["y"]["type"]) == ("usd", "quantitative")
    assert enc["y"]["scale"]["type"] == "log"
    assert (enc["color"]["field"], enc["color"]["sort"]) == ("series", ["AZE → RUS", "RUS → AZE"])
    assert "tenfold" in spec["title"]["subtitle"][0]
    # log 0 does not exist: the zero year of AZE → RUS is left out, the other five points stay
    rows = data_of(spec)
    assert sorted((r["series"], r["year"]) for r in rows) == [
        ("AZE → RUS", 2020),
        ("AZE → RUS", 2021),
        ("RUS → AZE", 2019),
        ("RUS → AZE", 2020),
        ("RUS → AZE", 2021),
    ]


def test_trade_over_time_stays_linear_within_tenfold():
    close = TREND.assign(exports_usd=[2e8, 1e8, 3e8])  # medians 2e8 and 9e8: 4.5 times apart
    spec = charts.trade_over_time(close, SERIES)
    assert spec["encoding"]["y"]["scale"] == {"zero": True}
    assert "subtitle" not in spec["title"] and len(data_of(spec)) == 6


def test_money_axis_labels_read_in_k_m_b():
    svg = vl_convert.vegalite_to_svg(charts.trade_over_time(TREND, SERIES))
    labels = svg_texts(svg)
    money = [t for t in labels if t.endswith(("K", "M", "B"))]
    assert {"10M", "1B"} <= set(money) and len(money) >= 3
    assert all(re.fullmatch(r"\d{1,3}(\.\d{1,2})?[KMB]", t) for t in money), money
    assert not any("000" in t for t in labels)
    ru = svg_texts(
        vl_convert.vegalite_to_svg(charts.ranked_bars(TREND, "imports_usd", "year", language="ru"))
    )
    assert "1\xa0млрд" in ru and "600\xa0млн" in ru


def test_ranked_bars_keep_the_largest_first():
    frame = pd.DataFrame({"name": ["a", "b", "c", "d"], "value_usd": [5.0, 50.0, 0.5, 20.0]})
    spec = charts.ranked_bars(frame, "value_usd", "name", top=3)
    bar, text = spec["layer"]
    assert bar["mark"]["type"] == "bar" and text["mark"]["type"] == "text"
    assert bar["encoding"]["y"]["sort"] == ["b", "d", "a"]
    assert bar["encoding"]["x"]["field"] == "value_usd"
    assert [r["name"] for r in data_of(spec)] == ["b", "d", "a"]


def test_score_contributions_add_up_to_the_score():
    # market M has demand (p = 1) and distance (p = 0.5) only: the weights 0.30 and 0.15 are
    # re-scaled over those two, 100·0.30·1/0.45 = 66.67 and 100·0.15·0.5/0.45 = 16.67
    row = {f"pct_{c}": math.nan for c in DEFAULT_WEIGHTS}
    row.update(market="MMM", name="M", pct_demand=1.0, pct_distance=0.5)
    parts = charts.score_contributions(pd.DataFrame([row]), DEFAULT_WEIGHTS)
    assert list(parts["component"]) == ["demand", "distance"]
    assert parts["points"].tolist() == pytest.approx([200 / 3, 50 / 3])
    spec = charts.score_components(pd.DataFrame([row]), DEFAULT_WEIGHTS)
    assert (
        spec["encoding"]["x"]["field"] == "points" and spec["encoding"]["x"]["aggregate"] == "sum"
    )
    assert spec["encoding"]["color"]["scale"]["domain"][:2] == ["demand", "demand growth"]


def test_both_ways_bars_get_a_scale_each_when_directions_differ_tenfold():
    frame = pd.DataFrame(
        {"name": ["energy", "food"], "ab_untapped_usd": [100.0, 50.0], "ba_untapped_usd": [5e3, 10]}
    )
    directions = {"ab_untapped_usd": "A → B", "ba_untapped_usd": "B → A"}
    spec = charts.both_ways_bars(frame, "name", directions)
    assert spec["resolve"]["scale"]["x"] == "independent"
    assert [p["title"]["text"] for p in spec["hconcat"]] == ["A → B", "B → A"]
    assert [p["encoding"]["y"]["sort"] for p in spec["hconcat"]] == [["energy", "food"]] * 2
    near = frame.assign(ba_untapped_usd=[900.0, 10])
    assert charts.both_ways_bars(near, "name", directions)["resolve"]["scale"]["x"] == "shared"


def test_world_map_joins_every_iso_numeric_code_of_the_tiny_world(tiny_warehouse):
    rows = profile(tiny_warehouse, "AZE", year=2021, by="partner", window=0)
    spec = maps.world_map(rows, "value_usd")
    lookup = spec["transform"][1]["lookup"] if "lookup" in spec["transform"][1] else None
    assert lookup == "id"
    joined = spec["transform"][1]["from"]
    values = data_of(spec, joined["data"]["name"]) if "name" in joined["data"] else None
    values = values or joined["data"]["values"]
    # AZE sells to RUS 400, TUR 550, KAZ 50 (X999 got 0 and is not a partner)
    assert {v["iso3"]: v["id"] for v in values} == {"RUS": "643", "TUR": "792", "KAZ": "398"}
    assert all(v["id"] in maps.atlas_ids() for v in values)
    every = maps.map_rows(
        pd.DataFrame({"partner": ["AZE", "RUS", "KAZ", "TUR", "CHN"], "v": [1.0] * 5}),
        "v",
        "partner",
    )
    assert set(every["id"]) <= maps.atlas_ids() and maps.not_drawn(every) == []
    assert spec["usermeta"]["not_drawn"] == []
    assert spec["data"]["format"] == {"type": "topojson", "feature": "countries"}
    by_url = maps.world_map(
        rows, "value_usd", atlas_url="/static/vendor/world-atlas/countries-110m.json"
    )
    assert by_url["data"]["url"].endswith("countries-110m.json")
    # an unknown code cannot be drawn, and says so
    odd = maps.world_map(pd.DataFrame({"partner": ["X999"], "value_usd": [1.0]}), "value_usd")
    assert odd["usermeta"]["not_drawn"] == ["X999"]


def test_world_map_renders_countries_with_and_without_data(tiny_warehouse):
    rows = profile(tiny_warehouse, "AZE", year=2021, by="partner", window=0)
    svg = vl_convert.vegalite_to_svg(maps.world_map(rows, "value_usd"))
    assert svg.count(maps.NO_DATA) > 100  # the countries AZE does not sell to are drawn grey


def test_treemap_is_a_vega_tree_of_sectors_and_products():
    frame = pd.DataFrame(
        {
            "product": ["270900", "271111", "080510", "720610"],
            "name": ["crude", "gas", "oranges", "iron"],
            "value_usd": [600.0, 200.0, 150.0, 0.0],
        }
    )
    spec = treemap.composition_treemap(frame)
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega/")
    kinds = [t["type"] for t in spec["data"][0]["transform"]]
    assert kinds == ["stratify", "treemap"]
    nodes = spec["data"][0]["values"]
    leaves = {n["name"]: (n["group"], n["value"]) for n in nodes if "value" in n}
    # the iron row is zero and has no area; sectors come from the reference rules
    assert leaves == {
        "crude": ("Energy (oil & gas)", 600.0),
        "gas": ("Energy (oil & gas)", 200.0),
        "oranges": ("Fresh fruit & vegetables", 150.0),
    }
    svg = vl_convert.vega_to_svg(spec)
    assert svg.count("<path") >= 3 and "crude" in svg


def test_table_money_formats_are_one_per_column():
    column = money_column([15_400_000, 909_625, 393_152])
    assert (column.unit, column.cells) == ("M", ["15.4", "0.9", "0.4"])
    assert money_column([15_400_000, 909_625], "az").cells == ["15,4", "0,9"]


def test_charts_speak_the_chosen_language():
    ru = charts.trade_over_time(TREND, SERIES, language="ru")
    assert ru["encoding"]["x"]["title"] == "год" and "десять" in ru["title"]["subtitle"][0]
    az = charts.score_components(
        pd.DataFrame(columns=["market", "name"]), DEFAULT_WEIGHTS, language="az"
    )
    assert az["encoding"]["color"]["scale"]["domain"][0] == "tələb"
    assert charts.texts("ru", {"usd": "млн"})["usd"] == "млн"
