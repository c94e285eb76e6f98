"""Economic complexity of a warehouse: each year's export matrix built from the stored sums,
its measures (``complexity_measures``) and the long rows every interface shows.

``complexity`` gives ECI, PCI, density, COI and COG per location and product and year;
``proximity`` the product proximity matrix; ``location_summary`` one row per location.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from tradebridge.analytics.complexity_measures import (
    YearComplexity,
    balassa_rca,
    population_rca,
    presence_matrix,
    proximity_matrix,
    year_complexity,
)
from tradebridge.config import resolve_engine
from tradebridge.data.aggregates import tables
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput
from tradebridge.options import (
    Level,
    Normalization,
    Presence,
    ProximityKind,
    check_threshold,
    choice,
)
from tradebridge.results import with_meta

LEVEL_DIGITS = {"hs6": 6, "hs4": 4, "hs2": 2}


@dataclass(frozen=True)
class YearTable:
    """One year's export matrix with its labels (rows: locations, columns: products)."""

    year: int
    locations: np.ndarray
    products: np.ndarray
    values: np.ndarray


def _matrix(year: int, rows: pd.DataFrame) -> YearTable:
    """Sum rows into a location x product matrix; drop locations/products with a zero total."""
    li, locations = pd.factorize(rows["location"], sort=True)
    pi, products = pd.factorize(rows["product"], sort=True)
    locations, products = np.asarray(locations, dtype=object), np.asarray(products, dtype=object)
    flat = np.bincount(
        li * products.size + pi,
        weights=rows["value"].to_numpy(),
        minlength=locations.size * products.size,
    )
    x = flat.reshape(locations.size, products.size)
    keep_l, keep_p = x.sum(axis=1) > 0, x.sum(axis=0) > 0
    return YearTable(year, locations[keep_l], products[keep_p], x[keep_l][:, keep_p])


def latest_year(wh: Warehouse, year: int | None) -> int:
    """``year`` when given, else ``wh``'s default year: the latest year it holds that does not
    look incomplete (``data/completeness.py``; ``BadInput`` when empty)."""
    if year is not None:
        return year
    return wh.default_year()


def year_tables(
    wh: Warehouse,
    *,
    level: Level | None = None,
    years: list[int] | None = None,
    engine: str | None = None,
) -> Iterator[YearTable]:
    """Each requested year's export matrix (``engine`` runs the aggregation), from the exports
    by exporter and product stored at ingestion; products aggregated to ``level`` (a prefix of
    the HS6 code; ``None``: the codes as held)."""
    digits = LEVEL_DIGITS[choice(Level, level, "level")] if level is not None else None
    wanted = _check_years(years, wh.years())
    exports = tables(wh, engine).exports
    product = exports.product.substr(0, digits) if digits is not None else exports.product
    for y in wanted:
        part = (
            exports.filter(exports.year == y)
            .mutate(product=product)
            .group_by(location=exports.exporter, product="product")
            .aggregate(value=exports.value.sum())
            .to_pandas()
        )
        yield _matrix(y, part)


def _check_years(years: list[int] | None, available: list[int]) -> list[int]:
    if not available:
        raise BadInput("no data: no year to compute", field="year")
    if years is None:
        return available
    unknown = [y for y in years if y not in available]
    if unknown:
        raise BadInput(
            f"no data for year(s) {unknown}; available: {available[0]}-{available[-1]}",
            field="year",
        )
    return sorted(set(years))


def _population_vector(population: pd.DataFrame, year: int, locations: np.ndarray) -> np.ndarray:
    """Population of each location in ``year`` (NaN where missing, with a warning)."""
    missing = [c for c in ("year", "location", "population") if c not in population.columns]
    if missing:
        raise BadInput(f"missing column(s) {', '.join(missing)}", field=missing[0])
    pop = population[population["year"].astype(int) == year]
    values = pd.to_numeric(pop["population"], errors="coerce")
    if (values <= 0).any():
        pos = int(np.flatnonzero((values <= 0).to_numpy())[0])
        raise BadInput("population must be positive", line=pos + 1, field="population")
    series = pd.Series(values.to_numpy(), index=pop["location"].astype(str).to_numpy())
    series = series[~series.index.duplicated()]
    vector = series.reindex(locations).to_numpy(dtype=float)
    if np.isnan(vector).any():
        warnings.warn(
            f"{year}: no population for {', '.join(locations[np.isnan(vector)])}: "
            "no presence by RPOP, left out of the world population",
            stacklevel=3,
        )
    return vector


def _check_options(
    presence: str, proximity: str, normalization: str, population: Any, rca_threshold: float
) -> None:
    check_threshold(rca_threshold)
    choice(Presence, presence, "presence")
    choice(ProximityKind, proximity, "proximity")
    choice(Normalization, normalization, "normalization")
    if presence != "rca" and population is None:
        raise BadInput(f"presence {presence!r} needs a population table", field="population")


def _long_rows(table: YearTable, result: YearComplexity) -> pd.DataFrame:
    """The year's results as one row per (location, product)."""
    n_loc, n_prod = table.values.shape
    columns: dict[str, Any] = {
        "year": np.full(n_loc * n_prod, table.year, dtype=np.int16),
        "location": np.repeat(table.locations, n_prod),
        "product": np.tile(table.products, n_loc),
        "value": table.values.ravel(),
        "rca": result.rca.ravel(),
    }
    if result.rpop is not None:
        columns["rpop"] = result.rpop.ravel()
    columns.update(
        mcp=result.mcp.ravel(),
        diversity=np.repeat(result.diversity, n_prod),
        ubiquity=np.tile(result.ubiquity, n_loc),
        eci=np.repeat(result.eci, n_prod),
        pci=np.tile(result.pci, n_loc),
        density=result.density.ravel(),
        coi=np.repeat(result.coi, n_prod),
        cog=result.cog.ravel(),
    )
    return pd.DataFrame(columns)


def complexity(
    wh: Warehouse,
    *,
    rca_threshold: float = 1.0,
    presence: Presence = "rca",
    population: pd.DataFrame | None = None,
    proximity: ProximityKind = "symmetric",
    knn: int | None = None,
    level: Level | None = None,
    years: list[int] | None = None,
    normalization: Normalization = "stata",
    on_year: Callable[[int], None] | None = None,
    engine: str | None = None,
) -> pd.DataFrame:
    """RCA, presence, diversity, ubiquity, ECI, PCI, density, COI and COG for every year.

    ``wh`` is a warehouse (a table in memory: ``FrameWarehouse``); ``population`` a
    frame with ``year, location, population`` (adds ``rpop``). One row per (year, location,
    product) with columns ``year, location, product, value, rca, [rpop,] mcp, diversity,
    ubiquity, eci, pci, density, coi, cog``; ``attrs["meta"]`` records every option and the source.
    ``on_year(year)`` is called after each year is done (progress reporting).
    Formulas and conventions: see the module docstring.
    """
    engine = resolve_engine(engine)
    _check_options(presence, proximity, normalization, population, rca_threshold)
    parts, done = [], []
    for table in year_tables(wh, level=level, years=years, engine=engine):
        pop = (
            _population_vector(population, table.year, table.locations)
            if population is not None
            else None
        )
        try:
            result = year_complexity(
                table.values,
                population=pop,
                rca_threshold=rca_threshold,
                presence=presence,
                proximity=proximity,
                knn=knn,
                normalization=normalization,
            )
        except BadInput as exc:
            raise BadInput(f"{table.year}: {exc.reason}", field=exc.field or "year") from exc
        parts.append(_long_rows(table, result))
        done.append(table.year)
        if on_year is not None:
            on_year(table.year)
    rows = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    meta = {
        **wh.provenance(done),
        "question": "economic complexity of every location",
        "engine": engine,
        "years": done,
        "level": level or "as given",
        "rca_threshold": rca_threshold,
        "presence": presence,
        "population": population is not None,
        "proximity": proximity,
        "knn": knn,
        "normalization": normalization,
        "sign": "ECI correlates positively with diversity",
    }
    return with_meta(rows, meta)


def proximity(
    wh: Warehouse,
    *,
    year: int | None = None,
    rca_threshold: float = 1.0,
    presence: Presence = "rca",
    population: pd.DataFrame | None = None,
    proximity: ProximityKind = "symmetric",
    level: Level | None = None,
    normalization: Normalization = "stata",
    engine: str | None = None,
) -> pd.DataFrame:
    """The product x product proximity matrix ``phi`` of one year (default: the latest).

    Index and columns are the products; ``attrs["meta"]`` records the options and the source.
    """
    engine = resolve_engine(engine)
    _check_options(presence, proximity, normalization, population, rca_threshold)
    table = next(year_tables(wh, level=level, years=[latest_year(wh, year)], engine=engine))
    pop = (
        _population_vector(population, table.year, table.locations)
        if population is not None
        else None
    )
    rca = balassa_rca(table.values)
    rpop = population_rca(table.values, pop) if pop is not None else None
    mcp = presence_matrix(rca, rpop, presence, rca_threshold)
    values = rpop if presence == "rpop" else rca
    self_prox = 1.0 if normalization == "package" else 0.0
    phi = proximity_matrix(mcp, np.nan_to_num(values), proximity, self_prox)
    matrix = pd.DataFrame(
        phi, index=pd.Index(table.products, name="product"), columns=table.products
    )
    meta = {
        **wh.provenance([table.year]),
        "engine": engine,
        "year": table.year,
        "level": level or "as given",
        "rca_threshold": rca_threshold,
        "presence": presence,
        "proximity": proximity,
        "normalization": normalization,
    }
    return with_meta(matrix, meta)


def location_summary(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per (year, location) of a ``complexity`` result: total exports, diversity, ECI
    and COI, most complex first within each year; keeps ``meta``."""
    summary = (
        rows.groupby(["year", "location"], sort=False)
        .agg(
            exports=("value", "sum"),
            diversity=("diversity", "first"),
            eci=("eci", "first"),
            coi=("coi", "first"),
        )
        .reset_index()
        .sort_values(["year", "eci"], ascending=[True, False], kind="stable")
        .reset_index(drop=True)
    )
    return with_meta(summary, dict(rows.attrs.get("meta", {})))
