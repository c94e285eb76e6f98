"""Alembic's environment: runs on the connection ``db.migrate`` passes in, or, when Alembic is
run by hand (``alembic -c …``, e.g. to autogenerate a revision), on ``db.engine.database_url()``.
SQLite migrations run in batch mode (tables are copied to change them)."""

from alembic import context

from tradebridge.db.engine import database_url, make_engine
from tradebridge.db.schema import include_name, metadata


def _migrate(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata(),
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


given = context.config.attributes.get("connection")
if given is not None:
    _migrate(given)
else:
    with make_engine(database_url()).begin() as own:
        _migrate(own)
