"""One declaration per analytic: the ``Workspace`` method's signature is the REST endpoint's.

For each analytic listed in ``ANALYTICS`` the endpoint ``/api/v1/<name>`` takes the method's
required parameters as path segments (``/api/v1/mutual/AZE/RUS``) and its optional ones as query
parameters of the same name, type and default (``?by=sector&exclude_sector=energy``), so the CLI,
the Python API and the REST API cannot drift apart. Parameters that name files on the server
(``out``, ``distances``, ``tariffs``…) or take callbacks are left to the CLI and Python API: a
web request never makes the server read or write a path it chooses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tradebridge.declarations import Param, help_text, parameters, summary
from tradebridge.workspace import Workspace

ANALYTICS = (
    "info",
    "profile",
    "bilateral",
    "indicators",
    "rca",
    "markets",
    "potential",
    "mutual",
    "complexity",
    "diversify",
    "product_space",
    "reference_countries",
    "reference_groups",
    "reference_sectors",
    "reference_products",
)
SERVER_FILES = frozenset(
    {"out", "distances", "projections", "elasticities", "tariffs", "population", "rejects"}
)


@dataclass(frozen=True)
class Declaration:
    """An analytic as the REST API sees it: its method, path and parameters."""

    name: str
    method: Callable[..., Any]
    required: tuple[Param, ...]
    optional: tuple[Param, ...]

    @property
    def path(self) -> str:
        """``/profile/{country}``: the name with dashes, then one segment per required
        parameter (``reference_countries`` becomes ``/reference/countries``)."""
        segments = self.name.replace("reference_", "reference/").replace("_", "-")
        return "/" + segments + "".join(f"/{{{p.name}}}" for p in self.required)

    @property
    def summary(self) -> str:
        return summary(self.method) or self.name

    @property
    def description(self) -> str:
        return help_text(self.method)


def _web_safe(param: Param) -> bool:
    """False for server paths and callbacks."""
    return param.name not in SERVER_FILES and not param.path and not param.callback


def declare(name: str) -> Declaration:
    """The declaration of ``Workspace.<name>`` (its evaluated signature)."""
    method = getattr(Workspace, name)
    params = [p for p in parameters(method) if _web_safe(p)]
    required = tuple(p for p in params if p.required)
    optional = tuple(p for p in params if not p.required)
    return Declaration(name, method, required, optional)


def declarations() -> list[Declaration]:
    """Every analytic the workspace offers, in ``ANALYTICS`` order."""
    return [declare(name) for name in ANALYTICS if hasattr(Workspace, name)]
