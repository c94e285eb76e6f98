"""The Python API: ``tb.open()`` gives a workspace whose methods are the CLI's commands.

Each method is a thin call into one domain function with this workspace's warehouse and
engine; it returns a pandas DataFrame whose ``attrs["meta"]`` holds the source and parameters.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from tradebridge.config import ENGINES, default_engine, default_warehouse
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput, nearest


class Workspace:
    """A warehouse opened on one relational engine (``duckdb`` or ``spark``)."""

    def __init__(self, warehouse: Warehouse, engine: str) -> None:
        if engine not in ENGINES:
            raise BadInput(
                f"unknown engine {engine!r}; {nearest(engine, list(ENGINES))}", field="engine"
            )
        self.warehouse = warehouse
        self.engine = engine

    def __repr__(self) -> str:
        return f"Workspace({str(self.warehouse.path)!r}, engine={self.engine!r})"

    def info(self) -> list[dict[str, Any]]:
        return self.warehouse.summary()

    def flows(self) -> Any:
        """The canonical flows as an Ibis table on this workspace's engine."""
        return self.warehouse.flows(self.engine)

    def profile(self, country: str, **options: Any) -> pd.DataFrame:
        from tradebridge.analytics.profiles import profile

        return profile(self.warehouse, country, engine=self.engine, **options)

    def trend(
        self,
        country: str,
        sector: list[str] | None = None,
        exclude_sector: list[str] | None = None,
        products: str | None = None,
    ) -> pd.DataFrame:
        """The country's total exports and imports in every year held
        (docs/methods.md#profiles-and-growth)."""
        from tradebridge.analytics.trend import trend

        return trend(
            self.warehouse,
            country,
            sectors=sector,
            exclude_sectors=exclude_sector,
            products=products,
            engine=self.engine,
        )

    def product_trade(
        self,
        product: str,
        year: int | None = None,
        flow: Literal["exports", "imports"] = "exports",
        top: int | None = None,
    ) -> pd.DataFrame:
        """The world's exporters (or importers) of an HS6 product or HS4 heading, ranked
        (docs/methods.md#profiles-and-growth)."""
        from tradebridge.analytics.product_trade import product_trade

        return product_trade(
            self.warehouse, product, year=year, flow=flow, top=top, engine=self.engine
        )

    def bilateral(self, country: str, partner: str, **options: Any) -> pd.DataFrame:
        from tradebridge.analytics.profiles import bilateral

        return bilateral(self.warehouse, country, partner, engine=self.engine, **options)

    def indicators(self, country: str, **options: Any) -> pd.DataFrame:
        from tradebridge.analytics.indicators import indicators

        return indicators(self.warehouse, country, engine=self.engine, **options)

    def rca(self, country: str, **options: Any) -> pd.DataFrame:
        from tradebridge.analytics.indicators import rca

        return rca(self.warehouse, country, engine=self.engine, **options)

    def markets(self, country: str, **options: Any) -> pd.DataFrame:
        from tradebridge.analytics.markets import markets

        return markets(self.warehouse, country, engine=self.engine, **options)

    def complexity(self, **options: Any) -> pd.DataFrame:
        from tradebridge.analytics.complexity import complexity

        return complexity(self, **options)

    def diversify(self, country: str, **options: Any) -> pd.DataFrame:
        from tradebridge.analytics.diversification import opportunities

        return opportunities(self, country, **options)

    def product_space(self, **options: Any) -> Any:
        from tradebridge.analytics.product_space import product_space

        return product_space(self, **options)

    def potential(self, country: str, **options: Any) -> pd.DataFrame:
        from tradebridge.analytics.potential import potential

        return potential(self.warehouse, country, engine=self.engine, **options)

    def mutual(self, country: str, partner: str, **options: Any) -> pd.DataFrame:
        from tradebridge.analytics.mutual import mutual

        return mutual(self.warehouse, country, partner, engine=self.engine, **options)

    def brief(
        self, country: str, partner: str, out: str | os.PathLike[str], **options: Any
    ) -> Path:
        """Write the one-file HTML market brief of ``country`` and ``partner`` to ``out``."""
        from tradebridge.reports.brief import write_brief

        return write_brief(
            self.warehouse, country, partner, Path(out), engine=self.engine, **options
        )


def open_workspace(
    path: str | os.PathLike[str] | None = None, *, engine: str | None = None
) -> Workspace:
    """Open the warehouse at ``path`` ($TRADEBRIDGE_HOME or ./tradebridge-data by default)."""
    return Workspace(
        Warehouse(Path(path) if path else default_warehouse()), engine or default_engine()
    )
