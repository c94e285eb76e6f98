"""The ``tradebridge`` command line: parses arguments, calls one domain function, renders.

Conventions for every analytic command: ``--warehouse DIR`` and ``--format table|csv|json``;
JSON goes to stdout alone (``{"meta": ..., "rows": [...]}``); errors go to stderr as one line
and exit with status 2 for bad input (1 for the environment). One module per command group.
"""

from __future__ import annotations

from tradebridge.cli.app import app

# imported in the order --help lists the commands
# isort: off
from tradebridge.cli import (
    warehouse,
    fetch,
    reference,
    hs,
    trade,
    potential,
    complexity,
    forum,
    web,
)

# isort: on

__all__ = [
    "app",
    "complexity",
    "fetch",
    "forum",
    "hs",
    "potential",
    "reference",
    "trade",
    "warehouse",
    "web",
]
