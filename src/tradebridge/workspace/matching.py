"""Partner matching over the warehouse: ``demo-registry``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from tradebridge.options import Doc
from tradebridge.workspace.base import WorkspaceBase


class MatchingCommands(WorkspaceBase):
    """Partner matching, as methods of ``Workspace``."""

    def demo_registry(
        self,
        out: Annotated[Path, Doc("CSV file to write, in the registry's import format")],
        seed: Annotated[int, Doc("Random seed: same seed and warehouse, same file")] = 7,
        size: Annotated[int, Doc("Number of organisations (at least 10)")] = 400,
    ) -> dict[str, int]:
        """Write a synthetic registry consistent with the warehouse (Azerbaijani producers of
        the products it exports in the promoted sectors, buyers in Russia, Kazakhstan, China,
        Türkiye and Eastern Europe that import them, investors), every row ``synthetic=yes``;
        the number of organisations of each kind.

        >>> ws.demo_registry(tmp / "registry.csv", size=20)
        {'exporter': 8, 'buyer': 8, 'investor': 2, 'service': 1, 'association': 1}
        """
        from tradebridge.matching.demo_registry import generate

        return generate(self, Path(out), seed=seed, size=size)
