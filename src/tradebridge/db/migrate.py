"""Schema migrations with Alembic, configured in code (no ``alembic.ini`` at run time).

The revisions live in ``db/migrations/versions`` and form one linear chain; each is named
``NNNN_<what>.py`` with the revision id ``NNNN_<what>``. ``upgrade`` brings a database to the
newest revision (``head``), ``downgrade`` steps back, ``current`` says where a database is.

On PostgreSQL an upgrade holds an advisory lock, so several app workers starting at once
migrate one after the other.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError

from tradebridge.db.engine import Database, unreachable
from tradebridge.errors import BadInput

MIGRATIONS = Path(__file__).parent / "migrations"
LOCK_ID = 0x7B_DB_0001


def config(connection: Connection | None = None):
    """An Alembic ``Config`` pointing at the packaged migrations (and at ``connection``)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def heads() -> list[str]:
    """The newest revision(s) of the chain (one, unless two branches were merged wrongly)."""
    from alembic.script import ScriptDirectory

    return list(ScriptDirectory.from_config(config()).get_heads())


def current(db: Database) -> str | None:
    """The revision the database is at (``None`` for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    try:
        with db.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except OperationalError as exc:
        raise unreachable(db.url, exc) from exc


def _run(db: Database, command: str, revision: str) -> None:
    from alembic import command as commands
    from alembic.util import CommandError

    try:
        with db.engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:  # batch mode copies tables: a dropped parent must not cascade
                connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
                connection.commit()
            try:
                with connection.begin():
                    if connection.dialect.name == "postgresql":
                        connection.execute(
                            text("SELECT pg_advisory_xact_lock(:id)"), {"id": LOCK_ID}
                        )
                    getattr(commands, command)(config(connection), revision)
                    if sqlite:
                        _check_foreign_keys(connection)
            finally:
                if sqlite:
                    connection.exec_driver_sql("PRAGMA foreign_keys = ON")
    except OperationalError as exc:
        raise unreachable(db.url, exc) from exc
    except CommandError as exc:
        reason = (str(exc).strip().splitlines() or ["unknown revision"])[0]
        raise BadInput(reason, field="revision") from None


def _check_foreign_keys(connection: Connection) -> None:
    """``EnvironmentProblem`` (and a rollback) when a migration left a dangling reference."""
    from tradebridge.errors import EnvironmentProblem

    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, row, parent, _ = broken[0]
        raise EnvironmentProblem(
            f"the migration left {len(broken)} broken reference(s), e.g. {table} row {row} to "
            f"{parent}; nothing was changed"
        )


def upgrade(db: Database, revision: str = "head") -> None:
    """Migrate the database up to ``revision`` (default: the newest)."""
    _run(db, "upgrade", revision)


def downgrade(db: Database, revision: str) -> None:
    """Migrate the database down to ``revision`` (``base``: no tables)."""
    _run(db, "downgrade", revision)


def is_current(db: Database) -> bool:
    """True when the database is at the newest revision."""
    return current(db) in heads()
