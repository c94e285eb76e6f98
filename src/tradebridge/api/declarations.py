"""One declaration per analytic: the ``Workspace`` method's signature is the REST endpoint's.

For each analytic listed in ``ANALYTICS`` the endpoint ``/api/v1/<name>`` takes the method's
required parameters as path segments (``/api/v1/mutual/AZE/RUS``) and its optional ones as query
parameters of the same name, type and default (``?by=sector&exclude_sector=energy``), so the CLI,
the Python API and the REST API cannot drift apart. Parameters that name files on the server
(``out``, ``distances``, ``tariffs``…) or take callbacks are left to the CLI and Python API: a
web request never makes the server read or write a path it chooses.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Annotated, Any

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
    required: tuple[inspect.Parameter, ...]
    optional: tuple[inspect.Parameter, ...]

    @property
    def path(self) -> str:
        """``/profile/{country}``: the name with dashes, then one segment per required
        parameter (``reference_countries`` becomes ``/reference/countries``)."""
        segments = self.name.replace("reference_", "reference/").replace("_", "-")
        return "/" + segments + "".join(f"/{{{p.name}}}" for p in self.required)

    @property
    def summary(self) -> str:
        doc = inspect.getdoc(self.method) or self.name
        return doc.split("\n\n")[0].replace("\n", " ")

    @property
    def description(self) -> str:
        return inspect.getdoc(self.method) or ""


def _base_type(annotation: Any) -> tuple[Any, str | None]:
    """The type without its ``Annotated`` wrapper, and the wrapped ``Doc`` text if any."""
    if typing.get_origin(annotation) is Annotated:
        base, *extras = typing.get_args(annotation)
        doc = next((getattr(e, "documentation", None) for e in extras), None)
        return base, doc
    return annotation, None


def _server_side(annotation: Any) -> bool:
    """True when the type is, or holds, a file path or a callable."""
    if annotation is Callable or typing.get_origin(annotation) is Callable:
        return True
    if isinstance(annotation, type) and issubclass(annotation, PurePath):
        return True
    return any(_server_side(arg) for arg in typing.get_args(annotation))


def _web_safe(param: inspect.Parameter) -> bool:
    """False for server paths, callbacks and ``**options``."""
    if param.kind in (param.VAR_KEYWORD, param.VAR_POSITIONAL) or param.name in SERVER_FILES:
        return False
    return not _server_side(_base_type(param.annotation)[0])


def declare(name: str) -> Declaration:
    """The declaration of ``Workspace.<name>`` (its evaluated signature)."""
    method = getattr(Workspace, name)
    signature = inspect.signature(method, eval_str=True)
    params = [p for n, p in signature.parameters.items() if n != "self" and _web_safe(p)]
    required = tuple(p for p in params if p.default is inspect.Parameter.empty)
    optional = tuple(p for p in params if p.default is not inspect.Parameter.empty)
    return Declaration(name, method, required, optional)


def declarations() -> list[Declaration]:
    """Every analytic the workspace offers, in ``ANALYTICS`` order."""
    return [declare(name) for name in ANALYTICS if hasattr(Workspace, name)]


def parameter_doc(param: inspect.Parameter) -> str | None:
    """The help text carried by the parameter's ``Annotated[..., Doc(...)]``."""
    return _base_type(param.annotation)[1]


def parameter_type(param: inspect.Parameter) -> Any:
    """The parameter's plain type (``str`` when it has none)."""
    base, _ = _base_type(param.annotation)
    return str if base is inspect.Parameter.empty else base
