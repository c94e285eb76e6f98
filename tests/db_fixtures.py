"""Database fixtures: every database test runs on SQLite and on PostgreSQL.

- ``database_url``: the URL of a clean database at the newest revision, one per test,
  parametrised ``sqlite`` / ``postgresql``: for SQLite a copy of a file migrated once per
  session; for PostgreSQL one database per session (per xdist worker), made from a migrated
  template and emptied after each test (``TRUNCATE … RESTART IDENTITY``; re-made from the
  template if a test changed its schema). Tests must not leave a transaction open;
- ``empty_database_url``: a new database without any table (for migration tests);
- ``db``: a ``tradebridge.db.engine.Database`` over ``database_url``;
- ``db_session``: a session of ``db`` (closed after the test).

PostgreSQL comes from ``$TRADEBRIDGE_TEST_POSTGRES_URL`` (a server URL whose user may create
databases, e.g. ``postgresql://postgres@127.0.0.1:54329/postgres``, as ``.ci/run`` exports),
else a throw-away server started once per test session (per xdist worker) from Debian's
``/usr/lib/postgresql/15/bin`` in a temporary folder, as the ``postgres`` user when running as
root; else the PostgreSQL runs are skipped with the reason.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

PG_BIN = Path(os.environ.get("TRADEBRIDGE_TEST_POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))
PG_ENV = "TRADEBRIDGE_TEST_POSTGRES_URL"
_counter = itertools.count()


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayPostgres:
    """A PostgreSQL server in a temporary folder, stopped (and the folder removed) by ``stop``."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix=f"tb-pg-{_worker()}-"))
        os.chmod(self.folder, 0o700)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self.data = self.folder / "data"
        self.port = _free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        done = subprocess.run(_as_postgres(list(args)), capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {(done.stderr or done.stdout).strip()}")

    def start(self) -> None:
        self._run(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "log"),
            "-w",
            "-o",
            options,
            "start",
        )

    def stop(self) -> None:
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a PostgreSQL server's maintenance database (``postgres``), or a skip."""
    given = os.environ.get(PG_ENV)
    if given:
        from tradebridge.db.engine import normalise_url

        yield normalise_url(given)
        return
    if not (PG_BIN / "initdb").exists():
        pytest.skip(
            f"PostgreSQL runs skipped: no {PG_BIN}/initdb (install Debian's postgresql-15 or "
            f"set {PG_ENV}); .ci/run starts one"
        )
    server = ThrowawayPostgres()
    try:
        server.start()
    except (RuntimeError, OSError) as exc:
        server.stop()
        pytest.skip(f"PostgreSQL runs skipped: the throw-away server did not start ({exc})")
    yield server.url
    server.stop()


def _admin(server_url: str, *statements: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def _with_database(server_url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def _migrate(url: str) -> None:
    from tradebridge.db import migrate
    from tradebridge.db.engine import open_database

    db = open_database(url)
    try:
        migrate.upgrade(db)
    finally:
        db.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A SQLite file migrated to the newest revision, copied for each test."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    _migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_template(postgres_server) -> str:
    """The name of a PostgreSQL database migrated to the newest revision (this worker's)."""
    name = f"tb_template_{_worker()}_{os.getpid()}"
    _admin(postgres_server, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    _migrate(_with_database(postgres_server, name))
    yield name
    _admin(postgres_server, f'DROP DATABASE IF EXISTS "{name}"')


class ReusedPostgres:
    """This worker's test database on PostgreSQL, emptied between tests."""

    def __init__(self, server: str, template: str) -> None:
        from sqlalchemy import create_engine

        self.server, self.template = server, template
        self.name = f"tb_test_{_worker()}_{os.getpid()}"
        self.url = _with_database(server, self.name)
        self._make()
        self.engine = create_engine(self.url, poolclass=_null_pool())

    def _make(self) -> None:
        _admin(
            self.server,
            f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)',
            f'CREATE DATABASE "{self.name}" TEMPLATE "{self.template}"',
        )

    def reset(self) -> None:
        """Empty every table; re-make the database if its schema is not the newest."""
        from sqlalchemy import inspect, text
        from sqlalchemy.exc import DBAPIError

        from tradebridge.db import migrate

        try:
            with self.engine.begin() as connection:
                connection.execute(text("SET LOCAL lock_timeout = '5s'"))
                version = connection.scalar(text("SELECT version_num FROM alembic_version"))
                if version not in migrate.heads():
                    raise LookupError(version)
                tables = [
                    t for t in inspect(connection).get_table_names() if t != "alembic_version"
                ]
                quoted = ", ".join(f'"{t}"' for t in tables)
                connection.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
        except (DBAPIError, LookupError):
            self.engine.dispose()
            self._make()

    def drop(self) -> None:
        self.engine.dispose()
        _admin(self.server, f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def _null_pool():
    from sqlalchemy.pool import NullPool

    return NullPool


@pytest.fixture(scope="session")
def postgres_database(postgres_server, postgres_template):
    """This worker's reusable PostgreSQL test database."""
    database = ReusedPostgres(postgres_server, postgres_template)
    yield database
    database.drop()


def _fresh(request, tmp_path: Path, kind: str, migrated: bool):
    """A clean database of ``kind``: migrated (a copy or the emptied reusable one), or new and
    empty."""
    if kind == "sqlite":
        path = tmp_path / "test.sqlite3"
        if migrated:
            shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    if migrated:
        database = request.getfixturevalue("postgres_database")
        yield database.url
        database.reset()
        return
    server = request.getfixturevalue("postgres_server")
    name = f"tb_empty_{_worker()}_{os.getpid()}_{next(_counter)}"
    _admin(server, f'CREATE DATABASE "{name}"')
    yield _with_database(server, name)
    _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


DIALECTS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]


@pytest.fixture(params=DIALECTS)
def database_url(request, tmp_path):
    """A fresh database at the newest revision (once on SQLite, once on PostgreSQL)."""
    yield from _fresh(request, tmp_path, request.param, migrated=True)


@pytest.fixture(params=DIALECTS)
def empty_database_url(request, tmp_path):
    """A fresh database with no tables (once on SQLite, once on PostgreSQL)."""
    yield from _fresh(request, tmp_path, request.param, migrated=False)


@pytest.fixture
def db(database_url):
    """``tradebridge.db.engine.Database`` over a fresh migrated database."""
    from tradebridge.db.engine import open_database

    database = open_database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def db_session(db):
    """A session on a fresh migrated database (its changes are audited as ``"test"``)."""
    from tradebridge.db.audit import set_actor

    with db.session() as session:
        set_actor(session, "test")
        yield session
