"""Economic complexity: the Stata fixture, the ecomplexity package, and hand-computed options."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tradebridge as tb
from tradebridge.analytics.complexity import (
    balassa_rca,
    complexity,
    complexity_vectors,
    density,
    population_rca,
    presence_matrix,
    proximity_matrix,
)
from tradebridge.data.frame_warehouse import FrameWarehouse
from tradebridge.errors import BadInput

DATA = Path(__file__).parent / "data" / "ecomplexity"
PKG_COLS = {"time": "year", "loc": "origin", "prod": "hs92", "val": "export_val"}


@pytest.fixture(scope="module")
def trade() -> pd.DataFrame:
    return pd.read_csv(DATA / "trade_data_sample.csv", dtype={"hs92": str})


@pytest.fixture(scope="module")
def exports(trade: pd.DataFrame) -> pd.DataFrame:
    return trade.rename(columns={"origin": "location", "hs92": "product", "export_val": "value"})


@pytest.fixture(scope="module")
def frame(exports: pd.DataFrame) -> FrameWarehouse:
    return FrameWarehouse.of_exports(exports)


def _join(ours: pd.DataFrame, ref: pd.DataFrame) -> pd.DataFrame:
    ref = ref.rename(columns={"origin": "location", "hs92": "product"})
    joined = ours.merge(ref, on=["year", "location", "product"], suffixes=("", "_ref"))
    assert len(joined) == len(ours) == len(ref)
    return joined


# ---- the Stata command's output (default options) -------------------------------------------


def test_default_options_equal_stata_ground_truth(frame: FrameWarehouse) -> None:
    stata = pd.read_csv(DATA / "stata_ground_truth.csv", dtype={"hs92": str})
    joined = _join(complexity(frame), stata)
    assert (joined["mcp"] == joined["M"]).all()
    assert (joined["diversity"] == joined["diversity_ref"]).all()
    assert (joined["ubiquity"] == joined["ubiquity_ref"]).all()
    for col, rtol in [
        ("rca", 1e-5),
        ("eci", 1e-5),
        ("pci", 1e-5),
        ("density", 1e-4),
        ("coi", 1e-4),
        ("cog", 1e-4),
    ]:
        np.testing.assert_allclose(joined[col], joined[f"{col}_ref"], rtol=rtol, err_msg=col)


def test_result_columns_and_meta(frame: FrameWarehouse) -> None:
    rows = tb.complexity(frame, years=[1996])
    assert list(rows.columns) == [
        "year",
        "location",
        "product",
        "value",
        "rca",
        "mcp",
        "diversity",
        "ubiquity",
        "eci",
        "pci",
        "density",
        "coi",
        "cog",
    ]
    assert set(rows["year"]) == {1996} and len(rows) == 10 * 30
    meta = rows.attrs["meta"]
    assert meta["normalization"] == "stata" and meta["proximity"] == "symmetric"
    assert meta["rca_threshold"] == 1.0 and meta["years"] == [1996]
    assert meta["source"] == "user-supplied table"


# ---- the ecomplexity Python package, run here on the same sample ----------------------------


@pytest.mark.parametrize(
    ("package_kw", "our_kw"),
    [
        ({}, {}),
        ({"asymmetric": True}, {"proximity": "asymmetric"}),
        ({"continuous": True}, {"proximity": "continuous"}),
    ],
)
def test_package_normalization_equals_ecomplexity_package(
    trade: pd.DataFrame, frame: FrameWarehouse, package_kw: dict, our_kw: dict
) -> None:
    ecomplexity = pytest.importorskip("ecomplexity").ecomplexity
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = ecomplexity(
            trade, PKG_COLS, check_logsupermodularity=False, verbose=False, **package_kw
        )
    joined = _join(complexity(frame, normalization="package", **our_kw), ref)
    assert (joined["mcp"] == joined["mcp_ref"]).all()
    for col in ("rca", "eci", "pci", "density", "coi", "cog"):
        np.testing.assert_allclose(
            joined[col], joined[f"{col}_ref"], rtol=1e-9, atol=1e-12, err_msg=col
        )


def test_stata_and_package_deviation_differ_by_long_table_factor(frame: FrameWarehouse) -> None:
    stata = complexity(frame, years=[1995])
    package = complexity(frame, years=[1995], normalization="package")
    # sd_stata = sd_pop * sqrt(LP / (LP - 1)) with L = 10 locations, P = 30 products:
    # ECI_package / ECI_stata = sqrt(300 / 299) = 1.0016708...
    np.testing.assert_allclose(package["eci"] / stata["eci"], np.sqrt(300 / 299), rtol=1e-12)


def test_rpop_values_and_presence_equal_ecomplexity_package(
    trade: pd.DataFrame, frame: FrameWarehouse
) -> None:
    ecomplexity = pytest.importorskip("ecomplexity").ecomplexity
    pop = pd.read_csv(DATA / "population_data_sample.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = ecomplexity(
            trade,
            PKG_COLS,
            presence_test="rpop",
            pop=pop,
            check_logsupermodularity=False,
            verbose=False,
        )
        ours = complexity(
            frame,
            presence="rpop",
            normalization="package",
            population=pop.rename(columns={"origin": "location"}),
        )
    joined = _join(ours, ref)
    # blx has no population row: null RPOP, so no presence by RPOP, in both.
    assert joined.loc[joined["location"] == "blx", "rpop"].isna().all()
    np.testing.assert_allclose(joined["rpop"], joined["rpop_ref"], rtol=1e-12)
    assert (joined["mcp"] == joined["mcp_ref"]).all()
    assert (joined.loc[joined["location"] == "blx", "diversity"] == 0).all()
    # The package then nulls ECI for every location of the year; we null only those with
    # zero diversity (blx, and pol whose RPOP is below 1 everywhere).
    assert (joined["eci"].isna() == (joined["diversity"] == 0)).all()
    assert joined["eci_ref"].isna().all()


def test_zero_diversity_left_out_like_package_on_the_valid_submatrix(frame: FrameWarehouse) -> None:
    ecomplexity = pytest.importorskip("ecomplexity").ecomplexity
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ours = complexity(frame, years=[1995], rca_threshold=2.0, normalization="package")
    assert any("zero diversity" in str(w.message) for w in caught)
    locs = ours.groupby("location")["diversity"].first()
    prods = ours.groupby("product")["ubiquity"].first()
    assert (locs == 0).any() and (prods == 0).any()
    assert ours.loc[ours["diversity"] == 0, "eci"].isna().all()
    assert ours.loc[ours["diversity"] == 0, "coi"].isna().all()
    assert ours.loc[ours["ubiquity"] == 0, "pci"].isna().all()
    # Reference: the package given our presence matrix as "manual" input drops the empty rows and
    # columns itself and computes ECI/PCI on what is left, the same eigenproblem.
    manual = ours[["year", "location", "product", "mcp"]].rename(
        columns={"location": "origin", "product": "hs92", "mcp": "export_val"}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = ecomplexity(
            manual, PKG_COLS, presence_test="manual", check_logsupermodularity=False, verbose=False
        )
    ref = ref.rename(columns={"origin": "location", "hs92": "product"})
    joined = ours.merge(ref, on=["year", "location", "product"], suffixes=("", "_ref"))
    valid = joined[(joined["diversity"] > 0) & (joined["ubiquity"] > 0)]
    np.testing.assert_allclose(valid["eci"], valid["eci_ref"], rtol=1e-9)
    np.testing.assert_allclose(valid["pci"], valid["pci_ref"], rtol=1e-9)


# ---- options, against hand-computed values --------------------------------------------------

# Three locations, two products. Row totals 8, 8, 8; column totals 12, 12; world 24.
X = np.array([[6.0, 2.0], [2.0, 6.0], [4.0, 4.0]])


def test_rca_and_thresholds_by_hand() -> None:
    rca = balassa_rca(X)
    # RCA_a,p = (6/8) / (12/24) = 1.5; RCA_a,q = (2/8) / (1/2) = 0.5; c: (4/8) / (1/2) = 1.
    np.testing.assert_allclose(rca, [[1.5, 0.5], [0.5, 1.5], [1.0, 1.0]])
    assert presence_matrix(rca, None, "rca", 1.0).tolist() == [[1, 0], [0, 1], [1, 1]]
    assert presence_matrix(rca, None, "rca", 1.2).tolist() == [[1, 0], [0, 1], [0, 0]]


def test_rpop_and_both_by_hand() -> None:
    pop = np.array([1.0, 3.0, 4.0])  # world population 8
    rpop = population_rca(X, pop)
    # RPOP_cp = (x_cp / pop_c) / (x_.p / 8) = (x_cp / pop_c) / 1.5
    # a: 6/1/1.5 = 4, 2/1/1.5 = 4/3; b: 2/3/1.5 = 4/9, 6/3/1.5 = 4/3; c: 4/4/1.5 = 2/3 (both)
    np.testing.assert_allclose(rpop, [[4, 4 / 3], [4 / 9, 4 / 3], [2 / 3, 2 / 3]])
    rca = balassa_rca(X)
    assert presence_matrix(rca, rpop, "rpop", 1.0).tolist() == [[1, 1], [0, 1], [0, 0]]
    # "both": present by RCA ([[1,0],[0,1],[1,1]]) or by RPOP
    assert presence_matrix(rca, rpop, "both", 1.0).tolist() == [[1, 1], [0, 1], [1, 1]]


def test_rpop_without_population_of_a_location_by_hand() -> None:
    pop = np.array([1.0, np.nan, 3.0])  # world population = 1 + 3 = 4
    rpop = population_rca(X, pop)
    # a: (6/1) / (12/4) = 2; c: (4/3) / 3 = 4/9; b: null
    assert rpop[0, 0] == pytest.approx(2.0) and rpop[2, 0] == pytest.approx(4 / 9)
    assert np.isnan(rpop[1]).all()
    assert presence_matrix(balassa_rca(X), rpop, "rpop", 1.0)[1].tolist() == [0, 0]


# Four locations, three products p, q, r: ubiquity (3, 2, 3);
# co-occurrence C_pq = 2 (rows 0, 2), C_pr = 2 (rows 1, 2), C_qr = 1 (row 2).
M4 = np.array([[1, 1, 0], [1, 0, 1], [1, 1, 1], [0, 0, 1]], dtype=np.int8)


def test_symmetric_proximity_and_density_by_hand() -> None:
    phi = proximity_matrix(M4, M4.astype(float), "symmetric")
    # phi_pq = 2 / max(3, 2) = 2/3, phi_pr = 2 / max(3, 3) = 2/3, phi_qr = 1 / max(2, 3) = 1/3
    third = 1 / 3
    np.testing.assert_allclose(
        phi, [[0, 2 * third, 2 * third], [2 * third, 0, third], [2 * third, third, 0]]
    )
    d = density(M4.astype(float), phi)
    # row sums: p 4/3, q 1, r 1. Location 3 has r only: d_p = (2/3)/(4/3) = 0.5,
    # d_q = (1/3)/1, d_r = 0. Location 0 has p, q: d_p = (2/3)/(4/3) = 0.5, d_q = 2/3,
    # d_r = (2/3 + 1/3)/1 = 1.
    np.testing.assert_allclose(d[3], [0.5, third, 0.0])
    np.testing.assert_allclose(d[0], [0.5, 2 * third, 1.0])


def test_asymmetric_proximity_by_hand() -> None:
    phi = proximity_matrix(M4, M4.astype(float), "asymmetric")
    # phi_pq = C_pq / ubiquity_p: p->q 2/3, q->p 2/2, p->r 2/3, r->p 2/3, q->r 1/2, r->q 1/3
    np.testing.assert_allclose(phi, [[0, 2 / 3, 2 / 3], [1, 0, 0.5], [2 / 3, 1 / 3, 0]])
    # density of location 3 (r only): d_q = phi_qr / (phi_qp + phi_qr) = 0.5 / 1.5
    assert density(M4.astype(float), phi)[3, 1] == pytest.approx(1 / 3)


def test_package_convention_keeps_unit_self_proximity() -> None:
    phi = proximity_matrix(M4, M4.astype(float), "symmetric", self_proximity=1.0)
    assert np.diag(phi).tolist() == [1.0, 1.0, 1.0]


def test_continuous_proximity_and_density_by_hand() -> None:
    rca = np.array([[1.0, 2.0, 2.0], [2.0, 4.0, 1.0], [3.0, 0.0, 0.0]])
    phi = proximity_matrix((rca >= 1).astype(np.int8), rca, "continuous")
    # deviations from column means: [-1,0,1], [0,2,-2], [1,0,-1]
    # corr(0,1) = -2 / (sqrt2 sqrt8) = -0.5 -> 0.25; corr(0,2) = -1 -> 0; corr(1,2) = 0.5 -> 0.75
    np.testing.assert_allclose(phi, [[0, 0.25, 0], [0.25, 0, 0.75], [0, 0.75, 0]], atol=1e-15)
    # continuous density weighs by RCA: location 0 (RCA 1, 2, 2), row sums .25, 1, .75:
    # d_0 = 2*.25/.25 = 2; d_1 = (1*.25 + 2*.75)/1 = 1.75; d_2 = 2*.75/.75 = 2
    np.testing.assert_allclose(density(rca, phi)[0], [2.0, 1.75, 2.0])


def test_knn_density_by_hand() -> None:
    phi = np.array([[0, 0.9, 0.5, 0.1], [0.9, 0, 0.2, 0.4], [0.5, 0.2, 0, 0.3], [0.1, 0.4, 0.3, 0]])
    w = np.array([[1.0, 1.0, 0.0, 0.0]])
    # all neighbours: (0 + .9)/1.5, (.9)/1.5, (.5 + .2)/1.0, (.1 + .4)/.8
    np.testing.assert_allclose(density(w, phi)[0], [0.6, 0.6, 0.7, 0.625])
    # knn=2: p0 -> {1 (.9), 2 (.5)}: .9/1.4; p1 -> {0 (.9), 3 (.4)}: .9/1.3;
    # p2 -> {0 (.5), 3 (.3)}: .5/.8; p3 -> {1 (.4), 2 (.3)}: .4/.7
    np.testing.assert_allclose(
        density(w, phi, knn=2)[0], [0.9 / 1.4, 0.9 / 1.3, 0.5 / 0.8, 0.4 / 0.7]
    )


def test_knn_option_reaches_density(frame: FrameWarehouse) -> None:
    full = complexity(frame, years=[1995])
    near = complexity(frame, years=[1995], knn=5)
    assert near.attrs["meta"]["knn"] == 5
    np.testing.assert_allclose(near["eci"], full["eci"])
    assert not np.allclose(near["density"], full["density"])


# ---- eigenvector, sign, standardisation -----------------------------------------------------


def test_eigenvector_and_sign_on_nested_matrix() -> None:
    # Nested: location 0 makes everything, location 3 only the most ubiquitous product.
    m = np.array([[1, 1, 1, 1], [1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 0]], dtype=np.int8)
    kc, kp = complexity_vectors(m)
    d, u = m.sum(axis=1), m.sum(axis=0)
    w = (m / u).T @ (m / d[:, None])
    second = np.sort(np.linalg.eigvals(w).real)[-2]
    np.testing.assert_allclose(w @ kp, second * kp, atol=1e-12)  # eigenvector of W
    np.testing.assert_allclose(kc, (m / d[:, None]) @ kp, atol=1e-15)  # mean k_p of products
    assert np.corrcoef(d, kc)[0, 1] > 0  # sign convention
    assert np.argmax(kc) == 0 and np.argmax(kp) == 3  # rarest product is the most complex


def test_eci_is_mean_pci_of_location_products(frame: FrameWarehouse) -> None:
    rows = complexity(frame, years=[1996])
    present = rows[rows["mcp"] == 1]
    mean_pci = present.groupby("location")["pci"].mean()
    eci = rows.groupby("location")["eci"].first()
    np.testing.assert_allclose(mean_pci.sort_index(), eci.sort_index(), atol=1e-12)
    # ECI is standardised: mean 0 and, for Stata, sd over the long table with N-1 equal to 1.
    long_eci = rows["eci"]
    assert long_eci.mean() == pytest.approx(0, abs=1e-12)
    assert long_eci.std(ddof=1) == pytest.approx(1, rel=1e-12)


def test_hs_level_aggregates_products(frame: FrameWarehouse, exports: pd.DataFrame) -> None:
    rows = complexity(frame, years=[1995], level="hs2")
    assert set(rows["product"]) == set(exports["product"].str[:2])
    total = exports[exports["year"] == 1995]["value"].sum()
    assert rows["value"].sum() == pytest.approx(total)


def test_proximity_matrix_function(frame: FrameWarehouse) -> None:
    phi = tb.proximity(frame, year=1995)
    assert phi.shape == (30, 30) and (np.diag(phi) == 0).all()
    # Reference: φ_pq = Σ_c M_cp M_cq / max(u_p, u_q) from the Stata command's presence M
    stata = pd.read_csv(DATA / "stata_ground_truth.csv", dtype={"hs92": str})
    m = stata[stata["year"] == 1995].pivot(index="origin", columns="hs92", values="M")
    m = m[phi.columns].to_numpy(dtype=float)
    ubiquity = m.sum(axis=0)
    expected = (m.T @ m) / np.maximum.outer(ubiquity, ubiquity)
    np.fill_diagonal(expected, 0.0)
    np.testing.assert_allclose(phi.to_numpy(), expected, rtol=1e-12)
    assert phi.attrs["meta"]["year"] == 1995


# ---- bad input ------------------------------------------------------------------------------


def test_too_small_year_raises() -> None:
    one = pd.DataFrame(
        {
            "year": [2021, 2021],
            "location": ["AZE", "AZE"],
            "product": ["010101", "020202"],
            "value": [5.0, 7.0],
        }
    )
    with pytest.raises(BadInput, match="2021: too few locations"):
        complexity(FrameWarehouse.of_exports(one))


def test_bad_value_names_line_and_field(exports: pd.DataFrame) -> None:
    bad = exports.copy()
    bad.loc[7, "value"] = -3.0
    with pytest.raises(BadInput) as err:
        FrameWarehouse.of_exports(bad)
    assert err.value.field == "value" and err.value.line == 8


def test_unknown_option_and_missing_population_raise(frame: FrameWarehouse) -> None:
    with pytest.raises(BadInput, match="proximity"):
        complexity(frame, proximity="cosine")  # type: ignore[arg-type]
    with pytest.raises(BadInput, match="population"):
        complexity(frame, presence="rpop")
    with pytest.raises(BadInput, match="year"):
        complexity(frame, years=[2030])


def test_on_year_reports_each_year(frame: FrameWarehouse) -> None:
    seen: list[int] = []
    complexity(frame, on_year=seen.append)
    assert seen == [1995, 1996]


def test_both_presence_is_either_test_on_the_sample(
    trade: pd.DataFrame, frame: FrameWarehouse
) -> None:
    ecomplexity = pytest.importorskip("ecomplexity").ecomplexity
    pop = pd.read_csv(DATA / "population_data_sample.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = ecomplexity(
            trade,
            PKG_COLS,
            presence_test="rpop",
            pop=pop,
            check_logsupermodularity=False,
            verbose=False,
        )
        ours = complexity(
            frame, presence="both", population=pop.rename(columns={"origin": "location"})
        )
    joined = _join(ours, ref)
    # Reference RCA and RPOP from the package; "both" = RCA >= 1 or RPOP >= 1 (the package
    # itself adds the two 0/1 tests, giving M = 2 where both hold).
    either = (joined["rca_ref"] >= 1) | (joined["rpop_ref"].fillna(0) >= 1)
    assert (joined["mcp"] == either.astype(int)).all()
    assert ours["eci"].notna().all()
