"""The Python API: ``tb.open()`` gives a workspace whose methods are the CLI's commands.

One method per command, named after the command's path (``tradebridge reference countries`` is
``reference_countries``, ``product-space`` is ``product_space``), with the command's options as
parameters of the same name, type and default (``--exclude-sector`` is ``exclude_sector``;
repeatable options are ``list[str] | None``; choices are the ``StrEnum``s of
``tradebridge.options``, which also accept their plain strings). Each parameter carries its help
text as ``Annotated[type, Doc("...")]``: ``inspect.signature(Workspace.profile, eval_str=True)``
and ``tradebridge.options.help_of`` give everything an interface needs (the REST API is
generated from these signatures). Every option is checked before any data is read.

Analytic methods return a pandas DataFrame whose ``attrs["meta"]`` holds the source, the
engine, whether the data is synthetic, and every parameter used. The examples run as doctests on
the hand-made tiny world (``tests/data/analytics/tiny_world.csv``) opened as ``ws``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import pandas as pd

from tradebridge.config import default_warehouse, resolve_engine
from tradebridge.data.ingest import IngestReport
from tradebridge.data.warehouse import Warehouse
from tradebridge.options import (
    Average,
    BilateralBy,
    Country,
    Doc,
    Elasticities,
    ExcludeSector,
    Flow,
    Group,
    LevelParam,
    MarketSort,
    MinEase,
    MutualBy,
    NormalizationParam,
    Partner,
    PartnerFilter,
    PotentialBy,
    PotentialDistances,
    Presence,
    Products,
    ProfileBy,
    Projections,
    ProximityKind,
    RcaThreshold,
    Scale,
    Sector,
    Strategy,
    Tariffs,
    Top,
    Window,
    Year,
    Years,
    check_positive,
    check_threshold,
    check_top,
    choice,
    parse_years,
    years_of,
)
from tradebridge.options import Level as LevelChoice
from tradebridge.options import Normalization as NormalizationChoice
from tradebridge.results import ProductSpace, with_meta

Paths = Annotated[list[Path], Doc("Files, folders or zips to read")]
SkipInvalid = Annotated[bool, Doc("Store the good rows; write bad ones to --rejects")]
Rejects = Annotated[Path | None, Doc("CSV file receiving every rejected row and its reason")]
Replace = Annotated[bool, Doc("Replace years already held from another source")]
Progress = Annotated[
    Callable[[str], None] | None, Doc("Called with a message at each stage (not on the web)")
]
FetchProgress = Annotated[
    Callable[[int, int | None], None] | None,
    Doc("Called with (bytes done, bytes in all or None) as a download proceeds"),
]


def _check(
    *, top: int | None = None, window: int | None = None, average: int | None = None
) -> None:
    check_top(top)
    if window is not None and window < 0:
        check_positive(window, "window")
    if average is not None:
        check_positive(average, "average")


class Workspace:
    """A warehouse opened on one relational engine (``duckdb`` or ``spark``)."""

    def __init__(self, warehouse: Warehouse, engine: str | None = None) -> None:
        self.warehouse = warehouse
        self.engine = resolve_engine(engine)

    def __repr__(self) -> str:
        return f"Workspace({str(self.warehouse.path)!r}, engine={self.engine!r})"

    def flows(self) -> Any:
        """The canonical flows as an Ibis table on this workspace's engine."""
        return self.warehouse.flows(self.engine)

    # ---- the warehouse ----------------------------------------------------------------------

    def info(
        self,
        check: Annotated[
            bool,
            Doc(
                "Verify every file against the manifest (present, checksum, rows) instead: one"
                " row per finding; meta ok is false when data is damaged"
            ),
        ] = False,
    ) -> pd.DataFrame:
        """What the warehouse holds: one row per year (rows, value, source, checksum);
        ``meta["references"]`` lists its reference tables (WDI, income groups, distances). With
        ``check``, what is wrong with it: one row per finding (path, problem, damage).

        >>> ws.info().set_index("year")["value_usd"].to_dict()
        {2016: 2000.0, 2021: 3320.0}
        >>> ws.info(check=True).attrs["meta"]["ok"], len(ws.info(check=True))
        (True, 0)
        """
        if check:
            from tradebridge.data.integrity import check as check_files

            found = check_files(self.warehouse)
            table = pd.DataFrame(
                [(f.path, f.problem, f.damage) for f in found],
                columns=["path", "problem", "damage"],
            )
            ok = not any(f.damage for f in found)
            return with_meta(table, {"warehouse": str(self.warehouse.path.resolve()), "ok": ok})
        columns = ["year", "rows", "value_usd", "source", "hs_revision", "release", "checksum"]
        rows = pd.DataFrame(self.warehouse.summary(), columns=[*columns, "ingested_at"])
        from tradebridge.data.reference_tables import entries

        meta = {
            "warehouse": str(self.warehouse.path.resolve()),
            **self.warehouse.provenance(),
            "references": entries(self.warehouse),
        }
        return with_meta(rows, meta)

    def ingest_baci(
        self,
        paths: Paths,
        skip_invalid: SkipInvalid = False,
        rejects: Rejects = None,
        replace: Replace = False,
        progress: Progress = None,
    ) -> IngestReport:
        """Ingest a CEPII BACI release (zip, unpacked folder, or yearly CSVs with the code files
        beside): every row stored, rejected with a reason, or the warehouse left as it was."""
        from tradebridge.data.baci import ingest_baci

        return ingest_baci(
            self.warehouse,
            paths,
            skip_invalid=skip_invalid,
            rejects=rejects,
            replace=replace,
            progress=progress,
        )

    def ingest_comtrade(
        self,
        paths: Paths,
        skip_invalid: SkipInvalid = False,
        rejects: Rejects = None,
        replace: Replace = False,
        progress: Progress = None,
    ) -> IngestReport:
        """Ingest UN Comtrade CSV (Comtrade Plus / API v1 layout or the legacy bulk layout)."""
        from tradebridge.data.comtrade import ingest_comtrade

        return ingest_comtrade(
            self.warehouse,
            paths,
            skip_invalid=skip_invalid,
            rejects=rejects,
            replace=replace,
            progress=progress,
        )

    def ingest_csv(
        self,
        paths: Paths,
        source: Annotated[str | None, Doc("Source label for the manifest")] = None,
        skip_invalid: SkipInvalid = False,
        rejects: Rejects = None,
        replace: Replace = False,
        progress: Progress = None,
    ) -> IngestReport:
        """Ingest plain CSV with columns ``year,exporter,importer,product,value[,quantity]``
        (US$, ISO3, HS6)."""
        from tradebridge.data.plain_csv import ingest_csv

        return ingest_csv(
            self.warehouse,
            paths,
            source=source,
            skip_invalid=skip_invalid,
            rejects=rejects,
            replace=replace,
            progress=progress,
        )

    # ---- trade analytics ---------------------------------------------------------------------

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

        _check(top=top, window=window)
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

        _check(top=top, window=window)
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

        _check(top=top)
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

        _check(top=top)
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

        _check(top=top, window=window, average=average)
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

    # ---- export potential ----------------------------------------------------------------------

    def potential(
        self,
        country: Country,
        year: Year = None,
        partner: Annotated[str | None, Doc("Only this market")] = None,
        by: Annotated[PotentialBy, Doc("Breakdown")] = PotentialBy.product,
        average: Average = 3,
        sector: Sector = None,
        exclude_sector: ExcludeSector = None,
        products: Products = None,
        min_ease: MinEase = None,
        projections: Projections = None,
        elasticities: Elasticities = None,
        tariffs: Tariffs = None,
        distances: PotentialDistances = None,
        top: Top = None,
    ) -> pd.DataFrame:
        """Export potential ``PV_ijk = S_ik · D_ijk · B_ij``, actual exports and untapped
        potential ``max(PV - x, 0)`` per market and product (docs/methods.md#export-potential).
        With neutral inputs the potentials of a market sum to the actual exports to it.

        >>> rows = ws.potential("AZE", year=2021, partner="RUS", average=1)
        >>> float(round(rows["potential_usd"].sum(), 6)), float(rows["actual_usd"].sum())
        (400.0, 400.0)
        """
        from tradebridge.analytics.potential import potential

        _check(top=top, average=average)
        return potential(
            self.warehouse,
            country,
            year=year,
            market=partner,
            by=choice(PotentialBy, by, "by").value,
            average=average,
            sectors=sector,
            exclude_sectors=exclude_sector,
            products=products,
            min_ease=min_ease,
            projections=projections,
            elasticities=elasticities,
            tariffs=tariffs,
            distances=distances,
            top=top,
            engine=self.engine,
        )

    def mutual(
        self,
        country: Country,
        partner: Partner,
        year: Year = None,
        by: Annotated[MutualBy, Doc("Breakdown")] = MutualBy.sector,
        average: Average = 3,
        sector: Sector = None,
        exclude_sector: ExcludeSector = None,
        products: Products = None,
        min_ease: MinEase = None,
        projections: Projections = None,
        elasticities: Elasticities = None,
        tariffs: Tariffs = None,
        distances: PotentialDistances = None,
        top: Top = None,
    ) -> pd.DataFrame:
        """Mutually beneficial areas: potential, actual and untapped both ways, and the mutual
        score ``√(U_AB · U_BA)`` per row (docs/methods.md#mutual).

        >>> rows = ws.mutual("AZE", "RUS", year=2021, average=1)
        >>> [float(round(rows[c].sum(), 6)) for c in ("ab_potential_usd", "ba_potential_usd")]
        [400.0, 250.0]
        """
        from tradebridge.analytics.mutual import mutual

        _check(top=top, average=average)
        return mutual(
            self.warehouse,
            country,
            partner,
            year=year,
            by=choice(MutualBy, by, "by").value,
            average=average,
            sectors=sector,
            exclude_sectors=exclude_sector,
            products=products,
            min_ease=min_ease,
            projections=projections,
            elasticities=elasticities,
            tariffs=tariffs,
            distances=distances,
            top=top,
            engine=self.engine,
        )

    def brief(
        self,
        country: Country,
        partner: Partner,
        out: Annotated[Path, Doc("File to write: .html, or .pdf for an A4 PDF")] = Path(
            "brief.html"
        ),
        year: Year = None,
        top: Annotated[int, Doc("Rows per table")] = 10,
        language: Annotated[str, Doc("Language of the brief: az, ru or en")] = "en",
    ) -> Path:
        """Write the market brief of ``country`` and ``partner`` to ``out`` (atomically): one
        HTML file, or an A4 PDF when ``out`` ends in ``.pdf``; return its path.

        >>> ws.brief("AZE", "RUS", out=tmp / "brief.html", year=2021).name
        'brief.html'
        """
        from tradebridge.reports.brief import write_brief

        _check(top=top)
        return write_brief(
            self.warehouse,
            country,
            partner,
            Path(out),
            year=year,
            top=top,
            engine=self.engine,
            language=language,
        )

    # ---- economic complexity -----------------------------------------------------------------

    def complexity(
        self,
        year: Year = None,
        years: Years = None,
        level: LevelParam = LevelChoice.hs6,
        rca_threshold: RcaThreshold = 1.0,
        presence: Annotated[Presence, Doc("Presence test")] = Presence.rca,
        population: Annotated[
            Path | None, Doc("CSV year,location,population (for rpop/both)")
        ] = None,
        proximity: Annotated[ProximityKind, Doc("Proximity")] = ProximityKind.symmetric,
        knn: Annotated[int | None, Doc("Density over the K nearest products")] = None,
        normalization: NormalizationParam = NormalizationChoice.stata,
        out: Annotated[
            Path | None, Doc("Write every (year, location, product) row (.parquet/.csv)")
        ] = None,
        on_year: Annotated[
            Callable[[int], None] | None, Doc("Called after each year (not on the web)")
        ] = None,
    ) -> pd.DataFrame:
        """RCA, presence, diversity, ubiquity, ECI, PCI, density, COI and COG: one row per
        (year, location, product) (docs/methods.md#economic-complexity); written atomically to
        ``out`` too when given.

        >>> rows = ws.complexity(year=2021)
        >>> rows.groupby("location")["diversity"].first().to_dict()
        {'AZE': 2, 'CHN': 1, 'KAZ': 1, 'RUS': 1, 'TUR': 1}
        """
        from tradebridge.analytics.complexity import complexity
        from tradebridge.atomic import write_table

        check_threshold(rca_threshold)
        if knn is not None:
            check_positive(knn, "knn")
        table = None if population is None else _read_population(population)
        rows = complexity(
            self.warehouse,
            years=years_of(years, year) or [self.warehouse.latest_year()],
            level=choice(LevelChoice, level, "level").value,
            rca_threshold=rca_threshold,
            presence=choice(Presence, presence, "presence").value,
            population=table,
            proximity=choice(ProximityKind, proximity, "proximity").value,
            knn=knn,
            normalization=choice(NormalizationChoice, normalization, "normalization").value,
            on_year=on_year,
            engine=self.engine,
        )
        if out is not None:
            write_table(out, rows)
        return rows

    def diversify(
        self,
        country: Country,
        year: Year = None,
        strategy: Annotated[Strategy, Doc("Weights on distance, PCI, COG")] = Strategy.balanced,
        sector: Sector = None,
        exclude_sector: ExcludeSector = None,
        top: Top = 50,
        level: LevelParam = LevelChoice.hs6,
        rca_threshold: RcaThreshold = 1.0,
        normalization: NormalizationParam = NormalizationChoice.stata,
    ) -> pd.DataFrame:
        """Products the country could export next, ranked by
        ``w_d z(-distance) + w_p z(PCI) + w_g z(COG)`` over its candidates (products with
        ``M_cp = 0``; docs/methods.md#diversification).

        >>> ws.diversify("KAZ", year=2021)["product"].tolist()  # the one product with a density
        ['080510']
        """
        from tradebridge.analytics.diversification import opportunities

        _check(top=top)
        check_threshold(rca_threshold)
        return opportunities(
            self.warehouse,
            country,
            year=year,
            strategy=choice(Strategy, strategy, "strategy").value,
            sectors=sector,
            exclude_sectors=exclude_sector,
            top=top,
            level=choice(LevelChoice, level, "level").value,
            rca_threshold=rca_threshold,
            normalization=choice(NormalizationChoice, normalization, "normalization").value,
            engine=self.engine,
        )

    def product_space(
        self,
        year: Year = None,
        threshold: Annotated[float, Doc("Also draw edges with proximity >= this")] = 0.55,
        level: LevelParam = LevelChoice.hs6,
        rca_threshold: RcaThreshold = 1.0,
        out: Annotated[Path | None, Doc("Write the graph as JSON here")] = None,
    ) -> ProductSpace:
        """The product space graph: the maximum spanning tree of proximity plus every edge with
        ``φ >= threshold`` (docs/methods.md#product-space); written atomically to ``out`` as
        JSON too when given.

        >>> space = ws.product_space(year=2021)
        >>> len(space.nodes), space.meta["tree_edges"]  # only AZE exports two products
        (4, 1)
        """
        from tradebridge.analytics.product_space import product_space
        from tradebridge.atomic import write_text

        check_threshold(rca_threshold)
        space = product_space(
            self.warehouse,
            year=year,
            threshold=threshold,
            level=choice(LevelChoice, level, "level").value,
            rca_threshold=rca_threshold,
            engine=self.engine,
        )
        if out is not None:
            write_text(out, space.to_json())
        return space

    # ---- reference data ------------------------------------------------------------------------

    def reference_countries(
        self,
        group: Annotated[str | None, Doc("Members of a group")] = None,
        year: Annotated[int | None, Doc("Members in this year")] = None,
    ) -> pd.DataFrame:
        """Countries with their codes (all current ones, or a group's members in a year).

        >>> ws.reference_countries(group="EAEU", year=2021)["iso3"].tolist()
        ['ARM', 'BLR', 'KAZ', 'KGZ', 'RUS']
        """
        from tradebridge.reference.groups import country_list

        return country_list(group, year)

    def reference_groups(self) -> pd.DataFrame:
        """Country groups (CIS, EAEU, EU27, ...) with their sources."""
        from tradebridge.reference.groups import group_list

        return group_list()

    def reference_sectors(self) -> pd.DataFrame:
        """The sectors of the taxonomy with their ids and number of HS6 codes."""
        from tradebridge.reference.sectors import sector_list

        return sector_list()

    def reference_products(
        self,
        sector: Annotated[str | None, Doc("Sector id or name")] = None,
        hs: Annotated[str | None, Doc("HS2, HS4 or HS6 prefix")] = None,
    ) -> pd.DataFrame:
        """HS6 products with their sector (optionally one sector's, or under an HS prefix).

        >>> ws.reference_products(hs="080510")["sector"].tolist()
        ['fresh_fruit_vegetables']
        """
        from tradebridge.reference.sectors import product_list

        return product_list(sector, hs)

    # ---- the web app ---------------------------------------------------------------------------

    def serve(
        self,
        host: Annotated[
            str | None, Doc("Address to listen on [$TRADEBRIDGE_HOST, 127.0.0.1]")
        ] = None,
        port: Annotated[int | None, Doc("Port [$TRADEBRIDGE_PORT, 8000]")] = None,
    ) -> None:
        """Serve the web pages and the REST API over this warehouse until interrupted; warns
        when ``host`` is not a loopback address."""
        from tradebridge.web.server import serve

        serve(self.warehouse.path, host, port, engine=self.engine)

    # ---- synthetic data and business forums ----------------------------------------------------

    def fetch_baci(
        self,
        revision: Annotated[str, Doc("HS revision: HS92 … HS22")] = "HS17",
        release: Annotated[str, Doc("latest, or a release such as V202501")] = "latest",
        ingest: Annotated[bool, Doc("Load the download into the warehouse")] = False,
        replace: Replace = False,
        folder: Annotated[
            Path | None, Doc("Folder for downloads (default: the warehouse's downloads/)")
        ] = None,
        progress: FetchProgress = None,
        note: Progress = None,
    ) -> Any:
        """Download a BACI release from CEPII's page (resuming an interrupted download), check
        it, and with ``ingest`` load it (``data/fetch``)."""
        from tradebridge.data.fetch.landing import fetch_baci

        return fetch_baci(
            self.warehouse,
            revision,
            release,
            ingest=ingest,
            replace=replace,
            folder=folder,
            progress=progress,
            note=note,
        )

    def fetch_comtrade(
        self,
        reporter: Annotated[str, Doc("Reporting country (ISO3, ISO2 or name)")],
        years: Annotated[str, Doc("Years, e.g. 2019-2023 or 2019,2021")],
        flow: Annotated[str, Doc("Flows: X, M, RX, RM (comma-separated)")] = "X,M",
        level: Annotated[str, Doc("HS6, HS4, HS2 or TOTAL")] = "HS6",
        ingest: Annotated[bool, Doc("Load the download into the warehouse")] = False,
        replace: Replace = False,
        out: Annotated[Path | None, Doc("CSV file to write")] = None,
        note: Progress = None,
    ) -> Any:
        """Download one reporter's records from the UN Comtrade API (key in ``$COMTRADE_KEY``)
        as a Comtrade Plus CSV; with ``ingest`` load it."""
        from tradebridge.data.fetch.landing import fetch_comtrade

        return fetch_comtrade(
            self.warehouse,
            reporter,
            parse_years(years),
            flows=flow,
            level=level,
            ingest=ingest,
            replace=replace,
            out=out,
            note=note,
        )

    def fetch_wdi(
        self,
        years: Annotated[str | None, Doc("Years, e.g. 2000-2024 (default 1995 to now)")] = None,
        note: Progress = None,
    ) -> Any:
        """GDP, population and income groups from the World Bank API, as reference tables."""
        from tradebridge.data.fetch.landing import fetch_wdi

        wanted = parse_years(years) if years else None
        span = (wanted[0], wanted[-1]) if wanted else None
        return fetch_wdi(self.warehouse, span, note=note)

    def fetch_distances(
        self,
        source: Annotated[str, Doc("geodist or gravity")] = "geodist",
        measure: Annotated[
            str, Doc("dist (main cities), distcap (capitals), distw, distwces…")
        ] = "dist",
        folder: Annotated[
            Path | None, Doc("Folder for downloads (default: the warehouse's downloads/)")
        ] = None,
        progress: FetchProgress = None,
        note: Progress = None,
    ) -> Any:
        """CEPII distances (GeoDist or Gravity) as the reference table ``distances``."""
        from tradebridge.data.fetch.landing import fetch_distances

        return fetch_distances(
            self.warehouse, source, measure, folder=folder, progress=progress, note=note
        )

    def refresh(
        self,
        check: Annotated[bool, Doc("Only report what is newer")] = False,
        progress: FetchProgress = None,
        note: Progress = None,
    ) -> Any:
        """Check every source in the warehouse for a newer release and land it (safe from
        cron: one refresh at a time)."""
        from tradebridge.data.fetch.refresh import refresh

        return refresh(self.warehouse, check_only=check, progress=progress, note=note)

    def ingest_wdi(
        self,
        paths: Annotated[list[Path], Doc("World Bank CSV downloads (or their zips)")],
    ) -> Any:
        """World Bank bulk CSVs (API_NY.GDP…, API_SP.POP…, Metadata_Country…) as the reference
        tables ``wdi`` and ``income_groups``."""
        from tradebridge.data.fetch.landing import exclusive, store_wdi
        from tradebridge.data.fetch.wdi import read_bulk

        wdi, groups = read_bulk(paths)
        with exclusive(self.warehouse):
            return store_wdi(self.warehouse, wdi, groups, None)

    def ingest_distances(
        self,
        path: Annotated[Path, Doc("dist_cepii.zip/.xls/.dta, or a Gravity zip/CSV")],
        measure: Annotated[str, Doc("Distance column (dist, distcap, …)")] = "dist",
    ) -> Any:
        """A CEPII distance file (GeoDist or Gravity) as the reference table ``distances``."""
        from tradebridge.data.fetch.distances import MEASURES, read_any
        from tradebridge.data.fetch.landing import exclusive, store_distances
        from tradebridge.errors import BadInput

        if measure not in MEASURES:
            raise BadInput(f"unknown measure {measure!r}; valid: {', '.join(MEASURES)}")
        table, label = read_any(path, measure)
        with exclusive(self.warehouse):
            return store_distances(self.warehouse, table, label, None)

    def demo_world(
        self,
        out: Annotated[Path, Doc("Folder that receives BACI_HS17_V202401/")],
        seed: Annotated[int, Doc("Random seed: same seed, same files")] = 7,
        years: Annotated[str, Doc("Years, e.g. 2015-2023 or 2019,2021")] = "2015-2023",
        scale: Annotated[Scale, Doc("tiny | small | full")] = Scale.small,
        as_zip: Annotated[bool, Doc("Write BACI_HS17_V202401.zip")] = False,
        progress: Annotated[
            Callable[[str, int, int], None] | None, Doc("Called as (stage, done, total)")
        ] = None,
    ) -> Path:
        """Write a synthetic demo world in BACI's layout (not real statistics); its path."""
        from tradebridge.data import demo_world

        return demo_world.generate(
            Path(out),
            seed=seed,
            years=parse_years(years),
            scale=choice(Scale, scale, "scale").value,
            as_zip=as_zip,
            progress=progress,
        )

    def schedule(
        self,
        forum_file: Annotated[Path, Doc("Forum JSON (see forum/schema/forum.schema.json)")],
        out: Annotated[Path, Doc("Schedule JSON to write")],
        time_limit: Annotated[float, Doc("Solver seconds")] = 30.0,
        seed: Annotated[int, Doc("Solver random seed")] = 1,
        lock: Annotated[Path | None, Doc("Published schedule: its meetings stay in place")] = None,
        agendas: Annotated[
            Path | None, Doc("Folder for agendas (HTML, .ics) and table plans")
        ] = None,
    ) -> pd.DataFrame:
        """Schedule B2B meetings (most weighted requests, then fewest idle gaps and table
        changes; docs/methods.md#b2b-scheduling), write the schedule to ``out`` and the agendas
        to ``agendas``; the statistics as rows ``measure, value``."""
        from tradebridge.forum.publishing import schedule_forum_file

        check_positive(time_limit, "time_limit")
        return schedule_forum_file(
            Path(forum_file),
            Path(out),
            time_limit=time_limit,
            seed=seed,
            lock=lock,
            agendas=agendas,
        )

    def forum_demo(
        self,
        out: Annotated[Path, Doc("Forum JSON to write")],
        participants: Annotated[int, Doc("Number of participants (at least 4)")] = 300,
        seed: Annotated[int, Doc("Random seed")] = 7,
        country: Annotated[str, Doc("Exporters' country")] = "AZE",
        partner: Annotated[str, Doc("Buyers' and investors' country")] = "RUS",
    ) -> pd.DataFrame:
        """Write a synthetic business forum (exporters meet buyers and investors) to ``out``."""
        from tradebridge.errors import BadInput
        from tradebridge.forum.publishing import write_demo_forum

        if participants < 4:
            raise BadInput(f"must be at least 4, got {participants}", field="participants")
        return write_demo_forum(
            Path(out),
            participants=participants,
            seed=seed,
            exporter_country=country,
            partner_country=partner,
        )


def _read_population(path: Path) -> pd.DataFrame:
    """A ``year,location,population`` CSV through the shared input-table reader (years
    integers, populations numbers above 0)."""
    from tradebridge.data.input_tables import number_column, read_table

    raw = read_table(path, ["year", "location", "population"], "population table")
    year = number_column(raw, "year", path, low=0)
    return pd.DataFrame(
        {
            "year": year.astype(int),
            "location": raw["location"],
            "population": number_column(raw, "population", path, low=0, low_inclusive=False),
        }
    )


def open_workspace(
    path: str | os.PathLike[str] | None = None, *, engine: str | None = None
) -> Workspace:
    """Open the warehouse at ``path`` ($TRADEBRIDGE_HOME or ./tradebridge-data by default) on
    ``engine`` ($TRADEBRIDGE_ENGINE or duckdb by default)."""
    return Workspace(Warehouse(Path(path) if path else default_warehouse()), engine)
