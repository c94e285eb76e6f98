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


def open_for_cli(home: Path | None):
    """The app database of ``home`` (or ``$TRADEBRIDGE_DATABASE_URL``)."""
    from tradebridge.db.engine import database_url, open_database

    return open_database(database_url(home=home))


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


def say(call: Call) -> None:
    """Run a database command on the home of ``--warehouse`` and print its one line."""
    typer.echo(call(home=call.warehouse))


for function in (db_upgrade, db_downgrade, db_current):
    register(db, function, say, cli=("warehouse",))
