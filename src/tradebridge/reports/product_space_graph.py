"""The product space as a **Vega** force-directed graph (Vega-Lite has no network layout).

Dots are products (area by world trade, colour by sector), lines the edges ``product_space``
keeps (the maximum spanning tree of proximity and the strong links). Products where the country
is already present (RCA >= 1) are outlined, so the reader sees where it stands and what lies
next to it. Vega's ``force`` transform lays the graph out in the browser; dots can be dragged.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

import pandas as pd

from tradebridge.i18n import language as _language
from tradebridge.reports.charts import CONFIG
from tradebridge.reports.treemap import VEGA_SCHEMA


def product_space_graph(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    *,
    present: Iterable[str] = (),
    language: str = "en",
    width: int = 720,
    height: int = 520,
) -> dict[str, Any]:
    """The product space as a Vega force-directed graph: one dot per product (area by world
    trade, colour by sector, dark outline where the country is ``present``, i.e. RCA >= 1),
    one line per edge of ``product_space`` (its maximum spanning tree and strong links).
    ``nodes`` and ``edges`` are ``ProductSpace.nodes`` and ``.edges``.

    >>> nodes = pd.DataFrame({"product": ["080510", "270900"], "name": ["a", "b"],
    ...                       "sector": ["energy", "energy"], "pci": [0.1, None],
    ...                       "world_trade": [5.0, 7.0]})
    >>> edges = pd.DataFrame({"source": ["080510"], "target": ["270900"], "kind": ["tree"]})
    >>> spec = product_space_graph(nodes, edges, present=["270900"])
    >>> [d["present"] for d in spec["data"][0]["values"]], spec["data"][1]["values"]
    ([False, True], [{'source': 0, 'target': 1, 'strong': False}])
    """
    node_values, link_values = _graph_data(nodes, edges, set(present), _language(language))
    return {
        "$schema": VEGA_SCHEMA,
        "config": CONFIG,
        "width": width,
        "height": height,
        "autosize": "none",
        "signals": [
            {"name": "cx", "update": "width / 2"},
            {"name": "cy", "update": "height / 2"},
        ],
        "data": [
            {"name": "node-data", "values": node_values},
            {"name": "link-data", "values": link_values},
        ],
        "scales": [
            {
                "name": "colour",
                "type": "ordinal",
                "domain": {"data": "node-data", "field": "sector"},
                "range": {"scheme": "tableau20"},
            },
            {
                "name": "size",
                "type": "sqrt",
                "domain": {"data": "node-data", "field": "trade"},
                "range": [8, 160],
            },
        ],
        "legends": [{"fill": "colour", "orient": "right", "title": None, "labelLimit": 200}],
        "marks": copy.deepcopy(_MARKS),
    }


def _graph_data(
    nodes: pd.DataFrame, edges: pd.DataFrame, chosen: set[str], lang: Any
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The dots (index, code, name, sector in the language, PCI, world trade, present) and the
    lines (source and target as dot indexes, strong or tree) of the graph."""
    index = {code: i for i, code in enumerate(nodes["product"])}
    node_values = [
        {
            "index": i,
            "product": row.product,
            "name": str(row.name)[:80],
            "sector": lang.sector(row.sector),
            "pci": None if pd.isna(row.pci) else round(float(row.pci), 3),
            "trade": float(row.world_trade or 0.0),
            "present": row.product in chosen,
        }
        for i, row in enumerate(nodes.itertuples(index=False))
    ]
    link_values = [
        {"source": index[s], "target": index[t], "strong": kind == "strong"}
        for s, t, kind in zip(edges["source"], edges["target"], edges["kind"], strict=True)
        if s in index and t in index
    ]
    return node_values, link_values


# the dots laid out by Vega's force transform, then the lines drawn between their positions
_MARKS: list[dict[str, Any]] = (
    [
        {
            "name": "nodes",
            "type": "symbol",
            "zindex": 1,
            "from": {"data": "node-data"},
            "encode": {
                "enter": {
                    "fill": {"scale": "colour", "field": "sector"},
                    "size": {"scale": "size", "field": "trade"},
                    "stroke": {"signal": "datum.present ? '#1a202c' : '#ffffff'"},
                    "strokeWidth": {"signal": "datum.present ? 2 : 0.5"},
                    "tooltip": {
                        "signal": "{'HS': datum.product, 'name': datum.name, "
                        "'sector': datum.sector, 'PCI': datum.pci}"
                    },
                }
            },
            "transform": [
                {
                    "type": "force",
                    "iterations": 200,
                    "static": True,
                    "signal": "force",
                    "forces": [
                        {"force": "center", "x": {"signal": "cx"}, "y": {"signal": "cy"}},
                        {"force": "collide", "radius": 4},
                        {"force": "nbody", "strength": -12},
                        {"force": "link", "links": "link-data", "distance": 12},
                    ],
                }
            ],
        },
        {
            "type": "path",
            "from": {"data": "link-data"},
            "interactive": False,
            "encode": {
                "update": {
                    "stroke": {"value": "#a0aec0"},
                    "strokeWidth": {"signal": "datum.strong ? 1 : 0.5"},
                    "strokeOpacity": {"value": 0.6},
                }
            },
            "transform": [
                {
                    "type": "linkpath",
                    "require": {"signal": "force"},
                    "shape": "line",
                    "sourceX": "datum.source.x",
                    "sourceY": "datum.source.y",
                    "targetX": "datum.target.x",
                    "targetY": "datum.target.y",
                }
            ],
        },
    ],
)
