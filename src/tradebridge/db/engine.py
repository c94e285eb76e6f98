"""Where the app database is and how to open it.

``TRADEBRIDGE_DATABASE_URL`` selects the database (``postgresql+psycopg://user@host/name`` or
``sqlite:///path``); without it the database is the SQLite file ``tradebridge.sqlite3`` in the
tradebridge home (``$TRADEBRIDGE_HOME`` or ``./tradebridge-data``, the warehouse folder: the
warehouse ignores files it does not list, so ``info --check`` is not upset by it).

Every SQLite connection runs in WAL mode (readers do not block the writer) with foreign keys
enforced and a busy timeout; ``postgresql://`` URLs use psycopg 3.

>>> database_url(home=Path("/srv/tb"), environ={})
'sqlite:////srv/tb/tradebridge.sqlite3'
>>> database_url(environ={"TRADEBRIDGE_DATABASE_URL": "postgresql://tb@db/tb"})
'postgresql+psycopg://tb@db/tb'
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from tradebridge.config import default_warehouse
from tradebridge.errors import BadInput, EnvironmentProblem

ENV = "TRADEBRIDGE_DATABASE_URL"
SQLITE_FILE = "tradebridge.sqlite3"
BUSY_TIMEOUT_MS = 10_000
SQLITE_POOL = 40


def _json_text(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


# JSON columns (the registry's lists, the audit log) are written and read by orjson: an import
# of 50,000 organisations spends a third of its time there with the standard library's json
_JSON_COLUMNS = {"json_serializer": _json_text, "json_deserializer": orjson.loads}


def database_url(home: Path | None = None, environ: Mapping[str, str] | None = None) -> str:
    """``$TRADEBRIDGE_DATABASE_URL`` when set, else the SQLite file in ``home`` (default: the
    tradebridge home). A bare ``postgresql://`` URL is given the psycopg 3 driver."""
    environ = os.environ if environ is None else environ
    url = environ.get(ENV)
    if url:
        return normalise_url(url)
    folder = Path(home) if home is not None else default_warehouse()
    return f"sqlite:///{folder.absolute() / SQLITE_FILE}"


def normalise_url(url: str) -> str:
    """The URL with the driver this package ships (psycopg 3 for PostgreSQL); ``BadInput`` for
    a URL SQLAlchemy cannot read or a database kind other than SQLite and PostgreSQL."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise BadInput("not a database URL (postgresql://… or sqlite:///…)", field=ENV) from None
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if backend != "sqlite":
        raise BadInput(f"unsupported database {backend!r}; valid: postgresql, sqlite", field=ENV)
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; for a SQLite file its folder is created and every connection
    gets the pragmas above."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                from tradebridge.errors import os_problem

                raise os_problem(exc, folder) from exc
        # connections kept for as many threads as the server runs (40), so that they are
        # reused and not opened (with the pragmas) afresh for most requests under load
        engine = create_engine(url, pool_size=SQLITE_POOL, max_overflow=10, **_JSON_COLUMNS)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, **_JSON_COLUMNS)


def describe(url: str) -> str:
    """The URL without its password, for messages."""
    return make_url(url).render_as_string(hide_password=True)


@dataclass
class Database:
    """An open app database: its engine and a session factory whose sessions write the audit
    log (``db.audit``)."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> Session:
        """A new session (the caller closes it, e.g. ``with db.session() as s:``)."""
        return self.sessions()

    @contextmanager
    def transaction(self, actor: Any = None) -> Iterator[Session]:
        """A session in one transaction: committed at the end of the block, rolled back on an
        error. ``actor`` (a user, or a label such as ``"cli"``) is recorded in the audit log."""
        from tradebridge.db.audit import set_actor

        with self.sessions() as session, session.begin():
            set_actor(session, actor)
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str | None = None) -> Database:
    """The database at ``url`` (default ``database_url()``), not yet connected."""
    from tradebridge.db.audit import AuditedSession

    url = normalise_url(url or database_url())
    engine = make_engine(url)
    return Database(url, engine, sessionmaker(engine, class_=AuditedSession))


def unreachable(url: str, exc: OperationalError) -> EnvironmentProblem:
    """A connection failure as a one-line environment problem naming the database."""
    cause = (str(exc.orig or exc).strip().splitlines() or ["cannot connect"])[0]
    return EnvironmentProblem(f"database {describe(url)}: {cause}", field=None)
