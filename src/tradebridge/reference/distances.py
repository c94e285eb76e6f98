"""Great-circle distances between capitals (haversine, Earth radius 6,371 km) from the country
table's coordinates: the distances used when no distance table is given (``data.distances``).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from tradebridge.reference.countries import countries

EARTH_RADIUS_KM = 6371.0


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
