"""The product space as a **Vega** network graph (Vega-Lite has no network marks).

Dots are products (area by world trade, colour by sector), lines the edges ``product_space``
keeps (the maximum spanning tree of proximity and the strong links). Products where the country
is already present (RCA >= 1) are outlined, so the reader sees where it stands and what lies
next to it. Positions come from ``analytics.product_space_layout`` (computed once on the server,
so the browser only draws); the view can be zoomed with the wheel and moved by dragging.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pandas as pd

from tradebridge.i18n import language as _language
from tradebridge.reports.charts import CONFIG, texts
from tradebridge.reports.treemap import VEGA_SCHEMA


def product_space_graph(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    positions: pd.DataFrame,
    *,
    present: Iterable[str] = (),
    language: str = "en",
    width: int = 720,
    height: int = 520,
) -> dict[str, Any]:
    """The product space as a Vega graph: one dot per product at its ``positions`` (``x``,
    ``y`` in the unit square, from ``product_space_layout``), area by world trade, colour by
    sector, a dark outline where the country is ``present`` (RCA >= 1); one line per edge of
    ``product_space`` (its maximum spanning tree and strong links). ``nodes`` and ``edges`` are
    ``ProductSpace.nodes`` and ``.edges``. The largest dot is sized to the spacing an even
    grid of the products would have, so that dots seldom cover each other.
    Text keys: ``hs``, ``product``, ``sector``, ``pci``.

    >>> nodes = pd.DataFrame({"product": ["080510", "270900"], "name": ["a", "b"],
    ...                       "sector": ["energy", "energy"], "pci": [0.1, None],
    ...                       "world_trade": [5.0, 7.0]})
    >>> edges = pd.DataFrame({"source": ["080510"], "target": ["270900"], "kind": ["tree"]})
    >>> at = pd.DataFrame({"product": ["270900", "080510"], "x": [0.9, 0.1], "y": [0.5, 0.5]})
    >>> spec = product_space_graph(nodes, edges, at, present=["270900"])
    >>> [(d["x"], d["present"]) for d in spec["data"][0]["values"]], spec["data"][1]["values"]
    ([(0.1, False), (0.9, True)], [{'x': 0.1, 'y': 0.5, 'x2': 0.9, 'y2': 0.5, 'strong': False}])
    """
    node_values, link_values = _graph_data(nodes, edges, positions, set(present), language)
    largest = max(12.0, min(160.0, width * height / max(len(node_values), 1)))
    return {
        "$schema": VEGA_SCHEMA,
        "config": CONFIG,
        "width": width,
        "height": height,
        "padding": 4,
        "autosize": "pad",
        "data": [
            {"name": "node-data", "values": node_values},
            {"name": "link-data", "values": link_values},
        ],
        "scales": [
            {"name": "x", "type": "linear", "domain": {"signal": "xdom"}, "range": "width"},
            {"name": "y", "type": "linear", "domain": {"signal": "ydom"}, "range": [0, height]},
            {
                "name": "colour",
                "type": "ordinal",
                "domain": {"data": "node-data", "field": "sector", "sort": True},
                "range": {"scheme": "tableau20"},
            },
            {
                "name": "size",
                "type": "sqrt",
                "domain": {"data": "node-data", "field": "trade"},
                "range": [4, largest],
            },
        ],
        "signals": _zoom_and_pan(),
        "legends": [{"fill": "colour", "orient": "right", "title": None, "labelLimit": 200}],
        "marks": _marks(_tooltip(language)),
    }


def _graph_data(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    positions: pd.DataFrame,
    chosen: set[str],
    language: str,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The dots (code, name, sector in the language, PCI, world trade, present, position) and
    the lines (both ends' positions, strong or tree) of the graph."""
    lang = _language(language)
    where = positions.set_index("product")[["x", "y"]].astype(float)
    at = where.reindex(nodes["product"]).to_numpy()
    index = {code: i for i, code in enumerate(nodes["product"])}
    node_values = [
        {
            "product": row.product,
            "name": str(row.name)[:80],
            "sector": lang.sector(row.sector),
            "pci": None if pd.isna(row.pci) else round(float(row.pci), 3),
            "pci_text": "" if pd.isna(row.pci) else lang.number(float(row.pci), 2),
            "trade": float(row.world_trade or 0.0),
            "present": row.product in chosen,
            "x": round(float(at[i, 0]), 4),
            "y": round(float(at[i, 1]), 4),
        }
        for i, row in enumerate(nodes.itertuples(index=False))
    ]
    link_values = [
        {
            "x": node_values[index[s]]["x"],
            "y": node_values[index[s]]["y"],
            "x2": node_values[index[t]]["x"],
            "y2": node_values[index[t]]["y"],
            "strong": kind == "strong",
        }
        for s, t, kind in zip(edges["source"], edges["target"], edges["kind"], strict=True)
        if s in index and t in index
    ]
    return node_values, link_values


def _tooltip(language: str) -> str:
    """The dots' tooltip as a Vega expression, its keys in the language (PCI formatted by the
    server in the language, since Vega formats numbers in English)."""
    text = texts(language)
    tooltip = ", ".join(
        f"{json.dumps(text[key], ensure_ascii=False)}: datum.{field}"
        for key, field in (("hs", "product"), ("product", "name"), ("sector", "sector"))
    )
    tooltip += f", {json.dumps(text['pci'], ensure_ascii=False)}: datum.pci_text"
    return "{" + tooltip + "}"


def _zoom_and_pan() -> list[dict[str, Any]]:
    """Signals that zoom the view with the wheel around the pointer, move it by dragging (mouse
    or one finger) and reset it with a double click: the scales' domains ``xdom`` and ``ydom``
    start as the unit square; a drag shifts them by the pointer's travel in domain units
    (``span · pixels / size``); a wheel step scales them by ``1.001^deltaY`` about the point
    under the pointer."""
    drag = [
        {
            "source": "window",
            "type": "mousemove",
            "consume": True,
            "between": [{"type": "mousedown"}, {"source": "window", "type": "mouseup"}],
        },
        {"type": "touchmove", "consume": True, "filter": "event.touches.length === 1"},
    ]
    signals: list[dict[str, Any]] = [
        {
            "name": "down",
            "value": None,
            "on": [
                {"events": "touchend", "update": "null"},
                {"events": "mousedown, touchstart", "update": "xy()"},
            ],
        },
        {
            "name": "delta",
            "value": [0, 0],
            "on": [{"events": drag, "update": "down ? [down[0] - x(), down[1] - y()] : [0, 0]"}],
        },
        {
            "name": "anchor",
            "value": [0, 0],
            "on": [{"events": "wheel", "update": "[invert('x', x()), invert('y', y())]"}],
        },
        {
            "name": "zoom",
            "value": 1,
            "on": [
                {
                    "events": "wheel!",
                    "force": True,
                    "update": "pow(1.001, event.deltaY * pow(16, event.deltaMode))",
                }
            ],
        },
    ]
    for axis, size, i in (("x", "width", 0), ("y", "height", 1)):
        dom, cur = f"{axis}dom", f"{axis}cur"
        signals.append(
            {
                "name": cur,
                "value": None,
                "on": [{"events": "mousedown, touchstart, touchend", "update": f"slice({dom})"}],
            }
        )
        signals.append(
            {
                "name": dom,
                "value": [0, 1],
                "on": [
                    {
                        "events": {"signal": "delta"},
                        "update": f"[{cur}[0] + span({cur}) * delta[{i}] / {size}, "
                        f"{cur}[1] + span({cur}) * delta[{i}] / {size}]",
                    },
                    {
                        "events": {"signal": "zoom"},
                        "update": f"[anchor[{i}] + ({dom}[0] - anchor[{i}]) * zoom, "
                        f"anchor[{i}] + ({dom}[1] - anchor[{i}]) * zoom]",
                    },
                    {"events": "dblclick", "update": "[0, 1]"},
                ],
            }
        )
    return signals


def _marks(tooltip: str) -> list[dict[str, Any]]:
    """The lines under the dots: both placed by the server's layout and moved by the zoom."""
    return [
        {
            "type": "rule",
            "from": {"data": "link-data"},
            "interactive": False,
            "clip": True,
            "encode": {
                "update": {
                    "x": {"scale": "x", "field": "x"},
                    "y": {"scale": "y", "field": "y"},
                    "x2": {"scale": "x", "field": "x2"},
                    "y2": {"scale": "y", "field": "y2"},
                },
                "enter": {
                    "stroke": {"value": "#a0aec0"},
                    "strokeWidth": {"signal": "datum.strong ? 1 : 0.6"},
                    "strokeOpacity": {"value": 0.6},
                },
            },
        },
        {
            "type": "symbol",
            "from": {"data": "node-data"},
            "clip": True,
            "encode": {
                "update": {
                    "x": {"scale": "x", "field": "x"},
                    "y": {"scale": "y", "field": "y"},
                },
                "enter": {
                    "fill": {"scale": "colour", "field": "sector"},
                    "size": {"scale": "size", "field": "trade"},
                    "stroke": {"signal": "datum.present ? '#1a202c' : '#ffffff'"},
                    "strokeWidth": {"signal": "datum.present ? 1.5 : 0.4"},
                    "tooltip": {"signal": tooltip},
                },
            },
        },
    ]
