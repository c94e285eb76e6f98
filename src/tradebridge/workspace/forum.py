"""Business forums: ``schedule``, ``forum-demo``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from tradebridge.options import (
    Doc,
    check_positive,
)
from tradebridge.workspace.base import WorkspaceBase

if TYPE_CHECKING:  # loaded when a method runs, not when the CLI starts
    import pandas as pd


class ForumCommands(WorkspaceBase):
    """Business forums, as methods of ``Workspace``."""

    def schedule(
        self,
        forum_file: Annotated[Path, Doc("Forum JSON (see forum/schema/forum.schema.json)")],
        *,
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
