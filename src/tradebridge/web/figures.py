"""Figures on the pages: a chart specification, the same rows as a table, and a CSV link.

Every figure has a label linking to the section of ``docs/methods.md`` that defines what it
shows (served at ``/methods``), a "table" toggle showing its rows, and a CSV download (the REST
API's URL for the same rows with ``format=csv``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pandas as pd

from tradebridge.results import records

# figure kind -> the anchor of its section in docs/methods.md (tests check each exists)
METHODS = {
    "profiles": "profiles-and-growth",
    "indicators": "trade-indicators",
    "markets": "market-prioritisation",
    "potential": "export-potential",
    "mutual": "mutually-beneficial-areas",
    "complexity": "economic-complexity",
    "diversification": "diversification-opportunities",
    "product_space": "product-space",
    "events": "event-results",
}


@dataclass(frozen=True)
class Column:
    """One table column: the row key, its header and how to show it (text, money, number,
    percent, share, link)."""

    key: str
    header: str
    kind: str = "text"
    digits: int = 2


@dataclass
class Figure:
    id: str
    label: str
    method: str  # the anchor of its section in docs/methods.md
    columns: list[Column]
    rows: list[dict[str, Any]]
    csv: str
    spec: dict[str, Any] | None = None
    note: str | None = None
    links: dict[str, str] = field(default_factory=dict)  # column key -> URL pattern with {key}

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "method": "/methods#" + self.method,
            "csv": self.csv,
            "columns": [c.key for c in self.columns],
            "rows": self.rows,
            "spec": self.spec,
            "note": self.note,
        }


def api_csv(path: str, **params: Any) -> str:
    """The API URL giving ``params``' rows as CSV (None values and empty lists left out)."""
    query: list[tuple[str, Any]] = []
    for key, value in params.items():
        if value is None or value == []:
            continue
        for item in value if isinstance(value, list | tuple) else [value]:
            query.append((key, item))
    query.append(("format", "csv"))
    return f"/api/v1{path}?{urlencode(query)}"


def rows_of(frame: pd.DataFrame, columns: list[Column], *extra: str) -> list[dict[str, Any]]:
    """JSON-safe records of the columns a figure shows, plus ``extra`` ones (link keys)."""
    keys = [c.key for c in columns if c.key in frame.columns]
    keys += [k for k in extra if k in frame.columns and k not in keys]
    return records(frame[keys])
