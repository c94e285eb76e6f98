"""A warehouse over a table in memory, so that every analytic takes one kind of first argument.

``FrameWarehouse(frame)`` holds canonical flows (``year, exporter, importer, product, value``);
``FrameWarehouse.of_exports(frame)`` holds a location's exports only (``year, location, product,
value``, as the complexity literature tabulates them). Either answers the same questions as a
warehouse folder: years, source, provenance, memo and ``flows(engine)``. Nothing is written.

>>> import pandas as pd
>>> wh = FrameWarehouse.of_exports(
...     pd.DataFrame({"year": [2021, 2021], "location": ["A", "B"], "product": ["01", "02"],
...                   "value": [5.0, 7.0]}),
...     source="hand-made",
... )
>>> wh.years(), wh.source(), wh.synthetic()
([2021], 'hand-made', False)
>>> wh.flows().aggregate(total=lambda t: t.value.sum()).to_pandas()["total"].item()
12.0
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tradebridge.data.manifest import Partition
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput

FLOW_COLUMNS = ("year", "exporter", "importer", "product", "value")


class FrameWarehouse(Warehouse):
    """Canonical flows held in memory; read-only (``commit`` is refused)."""

    def __init__(self, frame: pd.DataFrame, *, source: str | None = None) -> None:
        super().__init__(Path(f"<memory {uuid.uuid4().hex[:8]}>"))
        self.frame = _checked(frame, FLOW_COLUMNS)
        meta_source = frame.attrs.get("meta", {}).get("source")
        self.label = source or (str(meta_source) if meta_source else "user-supplied table")
        self._parts = _partitions(self.frame, self.label)

    @classmethod
    def of_exports(cls, frame: pd.DataFrame, *, source: str | None = None) -> FrameWarehouse:
        """A warehouse of ``year, location, product, value`` rows (exports of each location;
        the importer is unknown, ``X``)."""
        rows = _checked(frame, ("year", "location", "product", "value"))
        flows = rows.rename(columns={"location": "exporter"}).assign(importer="X")
        flows.attrs = dict(frame.attrs)
        return cls(flows[list(FLOW_COLUMNS)], source=source)

    def __repr__(self) -> str:
        return f"FrameWarehouse({len(self.frame)} rows, source={self.label!r})"

    def partitions(self) -> dict[int, Partition]:
        return dict(self._parts)

    def flows(self, engine: str | None = None) -> Any:
        """The held flows as an Ibis table registered on ``engine``'s connection."""
        con = self.connection(engine)
        name = f"frame_{self._parts_key()}"
        if name not in con.list_tables():
            con.create_table(name, self.frame, temp=True)
        return con.table(name)

    def _parts_key(self) -> str:
        return str(abs(hash(tuple(p.checksum for _, p in sorted(self._parts.items())))))

    def commit(self, *args: Any, **kwargs: Any) -> list[Partition]:
        raise BadInput("a table in memory is read-only; ingest into a warehouse folder")


def _checked(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """``frame``'s ``columns`` with numeric, non-negative values and integer years; a bad cell
    is named by its row (1 = first row) and column."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise BadInput(f"missing column(s) {', '.join(missing)}", field=missing[0])
    value = pd.to_numeric(frame["value"], errors="coerce")
    bad = value.isna() | (value < 0) | ~np.isfinite(value.fillna(0))
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        raise BadInput(
            f"not a non-negative number ({frame['value'].iloc[pos]!r})", line=pos + 1, field="value"
        )
    year = pd.to_numeric(frame["year"], errors="coerce")
    if year.isna().any():
        pos = int(np.flatnonzero(year.isna().to_numpy())[0])
        raise BadInput(f"not a year ({frame['year'].iloc[pos]!r})", line=pos + 1, field="year")
    out = {c: frame[c].astype(str).to_numpy() for c in columns if c not in ("year", "value")}
    return pd.DataFrame(
        {"year": year.astype("int16").to_numpy(), **out, "value": value.astype(float).to_numpy()}
    )[list(columns)]


def _partitions(flows: pd.DataFrame, source: str) -> dict[int, Partition]:
    parts = {}
    for year, part in flows.groupby("year", sort=True):
        digest = pd.util.hash_pandas_object(part, index=False).to_numpy()
        parts[int(year)] = Partition(
            year=int(year),
            source=source,
            hs_revision=None,
            release=None,
            rows=len(part),
            value_usd=float(part["value"].sum()),
            checksum=f"frame:{int(digest.sum(dtype=np.uint64))}:{len(part)}",
            ingested_at="",
            file="",
        )
    return parts
