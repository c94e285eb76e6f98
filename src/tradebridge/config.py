"""Where things live by default: the warehouse folder and the relational engine."""

from __future__ import annotations

import os
from pathlib import Path

ENGINES = ("duckdb", "spark")


def default_warehouse() -> Path:
    """``$TRADEBRIDGE_HOME`` when set, else ``./tradebridge-data``."""
    return Path(os.environ.get("TRADEBRIDGE_HOME") or "tradebridge-data")


def default_engine() -> str:
    """``$TRADEBRIDGE_ENGINE`` when set (``duckdb`` or ``spark``), else ``duckdb``."""
    return os.environ.get("TRADEBRIDGE_ENGINE") or "duckdb"
