"""A small result held as plain Python rows, for results that need no pandas.

The contract is the one of ``tradebridge.results`` (a table plus ``meta``; JSON
``{"meta": ..., "rows": [...]}``), kept in tuples so that a command listing reference data
renders it without importing pandas. ``to_frame`` gives the DataFrame with ``attrs["meta"]``
that the Python API returns.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


def _plain(value: Any) -> Any:
    """JSON-safe: a NaN or infinite float becomes None."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


@dataclass(frozen=True)
class Rows:
    """``columns``, ``rows`` (tuples in column order) and ``meta``.

    >>> r = Rows(("iso3", "members"), [("CIS", 9)], {"source": "x"})
    >>> r.to_json()
    '{"meta": {"source": "x"}, "rows": [{"iso3": "CIS", "members": 9}]}'
    """

    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    meta: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list[Any]:
        """The values of column ``name``, in row order."""
        i = self.columns.index(name)
        return [row[i] for row in self.rows]

    def records(self) -> list[dict[str, Any]]:
        """Rows as flat JSON-safe records."""
        return [{c: _plain(v) for c, v in zip(self.columns, row, strict=True)} for row in self.rows]

    def to_json(self) -> str:
        """``{"meta": ..., "rows": [...]}`` as one JSON document."""
        return json.dumps({"meta": self.meta, "rows": self.records()}, ensure_ascii=False)

    def to_csv(self, out: IO[str]) -> None:
        """A header line, then one line per row; a missing value is an empty cell."""
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(self.rows)

    def to_frame(self, dtypes: dict[str, str] | None = None) -> pd.DataFrame:
        """The rows as a DataFrame with ``attrs["meta"]``; ``dtypes`` fixes column types
        (e.g. ``{"iso_numeric": "Int64"}`` for whole numbers with gaps)."""
        import pandas as pd

        from tradebridge.results import with_meta

        frame = pd.DataFrame.from_records(self.rows, columns=list(self.columns))
        if dtypes:
            frame = frame.astype(dtypes)
        return with_meta(frame, dict(self.meta))
