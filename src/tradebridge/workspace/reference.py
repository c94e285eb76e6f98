"""Reference data: ``reference countries|groups|sectors|products`` and ``hs-suggest``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

from tradebridge.options import Doc, HsMethod
from tradebridge.workspace.base import WorkspaceBase

if TYPE_CHECKING:  # loaded when a method runs, not when the CLI starts
    import pandas as pd


class ReferenceCommands(WorkspaceBase):
    """Reference data, as methods of ``Workspace``."""

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

        return country_list(group, year).to_frame({"iso_numeric": "Int64", "baci_code": "Int64"})

    def reference_groups(self) -> pd.DataFrame:
        """Country groups (CIS, EAEU, EU27, ...) with their sources."""
        from tradebridge.reference.groups import group_list

        return group_list().to_frame()

    def reference_sectors(self) -> pd.DataFrame:
        """The sectors of the taxonomy with their ids and number of HS6 codes."""
        from tradebridge.reference.sectors import sector_list

        return sector_list().to_frame()

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

        return product_list(sector, hs).to_frame()

    def hs_suggest(
        self,
        description: Annotated[
            str, Doc('Product description, e.g. "dried apricots, pitted" (English works best)')
        ],
        top: Annotated[int, Doc("Number of codes to suggest (1-50)")] = 5,
        method: Annotated[HsMethod, Doc("Ranking: hybrid, embedding or tfidf")] = HsMethod.hybrid,
        progress: Annotated[
            Callable[[int, int], None] | None,
            Doc("Called with (texts done, texts in all) while the HS index is built"),
        ] = None,
    ) -> pd.DataFrame:
        """Suggest HS6 codes (HS 2022) for a product description, best first, with scores.

        The first call on a machine builds the HS index (minutes) and caches it in
        $TRADEBRIDGE_CACHE (default ~/.cache/tradebridge). Azerbaijani and Russian descriptions
        are read word by word through a short product word list.

        >>> ws.hs_suggest("dried apricots, pitted", top=2)["hs6"].tolist()
        ['081310', '080910']
        """
        from tradebridge.reference.hs_suggestion import suggestion_table

        return suggestion_table(description, top, method, progress=progress)
