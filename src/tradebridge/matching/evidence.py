"""Market evidence for matching, read from the warehouse through the Workspace API and cached:
once per exporting country (export potential into every market, actual exports) and once per
importing country (imports by product), never once per candidate.

For exporter country i, importer country j and HS6 product k, in ``year`` (the warehouse's
default year unless given):

- ``untapped[k]`` = ``U_ijk = max(PV_ijk − x_ijk, 0)`` and ``ease`` = ``B_ij`` from
  ``Workspace.potential(i)`` (docs/methods.md#export-potential; every product, so the ease is
  that of the whole pair, not of a product subset);
- ``exports[k]`` = ``x_ijk`` in ``year``, and ``latest[k]``, ``base[k]`` = ``m_jk`` in ``year``
  and ``year − window``: sums of the warehouse's flows (``Workspace.flows``), the numbers
  ``Workspace.profile`` shows.

>>> evidence = MarketEvidence(ws, year=2021)
>>> pair = evidence.pair("AZE", "RUS")
>>> round(pair.ease, 4), pair.exports["080510"]  # 400 / (150/370 · 250 + 850/1850 · 1300)
(0.5725, 100.0)
>>> imports = evidence.imports("RUS")
>>> imports.latest["080510"], imports.base["080510"]  # 100 + 150 in 2021; 50 + 100 in 2016
(250.0, 150.0)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tradebridge.errors import TradebridgeError


@dataclass(frozen=True)
class PairTrade:
    """What the warehouse says about exporter country ``exporter`` selling to ``importer``."""

    exporter: str
    importer: str
    ease: float
    untapped: dict[str, float] = field(default_factory=dict)
    exports: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportTrade:
    """What ``importer`` buys, by HS6 product, in the evidence year and the window's base year
    (``base_year`` None when that year is not held)."""

    importer: str
    latest: dict[str, float] = field(default_factory=dict)
    base: dict[str, float] = field(default_factory=dict)


@dataclass
class MarketEvidence:
    """The warehouse's evidence for matching, cached per country pair and per importer.

    ``workspace``: a ``tradebridge.workspace.Workspace``; ``window``: years of import growth;
    ``average``: years averaged by export potential.
    """

    workspace: Any
    year: int | None = None
    window: int = 5
    average: int = 3
    _pairs: dict[tuple[str, str], PairTrade] = field(default_factory=dict, repr=False)
    _exporters: set[str] = field(default_factory=set, repr=False)
    _imports: dict[str, ImportTrade] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        wh = self.workspace.warehouse
        self.year = wh.default_year() if self.year is None else int(self.year)
        base = self.year - self.window
        self.base_year: int | None = base if base in wh.partitions() else None
        provenance = wh.provenance([self.year])
        self.source: str = provenance["source"]
        self.synthetic: bool = bool(provenance["synthetic"])

    def pair(self, exporter: str, importer: str) -> PairTrade:
        """Untapped potential, ease and actual exports of ``exporter`` into ``importer``."""
        if exporter not in self._exporters:
            self._pairs.update(self._markets_of(exporter))
            self._exporters.add(exporter)
        return self._pairs.get((exporter, importer)) or PairTrade(exporter, importer, 0.0)

    def imports(self, importer: str) -> ImportTrade:
        """``importer``'s imports by product in ``year`` and in the base year of the window."""
        self.prefetch([importer])
        return self._imports[importer]

    def prefetch(self, importers: list[str]) -> None:
        """Read the imports of every importer of ``importers`` not yet cached, in one query."""
        wanted = sorted(set(importers) - set(self._imports))
        if not wanted:
            return
        years = [self.year] + ([self.base_year] if self.base_year is not None else [])
        flows = self.workspace.flows()
        rows = flows.filter(flows.year.isin(years) & flows.importer.isin(wanted))
        rows = rows.group_by(["importer", "year", "product"]).aggregate(value=rows.value.sum())
        table = rows.execute()
        for importer in wanted:
            mine = table[table["importer"] == importer]
            self._imports[importer] = ImportTrade(
                importer,
                latest=_by_product(mine[mine["year"] == self.year], "value"),
                base=_by_product(mine[mine["year"] == self.base_year], "value"),
            )

    def cached_pairs(self) -> int:
        """How many exporter countries' evidence has been read (each once)."""
        return len(self._exporters)

    def _markets_of(self, exporter: str) -> dict[tuple[str, str], PairTrade]:
        """Every market's evidence for ``exporter``: one potential computation over all its
        markets and one query of its exports in ``year``."""
        ws = self.workspace
        try:
            rows = ws.potential(exporter, year=self.year, average=self.average)
        except TradebridgeError:
            return {}
        flows = ws.flows()
        sold = flows.filter((flows.year == self.year) & (flows.exporter == exporter))
        sold = sold.group_by(["importer", "product"]).aggregate(value=sold.value.sum()).execute()
        out = {}
        for market, part in rows.groupby("market", sort=False):
            eases = part["ease"].dropna()
            out[(exporter, market)] = PairTrade(
                exporter,
                market,
                ease=float(eases.iloc[0]) if len(eases) else 0.0,
                untapped=_by_product(part, "untapped_usd"),
                exports=_by_product(sold[sold["importer"] == market], "value"),
            )
        return out

    def matrix(self, pairs: list[tuple[str, str]], products: list[str], what: str) -> np.ndarray:
        """``len(pairs) × len(products)`` values of ``what``: ``untapped`` or ``exports`` of
        each (exporter, importer) pair, or ``latest`` or ``base`` imports of each importer."""
        out = np.zeros((len(pairs), len(products)))
        for r, (exporter, importer) in enumerate(pairs):
            if what in ("untapped", "exports"):
                values = getattr(self.pair(exporter, importer), what)
            else:
                values = getattr(self.imports(importer), what)
            out[r] = [values.get(k, 0.0) for k in products]
        return out


def _by_product(rows: Any, column: str) -> dict[str, float]:
    if rows is None or len(rows) == 0:
        return {}
    return {str(k): float(v) for k, v in zip(rows["product"], rows[column], strict=True)}
