"""The web application's settings: ``TRADEBRIDGE_*`` environment variables, else defaults.

``TRADEBRIDGE_HOME`` is the warehouse folder (as for the CLI), ``TRADEBRIDGE_ENGINE`` the
relational engine, ``TRADEBRIDGE_HOST``/``TRADEBRIDGE_PORT`` where ``tradebridge serve`` listens,
``TRADEBRIDGE_COUNTRY``/``TRADEBRIDGE_PARTNER`` the pair the navigation opens first,
``TRADEBRIDGE_DATABASE_URL`` the app database (default: ``tradebridge.sqlite3`` in the home),
``TRADEBRIDGE_SECRET_KEY`` the key signing cookies (default: made once into the home's
``secret_key`` file), ``TRADEBRIDGE_MIGRATE`` whether the app brings the database to the newest
schema when it first opens it (default true; false: it refuses to run on an older schema),
``TRADEBRIDGE_WARM`` whether that pair's pages are built in the background at start
(``web.warmup``; ``tradebridge serve`` does unless it is set to 0).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class Settings(BaseSettings):
    """Where the app reads its data and where it listens."""

    model_config = SettingsConfigDict(env_prefix="TRADEBRIDGE_", extra="ignore")

    home: Path = Path("tradebridge-data")
    engine: Literal["duckdb", "spark"] = "duckdb"
    host: str = "127.0.0.1"
    port: int = 8000
    country: str = "AZE"
    partner: str = "RUS"
    database_url: str | None = None
    secret_key: str | None = None
    migrate: bool = True
    warm: bool = False

    @property
    def exposed(self) -> bool:
        """True when the app listens beyond this machine."""
        return self.host not in LOOPBACK
