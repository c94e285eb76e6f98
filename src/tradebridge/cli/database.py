"""``tradebridge db upgrade|downgrade|current``: the app database's schema (and, with
``backup``/``restore``, its contents)."""

from __future__ import annotations

from typing import Annotated

import typer

from tradebridge.cli.app import WarehouseOpt, _Commands, app

db_app = typer.Typer(
    cls=_Commands,
    help="The app database (users, registry…): $TRADEBRIDGE_DATABASE_URL, else "
    "tradebridge.sqlite3 in the tradebridge home.",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")


def open_for_cli(warehouse):
    """The app database of ``--warehouse`` (or ``$TRADEBRIDGE_DATABASE_URL``)."""
    from tradebridge.db.engine import database_url, open_database

    return open_database(database_url(home=warehouse))


@db_app.command("upgrade")
def upgrade_command(
    warehouse: WarehouseOpt = None,
    revision: Annotated[str, typer.Argument(help="Target revision")] = "head",
) -> None:
    """Create or migrate the database's tables up to the newest revision."""
    from tradebridge.db import migrate
    from tradebridge.db.engine import describe

    db = open_for_cli(warehouse)
    before = migrate.current(db)
    migrate.upgrade(db, revision)
    after = migrate.current(db)
    change = "already at" if before == after else f"{before or 'empty'} →"
    typer.echo(f"{describe(db.url)}: {change} {after}")


@db_app.command("downgrade")
def downgrade_command(
    revision: Annotated[str, typer.Argument(help="Target revision ('base': no tables)")],
    warehouse: WarehouseOpt = None,
) -> None:
    """Migrate the database down to an earlier revision (drops what later ones added)."""
    from tradebridge.db import migrate
    from tradebridge.db.engine import describe

    db = open_for_cli(warehouse)
    migrate.downgrade(db, revision)
    typer.echo(f"{describe(db.url)}: at {migrate.current(db) or 'base (no tables)'}")


@db_app.command("current")
def current_command(warehouse: WarehouseOpt = None) -> None:
    """Say which revision the database is at and whether it is the newest."""
    from tradebridge.db import migrate
    from tradebridge.db.engine import describe

    db = open_for_cli(warehouse)
    now = migrate.current(db)
    newest = ", ".join(migrate.heads())
    state = "up to date" if now in migrate.heads() else "behind; run `tradebridge db upgrade`"
    typer.echo(f"{describe(db.url)}: {now or 'empty'} (newest {newest}; {state})")
