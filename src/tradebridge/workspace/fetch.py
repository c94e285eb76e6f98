"""Real data: ``fetch baci|comtrade|wdi|distances``, ``refresh``, ``ingest wdi|distances``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from tradebridge.options import (
    Doc,
    DownloadFolder,
    FetchProgress,
    Ingest,
    Progress,
    Replace,
    parse_years,
)
from tradebridge.workspace.base import WorkspaceBase


class FetchCommands(WorkspaceBase):
    """Real data, as methods of ``Workspace``."""

    def fetch_baci(
        self,
        revision: Annotated[str, Doc("HS revision: HS92 … HS22")] = "HS17",
        release: Annotated[str, Doc("latest, or a release such as V202501")] = "latest",
        ingest: Ingest = False,
        replace: Replace = False,
        folder: DownloadFolder = None,
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
        *,
        reporter: Annotated[str, Doc("Reporting country (ISO3, ISO2 or name)")],
        years: Annotated[str, Doc("Years, e.g. 2019-2023 or 2019,2021")],
        flow: Annotated[str, Doc("Flows: X, M, RX, RM (comma-separated)")] = "X,M",
        level: Annotated[str, Doc("HS6, HS4, HS2 or TOTAL")] = "HS6",
        ingest: Ingest = False,
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
        folder: DownloadFolder = None,
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
