"""The output contract shared by every analytic result: a table of rows plus ``meta``.

Analytic functions return a pandas DataFrame whose ``attrs["meta"]`` holds the data
source(s), the year(s) and every parameter used. The interfaces render it as
``{"meta": {...}, "rows": [...]}`` (JSON), as CSV rows, or as a table.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd


def with_meta(rows: pd.DataFrame, meta: dict[str, Any]) -> pd.DataFrame:
    """Attach ``meta`` to ``rows`` (in place) and return ``rows``."""
    rows.attrs["meta"] = meta
    return rows


def meta_of(rows: pd.DataFrame) -> dict[str, Any]:
    return dict(rows.attrs.get("meta", {}))


def json_safe(value: Any) -> Any:
    """A JSON-safe Python value: NaN/NA/inf become null, NumPy scalars become Python ones."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [json_safe(v) for v in value]
    if isinstance(value, np.ndarray):
        return [json_safe(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


def records(rows: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as flat JSON-safe records."""
    cols = list(rows.columns)
    return [
        {c: json_safe(v) for c, v in zip(cols, row, strict=True)}
        for row in rows.itertuples(index=False, name=None)
    ]


def document(rows: pd.DataFrame) -> dict[str, Any]:
    """``{"meta": ..., "rows": [...]}``, JSON-safe."""
    return {"meta": json_safe(meta_of(rows)), "rows": records(rows)}


def to_json(rows: pd.DataFrame) -> str:
    """``{"meta": ..., "rows": [...]}`` as one JSON document."""
    return json.dumps(document(rows), ensure_ascii=False)


@dataclass
class ProductSpace:
    """Nodes ``(product, name, sector, pci, world_trade, degree)`` and edges
    ``(source, target, proximity, kind)`` with kind ``"tree"`` or ``"strong"``."""

    nodes: pd.DataFrame
    edges: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """``{"meta": ..., "nodes": [...], "edges": [...]}``, JSON-safe."""
        return {"meta": self.meta, "nodes": records(self.nodes), "edges": records(self.edges)}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)
