"""tradebridge: export and investment promotion from trade statistics.

import tradebridge as tb
wh = tb.open()                                   # ./tradebridge-data or $TRADEBRIDGE_HOME
wh.profile("AZE", year=2021, by="partner")       # pandas DataFrame, meta in .attrs["meta"]
tb.complexity(wh, years=[2021])                  # or on a frame: year, location, product, value
"""

from __future__ import annotations

from typing import Any

from tradebridge.workspace import Workspace
from tradebridge.workspace import open_workspace as open  # noqa: A001

__version__ = "0.1.0"
__all__ = ["Workspace", "complexity", "open", "proximity", "__version__"]

_LAZY = {
    "complexity": "tradebridge.analytics.complexity",
    "proximity": "tradebridge.analytics.complexity",
}


def __getattr__(name: str) -> Any:
    """Lazy access to the public analytic functions (``tb.complexity``, ``tb.proximity``)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tradebridge' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
