"""Trade indicators (World Bank WITS definitions; docs/methods.md#trade-indicators).

Notation: ``x_ijk`` exports of i to j of k; a dot sums over an index; ``m_jk = x_·jk``.
The world is every flow held for the year (unknown partner codes count in world totals but are
never a market). The pure functions take value arrays; ``indicators`` and ``rca`` read the
warehouse.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from tradebridge.analytics.dimensions import is_market, names
from tradebridge.analytics.profiles import resolve_year
from tradebridge.analytics.scope import ProductScope
from tradebridge.config import resolve_engine
from tradebridge.data.aggregates import tables
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput
from tradebridge.reference.countries import resolve_country
from tradebridge.results import with_meta


def shares(values: np.ndarray | pd.Series) -> np.ndarray:
    """Positive values as shares of their total (empty when there is nothing positive)."""
    v = np.asarray(values, dtype="float64")
    v = v[np.isfinite(v) & (v > 0)]
    total = v.sum()
    return v / total if total > 0 else np.array([])


def hhi(values: np.ndarray | pd.Series) -> float:
    """Herfindahl-Hirschman index ``H = Σ s²`` over the shares s (1/N … 1; NaN when empty)."""
    s = shares(values)
    return float(np.sum(s**2)) if s.size else np.nan


def hhi_normalised(values: np.ndarray | pd.Series) -> float:
    """``(H − 1/N) / (1 − 1/N)`` with N the number of positive values; 1 when N = 1."""
    s = shares(values)
    n = s.size
    if n == 0:
        return np.nan
    if n == 1:
        return 1.0
    return float((np.sum(s**2) - 1 / n) / (1 - 1 / n))


def hirschman(values: np.ndarray | pd.Series) -> float:
    """Hirschman (UNCTAD concentration) index ``√H``."""
    return float(np.sqrt(hhi(values)))


def entropy(values: np.ndarray | pd.Series) -> float:
    """Entropy ``−Σ s ln s`` (0 … ln N; NaN when empty)."""
    s = shares(values)
    return float(-np.sum(s * np.log(s))) if s.size else np.nan


def _aligned(a: pd.Series, b: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    both = pd.concat([a.rename("a"), b.rename("b")], axis=1).fillna(0.0)
    return both["a"].to_numpy(dtype=float), both["b"].to_numpy(dtype=float)


def share_distance(a: pd.Series, b: pd.Series) -> float:
    """Half the L1 distance between two distributions over keys: ``Σ |a_k/a − b_k/b| / 2``."""
    x, y = _aligned(a, b)
    if x.sum() <= 0 or y.sum() <= 0:
        return np.nan
    return float(np.abs(x / x.sum() - y / y.sum()).sum() / 2)


def complementarity(exports_i: pd.Series, imports_j: pd.Series) -> float:
    """Trade complementarity ``TC_ij = 100 · (1 − Σ_k |m_jk/m_j − x_i·k/x_i··| / 2)``."""
    d = share_distance(imports_j, exports_i)
    return 100 * (1 - d) if np.isfinite(d) else np.nan


def intensity(x_ij: float, x_i: float, m_j: float, world: float) -> float:
    """Trade intensity ``TI_ij = (x_ij· / x_i··) / (m_j / x_···)``."""
    if x_i <= 0 or m_j <= 0 or world <= 0:
        return np.nan
    return float((x_ij / x_i) / (m_j / world))


def grubel_lloyd(exports: pd.Series, imports: pd.Series) -> float:
    """Aggregate Grubel-Lloyd ``1 − Σ|X_k − M_k| / Σ(X_k + M_k)``."""
    x, m = _aligned(exports, imports)
    total = (x + m).sum()
    return float(1 - np.abs(x - m).sum() / total) if total > 0 else np.nan


def export_specialisation(exports_i: pd.Series, imports_j: pd.Series) -> pd.Series:
    """Per product ``ES_ijk = (x_i·k / x_i··) / (m_jk / m_j)``; NaN where j imports none of k."""
    x, m = exports_i.astype(float), imports_j.astype(float)
    if x.sum() <= 0 or m.sum() <= 0:
        return pd.Series(np.nan, index=x.index)
    share_m = (m / m.sum()).reindex(x.index)
    return (x / x.sum()) / share_m.where(share_m > 0)


def specialisation_pair(exports_i: pd.Series, imports_j: pd.Series) -> float:
    """Pair summary of ES: the export-weighted mean ``Σ_k w_ik ES_ijk / Σ_k w_ik`` over the
    products j imports (``w_ik = x_i·k / x_i··``); ES is undefined where ``m_jk = 0``."""
    es = export_specialisation(exports_i, imports_j)
    w = exports_i.astype(float) / exports_i.sum() if exports_i.sum() > 0 else exports_i * np.nan
    ok = es.notna() & (w > 0)
    return float((w[ok] * es[ok]).sum() / w[ok].sum()) if ok.any() else np.nan


class _Year:
    """The sums of one warehouse year that the indicators need, read lazily: by product from
    the sums stored at ingestion (``data/aggregates``), by partner from the flows."""

    def __init__(self, wh: Warehouse, year: int, scope: ProductScope, engine: str | None) -> None:
        self.sums = tables(wh, engine).where(lambda t: scope.apply(t.filter(t.year == year)))
        self.t = self.sums.flows
        self.wh, self.year, self.scope, self.engine = wh, year, scope, engine

    def products(self) -> pd.DataFrame:
        """Per product: world trade ``x_··k`` and the number of markets importing it (memoised)."""

        def compute() -> pd.DataFrame:
            t = self.sums.products
            frame = t.select("product", world=t.value, importers=t.importers).execute()
            return frame.set_index("product").sort_index()

        return self.wh.memo("product totals", [self.year], (self.scope, self.engine), compute)

    def exports_by(self, country: str, key: str) -> pd.Series:
        t = self.sums.exports if key == "product" else self.t
        return self._sum(t.filter(t.exporter == country), key)

    def imports_by(self, country: str, key: str) -> pd.Series:
        t = self.sums.imports if key == "product" else self.t
        return self._sum(t.filter(t.importer == country), key)

    def flows_between(self, exporter: str, importer: str) -> pd.Series:
        t = self.t.filter(self.t.exporter == exporter, self.t.importer == importer)
        return self._sum(t, "product")

    def world_by_product(self) -> pd.Series:
        return self.products()["world"].astype(float)

    @staticmethod
    def _sum(t: Any, key: str) -> pd.Series:
        frame = t.group_by(key).aggregate(value=t.value.sum()).execute()
        return frame.set_index(key)["value"].astype(float).sort_index()


def indicators(
    wh: Warehouse,
    country: str,
    *,
    year: int | None = None,
    partner: str | None = None,
    sectors: Any = None,
    exclude_sectors: Any = None,
    products: Any = None,
    engine: str | None = None,
) -> pd.DataFrame:
    """Concentration, diversification and (with a partner) complementarity indicators.

    Rows ``{indicator, scope, value}``: ``hhi``, ``hhi_normalised``, ``hirschman``, ``entropy``
    over markets (known countries only) and over products; ``export_diversification``
    (Finger-Kreinin ``DX_i = Σ_k |x_i·k/x_i·· − x_··k/x_···| / 2``, scope ``world``);
    ``market_penetration`` (scope ``products``: export-weighted mean over i's products of
    markets reached ÷ markets importing k). With a partner j (scope ``pair``):
    ``trade_complementarity`` TC_ij, ``trade_complementarity_reverse`` TC_ji,
    ``trade_intensity`` TI_ij, ``trade_intensity_reverse`` TI_ji, ``export_specialisation``
    (see ``specialisation_pair``), ``market_penetration`` (products i sells to j ÷ products j
    imports from anyone) and the aggregate ``grubel_lloyd`` of i and j.
    """
    engine = resolve_engine(engine)
    i = resolve_country(country)
    year = resolve_year(wh, year)
    scope = ProductScope.of(sectors, exclude_sectors, products)
    data = _Year(wh, year, scope, engine)
    by_market = data.exports_by(i, "importer")
    markets = by_market[[is_market(c) for c in by_market.index]]
    by_product = data.exports_by(i, "product")
    world_product = data.world_by_product()
    world = float(world_product.sum())
    rows = _country_rows(data, i, markets, by_product, world_product)
    j = None
    if partner:
        j = resolve_country(partner)
        if j == i:
            raise BadInput("the partner must differ from the country", field="partner")
        rows += _pair_rows(data, i, j, by_product, world)
    out = pd.DataFrame(rows, columns=["indicator", "scope", "value"])
    meta = {
        **wh.provenance([year]),
        "question": f"trade indicators of {i}" + (f" with {j}" if j else ""),
        "country": i,
        "partner": j,
        "year": year,
        **scope.describe(),
        "exports_usd": float(by_product.sum()),
        "world_usd": world,
        "engine": engine,
    }
    return with_meta(out, meta)


def _country_rows(
    data: _Year, i: str, markets: pd.Series, by_product: pd.Series, world_product: pd.Series
) -> list[tuple[str, str, float]]:
    """The concentration indicators over markets and products, diversification and
    penetration of ``i`` alone."""
    rows: list[tuple[str, str, float]] = []
    for label, values in (("markets", markets), ("products", by_product)):
        rows += [
            ("hhi", label, hhi(values)),
            ("hhi_normalised", label, hhi_normalised(values)),
            ("hirschman", label, hirschman(values)),
            ("entropy", label, entropy(values)),
        ]
    rows.append(("export_diversification", "world", share_distance(by_product, world_product)))
    rows.append(("market_penetration", "products", _penetration(data, i, by_product)))
    return rows


def _pair_rows(
    data: _Year, i: str, j: str, by_product: pd.Series, world: float
) -> list[tuple[str, str, float]]:
    """The pair indicators of ``i`` and ``j``: complementarity and intensity both ways, export
    specialisation, market penetration and the aggregate Grubel-Lloyd index."""
    imports_j = data.imports_by(j, "product")
    exports_j = data.exports_by(j, "product")
    imports_i = data.imports_by(i, "product")
    x_ij = data.flows_between(i, j)
    x_ji = data.flows_between(j, i)
    reached = float((x_ij > 0).sum() / (imports_j > 0).sum()) if (imports_j > 0).any() else np.nan
    return [
        ("trade_complementarity", "pair", complementarity(by_product, imports_j)),
        ("trade_complementarity_reverse", "pair", complementarity(exports_j, imports_i)),
        (
            "trade_intensity",
            "pair",
            intensity(x_ij.sum(), by_product.sum(), imports_j.sum(), world),
        ),
        (
            "trade_intensity_reverse",
            "pair",
            intensity(x_ji.sum(), exports_j.sum(), imports_i.sum(), world),
        ),
        ("export_specialisation", "pair", specialisation_pair(by_product, imports_j)),
        ("market_penetration", "pair", reached),
        ("grubel_lloyd", "pair", grubel_lloyd(x_ij, x_ji)),
    ]


def _penetration(data: _Year, i: str, by_product: pd.Series) -> float:
    """Σ_k w_ik · (markets i reaches with k / markets importing k), over i's products."""
    if by_product.sum() <= 0:
        return np.nan
    mine = data.t.filter(data.t.exporter == i, data.t.value > 0)
    reached = mine.group_by("product").aggregate(reached=mine.importer.nunique()).execute()
    counts = data.products().join(reached.set_index("product"), how="left").fillna({"reached": 0})
    ratio = (counts["reached"] / counts["importers"]).reindex(by_product.index)
    w = by_product / by_product.sum()
    return float((w * ratio).sum())


def rca(
    wh: Warehouse,
    country: str,
    *,
    year: int | None = None,
    partner: str | None = None,
    sectors: Any = None,
    exclude_sectors: Any = None,
    products: Any = None,
    top: int | None = None,
    engine: str | None = None,
) -> pd.DataFrame:
    """Balassa RCA per product: ``RCA_ik = (x_i·k / x_i··) / (x_··k / x_···)``.

    Rows ``product, name, value_usd, rca`` sorted by RCA; with a partner j also
    ``export_specialisation`` ``ES_ijk = (x_i·k / x_i··) / (m_jk / m_j)``.
    """
    engine = resolve_engine(engine)
    i = resolve_country(country)
    year = resolve_year(wh, year)
    scope = ProductScope.of(sectors, exclude_sectors, products)
    data = _Year(wh, year, scope, engine)
    x_ik = data.exports_by(i, "product")
    x_ik = x_ik[x_ik > 0]
    world_product = data.world_by_product()
    rows = pd.DataFrame({"product": x_ik.index.astype(str), "value_usd": x_ik.to_numpy()})
    rows["name"] = names("product", rows["product"]).to_numpy()
    world_share = (world_product / world_product.sum()).reindex(x_ik.index).to_numpy()
    rows["rca"] = (x_ik.to_numpy() / x_ik.sum()) / world_share if len(x_ik) else []
    columns = ["product", "name", "value_usd", "rca"]
    j = resolve_country(partner) if partner else None
    if j:
        es = export_specialisation(x_ik, data.imports_by(j, "product"))
        rows["export_specialisation"] = es.to_numpy()
        columns.append("export_specialisation")
    rows = rows.sort_values(["rca", "product"], ascending=[False, True]).reset_index(drop=True)
    rows = rows[columns].head(top) if top else rows[columns]
    meta = {
        **wh.provenance([year]),
        "question": f"revealed comparative advantage of {i}",
        "country": i,
        "partner": j,
        "year": year,
        **scope.describe(),
        "top": top,
        "engine": engine,
    }
    return with_meta(rows, meta)
