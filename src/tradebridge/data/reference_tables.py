"""Reference tables kept in the warehouse beside the flows: World Bank indicators, income groups
and bilateral distances, each a Parquet file listed in the manifest's ``references`` section.

Layout::

    references/<name>/<id>.parquet     one file per table (a fresh name at each store)

Each entry records the file, its checksum, rows, source, release and time of storing. A store
is atomic like an ingestion: the new file is written under a fresh name, the manifest replaced
in one rename, and only then the old file removed. A file whose checksum no longer matches is
refused when read.

Tables and their columns:

- ``wdi``: ``iso3, year, gdp_usd`` (current US$), ``gdp_const_usd`` (constant US$),
  ``population``; from the World Bank's World Development Indicators.
- ``income_groups``: ``iso3, name, region, income_group`` (World Bank code: LIC, LMC, UMC,
  HIC), ``income_level`` (its name).
- ``distances``: ``iso3_o, iso3_d, km`` (CEPII GeoDist or Gravity).

When present, export potential uses ``wdi`` for its growth projections and ``distances`` for
its distance factor, and the markets ranking uses ``distances`` for its distance component
(files given by hand take precedence).
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from tradebridge.data.manifest import REFERENCES, sha256_of
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import EnvironmentProblem

TABLES = {
    "wdi": ("iso3", "year", "gdp_usd", "gdp_const_usd", "population"),
    "income_groups": ("iso3", "name", "region", "income_group", "income_level"),
    "distances": ("iso3_o", "iso3_d", "km"),
}
PROJECTION_HORIZON = 5
"""Years ahead that growth is projected, as the export-potential method expects."""
TREND_YEARS = 5
"""Years of history whose growth is extended forward."""


def entries(wh: Warehouse) -> dict[str, dict[str, Any]]:
    """The reference tables the warehouse holds: {name: manifest entry}."""
    return wh.section(REFERENCES)


def store(
    wh: Warehouse,
    name: str,
    frame: pd.DataFrame,
    *,
    source: str,
    release: str | None = None,
    notes: str | None = None,
) -> dict[str, Any]:
    """Store ``frame`` as the reference table ``name`` (atomic; see the module docstring),
    holding the warehouse's writer lock."""
    with wh.writing():
        return _store(
            wh,
            name,
            frame[list(TABLES[name])].reset_index(drop=True),
            source=source,
            release=release,
            notes=notes,
        )


def _store(
    wh: Warehouse,
    name: str,
    frame: pd.DataFrame,
    *,
    source: str,
    release: str | None,
    notes: str | None,
) -> dict[str, Any]:
    """``store``'s work; the caller holds the writer lock."""
    staging = wh.staging_dir()
    try:
        tmp = staging / f"{name}.parquet"
        frame.to_parquet(tmp, index=False)
        rel = f"{REFERENCES}/{name}/{uuid.uuid4().hex}.parquet"
        target = wh.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        checksum = sha256_of(tmp)
        os.replace(tmp, target)
    finally:
        wh.discard(staging)
    entry = {
        "file": rel,
        "checksum": checksum,
        "rows": len(frame),
        "source": source,
        "release": release,
        "stored_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    if notes:
        entry["notes"] = notes
    tables = entries(wh)
    old = tables.get(name)
    tables[name] = entry
    try:
        wh.write_section(REFERENCES, tables)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    if old and old.get("file") != rel:
        (wh.path / old["file"]).unlink(missing_ok=True)
    return entry


def load(wh: Warehouse, name: str) -> pd.DataFrame | None:
    """The reference table ``name``, or None when the warehouse does not hold it."""
    entry = entries(wh).get(name)
    if entry is None:
        return None
    path = wh.path / entry["file"]
    if not path.exists():
        raise EnvironmentProblem(
            f"reference table {name} is listed in the manifest but its file is missing; "
            f"fetch it again (`tradebridge fetch {_fetch_command(name)}`)",
            file=str(path),
        )
    if sha256_of(path) != entry["checksum"]:
        raise EnvironmentProblem(
            f"reference table {name} does not match its checksum (damaged); fetch it again "
            f"(`tradebridge fetch {_fetch_command(name)}`)",
            file=str(path),
        )
    return pd.read_parquet(path)


def _fetch_command(name: str) -> str:
    return "distances" if name == "distances" else "wdi"


def label(wh: Warehouse, name: str) -> str | None:
    entry = entries(wh).get(name)
    if entry is None:
        return None
    release = f" {entry['release']}" if entry.get("release") else ""
    return f"{entry['source']}{release} (warehouse reference table {name})"


def stored_distances(wh: Warehouse) -> tuple[pd.DataFrame, str] | None:
    """The warehouse's distance table ``iso3_o, iso3_d, km`` and its label, or None."""
    table = load(wh, "distances")
    if table is None:
        return None
    return table, label(wh, "distances")


def growth_projections(
    wdi: pd.DataFrame,
    year: int,
    *,
    horizon: int = PROJECTION_HORIZON,
    trend_years: int = TREND_YEARS,
) -> pd.DataFrame:
    """Growth ratios ``gdp`` and ``population`` per ISO3 over ``horizon`` years, extending each
    country's trend: with ``s`` and ``e`` the first and last years of the latest ``trend_years``
    span ending at or before ``year`` where both values are known,
    ``ratio = (v_e / v_s) ** (horizon / (e − s))`` (GDP in constant US$).

    Countries without two such values keep no row (their factor stays neutral).

    >>> wdi = pd.DataFrame({"iso3": ["AZE"] * 3, "year": [2016, 2018, 2021],
    ...     "gdp_usd": [1.0] * 3, "gdp_const_usd": [100.0, 110.0, 121.0],
    ...     "population": [10.0, 10.0, 10.5]})
    >>> growth_projections(wdi, 2021).round(4).to_dict("index")
    {'AZE': {'gdp': 1.21, 'population': 1.05}}
    """
    out = {}
    for column, key in (("gdp_const_usd", "gdp"), ("population", "population")):
        known = wdi[(wdi["year"] <= year) & np.isfinite(wdi[column]) & (wdi[column] > 0)]
        ratios = {}
        for iso3, rows in known.groupby("iso3"):
            rows = rows.sort_values("year")
            end = rows.iloc[-1]
            start_rows = rows[rows["year"] >= end["year"] - trend_years]
            start = start_rows.iloc[0]
            if start["year"] == end["year"]:
                continue
            span = float(end["year"] - start["year"])
            ratios[iso3] = (end[column] / start[column]) ** (horizon / span)
        out[key] = pd.Series(ratios, dtype=float)
    frame = pd.DataFrame(out).dropna()
    frame.index.name = "iso3"
    return frame


def stored_projections(wh: Warehouse, year: int) -> tuple[pd.DataFrame, str] | None:
    """Growth projections from the warehouse's ``wdi`` table for an analysis of ``year``, and
    their label; None when the warehouse holds no ``wdi`` table."""
    wdi = load(wh, "wdi")
    if wdi is None:
        return None
    projections = growth_projections(wdi, year)
    if projections.empty:
        return None
    text = (
        f"{label(wh, 'wdi')}: GDP (constant US$) and population trends of the {TREND_YEARS} "
        f"years to {year} extended {PROJECTION_HORIZON} years"
    )
    return projections, text


def income_groups(wh: Warehouse) -> pd.Series | None:
    """World Bank income group (LIC, LMC, UMC, HIC) per ISO3, or None when not held."""
    table = load(wh, "income_groups")
    if table is None:
        return None
    return table.set_index("iso3")["income_group"]
