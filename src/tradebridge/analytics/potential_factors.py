"""The formulas of export potential on dense NumPy arrays (docs/methods.md#export-potential):
supply ``S_ik``, demand ``D_ijk``, ease ``B_ij``, the re-export, tariff and distance corrections,
and untapped potential. Pure functions; ``analytics/potential.py`` states the whole method."""

from __future__ import annotations

import numpy as np

from tradebridge.errors import BadInput

MIN_KM = 1.0  # distances below 1 km (a country to itself) count as 1 km in logs


def reexport_correction(x_k: np.ndarray, m_ik: np.ndarray) -> np.ndarray:
    """``min(1, x_i·k / m_ik)``; 1 where i imports none of k."""
    x_k, m_ik = np.asarray(x_k, float), np.asarray(m_ik, float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.where(m_ik > 0, np.minimum(1.0, x_k / np.where(m_ik > 0, m_ik, 1.0)), 1.0)


def tariff_correction(tbar_ik: np.ndarray, tbar_k: np.ndarray) -> np.ndarray:
    """``c_ik = (1 + t̄_ik) / (1 + t̄_k)``."""
    return (1 + np.asarray(tbar_ik, float)) / (1 + np.asarray(tbar_k, float))


def supply(
    x_k: np.ndarray,
    world_k: np.ndarray,
    *,
    g_i: float = 1.0,
    m_ik: np.ndarray | None = None,
    tariff_corr: np.ndarray | None = None,
) -> np.ndarray:
    """``S_ik = (x_i·k g_i / Σ_l x_l·k g_l) · min(1, x_i·k / m_ik) · c_ik``.

    ``world_k`` is ``Σ_l x_l·k g_l`` (world exports of k, each exporter's weighted by its growth
    ratio); products with no world supply get 0.
    """
    x_k, world_k = np.asarray(x_k, float), np.asarray(world_k, float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        s = np.where(world_k > 0, x_k * g_i / np.where(world_k > 0, world_k, 1.0), 0.0)
    if m_ik is not None:
        s = s * reexport_correction(x_k, m_ik)
    if tariff_corr is not None:
        s = s * tariff_corr
    return s


def distance_factor(d_j: np.ndarray, mean_log_jk: np.ndarray) -> np.ndarray:
    """``f_ijk = exp(−max(0, ln d_ij − mean_w ln d_·jk))``; 1 where either is unknown (NaN)."""
    log_d = np.log(np.maximum(np.asarray(d_j, float), MIN_KM))[:, None]
    gap = np.maximum(0.0, log_d - np.asarray(mean_log_jk, float))
    return np.where(np.isfinite(gap), np.exp(-np.nan_to_num(gap)), 1.0)


def demand(
    m_jk: np.ndarray,
    *,
    gdp_j: np.ndarray | None = None,
    pop_j: np.ndarray | None = None,
    elasticity_k: np.ndarray | None = None,
    tariff_ratio_jk: np.ndarray | None = None,
    distance_jk: np.ndarray | None = None,
) -> np.ndarray:
    """``D_ijk = m_jk · (g_j / p_j)^ε_k · p_j · (1 + t̄_jk)/(1 + t_ijk) · f_ijk`` (J × K)."""
    d = np.asarray(m_jk, float).copy()
    if gdp_j is not None or pop_j is not None:
        rows = d.shape[0]
        g = np.ones(rows) if gdp_j is None else np.asarray(gdp_j, float)
        p = np.ones(rows) if pop_j is None else np.asarray(pop_j, float)
        eps = np.ones(d.shape[1]) if elasticity_k is None else np.asarray(elasticity_k, float)
        d *= (g / p)[:, None] ** eps[None, :] * p[:, None]
    if tariff_ratio_jk is not None:
        d *= tariff_ratio_jk
    if distance_jk is not None:
        d *= distance_jk
    return d


def ease(x_j: np.ndarray, supply_k: np.ndarray, demand_jk: np.ndarray) -> np.ndarray:
    """``B_ij = x_ij· / Σ_k S_ik D_ijk``; 0 when ``x_ij· = 0`` (or nothing is predicted)."""
    predicted = demand_jk @ np.asarray(supply_k, float)
    x_j = np.asarray(x_j, float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        safe = np.where(predicted > 0, predicted, 1.0)
        return np.where((x_j > 0) & (predicted > 0), x_j / safe, 0.0)


def floor_ease(b_j: np.ndarray, min_ease: float | str | None) -> tuple[np.ndarray, float | None]:
    """Pairs with ease 0 (no exports) get the floor instead; ``"median"`` is the median of the
    positive eases. Pairs that trade keep their own ease, so their potentials still sum to
    ``x_ij·``."""
    if min_ease is None:
        return b_j, None
    if isinstance(min_ease, str):
        if min_ease.strip().lower() != "median":
            try:
                min_ease = float(min_ease)
            except ValueError:
                raise BadInput(
                    f"min-ease must be a number >= 0 or 'median', got {min_ease!r}",
                    field="min_ease",
                ) from None
        else:
            positive = b_j[b_j > 0]
            min_ease = float(np.median(positive)) if positive.size else 0.0
    floor = float(min_ease)
    if not np.isfinite(floor) or floor < 0:
        raise BadInput(f"min-ease must be a number >= 0, got {min_ease}", field="min_ease")
    return np.where(b_j > 0, b_j, floor), floor


def untapped(potential_v: np.ndarray, actual: np.ndarray) -> np.ndarray:
    """``U = max(PV − x, 0)``."""
    return np.maximum(np.asarray(potential_v, float) - np.asarray(actual, float), 0.0)


def ratio(num: np.ndarray, den: np.ndarray, fill: float = 0.0) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), fill)
