"""What every group of workspace methods stands on: a warehouse and the engine it is read with."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tradebridge.config import resolve_engine

if TYPE_CHECKING:  # the CLI reads the methods' declarations without opening a warehouse
    from tradebridge.data.warehouse import Warehouse


class WorkspaceBase:
    """A warehouse opened on one relational engine (``duckdb`` or ``spark``)."""

    def __init__(self, warehouse: Warehouse, engine: str | None = None) -> None:
        self.warehouse = warehouse
        self.engine = resolve_engine(engine)

    def __repr__(self) -> str:
        return f"Workspace({str(self.warehouse.path)!r}, engine={self.engine!r})"

    def flows(self) -> Any:
        """The canonical flows as an Ibis table on this workspace's engine."""
        return self.warehouse.flows(self.engine)
