"""Trade analytics: ``profile``, ``bilateral``, ``indicators``, ``rca``, ``markets`` (and
``trend``, ``product_trade`` for the web pages)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from tradebridge.options import (
    BilateralBy,
    Country,
    Doc,
    ExcludeSector,
    Flow,
    Group,
    MarketSort,
    Partner,
    PartnerFilter,
    Products,
    ProfileBy,
    Sector,
    Top,
    Window,
    Year,
    check_sizes,
    choice,
)
from tradebridge.workspace.base import WorkspaceBase

if TYPE_CHECKING:  # loaded when a method runs, not when the CLI starts
    import pandas as pd


class TradeCommands(WorkspaceBase):
    """Trade analytics, as methods of ``Workspace``."""

    def profile(
        self,
        country: Country,
        year: Year = None,
        by: Annotated[ProfileBy, Doc("Breakdown")] = ProfileBy.partner,
        flow: Annotated[Flow, Doc("exports or imports")] = Flow.exports,
        window: Window = 5,
        sector: Sector = None,
        exclude_sector: ExcludeSector = None,
        products: Products = None,
        partner: PartnerFilter = None,
        group: Group = None,
        top: Top = None,
    ) -> pd.DataFrame:
        """Where a country's exports go (or imports come from) and what they are: value, share
        ``v / Σv`` after filters, and growth ``(v_t / v_{t-n})^(1/n) - 1`` over the window
        (docs/methods.md#profiles).

        >>> rows = ws.profile("AZE", year=2021, by="partner")
        >>> print(rows[["partner", "value_usd", "share"]].to_string(index=False))
        partner  value_usd  share
            TUR      550.0   0.55
            RUS      400.0   0.40
            KAZ       50.0   0.05
        """
        from tradebridge.analytics.profiles import profile

        check_sizes(top=top, window=window)
        return profile(
            self.warehouse,
            country,
            year=year,
            by=choice(ProfileBy, by, "by").value,
            flow=choice(Flow, flow, "flow").value,
            window=window,
            sectors=sector,
            exclude_sectors=exclude_sector,
            products=products,
            partner=partner,
            group=group,
            top=top,
            engine=self.engine,
        )

    def bilateral(
        self,
        country: Country,
        partner: Partner,
        year: Year = None,
        by: Annotated[BilateralBy, Doc("Breakdown")] = BilateralBy.sector,
        window: Window = 5,
        sector: Sector = None,
        exclude_sector: ExcludeSector = None,
        products: Products = None,
        top: Top = None,
    ) -> pd.DataFrame:
        """Trade between two countries in both directions: exports, imports, balance and
        Grubel-Lloyd ``1 - |X - M| / (X + M)`` per row (docs/methods.md#grubel-lloyd).

        >>> rows = ws.bilateral("AZE", "RUS", year=2021, by="product")
        >>> print(rows[["product", "exports_usd", "imports_usd", "grubel_lloyd"]].to_string())
          product  exports_usd  imports_usd  grubel_lloyd
        0  270900        300.0          0.0      0.000000
        1  720610          0.0        200.0      0.000000
        2  080510        100.0         50.0      0.666667
        """
        from tradebridge.analytics.profiles import bilateral

        check_sizes(top=top, window=window)
        return bilateral(
            self.warehouse,
            country,
            partner,
            year=year,
            by=choice(BilateralBy, by, "by").value,
            window=window,
            sectors=sector,
            exclude_sectors=exclude_sector,
            products=products,
            top=top,
            engine=self.engine,
        )

    def trend(
        self,
        country: Country,
        sector: Sector = None,
        exclude_sector: ExcludeSector = None,
        products: Products = None,
    ) -> pd.DataFrame:
        """A country's total exports and imports in every year held, and the balance
        (docs/methods.md#profiles).

        >>> print(ws.trend("AZE")[["year", "exports_usd", "imports_usd"]].to_string(index=False))
         year  exports_usd  imports_usd
         2016        750.0        100.0
         2021       1000.0        270.0
        """
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
        product: Annotated[str, Doc("HS6 code or HS4 heading")],
        year: Year = None,
        flow: Annotated[Flow, Doc("exports or imports")] = Flow.exports,
        top: Top = None,
    ) -> pd.DataFrame:
        """The world's exporters (or importers) of one product, ranked by value, with their
        share of the world's trade in it (docs/methods.md#profiles).

        >>> rows = ws.product_trade("080510", year=2021)
        >>> print(rows[["country", "value_usd", "rank"]].to_string(index=False))
        country  value_usd  rank
            TUR      170.0     1
            AZE      150.0     2
            RUS       50.0     3
        """
        from tradebridge.analytics.product_trade import product_trade

        check_sizes(top=top)
        return product_trade(
            self.warehouse,
            product,
            year=year,
            flow=choice(Flow, flow, "flow").value,
            top=top,
            engine=self.engine,
        )

    def indicators(
        self,
        country: Country,
        partner: Annotated[str | None, Doc("Partner for pair indicators")] = None,
        year: Year = None,
        sector: Sector = None,
        exclude_sector: ExcludeSector = None,
        products: Products = None,
    ) -> pd.DataFrame:
        """Concentration (HHI, normalised HHI, Hirschman, entropy), diversification and, with a
        partner, complementarity and intensity, as WITS defines them
        (docs/methods.md#trade-indicators).

        >>> rows = ws.indicators("AZE", year=2021)
        >>> hhi = rows.query("indicator == 'hhi' and scope == 'markets'")["value"].item()
        >>> round(hhi, 6)  # 0.55² + 0.40² + 0.05²
        0.465
        """
        from tradebridge.analytics.indicators import indicators

        return indicators(
            self.warehouse,
            country,
            year=year,
            partner=partner,
            sectors=sector,
            exclude_sectors=exclude_sector,
            products=products,
            engine=self.engine,
        )

    def rca(
        self,
        country: Country,
        year: Year = None,
        partner: Annotated[str | None, Doc("Add export specialisation vs this market")] = None,
        sector: Sector = None,
        exclude_sector: ExcludeSector = None,
        products: Products = None,
        top: Top = None,
    ) -> pd.DataFrame:
        """Revealed comparative advantage (Balassa) of each exported product,
        ``RCA_ik = (x_ik / x_i) / (x_k / x)`` (docs/methods.md#rca).

        >>> rows = ws.rca("AZE", year=2021).set_index("product")
        >>> print(round(rows.loc["080510", "rca"], 4))  # (150 / 1000) / (370 / 3320)
        1.3459
        """
        from tradebridge.analytics.indicators import rca

        check_sizes(top=top)
        return rca(
            self.warehouse,
            country,
            year=year,
            partner=partner,
            sectors=sector,
            exclude_sectors=exclude_sector,
            products=products,
            top=top,
            engine=self.engine,
        )

    def markets(
        self,
        country: Country,
        year: Year = None,
        window: Window = 5,
        sector: Sector = None,
        exclude_sector: ExcludeSector = None,
        products: Products = None,
        group: Group = None,
        weights: Annotated[
            str | None, Doc("Component weights, e.g. demand=0.4,distance=0.2")
        ] = None,
        distances: Annotated[
            Path | None, Doc("Distance table CSV iso3_o,iso3_d,km (CEPII accepted)")
        ] = None,
        average: Annotated[int, Doc("Years averaged for export potential")] = 3,
        sort: Annotated[MarketSort, Doc("Order: untapped (potential) or score")] = (
            MarketSort.untapped
        ),
        top: Top = None,
    ) -> pd.DataFrame:
        """Destination markets ranked by untapped export potential (or by the weighted mean of
        the components' percentile ranks), with every component shown
        (docs/methods.md#market-prioritisation).

        >>> rows = ws.markets("AZE", year=2021, sort="score")
        >>> rows.set_index("market")["trade_intensity"].round(4).to_dict()  # TUR: .55 / (550/3320)
        {'TUR': 3.32, 'RUS': 0.6478, 'KAZ': 0.3689}
        """
        from tradebridge.analytics.markets import markets

        check_sizes(top=top, window=window, average=average)
        return markets(
            self.warehouse,
            country,
            year=year,
            window=window,
            sectors=sector,
            exclude_sectors=exclude_sector,
            products=products,
            group=group,
            weights=weights,
            distances=distances,
            average=average,
            sort=choice(MarketSort, sort, "sort").value,
            top=top,
            engine=self.engine,
        )
