"""Growth over a window of years."""

from __future__ import annotations

import numpy as np
import pandas as pd


def cagr(latest: pd.Series | np.ndarray, base: pd.Series | np.ndarray, years: int) -> np.ndarray:
    """Compound annual growth rate ``(v_t / v_{t-n})^(1/n) - 1``.

    Undefined (NaN, never 0 or inf) when ``v_{t-n}`` is 0 or missing, or when ``n < 1``.
    """
    latest = np.asarray(latest, dtype="float64")
    base = np.asarray(base, dtype="float64")
    if years < 1:
        return np.full(latest.shape, np.nan)
    latest = np.nan_to_num(latest, nan=0.0)
    ok = np.isfinite(base) & (base > 0)
    out = np.full(latest.shape, np.nan)
    out[ok] = (latest[ok] / base[ok]) ** (1.0 / years) - 1.0
    return out
