"""``tradebridge db upgrade|downgrade|current``: the app database's schema (and, with
``backup``/``restore``, its contents). The database is ``$TRADEBRIDGE_DATABASE_URL``, else
``tradebridge.sqlite3`` in the home (``--warehouse``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from typing_extensions import Doc

from tradebridge.cli.commands import Call, group, register

db = group(
    "db",
    help="The app database (users, registry…): $TRADEBRIDGE_DATABASE_URL, else "
    "tradebridge.sqlite3 in the tradebridge home.",
)


def open_for_cli(home: Path | None, *, ready: bool = False):
    """The app database of ``home`` (or ``$TRADEBRIDGE_DATABASE_URL``); with ``ready``,
    brought to the newest schema first (for commands that read or write records)."""
    from tradebridge.db import migrate
    from tradebridge.db.engine import database_url, open_database

    database = open_database(database_url(home=home))
    if ready:
        migrate.upgrade(database)
    return database


def db_upgrade(
    revision: Annotated[str, Doc("Target revision (default: the newest)")] = "head",
    home: Path | None = None,
) -> str:
    """Create or migrate the database's tables up to the newest revision."""
    from tradebridge.db import migrate
    from tradebridge.db.engine import describe

    database = open_for_cli(home)
    before = migrate.current(database)
    migrate.upgrade(database, revision)
    after = migrate.current(database)
    change = "already at" if before == after else f"{before or 'empty'} →"
    return f"{describe(database.url)}: {change} {after}"


def db_downgrade(
    revision: Annotated[str, Doc("Target revision ('base': no tables)")],
    home: Path | None = None,
) -> str:
    """Migrate the database down to an earlier revision (drops what later ones added)."""
    from tradebridge.db import migrate
    from tradebridge.db.engine import describe

    database = open_for_cli(home)
    migrate.downgrade(database, revision)
    return f"{describe(database.url)}: at {migrate.current(database) or 'base (no tables)'}"


def db_current(home: Path | None = None) -> str:
    """Say which revision the database is at and whether it is the newest."""
    from tradebridge.db import migrate
    from tradebridge.db.engine import describe

    database = open_for_cli(home)
    now = migrate.current(database)
    newest = ", ".join(migrate.heads())
    state = "up to date" if now in migrate.heads() else "behind; run `tradebridge db upgrade`"
    return f"{describe(database.url)}: {now or 'empty'} (newest {newest}; {state})"


def db_backup(
    file: Annotated[Path, Doc("Backup file to write (gzip-compressed JSON)")],
    home: Path | None = None,
) -> str:
    """Copy every table to a file, consistently, while the app runs."""
    from tradebridge.db.backup import backup

    counts = backup(open_for_cli(home), file)
    return f"{file}: {sum(counts.values()):,} rows of {len(counts)} tables"


def db_restore(
    file: Annotated[Path, Doc("Backup file written by `db backup`")],
    home: Path | None = None,
) -> str:
    """Replace the database's records with a backup's (all or nothing; same schema revision)."""
    from tradebridge.db.backup import restore

    counts = restore(open_for_cli(home), file)
    return f"restored {sum(counts.values()):,} rows of {len(counts)} tables from {file}"


def say(call: Call) -> None:
    """Run a database command on the home of ``--warehouse`` and print its one line."""
    typer.echo(call(home=call.warehouse))


for function in (db_upgrade, db_downgrade, db_current, db_backup, db_restore):
    register(db, function, say, cli=("warehouse",))
