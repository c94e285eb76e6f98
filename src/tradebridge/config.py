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


def resolve_engine(engine: str | None) -> str:
    """The engine a computation runs on: ``engine``, else ``$TRADEBRIDGE_ENGINE``, else
    ``duckdb``; the one place that decides it, so that the result's ``meta``, the memo key and
    the connection always agree.

    >>> resolve_engine("spark")
    'spark'
    >>> resolve_engine("postgres")
    Traceback (most recent call last):
    ...
    tradebridge.errors.BadInput: engine: unknown engine 'postgres'; valid: duckdb, spark
    """
    from tradebridge.errors import BadInput, nearest

    name = engine or default_engine()
    if name not in ENGINES:
        raise BadInput(f"unknown engine {name!r}; {nearest(name, list(ENGINES))}", field="engine")
    return name
