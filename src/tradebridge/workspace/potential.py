"""Export potential: ``potential``, ``mutual``, ``brief``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from tradebridge.options import (
    Average,
    Country,
    Doc,
    Elasticities,
    ExcludeSector,
    MinEase,
    MutualBy,
    Partner,
    PotentialBy,
    PotentialDistances,
    Products,
    Projections,
    Sector,
    Tariffs,
    Top,
    Year,
    check_sizes,
    choice,
)
from tradebridge.workspace.base import WorkspaceBase

if TYPE_CHECKING:  # loaded when a method runs, not when the CLI starts
    import pandas as pd


class PotentialCommands(WorkspaceBase):
    """Export potential, as methods of ``Workspace``."""

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

        check_sizes(top=top, average=average)
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

        check_sizes(top=top, average=average)
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

        check_sizes(top=top)
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
