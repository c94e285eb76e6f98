"""Composition treemaps (sector → product), as **Vega** specifications.

Vega-Lite has no treemap, so this one chart is a Vega spec: a ``stratify`` transform builds the
two-level tree from flat rows and Vega's ``treemap`` transform lays it out (squarified). Render it
with ``vl_convert.vega_to_svg`` or ``vegaEmbed`` (which tells Vega from Vega-Lite by ``$schema``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pandas as pd

from tradebridge.i18n import language as _language
from tradebridge.number_format import money_axis_expr
from tradebridge.reference.sectors import sector_map
from tradebridge.reports.charts import CONFIG, FONT, texts

VEGA_SCHEMA = "https://vega.github.io/schema/vega/v6.json"
ROOT = "__root__"


def tree_nodes(
    frame: pd.DataFrame, group: str, leaf: str, value: str, leaf_name: str | None = None
) -> list[dict[str, Any]]:
    """Flat ``id``/``parent`` nodes: one root, one node per ``group`` value, one leaf per row
    with a positive ``value`` (its ``name`` from ``leaf_name``, else ``leaf``).

    >>> rows = pd.DataFrame({"sector": ["energy"], "product": ["270900"], "value_usd": [5.0]})
    >>> [(n["id"], n["parent"], n.get("value")) for n in tree_nodes(rows, "sector", "product",
    ...                                                            "value_usd")]
    [('__root__', None, None), ('g:energy', '__root__', None), ('l:270900', 'g:energy', 5.0)]
    """
    rows = frame[frame[value].astype(float) > 0]
    nodes: list[dict[str, Any]] = [{"id": ROOT, "parent": None, "name": ""}]
    for name in dict.fromkeys(rows[group].astype(str)):
        nodes.append({"id": f"g:{name}", "parent": ROOT, "name": name, "group": name})
    label = rows[leaf_name] if leaf_name else rows[leaf]
    for key, name, parent, amount in zip(
        rows[leaf].astype(str), label.astype(str), rows[group].astype(str), rows[value], strict=True
    ):
        nodes.append(
            {
                "id": f"l:{key}",
                "parent": f"g:{parent}",
                "name": name,
                "group": parent,
                "value": float(amount),
            }
        )
    return nodes


def composition_treemap(
    frame: pd.DataFrame,
    *,
    group: str = "sector",
    leaf: str = "product",
    value: str = "value_usd",
    leaf_name: str | None = "name",
    title: str | None = None,
    language: str = "en",
    labels: Mapping[str, str] | None = None,
    width: int = 640,
    height: int = 360,
) -> dict[str, Any]:
    """A Vega treemap of ``frame[value]`` (US$): one rectangle per row, grouped and coloured
    by ``frame[group]`` (e.g. a profile by product with each product's sector), an area
    proportional to the value; cells large enough carry their name and figure. A frame with
    no ``sector`` column (a profile by product) gets each HS6 code's sector from the reference
    rules, named in ``language``. Text keys: ``usd``.
    """
    text = texts(language, labels)
    if group == "sector" and group not in frame.columns:
        codes = sector_map(frame[leaf].astype(str)).set_index("product")["sector"]
        frame = frame.assign(
            sector=frame[leaf].astype(str).map(codes).map(_language(language).sector)
        )
    name_column = leaf_name if leaf_name in frame.columns else None
    nodes = tree_nodes(frame, group, leaf, value, name_column)
    figure = money_axis_expr(language, "datum.value")
    return {
        "$schema": VEGA_SCHEMA,
        "title": {"text": title or "", "anchor": "start", "fontSize": 13, "font": FONT},
        "width": width,
        "height": height,
        "padding": 4,
        "autosize": {"type": "pad"},
        "config": {"font": FONT, "legend": CONFIG["legend"]},
        "data": _tree_data(nodes),
        "scales": [
            {
                "name": "colour",
                "type": "ordinal",
                "domain": {"data": "leaves", "field": "group", "sort": True},
                "range": {"scheme": "tableau20"},  # 20 colours: one per sector
            }
        ],
        "legends": [
            {"fill": "colour", "orient": "bottom", "direction": "horizontal", "columns": 4}
        ],
        "marks": _cells(figure, text["usd"]),
    }


def _tree_data(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The tree laid out by Vega (stratify, then squarified treemap), and its leaves."""
    return [
        {
            "name": "tree",
            "values": nodes,
            "transform": [
                {"type": "stratify", "key": "id", "parentKey": "parent"},
                {
                    "type": "treemap",
                    "field": "value",
                    "sort": {"field": "value", "order": "descending"},
                    "round": True,
                    "method": "squarify",
                    "paddingInner": 1,
                    "paddingTop": 0,
                    "size": [{"signal": "width"}, {"signal": "height"}],
                },
            ],
        },
        {
            "name": "leaves",
            "source": "tree",
            "transform": [{"type": "filter", "expr": "!datum.children"}],
        },
    ]


def _cells(figure: str, usd: str) -> list[dict[str, Any]]:
    """One rectangle per leaf, and its name and figure when the cell is large enough."""
    return [
        {
            "type": "rect",
            "from": {"data": "leaves"},
            "encode": {
                "enter": {
                    "fill": {"scale": "colour", "field": "group"},
                    "stroke": {"value": "white"},
                    "tooltip": {"signal": f"{{'': datum.name, {json.dumps(usd)}: {figure}}}"},
                },
                "update": {
                    "x": {"field": "x0"},
                    "y": {"field": "y0"},
                    "x2": {"field": "x1"},
                    "y2": {"field": "y1"},
                },
            },
        },
        {
            "type": "text",
            "from": {"data": "leaves"},
            "interactive": False,
            "encode": {
                "enter": {
                    "font": {"value": FONT},
                    "fontSize": {"value": 10},
                    "fill": {"value": "white"},
                    "baseline": {"value": "top"},
                    "lineHeight": {"value": 12},
                },
                "update": {
                    "x": {"signal": "datum.x0 + 4"},
                    "y": {"signal": "datum.y0 + 4"},
                    "limit": {"signal": "max(0, datum.x1 - datum.x0 - 8)"},
                    "text": {
                        "signal": (
                            "datum.y1 - datum.y0 < 28 || datum.x1 - datum.x0 < 40 ? '' : "
                            f"[datum.name, {figure}]"
                        )
                    },
                },
            },
        },
    ]
