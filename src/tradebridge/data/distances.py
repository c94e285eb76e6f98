"""A user-supplied distance table (CEPII GeoDist/Gravity or any ``iso3_o,iso3_d,km`` CSV).

CEPII's own column names are accepted too: ``iso_o``/``iso3_o``, ``iso_d``/``iso3_d``, and
``dist``, ``distw_harmonic`` or ``distcap`` for the km, in that order of preference. The table
is read by the shared input-table reader, so a bad cell is named by file, line and column.
Without a table, distances are great-circle distances between capitals
(``reference.distances.capital_distances``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tradebridge.data.input_tables import iso3_column, number_column, read_table
from tradebridge.errors import BadInput
from tradebridge.reference.distances import capital_distances

ORIGIN = ("iso3_o", "iso_o")
DESTINATION = ("iso3_d", "iso_d")
KM = ("km", "dist", "distw_harmonic", "distcap")


def load_distances(path: str | Path) -> pd.DataFrame:
    """A validated distance table ``iso3_o, iso3_d, km`` (km a finite number >= 0; the first
    row of a repeated pair wins)."""
    raw = read_table(path, [], "distance table")
    pick = [
        next((n for n in names if n in raw.columns), None) for names in (ORIGIN, DESTINATION, KM)
    ]
    if None in pick:
        raise BadInput(
            "a distance table needs columns iso3_o, iso3_d and km (or CEPII's iso_o, iso_d, dist)",
            file=str(path),
            line=1,
        )
    table = pd.DataFrame(
        {
            "iso3_o": iso3_column(raw, pick[0], path),
            "iso3_d": iso3_column(raw, pick[1], path),
            "km": number_column(raw, pick[2], path, low=0),
        }
    )
    return table.drop_duplicates(["iso3_o", "iso3_d"], keep="first").reset_index(drop=True)


def distances_from(origin: str, path: str | Path | None = None) -> tuple[pd.Series, str]:
    """km from ``origin`` to every destination, and a label saying where they came from."""
    if path is None:
        table, label = capital_distances(), "great-circle distance between capitals"
    else:
        table, label = load_distances(path), f"distance table {Path(path).name}"
    out = table[table["iso3_o"] == origin].set_index("iso3_d")["km"]
    return out, label
