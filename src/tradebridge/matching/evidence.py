"""Market evidence for matching, read from the warehouse through the Workspace API and cached:
once per country pair (export potential, actual exports) and once per importing country
(imports by product and their growth), never once per candidate.

For exporter country i, importer country j and HS6 product k, in ``year`` (the warehouse's
default year unless given):

- ``untapped[k]`` = ``U_ijk = max(PV_ijk − x_ijk, 0)`` and ``ease`` = ``B_ij`` from
  ``Workspace.potential(i, partner=j)`` (docs/methods.md#export-potential; every product, so the
  ease is that of the whole pair, not of a product subset);
- ``exports[k]`` = ``x_ijk`` in ``year`` from ``Workspace.profile(i, partner=j, by=product)``;
- ``latest[k]``, ``base[k]`` = ``m_jk`` in ``year`` and ``year − window`` from
  ``Workspace.profile(j, flow=imports, by=product)``.

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
        key = (exporter, importer)
        if key not in self._pairs:
            self._pairs[key] = self._pair(exporter, importer)
        return self._pairs[key]

    def imports(self, importer: str) -> ImportTrade:
        """``importer``'s imports by product in ``year`` and in the base year of the window."""
        if importer not in self._imports:
            self._imports[importer] = self._imports_of(importer)
        return self._imports[importer]

    def cached_pairs(self) -> int:
        return len(self._pairs)

    def _pair(self, exporter: str, importer: str) -> PairTrade:
        ws = self.workspace
        try:
            rows = ws.potential(exporter, year=self.year, partner=importer, average=self.average)
            sold = ws.profile(exporter, year=self.year, by="product", partner=importer, window=0)
        except TradebridgeError:
            return PairTrade(exporter, importer, 0.0)
        eases = rows["ease"].dropna()
        return PairTrade(
            exporter,
            importer,
            ease=float(eases.iloc[0]) if len(eases) else 0.0,
            untapped=_by_product(rows, "untapped_usd"),
            exports=_by_product(sold, "value_usd"),
        )

    def _imports_of(self, importer: str) -> ImportTrade:
        ws = self.workspace
        try:
            latest = ws.profile(importer, year=self.year, by="product", flow="imports", window=0)
            base = (
                ws.profile(importer, year=self.base_year, by="product", flow="imports", window=0)
                if self.base_year is not None
                else None
            )
        except TradebridgeError:
            return ImportTrade(importer)
        return ImportTrade(
            importer,
            latest=_by_product(latest, "value_usd"),
            base=_by_product(base, "value_usd") if base is not None else {},
        )

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
