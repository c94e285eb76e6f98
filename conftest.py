"""Doctests of ``src/``: the examples in docstrings run against the hand-made tiny world
(``tests/data/analytics/tiny_world.csv``), opened as ``ws``; ``tmp`` is a fresh folder.

Every test and doctest caches (the HS index) in ``$TRADEBRIDGE_CACHE`` when it is set, else in
one folder of this run shared by the xdist workers, never in the user's ``~/.cache``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from _pytest.doctest import DoctestItem

TINY_WORLD = Path(__file__).parent / "tests" / "data" / "analytics" / "tiny_world.csv"

collect_ignore = [
    "src/tradebridge/reference/build",
    "src/tradebridge/__main__.py",
    "src/tradebridge/db/migrations",
]


@pytest.fixture(scope="session", autouse=True)
def run_cache(tmp_path_factory) -> Path:
    """``$TRADEBRIDGE_CACHE`` for this run: the one set in the environment (its HS index is
    reused when its key matches, as in production), else a ``cache`` folder in the run's base
    folder (under xdist, the workers' common parent), so that the HS index is built once per
    run (its lock keeps two workers from building it at once)."""
    if os.environ.get("TRADEBRIDGE_CACHE"):
        return Path(os.environ["TRADEBRIDGE_CACHE"])
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "cache"
    folder.mkdir(exist_ok=True)
    os.environ["TRADEBRIDGE_CACHE"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def doctest_workspace(tmp_path_factory):
    """The tiny world ingested into a warehouse, opened on DuckDB."""
    import tradebridge as tb

    ws = tb.open(tmp_path_factory.mktemp("doctest") / "wh", engine="duckdb")
    ws.ingest_csv([TINY_WORLD], source="tiny test world")
    return ws


@pytest.fixture(autouse=True)
def _doctest_names(request):
    if isinstance(request.node, DoctestItem):
        names = request.getfixturevalue("doctest_namespace")
        names["ws"] = request.getfixturevalue("doctest_workspace")
        names["tmp"] = request.getfixturevalue("tmp_path")
