"""Backing up and restoring the app database, while the app runs, on SQLite and PostgreSQL.

A backup is one portable JSON file (gzip-compressed): the schema revision and every table's
rows, read in one transaction that sees a single consistent snapshot (SQLite: one read
transaction in WAL mode; PostgreSQL: ``REPEATABLE READ``), so writers carry on meanwhile. The
file is written atomically. A restore checks that the file is a tradebridge backup of the
database's own schema revision (else one line saying which), then replaces every table's rows
in one transaction: all or nothing. The same file restores into SQLite or PostgreSQL.
"""

from __future__ import annotations

import gzip
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, delete, func, insert, select, text
from sqlalchemy.exc import DataError, IntegrityError

from tradebridge.db import migrate
from tradebridge.db.base import UtcDateTime
from tradebridge.db.engine import Database
from tradebridge.errors import BadInput, os_problem

FORMAT = "tradebridge-database-backup"


def _tables():
    from tradebridge.db.schema import metadata

    return metadata().sorted_tables


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime | date) else value


def backup(db: Database, path: Path) -> dict[str, int]:
    """Write every table of ``db`` to ``path``; the number of rows per table."""
    from tradebridge.atomic import write_atomically

    isolation = "REPEATABLE READ" if db.dialect == "postgresql" else "SERIALIZABLE"
    tables: dict[str, list[dict[str, Any]]] = {}
    with db.engine.connect().execution_options(isolation_level=isolation) as connection:
        with connection.begin():
            revision = connection.scalar(text("SELECT version_num FROM alembic_version"))
            for table in _tables():
                rows = connection.execute(select(table)).mappings()
                tables[table.name] = [{k: _plain(v) for k, v in row.items()} for row in rows]
    document = {"format": FORMAT, "revision": revision, "tables": tables}
    data = gzip.compress(json.dumps(document, ensure_ascii=False).encode())
    write_atomically(path, lambda temporary: temporary.write_bytes(data), mode=0o600)
    return {name: len(rows) for name, rows in tables.items()}


def _read(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(gzip.decompress(Path(path).read_bytes()))
    except OSError as exc:
        if isinstance(exc, gzip.BadGzipFile):
            raise BadInput("not a tradebridge database backup", file=str(path)) from None
        raise os_problem(exc, path) from exc
    except ValueError:
        raise BadInput("not a tradebridge database backup", file=str(path)) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BadInput("not a tradebridge database backup", file=str(path))
    return document


def _typed(table, row: dict[str, Any]) -> dict[str, Any]:
    """A row read back from JSON with its times as datetimes again."""
    out = {}
    for column in table.columns:
        value = row.get(column.key)
        if isinstance(value, str) and isinstance(column.type, UtcDateTime | DateTime):
            value = datetime.fromisoformat(value)
        out[column.key] = value
    return out


def restore(db: Database, path: Path) -> dict[str, int]:
    """Replace every table's rows with the backup's, in one transaction (``BadInput`` for a
    file of another schema revision); the number of rows per table."""
    document = _read(path)
    now = migrate.current(db)
    if document["revision"] != now:
        raise BadInput(
            f"the backup is of schema revision {document['revision']}, the database is at "
            f"{now or 'none'}; migrate one to the other first",
            file=str(path),
        )
    try:
        return _replace(db, document)
    except (IntegrityError, DataError, KeyError, TypeError, ValueError) as exc:
        reason = (str(getattr(exc, "orig", exc)).strip().splitlines() or [""])[0]
        raise BadInput(f"the backup does not fit the database ({reason})", file=str(path)) from None


def _replace(db: Database, document: dict[str, Any]) -> dict[str, int]:
    tables = _tables()
    counts = {}
    with db.engine.begin() as connection:
        for table in reversed(tables):
            connection.execute(delete(table))
        for table in tables:
            rows = [_typed(table, row) for row in document["tables"].get(table.name, [])]
            if rows:
                connection.execute(insert(table), rows)
            counts[table.name] = len(rows)
            if db.dialect == "postgresql" and "id" in table.c and table.c.id.autoincrement:
                top = connection.scalar(select(func.max(table.c.id))) or 0
                connection.execute(
                    text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v, :called)"),
                    {"t": table.name, "v": max(top, 1), "called": top > 0},
                )
    return counts
