"""Many plain rows into one table, fast: for the tables derived from audited records (an
organisation's filter facets and search text), rewritten with every change and filled by the
thousand in an import.

The rows are tuples of values the driver takes as they are (text, numbers, None): no ORM and
no column types in between, which cost more than the database's own work at that size. Several
hundred rows go in each statement, which matters twice: fewer round trips, and SQLite's
full-text trigger merges its index once per statement rather than once per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

# SQLite allows 32,766 parameters in a statement, PostgreSQL 65,535
_PARAMETERS = 30_000
_ROWS = 500
# SQLite's page cache during a bulk write, in KiB (its default: 2,000)
BULK_CACHE_KIB = 256 * 1024


@contextmanager
def roomy_cache(session: Session) -> Iterator[None]:
    """On SQLite, a page cache of ``BULK_CACHE_KIB`` for the block, then the connection's own
    again. With the default 2 MiB, a transaction writing hundreds of megabytes (50,000
    organisations with their audit entries, facets and full-text index) keeps evicting the
    index pages it is about to change again, reading them back and spilling changed ones
    to the log before the commit. Memory only: what is written, and when it is durable, stay
    the same. Other databases size their caches themselves."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")


def insert_plain(
    session: Session, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert ``rows`` (tuples in the order of ``columns``) into ``table`` in the session's
    transaction, up to 500 rows a statement."""
    if not rows:
        return
    connection = session.connection()
    style = connection.dialect.paramstyle
    quote = connection.dialect.identifier_preparer.quote  # "table" is a keyword
    named = [quote(c) for c in columns]
    per_statement = max(1, min(_ROWS, _PARAMETERS // len(columns)))
    for start in range(0, len(rows), per_statement):
        chunk = rows[start : start + per_statement]
        flat = tuple(value for row in chunk for value in row)
        connection.exec_driver_sql(statement(table, named, len(chunk), style), flat)


def insert_values(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (column values as the ORM takes them: dates, lists for JSON columns…)
    into ``table``: each column's own conversion for this database (``bind_processor``, as
    SQLAlchemy applies it) is looked up once, then every row goes through ``insert_plain``.
    Every row gives the same columns (those of the first)."""
    if not rows:
        return
    dialect = session.connection().dialect
    columns = list(rows[0])
    convert = [
        _remembering(table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
        for name in columns
    ]
    plain = [
        tuple(
            value if to is None else to(value)
            for to, value in zip(convert, (row[name] for name in columns), strict=True)
        )
        for row in rows
    ]
    insert_plain(session, table, columns, plain)


def _remembering(to: Callable[[Any], Any] | None) -> Callable[[Any], Any] | None:
    """``to`` converting each distinct value once (a batch repeats its event, its status, a
    slot's times); values that cannot be remembered (lists) are converted each time."""
    if to is None:
        return None
    seen: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        key = (value.__class__, value)  # True and 1 are equal, not the same value
        try:
            return seen[key]
        except KeyError:
            seen[key] = done = to(value)
            return done
        except TypeError:
            return to(value)

    return convert


def statement(table: Table, columns: Sequence[str], count: int, paramstyle: str) -> str:
    """``INSERT INTO table (columns) VALUES (...), (...)`` for ``count`` rows, with the
    driver's positional markers (``?`` for SQLite, ``%s`` for psycopg); ``columns`` as they
    are to be written (quoted where needed).

    >>> from sqlalchemy import MetaData
    >>> statement(Table("t", MetaData()), ["a", "b"], 2, "qmark")
    'INSERT INTO t (a, b) VALUES (?, ?), (?, ?)'
    """
    mark = "?" if paramstyle == "qmark" else "%s"
    one = "(" + ", ".join([mark] * len(columns)) + ")"
    return f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES " + ", ".join([one] * count)
