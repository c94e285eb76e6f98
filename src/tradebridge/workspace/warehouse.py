"""Commands that fill or describe the warehouse: ``info``, ``ingest baci|comtrade|csv``,
``demo-world``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from tradebridge.options import (
    Doc,
    Paths,
    Progress,
    Rejects,
    Replace,
    Scale,
    SkipInvalid,
    choice,
    parse_years,
)
from tradebridge.workspace.base import WorkspaceBase

if TYPE_CHECKING:  # loaded when a method runs, not when the CLI starts
    import pandas as pd

    from tradebridge.data.ingest_plan import IngestReport


class WarehouseCommands(WorkspaceBase):
    """Commands that fill or describe the warehouse, as methods of ``Workspace``."""

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
        import pandas as pd

        from tradebridge.results import with_meta

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
