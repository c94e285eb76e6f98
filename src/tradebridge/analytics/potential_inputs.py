"""The optional real-world inputs of export potential (growth projections, elasticities,
tariffs, distances): read from files or the warehouse's reference tables, each neutral when
absent, and described in ``meta``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tradebridge.data.distances import load_distances
from tradebridge.data.projections import load_elasticities, load_projections
from tradebridge.data.reference_tables import entries as reference_entries
from tradebridge.data.reference_tables import stored_distances, stored_projections
from tradebridge.data.tariffs import load_tariffs
from tradebridge.data.warehouse import Warehouse
from tradebridge.reference.distances import capital_distances


@dataclass(frozen=True)
class PotentialInputs:
    """The optional real-world inputs; each ``None`` means its factor is neutral."""

    projections: pd.DataFrame | None = None
    elasticities: pd.Series | None = None
    tariffs: pd.DataFrame | None = None
    distances: pd.DataFrame | None = None
    labels: dict[str, str | None] = field(default_factory=dict)
    from_files: bool = False
    """True when any input was read from a file given by hand (then nothing is memoised)."""
    stored: tuple[tuple[str, str], ...] = ()
    """(table, checksum) of the warehouse reference tables used: part of the memo key."""

    @classmethod
    def load(
        cls,
        projections: str | Path | None = None,
        elasticities: str | Path | None = None,
        tariffs: str | Path | None = None,
        distances: str | Path | None = None,
        *,
        warehouse: Warehouse | None = None,
        year: int | None = None,
    ) -> PotentialInputs:
        """Load and validate the given files; ``distances="capitals"`` uses great-circle km
        between capitals. Without a projections or distances file, the ``warehouse``'s
        reference tables are used when it holds them (growth projections from its WDI trends
        up to ``year``, CEPII distances; ``data/reference_tables``)."""
        dist_table, dist_label = None, None
        if distances is not None and str(distances) == "capitals":
            dist_table, dist_label = capital_distances(), "great-circle distance between capitals"
        elif distances is not None:
            dist_table, dist_label = load_distances(distances), Path(distances).name
        elif warehouse is not None:
            dist_table, dist_label = stored_distances(warehouse) or (None, None)
        proj_table = load_projections(projections) if projections is not None else None
        proj_label = Path(projections).name if projections is not None else None
        if projections is None and warehouse is not None and year is not None:
            proj_table, proj_label = stored_projections(warehouse, year) or (None, None)
        stored = ()
        if warehouse is not None:
            used = {"wdi": proj_table is not None and projections is None}
            used["distances"] = dist_table is not None and distances is None
            tables = reference_entries(warehouse)
            stored = tuple((n, tables[n]["checksum"]) for n, on in used.items() if on)
        return cls(
            projections=proj_table,
            elasticities=load_elasticities(elasticities) if elasticities is not None else None,
            tariffs=load_tariffs(tariffs) if tariffs is not None else None,
            distances=dist_table,
            from_files=any(f is not None for f in (projections, elasticities, tariffs, distances)),
            stored=stored,
            labels={
                "projections": proj_label,
                "elasticities": Path(elasticities).name if elasticities is not None else None,
                "tariffs": Path(tariffs).name if tariffs is not None else None,
                "distances": dist_label,
            },
        )

    def describe(self) -> dict[str, Any]:
        labels = {
            k: self.labels.get(k) for k in ("projections", "elasticities", "tariffs", "distances")
        }
        neutral = [k for k, v in labels.items() if v is None]
        note = (
            (
                "neutral factors for " + ", ".join(neutral) + " (growth ratios 1, elasticity 1, "
                "tariffs 0, distance factor 1)"
            )
            if neutral
            else "all optional inputs used"
        )
        return {"inputs": labels, "neutral_inputs": neutral, "inputs_note": note}

    def growth(self, codes: pd.Index, column: str) -> np.ndarray | None:
        """The projected ratio ``column`` (gdp or population) of each country, 1 if absent."""
        if self.projections is None:
            return None
        return codes.map(self.projections[column]).to_numpy(dtype=float, na_value=1.0)
