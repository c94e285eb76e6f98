"""Economic complexity measures on one year's location x product matrix (pure NumPy/SciPy),
following the Growth Lab's ``ecomplexity`` conventions (docs/methods.md#economic-complexity).

Per year, on the location x product matrix of export values ``x_cp``
(docs/methods.md#economic-complexity):

- ``RCA_cp = (x_cp / x_c.) / (x_.p / x_..)``; ``RPOP_cp = (x_cp / pop_c) / (x_.p / pop_.)``;
  presence ``M_cp = 1`` when the chosen test (RCA, RPOP, or either: "both") reaches the threshold.
- ``diversity_c = sum_p M_cp``, ``ubiquity_p = sum_c M_cp``.
- ``k_p`` is the eigenvector of the second-largest eigenvalue of
  ``W = (M / ubiquity)^T (M / diversity)`` and ``k_c = sum_p (M_cp / diversity_c) k_p``.
  ``W`` is similar to the symmetric ``A^T A`` with ``A = D_div^-1/2 M D_ubi^-1/2``, whose
  eigenvectors follow from those of the smaller ``A A^T`` (C x C): a symmetric eigenproblem of
  size min(C, P), exact, instead of a dense non-symmetric P x P one. Sign: both are flipped so
  that ``k_c`` correlates positively with diversity.
- ``ECI = (k_c - mean k_c) / sd``, ``PCI = (k_p - mean k_c) / sd``, ``COG = cog / sd``.
  ``normalization="stata"``: sd is the sample deviation (N-1) over the long location x product
  table, i.e. ``sqrt(P * sum_c (k_c - mean)^2 / (C P - 1))``; COI is standardised the same way.
  ``normalization="package"``: the population deviation over locations (``numpy.std``), and the
  proximity diagonal left at ``phi_pp = 1`` as the Python package leaves it (Stata sets it to 0).
- Proximity: ``C = M^T M``; symmetric ``phi_pq = C_pq / max(u_p, u_q)``; asymmetric
  ``phi_pq = C_pq / u_p``; continuous ``phi_pq = (1 + corr(RCA_.p, RCA_.q)) / 2``.
- Density ``d_cp = sum_q M_cq phi_pq / sum_q phi_pq`` (RCA instead of M for continuous proximity);
  with ``knn=K`` only the K products q with the largest ``phi_pq`` (ties: lower column first)
  enter both sums.
- ``COI_c = sum_p d_cp (1 - M_cp) k_p`` (standardised), ``COG_cp = (1 - M_cp) sum_q (1 - M_cq)
  (phi_qp / sum_r phi_qr) k_q`` (divided by sd).

Locations (products) with zero diversity (ubiquity) are left out of the eigenproblem and get
null ECI and COI (PCI and density); their means and deviations are taken over the others, and
products without a PCI add nothing to COI and COG. (The Python package instead returns null ECI
and PCI for every location of such a year.)
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy.linalg import eigh

from tradebridge.errors import BadInput
from tradebridge.options import Normalization, Presence, ProximityKind

_BLOCK = 256  # rows of a P x P array handled at once by in-place steps


@dataclass(frozen=True)
class YearComplexity:
    """All complexity arrays of one year: locations x products unless stated."""

    rca: np.ndarray
    rpop: np.ndarray | None
    mcp: np.ndarray
    diversity: np.ndarray  # per location
    ubiquity: np.ndarray  # per product
    eci: np.ndarray  # per location
    pci: np.ndarray  # per product
    proximity: np.ndarray  # products x products
    density: np.ndarray
    coi: np.ndarray  # per location
    cog: np.ndarray


def balassa_rca(x: np.ndarray) -> np.ndarray:
    """``RCA_cp = (x_cp / x_c.) / (x_.p / x_..)``; rows and columns must have positive totals."""
    loc_total = x.sum(axis=1, keepdims=True)
    prod_share = x.sum(axis=0, keepdims=True) / x.sum()
    return (x / loc_total) / prod_share


def population_rca(x: np.ndarray, population: np.ndarray) -> np.ndarray:
    """``RPOP_cp = (x_cp / pop_c) / (x_.p / pop_.)``, pop_. summed over locations with a population.

    Locations without a population (NaN) get NaN, i.e. no presence by RPOP.
    """
    world_pop = np.nansum(population)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (x / population[:, None]) / (x.sum(axis=0, keepdims=True) / world_pop)


def presence_matrix(
    rca: np.ndarray, rpop: np.ndarray | None, presence: Presence, threshold: float
) -> np.ndarray:
    """``M_cp = 1`` when the test reaches ``threshold`` ("both": either RCA or RPOP does)."""
    if presence == "rca":
        hit = rca >= threshold
    elif rpop is None:
        raise BadInput(f"presence {presence!r} needs a population table", field="population")
    elif presence == "rpop":
        hit = np.nan_to_num(rpop) >= threshold
    else:
        hit = (rca >= threshold) | (np.nan_to_num(rpop) >= threshold)
    return hit.astype(np.int8)


def complexity_vectors(mcp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Raw ``(k_c, k_p)`` of the second eigenvector, sign fixed; NaN where diversity/ubiquity is 0.

    The scale of the vectors is arbitrary (every reported index is invariant to it).
    """
    m = mcp.astype(np.float64)
    diversity = m.sum(axis=1)
    ubiquity = m.sum(axis=0)
    rows, cols = diversity > 0, ubiquity > 0
    mv = m[rows][:, cols]
    root_d, root_u = np.sqrt(diversity[rows]), np.sqrt(ubiquity[cols])
    a = mv / root_d[:, None] / root_u[None, :]
    # The second eigenvector of the smaller Gram matrix (A A^T or A^T A); the largest eigenvalue,
    # 1, belongs to the trivial vector. Either side gives k_p up to scale.
    wide = a.shape[0] <= a.shape[1]
    gram = a @ a.T if wide else a.T @ a
    n = gram.shape[0]
    if n < 2:
        raise BadInput("fewer than 2 locations or products with a presence: no complexity")
    second = eigh(gram, subset_by_index=[n - 2, n - 2])[1][:, 0]
    kp_valid = (mv.T @ (second / root_d)) / ubiquity[cols] if wide else second / root_u
    kc_valid = mv @ kp_valid / diversity[rows]
    div_valid = diversity[rows]
    corr = np.corrcoef(div_valid, kc_valid)[0, 1] if np.ptp(div_valid) > 0 else np.nan
    if np.isfinite(corr) and corr != 0:
        sign = np.sign(corr)
    else:  # constant diversity: orient so that the first location has a non-negative k_c
        sign = 1.0 if kc_valid[0] >= 0 else -1.0
    kc = np.full(m.shape[0], np.nan)
    kp = np.full(m.shape[1], np.nan)
    kc[rows] = sign * kc_valid
    kp[cols] = sign * kp_valid
    return kc, kp


def proximity_matrix(
    mcp: np.ndarray,
    rca: np.ndarray,
    kind: ProximityKind = "symmetric",
    self_proximity: float = 0.0,
) -> np.ndarray:
    """Product proximity ``phi`` (P x P), see the module docstring; diagonal = ``self_proximity``.

    Products with zero ubiquity have zero discrete proximity to everything (and themselves).
    """
    if kind == "continuous":
        with np.errstate(invalid="ignore", divide="ignore"):
            phi = (1.0 + np.corrcoef(rca, rowvar=False)) / 2.0
        np.fill_diagonal(phi, self_proximity)
        return phi
    if kind not in ("symmetric", "asymmetric"):
        raise BadInput(f"unknown proximity {kind!r}", field="proximity")
    m = mcp.astype(np.float64)
    ubiquity = m.sum(axis=0)
    phi = m.T @ m
    # C_pq <= min(u_p, u_q), so a zero ubiquity has a zero numerator: divide by 1 instead.
    safe = np.maximum(ubiquity, 1.0)
    if kind == "asymmetric":
        phi /= safe[:, None]
    else:  # in place, by blocks of rows, so that no second P x P array is allocated
        for start in range(0, phi.shape[0], _BLOCK):
            rows = slice(start, start + _BLOCK)
            phi[rows] /= np.maximum(safe[rows, None], safe[None, :])
    np.fill_diagonal(phi, np.where(ubiquity > 0, self_proximity, 0.0))
    return phi


def nearest_neighbours(phi: np.ndarray, knn: int) -> np.ndarray:
    """``phi`` with each row kept only at its ``knn`` largest entries (ties: lower column first)."""
    if knn < 1:
        raise BadInput(f"knn must be at least 1, got {knn}", field="knn")
    if knn >= phi.shape[1]:
        return phi
    order = np.argsort(-np.nan_to_num(phi, nan=-np.inf), axis=1, kind="stable")[:, :knn]
    kept = np.zeros_like(phi)
    rows = np.arange(phi.shape[0])[:, None]
    kept[rows, order] = phi[rows, order]
    return kept


def density(weights: np.ndarray, phi: np.ndarray, knn: int | None = None) -> np.ndarray:
    """``d_cp = sum_q w_cq phi_pq / sum_q phi_pq`` (w = M, or RCA for continuous proximity)."""
    phi = nearest_neighbours(phi, knn) if knn is not None else phi
    total = phi.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (weights @ phi.T) / total[None, :]


def outlook(
    mcp: np.ndarray, dens: np.ndarray, phi: np.ndarray, kp: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Raw ``(COI_c, COG_cp)`` before standardisation; products without ``k_p`` add nothing."""
    absent = 1.0 - mcp
    k = np.nan_to_num(kp)
    coi = np.nansum(dens * absent * k[None, :], axis=1)
    row_total = phi.sum(axis=1)
    scale = np.divide(k, row_total, out=np.zeros_like(k), where=row_total > 0)
    cog = absent * ((absent * scale[None, :]) @ phi)
    return coi, cog


def _deviation(values: np.ndarray, n_products: int, normalization: Normalization) -> float:
    """sd of per-location values: Stata's over the long table (N-1), or the package's (N)."""
    v = values[np.isfinite(values)]
    if normalization == "package":
        return float(np.std(v))
    n_long = v.size * n_products
    return float(np.sqrt(n_products * np.sum((v - v.mean()) ** 2) / (n_long - 1)))


def standardise(
    kc: np.ndarray, kp: np.ndarray, n_products: int, normalization: Normalization
) -> tuple[np.ndarray, np.ndarray, float]:
    """``(ECI, PCI, sd)``: ``(k - mean k_c) / sd`` with the sd of the chosen normalization."""
    mean, sd = np.nanmean(kc), _deviation(kc, n_products, normalization)
    if not sd > 0:
        raise BadInput("all locations have the same complexity: ECI is undefined")
    return (kc - mean) / sd, (kp - mean) / sd, sd


def year_complexity(
    x: np.ndarray,
    *,
    population: np.ndarray | None = None,
    rca_threshold: float = 1.0,
    presence: Presence = "rca",
    proximity: ProximityKind = "symmetric",
    knn: int | None = None,
    normalization: Normalization = "stata",
) -> YearComplexity:
    """Every complexity measure of one year from its location x product export matrix ``x``.

    ``x`` must have positive row and column totals (``year_tables`` removes the others).
    """
    rca = balassa_rca(x)
    rpop = population_rca(x, population) if population is not None else None
    mcp = presence_matrix(rca, rpop, presence, rca_threshold)
    diversity = mcp.sum(axis=1, dtype=np.int64)
    ubiquity = mcp.sum(axis=0, dtype=np.int64)
    if (diversity == 0).any() or (ubiquity == 0).any():
        warnings.warn(
            f"{int((diversity == 0).sum())} location(s) with zero diversity and "
            f"{int((ubiquity == 0).sum())} product(s) with zero ubiquity get null complexity",
            stacklevel=2,
        )
    if (diversity > 0).sum() < 2 or (ubiquity > 0).sum() < 2:
        raise BadInput(
            f"too few locations ({int((diversity > 0).sum())}) or products "
            f"({int((ubiquity > 0).sum())}) with a presence to compute complexity"
        )
    kc, kp = complexity_vectors(mcp)
    self_prox = 1.0 if normalization == "package" else 0.0
    presence_values = rpop if presence == "rpop" else rca
    phi = proximity_matrix(mcp, np.nan_to_num(presence_values), proximity, self_prox)
    weights = np.nan_to_num(presence_values) if proximity == "continuous" else mcp.astype(float)
    dens = density(weights, phi, knn)
    coi_raw, cog_raw = outlook(mcp, dens, phi, kp)
    n_products = x.shape[1]
    eci, pci, sd = standardise(kc, kp, n_products, normalization)
    coi_raw = np.where(np.isfinite(kc), coi_raw, np.nan)
    coi_sd = _deviation(coi_raw, n_products, normalization)
    with np.errstate(invalid="ignore", divide="ignore"):
        coi = (coi_raw - np.nanmean(coi_raw)) / coi_sd
    return YearComplexity(
        rca=rca,
        rpop=rpop,
        mcp=mcp,
        diversity=diversity,
        ubiquity=ubiquity,
        eci=eci,
        pci=pci,
        proximity=phi,
        density=dens,
        coi=coi,
        cog=cog_raw / sd,
    )
