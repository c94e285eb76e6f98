"""tradebridge: export and investment promotion from trade statistics.

import tradebridge as tb
ws = tb.open()                                   # ./tradebridge-data or $TRADEBRIDGE_HOME
ws.profile("AZE", year=2021, by="partner")       # pandas DataFrame, meta in .attrs["meta"]
ws.complexity(years="2019-2021")                 # every command is a method of the workspace
tb.complexity(ws.warehouse, years=[2021])        # the analytic functions take a Warehouse
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["Workspace", "complexity", "open", "proximity", "__version__"]

# Loaded on first use, so that ``import tradebridge`` (and the CLI's start-up) stays light.
_LAZY = {
    "Workspace": ("tradebridge.workspace", "Workspace"),
    "open": ("tradebridge.workspace", "open_workspace"),
    "complexity": ("tradebridge.analytics.complexity", "complexity"),
    "proximity": ("tradebridge.analytics.complexity", "proximity"),
}


def __getattr__(name: str) -> Any:
    """Lazy access to the public API (``tb.open``, ``tb.Workspace``, ``tb.complexity``...)."""
    if name not in _LAZY:
        raise AttributeError(f"module 'tradebridge' has no attribute {name!r}")
    import importlib

    module, attr = _LAZY[name]
    return getattr(importlib.import_module(module), attr)
