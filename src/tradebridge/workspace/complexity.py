"""Economic complexity: ``complexity``, ``diversify``, ``product-space``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from tradebridge.options import (
    Country,
    Doc,
    ExcludeSector,
    LevelParam,
    NormalizationParam,
    Presence,
    ProximityKind,
    RcaThreshold,
    Sector,
    Strategy,
    Top,
    Year,
    Years,
    check_positive,
    check_sizes,
    check_threshold,
    choice,
    years_of,
)
from tradebridge.options import Level as LevelChoice
from tradebridge.options import Normalization as NormalizationChoice
from tradebridge.workspace.base import WorkspaceBase

if TYPE_CHECKING:  # loaded when a method runs, not when the CLI starts
    import pandas as pd

    from tradebridge.results import ProductSpace


class ComplexityCommands(WorkspaceBase):
    """Economic complexity, as methods of ``Workspace``."""

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

        check_sizes(top=top)
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


def _read_population(path: Path) -> pd.DataFrame:
    """A ``year,location,population`` CSV through the shared input-table reader (years
    integers, populations numbers above 0)."""
    import pandas as pd

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
