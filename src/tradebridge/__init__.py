"""tradebridge: export and investment promotion from trade statistics."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

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
