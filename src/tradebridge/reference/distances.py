"""Bilateral distances in km: a user table (CEPII GeoDist/Gravity) or great-circle between capitals.

A distance table is a CSV with ``iso3_o,iso3_d,km``; CEPII's own column names are accepted too
(``iso_o``/``iso3_o``, ``iso_d``/``iso3_d``, and ``dist``, ``distw_harmonic`` or ``distcap`` for
the km, in that order of preference). Without one, distances are great-circle distances between
capitals (haversine, Earth radius 6,371 km) from the country table's coordinates.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from tradebridge.errors import BadInput
from tradebridge.reference.countries import countries

EARTH_RADIUS_KM = 6371.0
ORIGIN = ("iso3_o", "iso_o")
DESTINATION = ("iso3_d", "iso_d")
KM = ("km", "dist", "distw_harmonic", "distcap")


def haversine_km(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Pairwise great-circle km between points given in degrees (n × n):
    ``d = 2R · asin(√(sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2)))``, R = 6,371 km."""
    lat, lon = np.radians(np.asarray(lat, float)), np.radians(np.asarray(lon, float))
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    h = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


@cache
def capital_distances() -> pd.DataFrame:
    """Great-circle km between the capitals of every pair of countries with coordinates."""
    c = countries().dropna(subset=["lat", "lon"])
    km = haversine_km(c["lat"].to_numpy(), c["lon"].to_numpy())
    codes = c["iso3"].to_numpy()
    n = len(codes)
    return pd.DataFrame(
        {"iso3_o": np.repeat(codes, n), "iso3_d": np.tile(codes, n), "km": km.ravel()}
    )


def load_distances(path: str | Path) -> pd.DataFrame:
    """A validated distance table ``iso3_o, iso3_d, km`` (see the module docstring)."""
    path = Path(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise BadInput(f"cannot read the distance table ({exc})", file=str(path)) from exc
    return distance_table(raw, str(path))


def distance_table(raw: pd.DataFrame, where: str, km: str | None = None) -> pd.DataFrame:
    """``iso3_o, iso3_d, km`` from a table of text cells with CEPII's or our column names
    (``km`` names the distance column to use, else the first of ``KM`` present); the first
    bad cell raises ``BadInput`` naming ``where``, its line (header = line 1) and column."""
    raw = raw.astype(str)
    cols = {str(c).strip().lower(): c for c in raw.columns}
    pick = [
        next((cols[n] for n in names if n in cols), None)
        for names in (ORIGIN, DESTINATION, (km,) if km else KM)
    ]
    if None in pick:
        raise BadInput(
            "a distance table needs columns iso3_o, iso3_d and "
            + (km or "km (or CEPII's iso_o, iso_d, dist)"),
            file=where,
            line=1,
        )
    table = pd.DataFrame(
        {
            "iso3_o": raw[pick[0]].str.strip().str.upper(),
            "iso3_d": raw[pick[1]].str.strip().str.upper(),
            "km": pd.to_numeric(raw[pick[2]].str.strip(), errors="coerce"),
        }
    )
    for field, bad in (
        (pick[0], ~table["iso3_o"].str.fullmatch(r"[A-Z]{3}")),
        (pick[1], ~table["iso3_d"].str.fullmatch(r"[A-Z]{3}")),
        (pick[2], ~(np.isfinite(table["km"]) & (table["km"] >= 0))),
    ):
        if bad.any():
            first = int(np.flatnonzero(bad.to_numpy())[0])
            raise BadInput(
                f"expected {'an ISO3 code' if field != pick[2] else 'a distance in km >= 0'}"
                f", got {raw[field].iloc[first]!r}",
                file=where,
                line=first + 2,
                field=str(field),
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
