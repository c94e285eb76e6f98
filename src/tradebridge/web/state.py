"""What the running app holds: its settings and one workspace, called one analytic at a time.

The relational engine's connection and the warehouse memo are shared by every request, so
analytic calls are serialised by a lock; the memo makes repeated pages cheap.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from tradebridge.web.settings import Settings
from tradebridge.workspace import Workspace


@dataclass
class AppState:
    settings: Settings
    workspace: Workspace
    lock: threading.Lock = field(default_factory=threading.Lock)

    def call(self, name: str, arguments: dict[str, Any]) -> Any:
        """``workspace.<name>(**arguments)`` under the lock."""
        with self.lock:
            return getattr(self.workspace, name)(**arguments)
