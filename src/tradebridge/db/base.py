"""The declarative ``Base`` every model derives from, with one naming convention for
constraints (so that migrations name them the same on SQLite and PostgreSQL, and Alembic's
batch mode can find them), and the column types shared by the models.

A ``UtcDateTime`` column stores any aware time in UTC and reads it back aware, on SQLite too:

>>> from datetime import timedelta, timezone
>>> from sqlalchemy import Column, MetaData, Table, create_engine, insert, select
>>> table = Table("t", MetaData(), Column("at", UtcDateTime()))
>>> engine = create_engine("sqlite://")
>>> table.metadata.create_all(engine)
>>> baku = timezone(timedelta(hours=4))
>>> with engine.begin() as connection:
...     _ = connection.execute(insert(table).values(at=datetime(2026, 11, 30, 9, tzinfo=baku)))
...     connection.scalar(select(table.c.at))
datetime.datetime(2026, 11, 30, 5, 0, tzinfo=datetime.timezone.utc)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

__all__ = ["NAMING_CONVENTION", "Base", "Timestamps", "UtcDateTime", "one_of", "utcnow"]


def one_of(column: str, values: Iterable[str]) -> str:
    """The SQL of a check constraint keeping ``column`` to ``values`` (strings or a StrEnum).

    >>> one_of("status", ("draft", "verified"))
    "status IN ('draft', 'verified')"
    """
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


def utcnow() -> datetime:
    """Now, in UTC, timezone-aware (the only kind of time stored)."""
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator):
    """A timestamp stored in UTC and read back timezone-aware on every database (SQLite keeps
    no zone: values are converted to UTC on the way in and tagged UTC on the way out)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store timezone-aware UTC times (db.base.utcnow)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """The declarative base of every tradebridge model (one ``MetaData``)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Timestamps:
    """``created_at`` and ``updated_at`` (UTC), set by the database session on insert/update."""

    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)
