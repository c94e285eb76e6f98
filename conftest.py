"""Doctests of ``src/``: the examples in docstrings run against the hand-made tiny world
(``tests/data/analytics/tiny_world.csv``), opened as ``ws``; ``tmp`` is a fresh folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from _pytest.doctest import DoctestItem

TINY_WORLD = Path(__file__).parent / "tests" / "data" / "analytics" / "tiny_world.csv"

collect_ignore = [
    "src/tradebridge/reference/build",
    "src/tradebridge/__main__.py",
    "src/tradebridge/db/migrations",
]


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
