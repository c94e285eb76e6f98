"""What the running app holds: its settings and one workspace, called one analytic at a time,
with the last results kept.

The relational engine's connection and the warehouse memo are shared by every request, so
analytic calls are serialised by a lock. Results are kept in a small LRU keyed by the analytic,
its arguments and the warehouse's partition checksums: re-ingesting a year changes the key, so
nothing stale is served, and readers browsing the same pages do not recompute them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tradebridge.web.settings import Settings
from tradebridge.workspace import Workspace

if TYPE_CHECKING:
    from tradebridge.db.engine import Database

KEPT = 256


def _hashable(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value


@dataclass
class AppState:
    settings: Settings
    workspace: Workspace
    lock: threading.Lock = field(default_factory=threading.Lock)  # one analytic at a time
    results: OrderedDict = field(default_factory=OrderedDict)
    results_lock: threading.Lock = field(default_factory=threading.Lock)  # the LRU itself
    opening: threading.Lock = field(default_factory=threading.Lock)
    opened: dict[str, Any] = field(default_factory=dict)

    def database(self) -> Database:
        """The app database, opened on first use (and, unless ``settings.migrate`` is false,
        brought to the newest schema; else refused while it is older)."""
        with self.opening:
            if "database" not in self.opened:
                from tradebridge.db import migrate
                from tradebridge.db.engine import database_url, describe, open_database
                from tradebridge.errors import EnvironmentProblem

                url = self.settings.database_url or database_url(self.settings.home, environ={})
                database = open_database(url)
                if self.settings.migrate:
                    migrate.upgrade(database)
                elif not migrate.is_current(database):
                    raise EnvironmentProblem(
                        f"database {describe(url)} is at an older schema; "
                        "run `tradebridge db upgrade`"
                    )
                self.opened["database"] = database
            return self.opened["database"]

    def secret_key(self) -> str:
        """The key signing cookies and CSRF tokens (``web.keys``)."""
        if "secret_key" not in self.opened:
            from tradebridge.web.keys import secret_key

            self.opened["secret_key"] = secret_key(self.settings.secret_key, self.settings.home)
        return self.opened["secret_key"]

    def checksums(self) -> tuple[tuple[int, str], ...]:
        parts = self.workspace.warehouse.partitions()
        return tuple((year, part.checksum) for year, part in sorted(parts.items()))

    def call(self, name: str, arguments: dict[str, Any]) -> Any:
        """``workspace.<name>(**arguments)``, under the lock, from the LRU when it holds it.
        Callers must not modify the result."""
        return self.kept(name, arguments, lambda: getattr(self.workspace, name)(**arguments))

    def kept(self, name: str, arguments: dict[str, Any], compute: Callable[[], Any]) -> Any:
        """``compute()`` under the lock, kept in the LRU under ``name``, ``arguments`` and the
        warehouse's checksums (for what pages derive from analytics, e.g. a graph layout).
        A kept result is served without waiting for an analytic running meanwhile."""
        key = (name, _hashable(arguments), self.checksums())
        found = self._lookup(key)
        if found is not None:
            return found[0]
        with self.lock:
            found = self._lookup(key)  # made while this call waited for the lock
            if found is not None:
                return found[0]
            result = compute()
            with self.results_lock:
                self.results[key] = result
                while len(self.results) > KEPT:
                    self.results.popitem(last=False)
            return result

    def _lookup(self, key: tuple) -> tuple[Any] | None:
        with self.results_lock:
            if key not in self.results:
                return None
            self.results.move_to_end(key)
            return (self.results[key],)
