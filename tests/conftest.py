from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from db_fixtures import (  # noqa: F401  (fixtures: every database test runs on both databases)
    database_url,
    db,
    db_session,
    empty_database_url,
    postgres_database,
    postgres_server,
    postgres_template,
    sqlite_template,
)
from event_builders import forum  # noqa: F401  (an AZ-RU forum ready to schedule)
from web_fixtures import accounts_app, cheap_passwords  # noqa: F401

DATA = Path(__file__).parent / "data"


def _java_available() -> bool:
    return shutil.which("java") is not None


@pytest.fixture(scope="session")
def tiny_warehouse(tmp_path_factory):
    """The hand-made tiny world (tests/data/analytics/tiny_world.csv) in a warehouse."""
    from tradebridge.data.plain_csv import ingest_csv
    from tradebridge.data.warehouse import Warehouse

    wh = Warehouse(tmp_path_factory.mktemp("tiny") / "wh")
    ingest_csv(wh, [DATA / "analytics" / "tiny_world.csv"], source="tiny test world")
    return wh


@pytest.fixture(
    scope="session",
    params=[
        "duckdb",
        pytest.param(
            "spark",
            marks=[
                pytest.mark.spark,
                pytest.mark.skipif(not _java_available(), reason="PySpark needs Java"),
            ],
        ),
    ],
)
def engine(request) -> str:
    """Each analytics test runs on DuckDB and on PySpark (local mode)."""
    return request.param


@pytest.fixture(scope="session")
def hand_warehouse(tmp_path_factory):
    """The export potential test world (tests/data/potential/hand_world.csv) in a warehouse."""
    from tradebridge.data.plain_csv import ingest_csv
    from tradebridge.data.warehouse import Warehouse

    wh = Warehouse(tmp_path_factory.mktemp("hand") / "wh")
    ingest_csv(wh, [DATA / "potential" / "hand_world.csv"], source="hand-made potential world")
    return wh


@pytest.fixture(scope="session")
def one_year_warehouse(tmp_path_factory):
    """A warehouse holding a single year (tests/data/analytics/one_year.csv: 18 flows of 2021),
    as an agency that loads only its latest year has."""
    from tradebridge.data.plain_csv import ingest_csv
    from tradebridge.data.warehouse import Warehouse

    wh = Warehouse(tmp_path_factory.mktemp("one-year") / "wh")
    ingest_csv(wh, [DATA / "analytics" / "one_year.csv"], source="one-year test world")
    return wh


@pytest.fixture(scope="session")
def web_client(tiny_warehouse):
    """The web app over the tiny world, through Starlette's test client."""
    from fastapi.testclient import TestClient

    from tradebridge.web.app import create_app
    from tradebridge.web.settings import Settings

    app = create_app(Settings(home=tiny_warehouse.path))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
