"""The Python API: ``tb.open()`` gives a workspace whose methods are the CLI's commands.

One method per command, named after the command's path (``tradebridge reference countries`` is
``reference_countries``, ``product-space`` is ``product_space``); its typed signature is the one
declaration of the command: the CLI's arguments and options and the REST API's parameters are
generated from it (``tradebridge.declarations``). A required positional parameter is a
command-line argument, a keyword-only one a required option, every other an option of the same
name (``exclude_sector`` is ``--exclude-sector``; ``list[str] | None`` is repeatable; choices are
the ``StrEnum``s of ``tradebridge.options``, which also accept their plain strings). Each
parameter carries its help text as ``Annotated[type, Doc("...")]``. Every option is checked
before any data is read.

The methods live in one module per command group, as the CLI's do (``workspace/trade.py``
holds ``profile``, ``bilateral``...); ``Workspace`` gathers them. The modules import nothing
heavy at start-up: the CLI reads their signatures when it starts.

Analytic methods return a pandas DataFrame whose ``attrs["meta"]`` holds the source, the
engine, whether the data is synthetic, and every parameter used. The examples run as doctests on
the hand-made tiny world (``tests/data/analytics/tiny_world.csv``) opened as ``ws``.
"""

from __future__ import annotations

import os
from pathlib import Path

from tradebridge.config import default_warehouse
from tradebridge.workspace.complexity import ComplexityCommands
from tradebridge.workspace.fetch import FetchCommands
from tradebridge.workspace.forum import ForumCommands
from tradebridge.workspace.matching import MatchingCommands
from tradebridge.workspace.potential import PotentialCommands
from tradebridge.workspace.reference import ReferenceCommands
from tradebridge.workspace.trade import TradeCommands
from tradebridge.workspace.warehouse import WarehouseCommands
from tradebridge.workspace.web import WebCommands

__all__ = ["Workspace", "open_workspace"]


class Workspace(
    WarehouseCommands,
    TradeCommands,
    PotentialCommands,
    ComplexityCommands,
    ReferenceCommands,
    FetchCommands,
    ForumCommands,
    MatchingCommands,
    WebCommands,
):
    """A warehouse opened on one relational engine (``duckdb`` or ``spark``); one method per
    command."""


def open_workspace(
    path: str | os.PathLike[str] | None = None, *, engine: str | None = None
) -> Workspace:
    """Open the warehouse at ``path`` ($TRADEBRIDGE_HOME or ./tradebridge-data by default) on
    ``engine`` ($TRADEBRIDGE_ENGINE or duckdb by default)."""
    from tradebridge.data.warehouse import Warehouse

    return Workspace(Warehouse(Path(path) if path else default_warehouse()), engine)
